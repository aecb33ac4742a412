using System.Text.Json;
using BlazorChat.Tests.Support;
using static BlazorChat.Tests.Endpoints.SocketV2ChangesTests;

namespace BlazorChat.Tests.Endpoints;

/// <summary>Protocol v2 on real Kestrel: replies and threads, mentions and unread mention counts.</summary>
public sealed class SocketV2ThreadsTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    [Fact]
    public async Task Replies_AttachToTheirRoot_EvenWhenAnsweringAReply_AndTheThreadListsThem()
    {
        using var api = app.Api();
        var room = NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        await alice.RequestAsync(new { type = "join", room });
        await bob.RequestAsync(new { type = "join", room });
        var root = (await alice.RequestAsync(new { type = "send", room, text = "release today?" })).GetProperty("messageId").GetString();

        var first = await bob.RequestAsync(new { type = "send", room, text = "yes", replyTo = root });
        var second = await alice.RequestAsync(new { type = "send", room, text = "great", replyTo = first.GetProperty("messageId").GetString() });
        await alice.RequestAsync(new { type = "send", room, text = "unrelated" });

        var live = await alice.ReceiveTypeAsync("message", m => m.GetProperty("messageId").GetString() == second.GetProperty("messageId").GetString());
        Assert.Equal(root, live.GetProperty("replyTo").GetString());
        foreach (var id in new[] { root, first.GetProperty("messageId").GetString() })
        {
            var thread = await bob.RequestAsync(new { type = "thread", messageId = id });
            Assert.True(thread.GetProperty("ok").GetBoolean(), thread.ToString());
            var threadRoot = thread.GetProperty("root");
            Assert.Equal(root, threadRoot.GetProperty("messageId").GetString());
            Assert.Equal(2, threadRoot.GetProperty("replyCount").GetInt32());
            Assert.True(threadRoot.TryGetProperty("lastReplyAt", out _));
            Assert.Equal(["yes", "great"], thread.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        }

        var paged = await bob.RequestAsync(new { type = "thread", messageId = root, afterSeq = first.GetProperty("seq").GetInt64(), limit = 1 });
        Assert.Equal(["great"], paged.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        var inHistory = (await bob.RequestAsync(new { type = "history", room })).GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, inHistory.Single(m => m.GetProperty("messageId").GetString() == root).GetProperty("replyCount").GetInt32());
        Assert.False(inHistory.Single(m => m.GetProperty("text").GetString() == "unrelated").TryGetProperty("replyCount", out _));
        Assert.False(inHistory.Single(m => m.GetProperty("text").GetString() == "unrelated").TryGetProperty("replyTo", out _));
    }

    [Fact]
    public async Task ReplyTo_MustBeAMessageOfTheSameConversation_AndThreadsAreReadOnlyByReaders()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        await using var carol = await api.ConnectV2Async(app.SocketUri, "carol");
        var secret = (await alice.RequestAsync(new { type = "send", to = bob.User, text = "between us" })).GetProperty("messageId").GetString();

        Assert.Equal("not_found", await ErrorAsync(alice, new { type = "send", room = "general", text = "x", replyTo = secret }));
        Assert.Equal("not_found", await ErrorAsync(alice, new { type = "send", room = "general", text = "x", replyTo = "no-such" }));
        Assert.Equal("not_found", await ErrorAsync(carol, new { type = "thread", messageId = secret }));
        Assert.Equal("not_found", await ErrorAsync(carol, new { type = "thread", messageId = "no-such" }));
        Assert.Equal("bad_request", await ErrorAsync(bob, new { type = "thread", messageId = secret, limit = 0 }));
        Assert.Equal("bad_request", await ErrorAsync(bob, new { type = "thread", messageId = secret, limit = 101 }));
        var thread = await bob.RequestAsync(new { type = "thread", messageId = secret });
        Assert.Equal(alice.User, thread.GetProperty("root").GetProperty("from").GetString());
        Assert.Equal(bob.User, thread.GetProperty("root").GetProperty("to").GetString());
        Assert.Equal(0, thread.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Mentions_NameReadersOnly_AtAWordStart_AsRegistered()
    {
        using var api = app.Api();
        var room = NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        var carol = await api.NewUserAsync("carol"); // registered, not in the room
        await alice.RequestAsync(new { type = "join", room });
        await bob.RequestAsync(new { type = "join", room });

        var text = $"@{bob.User.ToUpperInvariant()}, ask @{carol}; mail x@{alice.User} or @{alice.User}x — @nobody";
        var sent = await alice.RequestAsync(new { type = "send", room, text });
        var live = await bob.ReceiveTypeAsync("message", m => m.GetProperty("messageId").GetString() == sent.GetProperty("messageId").GetString());
        Assert.Equal([bob.User], live.GetProperty("mentions").EnumerateArray().Select(m => m.GetString()));

        var inGeneral = await alice.RequestAsync(new { type = "send", room = "general", text = $"@{carol}. and (@{bob.User})" });
        var general = (await alice.RequestAsync(new { type = "history", room = "general", limit = 5 })).GetProperty("messages").EnumerateArray()
            .Single(m => m.GetProperty("messageId").GetString() == inGeneral.GetProperty("messageId").GetString());
        Assert.Equal([carol, bob.User], general.GetProperty("mentions").EnumerateArray().Select(m => m.GetString()));

        var edit = await alice.RequestAsync(new { type = "edit", messageId = sent.GetProperty("messageId").GetString(), text = "nobody now" });
        Assert.True(edit.GetProperty("ok").GetBoolean());
        var edited = await bob.ReceiveTypeAsync("edit", e => e.GetProperty("rev").GetInt64() == edit.GetProperty("rev").GetInt64());
        Assert.Equal(0, edited.GetProperty("mentions").GetArrayLength());
    }

    [Fact]
    public async Task UnreadMentions_AreCountedInTheHello_AndInReadEvents()
    {
        using var api = app.Api();
        var room = NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        var bob = await api.NewUserAsync("bob");
        await using (var bobNow = await api.ConnectV2Async(app.SocketUri, existing: bob))
        {
            await bobNow.RequestAsync(new { type = "join", room });
        }

        await alice.RequestAsync(new { type = "join", room });
        var seqs = new List<long>();
        foreach (var text in new[] { $"hi @{bob}", "no mention", $"@{bob} again", "plain" })
        {
            seqs.Add((await alice.RequestAsync(new { type = "send", room, text })).GetProperty("seq").GetInt64());
        }

        // An edit that adds a mention to an unread message counts it.
        var plain = (await alice.RequestAsync(new { type = "history", room })).GetProperty("messages").EnumerateArray().Last();
        await alice.RequestAsync(new { type = "edit", messageId = plain.GetProperty("messageId").GetString(), text = $"plain @{bob}" });

        await using var bobLater = await TestSocket.ConnectAsync(app.SocketUri, await api.TokenAsync(bob), o => o.AddSubProtocol("blazorchat.v2"));
        var hello = await bobLater.ReceiveAsync();
        var unread = hello.GetProperty("unread").EnumerateArray().Single(u => u.TryGetProperty("room", out var r) && r.GetString() == room);
        Assert.Equal(4, unread.GetProperty("count").GetInt32());
        Assert.Equal(3, unread.GetProperty("mentions").GetInt32());

        await bobLater.RequestAsync(new { type = "read", room, seq = seqs[1] });
        var read = await bobLater.ReceiveTypeAsync("read", r => r.GetProperty("room").GetString() == room);
        Assert.Equal(2, read.GetProperty("unread").GetInt32());
        Assert.Equal(2, read.GetProperty("mentions").GetInt32());
    }

    private static string NewRoom() => "th-" + Guid.NewGuid().ToString("N")[..8];
}
