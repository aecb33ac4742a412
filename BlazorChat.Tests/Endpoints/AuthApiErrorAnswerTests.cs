using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BlazorChat.Tests.Support;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorChat.Tests.Endpoints;

/// <summary>Every failure of the HTTP API is a ProblemDetails answer a client can read, never an HTML page.</summary>
public sealed class AuthApiErrorAnswerTests(AuthApiErrorAnswerTests.App _app) : IClassFixture<AuthApiErrorAnswerTests.App>
{
    private const string Exploding = "kaboom";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> NotAJsonObject => new()
    {
        { "/api/auth/register", "" },
        { "/api/auth/register", "{\"userName\":" },
        { "/api/auth/register", "[]" },
        { "/api/auth/register", "[\"alice\",\"a long passphrase\"]" },
        { "/api/auth/register", "null" },
        { "/api/auth/register", "\"alice\"" },
        { "/api/auth/register", "{\"userName\":\"alice\"} trailing" },
        { "/api/auth/token", "" },
        { "/api/auth/token", "{not json}" },
        { "/api/auth/token", "[]" },
        { "/api/auth/token", "null" },
        { "/api/auth/token", "42" },
    };

    [Theory]
    [MemberData(nameof(NotAJsonObject))]
    public async Task ABodyThatIsNotAJsonObject_Is400ProblemDetails_SayingWhatTheBodyMustBe(string path, string body)
    {
        using var api = _app.Api();
        using var response = await api.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("JSON object", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/auth/register")]
    [InlineData("/api/auth/token")]
    public async Task FieldsThatAreNotStrings_Are400ProblemDetails(string path)
    {
        using var api = _app.Api();
        using var response = await api.Http.PostAsync(
            path, new StringContent("{\"userName\":5,\"password\":[\"x\"]}", Encoding.UTF8, "application/json"), Ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'userName' has the wrong type", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/auth/register", "userName")]
    [InlineData("/api/auth/register", "password")]
    [InlineData("/api/auth/token", "userName")]
    [InlineData("/api/auth/token", "password")]
    public async Task ALoneSurrogateInAField_Is400ProblemDetails_SayingItIsNotText(string path, string field)
    {
        using var api = _app.Api();
        var body = field == "userName"
            ? """{"userName":"a\ud800b","password":"a long passphrase"}"""
            : """{"userName":"alice","password":"a\udc00 long passphrase"}""";
        using var response = await api.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains($"'{field}' is not valid Unicode text", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/auth/register", "text/plain")]
    [InlineData("/api/auth/register", "application/x-www-form-urlencoded")]
    [InlineData("/api/auth/register", null)]
    [InlineData("/api/auth/token", "text/plain")]
    [InlineData("/api/auth/token", null)]
    public async Task AWrongContentType_Is415ProblemDetails(string path, string? contentType)
    {
        using var api = _app.Api();
        using var content = new ByteArrayContent("{\"userName\":\"alice\",\"password\":\"a long passphrase\"}"u8.ToArray());
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        using var response = await api.Http.PostAsync(path, content, Ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/auth/register")]
    [InlineData("/api/auth/token")]
    public async Task ABodyOverTheLimit_Is413ProblemDetails(string path)
    {
        using var api = _app.Api();
        using var response = await api.Http.PostAsJsonAsync(path, new { userName = "bigmouth", password = new string('x', 10_000_000) }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task ABodyOverTheLimit_SentWithoutALength_Is413ProblemDetails()
    {
        using var api = _app.Api();
        var json = JsonSerializer.SerializeToUtf8Bytes(new { userName = "bigmouth", password = new string('x', 20_000) });
        using var content = new StreamContent(new MemoryStream(json)); // no Content-Length: sent chunked
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await api.Http.SendAsync(request, Ct);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task ABrokenChunkedBody_Is400ProblemDetails()
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(_app.BaseAddress.Host, _app.BaseAddress.Port, Ct);
        var stream = tcp.GetStream();
        var request = "POST /api/auth/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{\"use\r\nnot-a-chunk-size\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);

        var answer = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync(Ct);

        Assert.StartsWith("HTTP/1.1 400 ", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("GET", "/api/nothing-here")]
    [InlineData("POST", "/api/auth/nothing-here")]
    [InlineData("GET", "/api")]
    public async Task AnUnknownApiPath_Is404ProblemDetails_EvenForABrowser(string method, string path)
    {
        using var api = _app.Api();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await api.Http.SendAsync(request, Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", "/api/auth/token")]
    [InlineData("PUT", "/api/auth/register")]
    [InlineData("DELETE", "/api/auth/token")]
    public async Task AWrongMethod_Is405ProblemDetails(string method, string path)
    {
        using var api = _app.Api();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await api.Http.SendAsync(request, Ct);

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task AnUnexpectedFault_Is500ProblemDetails_ThatGivesNothingAway()
    {
        using var api = _app.Api();
        using var response = await api.RegisterAsync(Exploding);

        await AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain(ExplodingValidator.Secret, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task AnUnknownPage_OutsideTheApi_IsStillTheNotFoundPage()
    {
        using var api = _app.Api();
        using var response = await api.Http.GetAsync("/no-such-page", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    private sealed class ExplodingValidator : IUserValidator<ChatUser>
    {
        public const string Secret = "the database password is hunter2";

        public Task<IdentityResult> ValidateAsync(UserManager<ChatUser> manager, ChatUser user) =>
            user.UserName == Exploding ? throw new InvalidOperationException(Secret) : Task.FromResult(IdentityResult.Success);
    }

    /// <summary>The app with a fault nobody planned for, on registering one particular name.</summary>
    public sealed class App : ChatAppFactory
    {
        public App() => ConfigureServices = services => services.AddSingleton<IUserValidator<ChatUser>, ExplodingValidator>();
    }
}
