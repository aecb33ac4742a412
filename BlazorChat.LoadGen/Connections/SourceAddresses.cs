using System.Net;
using System.Net.Sockets;

namespace BlazorChat.LoadGen.Connections;

/// <summary>
/// One HTTP handler per client source address 127.0.0.2 … 127.0.0.(K+1), each binding its sockets to that address, so
/// that the ephemeral ports of one address (about 28,000 here, and the closed ones wait a minute in TIME_WAIT) never
/// run out however many sockets a run opens. Client <c>i</c> connects from address <c>i % K</c>.
/// </summary>
internal sealed class SourceAddresses : IDisposable
{
    /// <summary>127.0.0.2 … 127.0.0.254.</summary>
    public const int Most = 253;

    private readonly HttpMessageInvoker[] _invokers;

    public SourceAddresses(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Most);
        _invokers = [.. Enumerable.Range(0, count).Select(i => new HttpMessageInvoker(BoundHandler(Address(i))))];
    }

    public int Count => _invokers.Length;

    /// <summary>The <paramref name="index"/>th source address, from 127.0.0.2.</summary>
    public static IPAddress Address(int index) => new([127, 0, 0, (byte)(2 + index)]);

    /// <summary>The handler that client <paramref name="client"/> connects through.</summary>
    public HttpMessageInvoker For(int client) => _invokers[client % _invokers.Length];

    public void Dispose()
    {
        foreach (var invoker in _invokers)
        {
            invoker.Dispose();
        }
    }

    private static SocketsHttpHandler BoundHandler(IPAddress source) => new()
    {
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
