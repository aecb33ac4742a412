using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

public sealed class AuthApiTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    [Fact]
    public async Task Register_CreatesTheUser_AndAnswers201WithTheName()
    {
        using var api = app.Api();
        using var response = await api.RegisterAsync("Alice_1");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("Alice_1", body.GetProperty("userName").GetString());
    }

    [Fact]
    public async Task Register_RefusesANameTakenInAnotherCase_With409()
    {
        using var api = app.Api();
        using var first = await api.RegisterAsync("Bob.Smith");
        using var second = await api.RegisterAsync("bob.smith");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("has space")]
    [InlineData("émile")]
    [InlineData("a-name-that-is-much-longer-than-32")]
    public async Task Register_RefusesAnInvalidName_WithProblemDetails(string userName)
    {
        using var api = app.Api();
        using var response = await api.RegisterAsync(userName);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Register_RefusesAWeakPassword_With400()
    {
        using var api = app.Api();
        using var response = await api.RegisterAsync("weakling", "short");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Token_IsIssuedForTheRightPassword_AndExpiresInTheFuture()
    {
        using var api = app.Api();
        var name = await api.NewUserAsync("tok");

        using var response = await api.RequestTokenAsync(name.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Token_GivesTheSameAnswerForAnUnknownUserAndAWrongPassword()
    {
        using var api = app.Api();
        var name = await api.NewUserAsync("pw");

        using var wrongPassword = await api.RequestTokenAsync(name, "not the password");
        using var unknownUser = await api.RequestTokenAsync("nobody-at-all");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        Assert.Equal(
            (await wrongPassword.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("title").GetString(),
            (await unknownUser.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Token_IsRefusedEvenWithTheRightPassword_AfterRepeatedFailures()
    {
        using var api = app.Api();
        var name = await api.NewUserAsync("lock");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var failed = await api.RequestTokenAsync(name, "guess " + attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var locked = await api.RequestTokenAsync(name);

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
    }
}

public sealed class ClosedRegistrationTests : IAsyncLifetime
{
    private readonly ChatAppFactory _app = new();

    public ValueTask InitializeAsync()
    {
        _app.Settings["Chat:Registration"] = "Closed";
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Register_Answers403_WhenRegistrationIsClosed()
    {
        using var api = _app.Api();
        using var response = await api.RegisterAsync("newcomer");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
