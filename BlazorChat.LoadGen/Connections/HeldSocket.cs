using System.Net.WebSockets;
using System.Text;

namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// One client socket that connects (for BlazorChat with a bearer token, connected once its <c>hello</c> is read) and
/// then only reads: it answers the server's pings (the client sends none of its own) and counts what arrives in a
/// <see cref="FrameTally"/>. Closing aborts it at once, as a crowd of clients going away would.
/// </summary>
internal sealed class HeldSocket
{
    private static readonly byte[] TypeField = "\"type\":\""u8.ToArray();
    private static readonly byte[] PresenceType = "\"type\":\"presence\""u8.ToArray();

    private readonly ClientWebSocket _socket;
    private readonly FrameTally _tally;
    private readonly byte[] _buffer = new byte[4096];
    private volatile bool _closing;

    private HeldSocket(ClientWebSocket socket, FrameTally tally) => (_socket, _tally) = (socket, tally);

    /// <param name="token">BlazorChat's access token, or null for a reference server (connected once open).</param>
    public static async Task<HeldSocket> ConnectAsync(
        Uri uri, HttpMessageInvoker invoker, string? token, FrameTally tally, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // idle means idle: only the server's pings, answered
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }

        var held = new HeldSocket(socket, tally);
        try
        {
            await socket.ConnectAsync(uri, invoker, cancellationToken);
            if (token is not null && await held.ReceiveTypeAsync(cancellationToken) is var type && type != "hello")
            {
                throw new InvalidOperationException($"the first frame was '{type}', not hello");
            }
        }
        catch
        {
            socket.Abort();
            socket.Dispose();
            throw;
        }

        _ = held.ReadUntilClosedAsync();
        return held;
    }

    /// <summary>Aborts the socket (no closing handshake).</summary>
    public void Close()
    {
        _closing = true;
        _socket.Abort();
        _socket.Dispose();
    }

    /// <summary>The <c>type</c> of a frame whose first bytes are <paramref name="start"/>, or null.</summary>
    public static string? TypeOf(ReadOnlySpan<byte> start)
    {
        var at = start.IndexOf(TypeField);
        if (at < 0)
        {
            return null;
        }

        var value = start[(at + TypeField.Length)..];
        var end = value.IndexOf((byte)'"');
        return end < 0 ? null : Encoding.UTF8.GetString(value[..end]);
    }

    /// <summary>Reads one whole frame and returns its type.</summary>
    private async Task<string?> ReceiveTypeAsync(CancellationToken cancellationToken)
    {
        string? type = null;
        var first = true;
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException($"closed by the server ({(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}) before hello");
            }

            if (first)
            {
                type = TypeOf(_buffer.AsSpan(0, result.Count));
                first = false;
            }

            if (result.EndOfMessage)
            {
                _tally.Frame(type == "presence");
                return type;
            }
        }
    }

    private async Task ReadUntilClosedAsync()
    {
        try
        {
            var first = true;
            var presence = false;
            while (true)
            {
                var result = await _socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                if (first)
                {
                    presence = _buffer.AsSpan(0, result.Count).IndexOf(PresenceType) >= 0;
                    first = false;
                }

                if (result.EndOfMessage)
                {
                    _tally.Frame(presence);
                    first = true;
                }
            }
        }
        catch (Exception) when (_closing)
        {
            return;
        }
        catch (Exception)
        {
            // counted below
        }

        if (!_closing)
        {
            _tally.Closed();
        }
    }
}
