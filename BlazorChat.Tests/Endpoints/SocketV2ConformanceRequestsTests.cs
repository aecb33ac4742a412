using BlazorChat.Tests.Support;
using static BlazorChat.Tests.Endpoints.SocketV2ChangesTests;

namespace BlazorChat.Tests.Endpoints;

/// <summary>An outsider's check of ws-protocol-v2 §4 on real Kestrel: each added request, its reply and every error it names.</summary>
public sealed class SocketV2ConformanceRequestsTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    [Fact]
    public async Task ReplyTo_AMessageOfAnotherRoom_IsNotFound_EvenForAMemberOfBoth_AndAReplyCarriesSeqAndRev()
    {
        using var api = app.Api();
        var (here, there) = (SocketV2Conformance.NewRoom(), SocketV2Conformance.NewRoom());
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await SocketV2Conformance.JoinAllAsync(here, alice);
        await SocketV2Conformance.JoinAllAsync(there, alice);
        var elsewhere = await alice.OkAsync(new { type = "send", room = there, text = "over there" });
        var root = await alice.OkAsync(new { type = "send", room = here, text = "root" });

        Assert.Equal("not_found", await ErrorAsync(alice, new { type = "send", room = here, text = "x", replyTo = elsewhere.Id() }));
        var reply = await alice.OkAsync(new { type = "send", room = here, text = "answer", replyTo = root.Id() });
        Assert.Equal([2L, 2L], [reply.Long("seq"), reply.Long("rev")]);
        Assert.False(string.IsNullOrEmpty(reply.Id()));
    }

    [Fact]
    public async Task EveryRequestAboutAMessage_OfARoomTheCallerCannotRead_IsNotFound_LikeAnUnknownId()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var outsider = await api.ConnectV2Async(app.SocketUri, "out");
        await alice.OkAsync(new { type = "join", room });
        var mine = await alice.OkAsync(new { type = "send", room, text = "members only" });

        foreach (var messageId in new[] { mine.Id(), "0000-no-such-message" })
        {
            Assert.Equal("not_found", await ErrorAsync(outsider, new { type = "edit", messageId, text = "x" }));
            Assert.Equal("not_found", await ErrorAsync(outsider, new { type = "delete", messageId }));
            Assert.Equal("not_found", await ErrorAsync(outsider, new { type = "react", messageId, emoji = "👍", on = true }));
            Assert.Equal("not_found", await ErrorAsync(outsider, new { type = "thread", messageId }));
            Assert.Equal("not_found", await ErrorAsync(outsider, new { type = "send", room = "general", text = "x", replyTo = messageId }));
        }

        // Its author, once gone from the room, cannot read it either.
        await alice.OkAsync(new { type = "leave", room });
        Assert.Equal("not_found", await ErrorAsync(alice, new { type = "edit", messageId = mine.Id(), text = "x" }));
        Assert.Equal("not_found", await ErrorAsync(alice, new { type = "delete", messageId = mine.Id() }));
        Assert.Equal("not_found", await ErrorAsync(alice, new { type = "thread", messageId = mine.Id() }));
    }

    [Fact]
    public async Task TheRecipientOfADirectMessage_MayReactToIt_ButNotEditOrDeleteIt()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        var dm = await alice.OkAsync(new { type = "send", to = bob.User, text = "for bob" });

        Assert.Equal("forbidden", await ErrorAsync(bob, new { type = "edit", messageId = dm.Id(), text = "mine now" }));
        Assert.Equal("forbidden", await ErrorAsync(bob, new { type = "delete", messageId = dm.Id() }));
        await bob.OkAsync(new { type = "react", messageId = dm.Id(), emoji = "👍", on = true });
        var history = Assert.Single((await bob.OkAsync(new { type = "history", with = alice.User })).GetProperty("messages").EnumerateArray());
        Assert.Equal("for bob", history.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Edit_And_Delete_RefuseMissingOrMistypedFields()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await alice.OkAsync(new { type = "join", room });
        var sent = await alice.OkAsync(new { type = "send", room, text = "note" });

        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "edit", messageId = sent.Id() }));
        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "edit", messageId = sent.Id(), text = 42 }));
        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "delete" }));
        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "react", emoji = "👍", on = true }));
        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "thread" }));
        var reply = await alice.OkAsync(new { type = "delete", messageId = sent.Id() });
        Assert.Equal(sent.Long("rev") + 1, reply.Long("rev"));
    }

    [Theory]
    [InlineData("👍🏽")]
    [InlineData("👨‍👩‍👧‍👦")]
    [InlineData("🇩🇪")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")] // 32 characters
    [InlineData("+1")]
    public async Task React_AcceptsAnyEmojiOfUpTo32Characters(string emoji)
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await alice.OkAsync(new { type = "join", room });
        var sent = await alice.OkAsync(new { type = "send", room, text = "react" });

        var reply = await alice.OkAsync(new { type = "react", messageId = sent.Id(), emoji, on = true });

        Assert.True(reply.GetProperty("changed").GetBoolean());
        var stored = Assert.Single((await alice.OkAsync(new { type = "history", room })).GetProperty("messages").EnumerateArray());
        Assert.Equal(emoji, Assert.Single(stored.GetProperty("reactions").EnumerateArray()).GetProperty("emoji").GetString());
    }

    [Theory]
    [InlineData("a\u00A0b")] // no-break space
    [InlineData("\u2003")] // em space
    [InlineData("👍\n")]
    [InlineData("\u0085")] // next line, a control character
    public async Task React_RefusesUnicodeWhitespaceAndControlCharacters(string emoji)
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await alice.OkAsync(new { type = "join", room });
        var sent = await alice.OkAsync(new { type = "send", room, text = "react" });

        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "react", messageId = sent.Id(), emoji, on = true }));
    }

    [Fact]
    public async Task TheTwentyEmojiLimit_CountsDistinctEmoji_SoOthersMayStillAddToOne_AndRemovingOneFreesAPlace()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        await SocketV2Conformance.JoinAllAsync(room, alice, bob);
        var messageId = (await alice.OkAsync(new { type = "send", room, text = "poll" })).Id();
        for (var i = 0; i < 20; i++)
        {
            await alice.OkAsync(new { type = "react", messageId, emoji = $"e{i}", on = true });
        }

        Assert.True((await bob.OkAsync(new { type = "react", messageId, emoji = "e0", on = true })).GetProperty("changed").GetBoolean());
        Assert.Equal("bad_request", await ErrorAsync(bob, new { type = "react", messageId, emoji = "e20", on = true }));
        await alice.OkAsync(new { type = "react", messageId, emoji = "e19", on = false });
        Assert.True((await bob.OkAsync(new { type = "react", messageId, emoji = "e20", on = true })).GetProperty("changed").GetBoolean());
    }

    [Fact]
    public async Task RemovingAReactionNobodyMade_ChangesNothing_AndSendsNoEvent()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        await SocketV2Conformance.JoinAllAsync(room, alice, bob);
        var sent = await alice.OkAsync(new { type = "send", room, text = "hm" });

        var off = await bob.OkAsync(new { type = "react", messageId = sent.Id(), emoji = "👎", on = false });
        var next = await alice.OkAsync(new { type = "send", room, text = "barrier" });

        Assert.False(off.GetProperty("changed").GetBoolean());
        Assert.False(off.Has("rev"));
        Assert.Equal(sent.Long("rev") + 1, next.Long("rev"));
        Assert.DoesNotContain((await bob.ThroughTextAsync("barrier")).About(sent.Id()), f => f.GetProperty("type").GetString() == "reaction");
    }

    [Fact]
    public async Task JoinAfterRev_MustBeAWholeNumber()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");

        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "join", room, afterRev = 1.5 }));
        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "join", room, afterRev = "1" }));
        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "join", room, afterRev = true }));
        var zero = await alice.OkAsync(new { type = "join", room, afterRev = 0 });
        Assert.True(zero.GetProperty("recovered").GetBoolean());
        Assert.Equal(0, zero.GetProperty("events").GetArrayLength());
        Assert.Equal(0L, zero.Long("rev"));
    }

    [Fact]
    public async Task Thread_ListsFiftyRepliesByDefault_UpToAHundredWhenAsked_OldestFirst_FromAnyMessageOfIt()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await alice.OkAsync(new { type = "join", room });
        var root = await alice.OkAsync(new { type = "send", room, text = "count off" });
        var replies = new List<string>();
        for (var i = 1; i <= 51; i++)
        {
            replies.Add((await alice.OkAsync(new { type = "send", room, text = $"r{i}", replyTo = root.Id() })).Id());
        }

        var byDefault = await alice.OkAsync(new { type = "thread", messageId = replies[^1] });
        var all = await alice.OkAsync(new { type = "thread", messageId = root.Id(), limit = 100 });
        var afterTen = await alice.OkAsync(new { type = "thread", messageId = replies[3], afterSeq = root.Long("seq") + 10, limit = 2 });

        Assert.Equal(replies.Take(50), byDefault.GetProperty("messages").EnumerateArray().Select(m => m.Id()));
        Assert.Equal(root.Id(), byDefault.GetProperty("root").Id());
        Assert.Equal(51, byDefault.GetProperty("root").GetProperty("replyCount").GetInt32());
        Assert.Equal(replies, all.GetProperty("messages").EnumerateArray().Select(m => m.Id()));
        Assert.Equal(["r11", "r12"], afterTen.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }
}
