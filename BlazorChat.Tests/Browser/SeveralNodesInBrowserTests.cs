using BlazorChat.Tests.Backplane;
using BlazorChat.Tests.Persistence;
using BlazorChat.Tests.Support;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace BlazorChat.Tests.Browser;

/// <summary>
/// Two app processes on one PostgreSQL and one Redis, behind a sticky proxy, as a small deployment runs: people on
/// different nodes chat as if on one, and a node killed with SIGKILL costs its people a moment, not a message.
/// </summary>
public sealed class SeveralNodesInBrowserTests : IAsyncLifetime
{
    private static readonly TimeSpan NodeDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(90);
    private readonly BrowserFixture _browser = new(startApp: false);
    private readonly List<AppProcess> _nodes = [];
    private readonly string _database = $"bc_nodes_{Guid.NewGuid():N}";
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("blazorchat-nodes-");

    public ValueTask InitializeAsync() => _browser.InitializeAsync();

    [Fact]
    public async Task PeopleOnTwoNodes_ChatAndSeeEachOther_AndAfterKill9_TheKilledNodesPersonIsBackOnTheOtherWithNothingLost()
    {
        TestRedis.SkipWithoutServer();
        PostgresStoreDatabase.SkipWithoutServer();
        var channelPrefix = TestRedis.NewPrefix();
        var nodes = await Task.WhenAll(StartNodeAsync(0, channelPrefix), StartNodeAsync(1, channelPrefix));
        await using var proxy = await StickyProxy.StartAsync([nodes[0].BaseAddress, nodes[1].BaseAddress]);

        // Pinned: each browser arrives with the affinity cookie YARP would have given it for that node.
        var joining = System.Diagnostics.Stopwatch.StartNew();
        var people = await Task.WhenAll(
            _browser.NewPersonAsync("alice", through: proxy.BaseAddress, cookies: [PinTo(proxy, 0)]),
            _browser.NewPersonAsync("bob", through: proxy.BaseAddress, cookies: [PinTo(proxy, 1)]));
        await using var alice = people[0];
        await using var bob = people[1];
        TestContext.Current.TestOutputHelper?.WriteLine($"both people live after {joining.Elapsed}");
        Assert.True(proxy.NodeOf(await AffinityKeyAsync(alice)) == 0, $"Alice moved off node 0:\n{proxy.HealthEvents}");
        Assert.True(proxy.NodeOf(await AffinityKeyAsync(bob)) == 1, $"Bob moved off node 1:\n{proxy.HealthEvents}");
        await Until.TrueAsync(() => proxy.OpenCircuitsOn(0) == 1 && proxy.OpenCircuitsOn(1) == 1, "one circuit on each node", NodeDeadline);

        // Across the nodes: typing (first: a composer announces typing at most every 2 s), messages both ways, presence.
        await bob.Composer.ClickAsync();
        await bob.Page.Keyboard.TypeAsync("bob types");
        await Expect(alice.Page.Locator("#typing-indicator")).ToContainTextAsync($"{bob.Name} is typing");
        await alice.Composer.ClickAsync();
        await alice.Page.Keyboard.TypeAsync("alice types");
        await Expect(bob.Page.Locator("#typing-indicator")).ToContainTextAsync($"{alice.Name} is typing");
        await alice.SendAsync("hello from node 0");
        await Expect(bob.MessageWithText("hello from node 0")).ToHaveCountAsync(1);
        await bob.SendAsync("hello from node 1");
        await Expect(alice.MessageWithText("hello from node 1")).ToHaveCountAsync(1);
        await Expect(PresenceOf(bob, seenBy: alice)).ToHaveAttributeAsync("data-online", "true");
        await Expect(PresenceOf(alice, seenBy: bob)).ToHaveAttributeAsync("data-online", "true");

        // Alice's node dies. Her browser is kept from rejoining until Bob has written, so his messages are missed
        // (not delivered live) and must come from the database when she is back.
        await alice.Page.EvaluateAsync("() => { window.beforeTheFailover = true; }");
        var heldBack = 0;
        await alice.Page.RouteAsync("**/_blazor/**", route =>
        {
            Interlocked.Increment(ref heldBack);
            return route.AbortAsync();
        });
        await nodes[0].KillAsync();
        await Expect(alice.Page.Locator("#components-reconnect-modal")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        string[] missed = ["while node 0 was down 1", "while node 0 was down 2", "while node 0 was down 3"];
        foreach (var text in missed)
        {
            await bob.SendAsync(text);
            await Expect(bob.MessageWithText(text)).ToHaveCountAsync(1);
        }

        await Until.TrueAsync(() => proxy.IsDown(0), "the proxy's health check takes node 0 out", NodeDeadline);
        await Until.TrueAsync(() => Volatile.Read(ref heldBack) > 0, "Alice's page tries to rejoin", NodeDeadline);
        await Expect(bob.Page.Locator("#components-reconnect-modal")).ToBeHiddenAsync(); // Bob's node never left
        await alice.Page.UnrouteAllAsync();

        // Back, on node 1: a new page (the circuit died with node 0), on the same sign-in, missing nothing.
        await BackOnTheSurvivorAsync(alice, proxy, nodes[1]);
        await Expect(alice.Page.Locator("#signed-in-user")).ToHaveTextAsync(alice.Name);
        Assert.Equal(1, proxy.NodeOf(await AffinityKeyAsync(alice)));
        await Until.TrueAsync(() => proxy.OpenCircuitsOn(0) == 0 && proxy.OpenCircuitsOn(1) == 2, "both circuits on node 1", NodeDeadline);
        string[] everything = ["hello from node 0", "hello from node 1", .. missed];
        await Expect(alice.Messages.Locator(".chat-text")).ToHaveTextAsync(everything); // each once, in order

        await alice.SendAsync("back on node 1");
        await Expect(bob.MessageWithText("back on node 1")).ToHaveCountAsync(1);
        await Expect(alice.Messages.Locator(".chat-text")).ToHaveTextAsync([.. everything, "back on node 1"]);
        await Expect(alice.Page.Locator("#composer-error")).ToHaveCountAsync(0);
        await Expect(PresenceOf(alice, seenBy: bob)).ToHaveAttributeAsync("data-online", "true");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (Environment.GetEnvironmentVariable("BLAZORCHAT_TEST_POSTGRES") is { Length: > 0 } server)
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        _data.Delete(recursive: true);
    }

    private async Task<AppProcess> StartNodeAsync(int index, string channelPrefix)
    {
        var node = await AppProcess.StartAsync(_data.CreateSubdirectory($"node-{index}").FullName, settings: new Dictionary<string, string>
        {
            ["Persistence:Provider"] = "Postgres",
            ["ConnectionStrings:Chat"] = $"{Environment.GetEnvironmentVariable("BLAZORCHAT_TEST_POSTGRES")};Database={_database}",
            ["Backplane:Provider"] = "Redis",
            ["ConnectionStrings:Redis"] = TestRedis.Server,
            ["Backplane:NodeName"] = $"browser-node-{index}",
            ["Backplane:ChannelPrefix"] = channelPrefix,
        });
        lock (_nodes)
        {
            _nodes.Add(node);
        }

        return node;
    }

    /// <summary>
    /// Waits until <paramref name="person"/>'s page, whose node died, has reloaded itself and is live on
    /// <paramref name="survivor"/>: what the user relies on is that it comes back by itself (the page keeps trying for
    /// about ten minutes, blazor-start.js). The deadline only tells "never" from "slowly", so it is generous; a page that
    /// misses it fails with what the proxy and the survivor saw.
    /// </summary>
    private static async Task BackOnTheSurvivorAsync(Person person, StickyProxy proxy, AppProcess survivor)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        float Left() => (float)Math.Max(1, (FailoverDeadline - waited.Elapsed).TotalMilliseconds);
        try
        {
            await person.Page.WaitForFunctionAsync("() => window.beforeTheFailover === undefined", null, new() { Timeout = Left() });
            var reloaded = waited.Elapsed;
            await Expect(person.Page.Locator("#chat-ready")).ToBeAttachedAsync(new() { Timeout = Left() });
            TestContext.Current.TestOutputHelper?.WriteLine($"{person.Name}'s page reloaded after {reloaded}, live after {waited.Elapsed}");
        }
        catch (PlaywrightException ex)
        {
            Assert.Fail($"{person.Name}'s page was not live on the survivor within {FailoverDeadline.TotalSeconds} s " +
                $"(at {person.Page.Url}): {ex.Message}\nProxy health:\n{proxy.HealthEvents}\n--- survivor ---\n{survivor.RecentOutput}");
        }
    }

    private static Cookie PinTo(StickyProxy proxy, int node) =>
        new() { Name = StickyProxy.AffinityCookie, Value = proxy.AffinityKeyOf(node), Url = proxy.BaseAddress.ToString() };

    private static async Task<string> AffinityKeyAsync(Person person) =>
        (await person.Context.CookiesAsync()).Single(c => c.Name == StickyProxy.AffinityCookie).Value;

    private static ILocator PresenceOf(Person person, Person seenBy) =>
        seenBy.Page.Locator($"#people-list [data-user='{person.Name}'] .chat-presence");
}
