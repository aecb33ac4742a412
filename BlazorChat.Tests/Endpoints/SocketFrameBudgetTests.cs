using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// Replies that carry messages stay within <c>hello.limits.maxServerFrameBytes</c>: a small limit here, so a page of
/// 100 messages cannot fit, and a client pages on without a gap.
/// </summary>
public sealed class SocketFrameBudgetTests : IAsyncLifetime
{
    private const int Limit = 10240;
    private readonly ChatAppFactory _app = new();

    public SocketFrameBudgetTests()
    {
        _app.Settings["Chat:MaxTextChars"] = "200";
        _app.Settings["Chat:MaxRoomsPerUser"] = "20";
        _app.Settings["Chat:MaxFrameBytes"] = "4096"; // with 200 characters: the smallest limit allowed is 9,568 bytes
        _app.Settings["Chat:MaxServerFrameBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AHistoryPageThatWouldNotFit_CarriesTheNewestThatDo_AndPagingBackMissesNothing(bool emoji)
    {
        var (alice, room) = await SeededRoomAsync(emoji ? 40 : 120, emoji);

        var seqs = new List<long>();
        long? before = null;
        var truncatedPages = 0;
        while (true)
        {
            var page = await alice.RequestAsync(before is null
                ? new { type = "history", room, limit = 100 }
                : (object)new { type = "history", room, limit = 100, beforeSeq = before });
            AssertWithinLimit(page);
            var messages = page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).ToList();
            if (messages.Count == 0)
            {
                break;
            }

            truncatedPages += page.TryGetProperty("truncated", out var truncated) && truncated.GetBoolean() ? 1 : 0;
            seqs.InsertRange(0, messages);
            before = messages[0];
        }

        Assert.Equal(Enumerable.Range(1, emoji ? 40 : 120).Select(i => (long)i), seqs);
        Assert.True(truncatedPages > 0);
    }

    [Fact]
    public async Task AHistoryPageForwards_CarriesTheOldestThatFit()
    {
        var (alice, room) = await SeededRoomAsync(60);

        var page = await alice.RequestAsync(new { type = "history", room, limit = 100, afterSeq = 10 });

        AssertWithinLimit(page);
        var seqs = page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(11, seqs[0]);
        Assert.Equal(Enumerable.Range(11, seqs.Count).Select(i => (long)i), seqs);
        Assert.True(page.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task AV1JoinWhoseRecoveryWouldNotFit_IsRecoveredFalse_WithTheNewestThatFit()
    {
        var (alice, room) = await SeededRoomAsync(60);

        var reply = await alice.RequestAsync(new { type = "join", room, afterSeq = 0 });

        AssertWithinLimit(reply);
        Assert.False(reply.GetProperty("recovered").GetBoolean());
        var seqs = reply.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(60, seqs[^1]);
        Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Count).Select(i => (long)i), seqs);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APagedJoin_CarriesWhatFits_AndTheRestFollowsAsEvents(bool emoji)
    {
        var (alice, room) = await SeededRoomAsync(emoji ? 20 : 60, emoji);

        var reply = await alice.RequestAsync(new { type = "join", room, afterSeq = 0, pageSize = 1000 });
        var inReply = reply.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).ToList();
        var remaining = reply.GetProperty("remaining").GetInt64();
        var followed = new List<long>();
        while (followed.Count < remaining)
        {
            followed.Add((await alice.ReceiveTypeAsync("message")).GetProperty("seq").GetInt64());
        }

        AssertWithinLimit(reply);
        Assert.True(reply.GetProperty("recovered").GetBoolean());
        Assert.True(remaining > 0);
        Assert.Equal(Enumerable.Range(1, emoji ? 20 : 60).Select(i => (long)i), inReply.Concat(followed));
    }

    [Fact]
    public async Task AServerFrameLimitTooSmallForTheLongestMessage_StopsTheServerFromStarting()
    {
        // 4,000 emoji take 48,000 bytes as JSON: 32 KiB cannot hold them, so the server must not promise it.
        await using var app = new ChatAppFactory();
        app.Settings["Chat:MaxServerFrameBytes"] = "32768";

        var refused = Assert.ThrowsAny<Exception>(app.EnsureStarted);

        Assert.Contains("Chat:MaxServerFrameBytes", refused.ToString());
    }

    /// <summary>
    /// A room of <paramref name="count"/> messages of 200 characters each — ASCII, or emoji, which JSON writes as 12
    /// bytes each — and its member alice.
    /// </summary>
    private async Task<(TestSocket Alice, string Room)> SeededRoomAsync(int count, bool emoji = false)
    {
        using var api = _app.Api();
        var alice = await api.ConnectNewUserAsync(_app.SocketUri, "budget");
        var room = "budget-" + Guid.NewGuid().ToString("N")[..8];
        await alice.RequestAsync(new { type = "join", room });
        for (var i = 0; i < count; i++)
        {
            var text = emoji ? string.Concat(Enumerable.Repeat("😀", 200)) : $"{i:D3}" + new string('x', 197);
            var sent = await alice.RequestAsync(new { type = "send", room, text });
            Assert.True(sent.GetProperty("ok").GetBoolean());
        }

        // Our own messages come back live; read through them so what follows is only replies and recovery.
        await alice.ReceiveAsync(f => f.GetProperty("type").GetString() == "message" && f.GetProperty("seq").GetInt64() == count);
        return (alice, room);
    }

    private static void AssertWithinLimit(JsonElement frame) =>
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(frame.GetRawText()), 1, Limit);
}
