namespace BlazorChat.Web.Components.Chat;

/// <summary>One entry of the people list.</summary>
public sealed record PersonView(string Name, bool Online, int Unread, int Mentions = 0);
