using System.Net;
using System.Net.WebSockets;
using System.Text;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>WebSockets over HTTP/2 (RFC 8441, what a browser may use over TLS) get the same answers as over HTTP/1.1.</summary>
public sealed class SocketHttp2Tests
{
    [Fact]
    public async Task OverHttp2_InvalidUtf8_ClosesWith1007_AndAReason()
    {
        await using var app = new ChatAppFactory();
        app.Settings["Kestrel:EndpointDefaults:Protocols"] = "Http2"; // cleartext HTTP/2 with prior knowledge
        using var api = new ChatApi(app.BaseAddress, http2: true);
        var token = await api.TokenAsync(await api.NewUserAsync("h2"));
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        using var timeout = new CancellationTokenSource(TestSocket.Deadline);
        await socket.ConnectAsync(app.SocketUri, invoker, timeout.Token);
        var buffer = new byte[64 * 1024];
        await socket.ReceiveAsync(buffer, timeout.Token); // hello

        var invalid = Encoding.UTF8.GetBytes("""{"type":"ping","x":"ab"}""");
        invalid[^4] = 0xC3;
        invalid[^3] = 0x28;
        await socket.SendAsync(invalid, WebSocketMessageType.Text, true, timeout.Token);
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
        }
        while (result.MessageType != WebSocketMessageType.Close);

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, socket.CloseStatus);
        Assert.False(string.IsNullOrEmpty(socket.CloseStatusDescription));
    }
}
