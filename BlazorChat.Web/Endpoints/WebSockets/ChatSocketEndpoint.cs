namespace BlazorChat.Web.Endpoints.WebSockets;

internal static class ChatSocketEndpoint
{
    public static WebApplication UseChatWebSockets(this WebApplication app) => app;

    public static IEndpointRouteBuilder MapChatSocket(this IEndpointRouteBuilder app) => app;
}
