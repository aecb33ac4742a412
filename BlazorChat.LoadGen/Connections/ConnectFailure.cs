using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.RegularExpressions;

namespace BlazorChat.LoadGen.Connections;

/// <summary>What a client saw when its connect failed, in a few words that group alike failures.</summary>
internal static partial class ConnectFailure
{
    /// <param name="timedOut">Whether the connect's own deadline had passed.</param>
    public static string Describe(Exception exception, bool timedOut)
    {
        if (timedOut && exception is OperationCanceledException)
        {
            return "no answer in time";
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException socket:
                    return $"socket error {socket.SocketErrorCode}";
                case HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return "closed before answering";
                case WebSocketException web when StatusCode().Match(web.Message) is { Success: true } status:
                    return $"HTTP {status.Groups[1].Value}";
                case IOException io when io.InnerException is null:
                    return "connection reset";
                default:
                    break;
            }
        }

        return exception is WebSocketException or InvalidOperationException
            ? exception.Message
            : $"{exception.GetType().Name}: {exception.Message}";
    }

    [GeneratedRegex(@"status code '(\d{3})'")]
    private static partial Regex StatusCode();
}
