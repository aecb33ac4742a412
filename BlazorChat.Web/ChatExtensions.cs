using BlazorChat.Domain;
using BlazorChat.Web.Endpoints.WebSockets;
using BlazorChat.Web.Infrastructure.Backplane;
using Microsoft.Extensions.Options;

namespace BlazorChat.Web;

internal static class ChatExtensions
{
    /// <summary>The chat service both front ends go through, with its options from the <c>Chat</c> section.</summary>
    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChatOptions>().BindConfiguration("Chat")
            .Validate(o => o.MaxTextChars is > 0 and <= 1_000_000 && o.OutboundQueueCapacity > 0 && o.SendBurst > 0 && o.SendsPerSecond > 0
                    && o.MaxConnectionsPerUser > 0 && o.MaxRoomsPerUser > 0,
                "Chat limits must be positive.")
            .Validate(o => o.GapTimeout > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero && o.HeartbeatInterval > TimeSpan.Zero
                    && o.PresenceBatchInterval >= TimeSpan.Zero && o.MaxDeliveryRoundRest >= TimeSpan.Zero && o.MaxDeliveryRoundRest <= TimeSpan.FromSeconds(1),
                "Chat:GapTimeout, Chat:SweepInterval and Chat:HeartbeatInterval must be positive, Chat:PresenceBatchInterval zero or more, "
                + "Chat:MaxDeliveryRoundRest from zero to one second.")
            .Validate(o => o.NodeTimeout >= 2 * o.HeartbeatInterval,
                "Chat:NodeTimeout must be at least twice Chat:HeartbeatInterval, or one late heartbeat takes a live node's users offline.")
            .ValidateOnStart();
        services.AddOptions<ChatWebOptions>().BindConfiguration("Chat")
            .Validate(o => o.MaxFrameBytes >= 1024, "Chat:MaxFrameBytes must be at least 1024.")
            .Validate(o => o.EndedSessionsRefreshInterval > TimeSpan.Zero && o.EndedSessionsRefreshInterval <= TimeSpan.FromDays(30), "Chat:EndedSessionsRefreshInterval must be positive and at most 30 days.")
            .Validate<IOptions<ChatOptions>>(
                (o, chat) => o.MaxServerFrameBytes >= FrameBudget.Smallest(chat.Value.MaxTextChars, o.MaxFrameBytes),
                "Chat:MaxServerFrameBytes must hold the largest message in a reply: at least 12 × Chat:MaxTextChars + Chat:MaxFrameBytes + 3072 bytes.")
            .Validate<IOptions<ChatOptions>>(
                (o, chat) => o.MaxServerFrameBytes >= HelloFrame.LargestRoomList(chat.Value.MaxRoomsPerUser) + 1024,
                "Chat:MaxServerFrameBytes must hold a hello with every room: at least 67 × Chat:MaxRoomsPerUser + 1024 bytes.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ChatOptions>>().Value);
        services.AddSingleton(TimeProvider.System);

        builder.AddChatBackplane();
        services.AddSingleton<IChatRoomService, ChatRoomService>();
        services.AddHostedService<ChatNodeStarter>();
        return builder;
    }
}
