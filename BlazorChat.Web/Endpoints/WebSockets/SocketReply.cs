namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// The one frame that answers a request, whether it refused it for the rate limit, and the recovered messages
/// that must follow it.
/// </summary>
/// <remarks><c>Coverage</c>: what of the room a join's reply holds; held live frames it covers are not sent again.</remarks>
internal readonly record struct SocketReply(byte[] Frame, bool RateLimited = false, Recovery? Recovery = null, Coverage Coverage = default);
