using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorChat.Tests.Support;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// Registering one name from many clients at once: exactly one wins, every other one is told the name is taken,
/// whatever the interleaving (names are unique case-insensitively).
/// </summary>
public sealed class AuthApiRegistrationRaceTests : IAsyncLifetime
{
    private const int Racers = 24;
    private readonly ChatAppFactory _app = new();
    private readonly RegistrationGate _gate = new();

    public ValueTask InitializeAsync()
    {
        _app.ConfigureServices = services =>
        {
            services.AddSingleton<IUserValidator<ChatUser>>(_gate);
            // Every racer hashes its password; cheap hashes keep the many of them quick (the race is not in the hash).
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
        };
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ConcurrentRegistrations_OfOneNameInAnyCase_OneIs201_EveryOtherIs409ProblemDetails()
    {
        using var api = _app.Api();
        for (var round = 0; round < 4; round++)
        {
            await AssertOneWinnerAsync(api, $"samename{(char)('a' + round)}");
        }
    }

    [Fact]
    public async Task ConcurrentRegistrations_ThatAllPassTheDuplicateCheckBeforeAnyIsStored_OneIs201_EveryOtherIs409()
    {
        using var api = _app.Api();
        _gate.HoldUntil(Racers); // the worst interleaving: nobody is stored until everybody has been checked

        await AssertOneWinnerAsync(api, "heldrace");
    }

    private static async Task AssertOneWinnerAsync(ChatApi api, string name)
    {
        var responses = await Task.WhenAll(CaseVariants(name).Take(Racers).Select(v => api.RegisterAsync(v)));
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            {
                Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
                Assert.Equal("application/problem+json", loser.Content.Headers.ContentType?.MediaType);
                var problem = await loser.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(409, problem.GetProperty("status").GetInt32());
            }

            // The one account that exists is the winner's, and its password works in any case of the name.
            using var token = await api.RequestTokenAsync(name.ToUpperInvariant());
            Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    /// <summary>The name in every mix of upper and lower case, in a stable order.</summary>
    private static IEnumerable<string> CaseVariants(string name) =>
        Enumerable.Range(0, 1 << Math.Min(name.Length, 16)).Select(bits => string.Concat(
            name.Select((c, i) => (bits >> i & 1) == 1 ? char.ToUpperInvariant(c) : c)));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
