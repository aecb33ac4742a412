using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BlazorChat.Tests.Support;

/// <summary>The HTTP account API of a running server, as a client author would call it.</summary>
/// <param name="baseAddress">The server.</param>
/// <param name="http2">Speak HTTP/2 with prior knowledge (for a server that speaks only that).</param>
public sealed class ChatApi(Uri baseAddress, bool http2 = false) : IDisposable
{
    public const string Password = "correct horse battery";

    private readonly HttpClient _http = http2
        ? new() { BaseAddress = baseAddress, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact }
        : new() { BaseAddress = baseAddress };

    public HttpClient Http => _http;

    public Task<HttpResponseMessage> RegisterAsync(string userName, string password = Password) =>
        _http.PostAsJsonAsync("/api/auth/register", new { userName, password });

    public Task<HttpResponseMessage> RequestTokenAsync(string userName, string password = Password) =>
        _http.PostAsJsonAsync("/api/auth/token", new { userName, password });

    /// <summary>Registers a user with a unique name built from <paramref name="prefix"/> and returns the name.</summary>
    public async Task<string> NewUserAsync(string prefix = "user")
    {
        var name = $"{prefix}{Guid.NewGuid():N}"[..Math.Min(32, prefix.Length + 10)];
        using var response = await RegisterAsync(name);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    public async Task<string> TokenAsync(string userName)
    {
        using var response = await RequestTokenAsync(userName);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("accessToken").GetString()!;
    }

    /// <summary>A new user, signed in over a new socket, past its hello.</summary>
    public async Task<TestSocket> ConnectNewUserAsync(Uri socketUri, string prefix = "user")
    {
        var name = await NewUserAsync(prefix);
        var socket = await TestSocket.ConnectAsync(socketUri, await TokenAsync(name));
        var hello = await socket.ReceiveAsync();
        Assert.Equal("hello", hello.GetProperty("type").GetString());
        socket.User = hello.GetProperty("user").GetString()!;
        return socket;
    }

    /// <summary>A new user (or <paramref name="existing"/>) on a socket that negotiated <c>blazorchat.v2</c>, past its hello.</summary>
    public async Task<TestSocket> ConnectV2Async(Uri socketUri, string prefix = "user", string? existing = null)
    {
        var name = existing ?? await NewUserAsync(prefix);
        var socket = await TestSocket.ConnectAsync(socketUri, await TokenAsync(name), o => o.AddSubProtocol("blazorchat.v2"));
        var hello = await socket.ReceiveAsync();
        Assert.Equal("hello", hello.GetProperty("type").GetString());
        socket.User = hello.GetProperty("user").GetString()!;
        return socket;
    }

    public void Dispose() => _http.Dispose();
}
