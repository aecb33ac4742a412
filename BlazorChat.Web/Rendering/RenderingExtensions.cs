namespace BlazorChat.Web.Rendering;

internal static class RenderingExtensions
{
    /// <summary>The server's one <see cref="MessageMarkup"/>, shared by every circuit.</summary>
    public static IServiceCollection AddMessageMarkup(this IServiceCollection services) =>
        services.AddSingleton(new MessageMarkup());
}
