using System.Net.WebSockets;
using BlazorChat.Domain;
using BlazorChat.Domain.Connections;
using BlazorChat.Domain.Metrics;
using BlazorChat.Web.Accounts;
using BlazorChat.Web.Metrics;
using Microsoft.Extensions.Options;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary><c>GET /ws</c>: the chat for external clients, exactly as the protocol contract says.</summary>
internal static class ChatSocketEndpoint
{
    public const string SubProtocol = "blazorchat.v1";

    /// <summary>The subprotocol of version 2: its sockets are also sent the events of messages that change.</summary>
    public const string SubProtocolV2 = "blazorchat.v2";

    public static IServiceCollection AddChatSocket(this IServiceCollection services) =>
        services.AddSingleton<SocketAuthenticator>();

    public static WebApplication UseChatWebSockets(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ChatWebOptions>>().Value;
        SocketTransport.UseSocketTransport(app);
        app.UseWebSockets(new WebSocketOptions
        {
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.KeepAliveTimeout,
        });
        return app;
    }

    public static IEndpointRouteBuilder MapChatSocket(this IEndpointRouteBuilder app)
    {
        // GET for HTTP/1.1; CONNECT for WebSockets over HTTP/2 (RFC 8441), which browsers use when Kestrel serves TLS.
        app.MapMethods("/ws", [HttpMethods.Get, HttpMethods.Connect], HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task HandleAsync(
        HttpContext context,
        SocketAuthenticator authenticator,
        IChatRoomService chat,
        IOptions<ChatWebOptions> webOptions,
        ChatOptions chatOptions,
        TimeProvider time,
        CredentialWatch credentialWatch,
        SignInSessions sessions,
        IHostApplicationLifetime lifetime,
        ILoggerFactory loggers,
        ChatMetrics chatMetrics,
        ServerMetrics serverMetrics)
    {
        var identity = await authenticator.AuthenticateAsync(context);
        if (identity.Outcome != SocketAuthOutcome.Authenticated)
        {
            context.Response.StatusCode = identity.Outcome == SocketAuthOutcome.ForeignOrigin
                ? StatusCodes.Status403Forbidden
                : StatusCodes.Status401Unauthorized;
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("Connect with a WebSocket upgrade.");
            return;
        }

        // v2 when offered (even beside v1), else v1 when offered, else none: v1's events either way.
        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var subProtocol = offered.Contains(SubProtocolV2) ? SubProtocolV2 : offered.Contains(SubProtocol) ? SubProtocol : null;
        await using var session = new ChatSocketSession(
            identity.UserName!, chat, webOptions.Value, chatOptions, time, loggers.CreateLogger("BlazorChat.Web.Endpoints.WebSockets"),
            v2Events: subProtocol == SubProtocolV2, metrics: chatMetrics);
        using var connection = await session.ConnectAsync(lifetime.ApplicationStopping);
        if (connection.EndReason == ConnectionEndReason.LimitReached)
        {
            await TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many connections.",
                detail: $"This account already has {chatOptions.MaxConnectionsPerUser} tabs and sockets open, the most one user may have. Close one, then connect again.")
                .ExecuteAsync(context);
            return;
        }

        var transport = context.Features.Get<SocketTransport>();
        WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol);
        }
        catch (InvalidOperationException) when (!context.Response.HasStarted)
        {
            // Kestrel's limit of upgraded connections (see ConnectionCapacity): the server is full, not broken.
            context.Response.Headers.RetryAfter = "30";
            await TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The server is full.",
                detail: "It holds as many connections as it can; try again later.")
                .ExecuteAsync(context);
            return;
        }

        using var owned = socket;
        using var open = serverMetrics.SocketOpened();
        await session.RunAsync(
            socket,
            connection,
            ended => credentialWatch.Watch(identity.Credential!, identity.ExpiresAt, ended),
            connection => sessions.Track(identity.SessionId, connection),
            transport?.Output,
            lifetime.ApplicationStopping);
        if (transport is not null)
        {
            await transport.LingerAsync(socket, ChatSocketSession.CloseHandshakeTimeout);
        }
    }
}
