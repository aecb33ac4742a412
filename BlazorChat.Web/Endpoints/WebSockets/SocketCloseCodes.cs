using System.Net.WebSockets;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>The close codes of the protocol contract.</summary>
internal static class SocketCloseCodes
{
    public const WebSocketCloseStatus Normal = WebSocketCloseStatus.NormalClosure;               // 1000
    public const WebSocketCloseStatus ShuttingDown = WebSocketCloseStatus.EndpointUnavailable;   // 1001
    public const WebSocketCloseStatus BinaryFrame = WebSocketCloseStatus.InvalidMessageType;     // 1003
    public const WebSocketCloseStatus CredentialEnded = WebSocketCloseStatus.PolicyViolation;    // 1008
    public const WebSocketCloseStatus FrameTooLarge = WebSocketCloseStatus.MessageTooBig;        // 1009
    public const WebSocketCloseStatus SlowReader = (WebSocketCloseStatus)4008;
    public const WebSocketCloseStatus RateLimitAbuse = (WebSocketCloseStatus)4029;
}
