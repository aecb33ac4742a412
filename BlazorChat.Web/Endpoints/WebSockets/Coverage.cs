namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// What a join's reply holds of its room: posts through <c>PostsThroughRev</c> (its messages) and other changes through
/// <c>ChangesThroughRev</c> (its events, with <c>afterRev</c>). Zero for none.
/// </summary>
internal readonly record struct Coverage(long PostsThroughRev, long ChangesThroughRev);
