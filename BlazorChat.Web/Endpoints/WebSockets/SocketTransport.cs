using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// The connection under a <c>/ws</c> socket, for the two things .NET's WebSocket does on its own when a client breaks
/// the protocol — invalid UTF-8 in a text frame (1007), a malformed frame (1002): it closes with an empty reason, and
/// the server used to drop the connection at once, so a client that was still sending saw a reset instead of the
/// close frame. Here such a close frame gets a reason, and <see cref="LingerAsync"/> reads and discards what the client
/// still sends for a moment, so the close frame arrives.
/// </summary>
internal sealed class SocketTransport : IHttpUpgradeFeature, IHttpExtendedConnectFeature
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    private readonly IHttpUpgradeFeature? _upgrade;       // HTTP/1.1
    private readonly IHttpExtendedConnectFeature? _connect; // WebSockets over HTTP/2 (RFC 8441)
    private ReasonedCloseStream? _stream;

    private SocketTransport(IHttpUpgradeFeature? upgrade, IHttpExtendedConnectFeature? connect) => (_upgrade, _connect) = (upgrade, connect);

    public bool IsUpgradableRequest => _upgrade?.IsUpgradableRequest ?? false;

    public bool IsExtendedConnect => _connect?.IsExtendedConnect ?? false;

    public string? Protocol => _connect?.Protocol;

    /// <summary>Puts itself between the WebSocket middleware and the connection of a <c>/ws</c> request.</summary>
    public static IApplicationBuilder UseSocketTransport(IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/ws"))
        {
            var upgrade = context.Features.Get<IHttpUpgradeFeature>();
            var connect = context.Features.Get<IHttpExtendedConnectFeature>();
            var transport = new SocketTransport(upgrade, connect);
            if (upgrade is not null)
            {
                context.Features.Set<IHttpUpgradeFeature>(transport);
            }

            if (connect is not null)
            {
                context.Features.Set<IHttpExtendedConnectFeature>(transport);
            }

            context.Features.Set(transport);
        }

        return next(context);
    });

    /// <summary>The stream the socket's frames go through, to gather them into fewer writes; null until accepted.</summary>
    public CoalescingStream? Output { get; private set; }

    public async Task<Stream> UpgradeAsync() =>
        Wrap(await (_upgrade ?? throw new InvalidOperationException("Not an HTTP/1.1 upgrade.")).UpgradeAsync());

    public async ValueTask<Stream> AcceptAsync() =>
        Wrap(await (_connect ?? throw new InvalidOperationException("Not an extended CONNECT.")).AcceptAsync());

    private ReasonedCloseStream Wrap(Stream connection)
    {
        Output = new CoalescingStream(connection);
        return _stream = new ReasonedCloseStream(Output);
    }

    /// <summary>
    /// After a close the client never answered (the socket is not <see cref="WebSocketState.Closed"/>), reads what it
    /// still sends until it goes quiet, hangs up, or <paramref name="limit"/> passes: closing a connection with unread
    /// data resets it, and the client would lose the close frame.
    /// </summary>
    public async Task LingerAsync(WebSocket socket, TimeSpan limit)
    {
        if (_stream is null || socket.State == WebSocketState.Closed)
        {
            return;
        }

        using var total = new CancellationTokenSource(limit);
        var scratch = new byte[4096];
        try
        {
            while (true)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(total.Token);
                quiet.CancelAfter(Quiet);
                if (await _stream.Inner.ReadAsync(scratch, quiet.Token) == 0)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Quiet, gone or over time: the connection may close now.
        }
    }

    /// <summary>
    /// Writes through, giving a reason to the close frames that .NET's WebSocket writes without one. Its dispose (the
    /// WebSocket's) leaves the connection alone, so it does not cut the linger short.
    /// </summary>
    private sealed class ReasonedCloseStream(Stream inner) : ConnectionStreamWrapper(inner)
    {
        public override void Write(byte[] buffer, int offset, int count) => Inner.Write(WithReason(buffer.AsMemory(offset, count)).Span);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            Inner.WriteAsync(WithReason(buffer), cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Inner.WriteAsync(WithReason(buffer.AsMemory(offset, count)), cancellationToken).AsTask();

        /// <summary>
        /// A server frame is written in one piece, unmasked: a close frame with only a status is exactly
        /// <c>0x88 0x02</c> and the two status bytes. Our own closes always carry a reason, so this is .NET's.
        /// </summary>
        private static ReadOnlyMemory<byte> WithReason(ReadOnlyMemory<byte> frame)
        {
            var span = frame.Span;
            if (span.Length != 4 || span[0] != 0x88 || span[1] != 0x02)
            {
                return frame;
            }

            var status = (WebSocketCloseStatus)BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
            var reason = status switch
            {
                WebSocketCloseStatus.InvalidPayloadData => "A text frame must be valid UTF-8.",
                WebSocketCloseStatus.ProtocolError => "The frame breaks the WebSocket protocol (RFC 6455).",
                _ => null,
            };
            if (reason is null)
            {
                return frame;
            }

            var reasonBytes = Encoding.UTF8.GetBytes(reason); // well under the 123 bytes a close reason may have
            var framed = new byte[4 + reasonBytes.Length];
            framed[0] = 0x88;
            framed[1] = (byte)(2 + reasonBytes.Length);
            span[2..].CopyTo(framed.AsSpan(2));
            reasonBytes.CopyTo(framed, 4);
            return framed;
        }
    }
}
