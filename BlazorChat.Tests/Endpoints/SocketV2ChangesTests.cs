using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>Protocol v2 on real Kestrel: negotiation, and edit, delete and react with their replies, errors and events.</summary>
public sealed class SocketV2ChangesTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    [Theory]
    [InlineData(new[] { "blazorchat.v2" }, "blazorchat.v2")]
    [InlineData(new[] { "blazorchat.v1", "blazorchat.v2" }, "blazorchat.v2")]
    [InlineData(new[] { "blazorchat.v1" }, "blazorchat.v1")]
    public async Task TheSubprotocol_IsV2WhenOffered(string[] offered, string selected)
    {
        using var api = app.Api();
        var name = await api.NewUserAsync("neg");
        await using var socket = await TestSocket.ConnectAsync(app.SocketUri, await api.TokenAsync(name), o =>
        {
            foreach (var protocol in offered)
            {
                o.AddSubProtocol(protocol);
            }
        });

        Assert.Equal(selected, socket.Socket.SubProtocol);
    }

    [Fact]
    public async Task AnEdit_ReachesEveryV2SocketOfTheRoom_TheAuthorsToo_AndHistoryHasTheNewText()
    {
        using var api = app.Api();
        var (room, alice, bob) = await RoomOfTwoAsync(api);
        await using var disposeAlice = alice;
        await using var disposeBob = bob;
        await using var alicePhone = await api.ConnectV2Async(app.SocketUri, existing: alice.User);
        var sent = await alice.RequestAsync(new { type = "send", room, text = "helo" });
        var messageId = sent.GetProperty("messageId").GetString();

        var reply = await alice.RequestAsync(new { type = "edit", messageId, text = $"hello @{bob.User}" });

        Assert.True(reply.GetProperty("ok").GetBoolean(), reply.ToString());
        Assert.Equal(sent.GetProperty("rev").GetInt64() + 1, reply.GetProperty("rev").GetInt64());
        Assert.Equal(reply.GetProperty("rev").GetInt64(), reply.GetProperty("version").GetInt64());
        foreach (var socket in new[] { alice, alicePhone, bob })
        {
            var edit = await socket.ReceiveTypeAsync("edit", e => e.GetProperty("messageId").GetString() == messageId);
            Assert.Equal(room, edit.GetProperty("room").GetString());
            Assert.Equal(sent.GetProperty("seq").GetInt64(), edit.GetProperty("seq").GetInt64());
            Assert.Equal(reply.GetProperty("rev").GetInt64(), edit.GetProperty("rev").GetInt64());
            Assert.Equal(reply.GetProperty("rev").GetInt64(), edit.GetProperty("version").GetInt64());
            Assert.Equal($"hello @{bob.User}", edit.GetProperty("text").GetString());
            Assert.EndsWith("Z", edit.GetProperty("editedAt").GetString());
            Assert.Equal([bob.User], edit.GetProperty("mentions").EnumerateArray().Select(m => m.GetString()));
        }

        var history = await bob.RequestAsync(new { type = "history", room });
        var stored = Assert.Single(history.GetProperty("messages").EnumerateArray());
        Assert.Equal($"hello @{bob.User}", stored.GetProperty("text").GetString());
        Assert.Equal(reply.GetProperty("rev").GetInt64(), stored.GetProperty("version").GetInt64());
        Assert.Equal(sent.GetProperty("rev").GetInt64(), stored.GetProperty("rev").GetInt64());
        Assert.True(stored.TryGetProperty("editedAt", out _));
        Assert.Equal(0, stored.GetProperty("reactions").GetArrayLength());
    }

    [Fact]
    public async Task Edit_IsRefused_ForOthers_UnknownOrUnreadableMessages_AndBadText()
    {
        using var api = app.Api();
        var (room, alice, bob) = await RoomOfTwoAsync(api);
        await using var disposeAlice = alice;
        await using var disposeBob = bob;
        await using var outsider = await api.ConnectV2Async(app.SocketUri, "out");
        var messageId = (await alice.RequestAsync(new { type = "send", room, text = "mine" })).GetProperty("messageId").GetString();

        Assert.Equal("forbidden", await ErrorAsync(bob, new { type = "edit", messageId, text = "yours now" }));
        Assert.Equal("not_found", await ErrorAsync(alice, new { type = "edit", messageId = "nope", text = "x" }));
        Assert.Equal("not_found", await ErrorAsync(outsider, new { type = "edit", messageId, text = "x" })); // same answer: no leak
        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "edit", messageId, text = "  " }));
        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "edit", text = "no id" }));
        Assert.Equal("too_large", await ErrorAsync(alice, new { type = "edit", messageId, text = new string('x', 4001) }));
        await alice.RequestAsync(new { type = "delete", messageId });
        Assert.Equal("not_found", await ErrorAsync(alice, new { type = "edit", messageId, text = "after delete" }));
    }

    [Fact]
    public async Task Delete_LeavesAMutedPlaceholder_OnceOnly_AndOnlyForItsAuthor()
    {
        using var api = app.Api();
        var (room, alice, bob) = await RoomOfTwoAsync(api);
        await using var disposeAlice = alice;
        await using var disposeBob = bob;
        var sent = await alice.RequestAsync(new { type = "send", room, text = $"oops @{bob.User}" });
        var messageId = sent.GetProperty("messageId").GetString();
        await bob.RequestAsync(new { type = "react", messageId, emoji = "👀", on = true });

        Assert.Equal("forbidden", await ErrorAsync(bob, new { type = "delete", messageId }));
        var reply = await alice.RequestAsync(new { type = "delete", messageId });
        Assert.True(reply.GetProperty("ok").GetBoolean(), reply.ToString());
        var deleted = await bob.ReceiveTypeAsync("delete", e => e.GetProperty("messageId").GetString() == messageId);
        Assert.Equal(reply.GetProperty("rev").GetInt64(), deleted.GetProperty("rev").GetInt64());
        Assert.Equal(reply.GetProperty("rev").GetInt64(), deleted.GetProperty("version").GetInt64());
        Assert.Equal(sent.GetProperty("seq").GetInt64(), deleted.GetProperty("seq").GetInt64());
        Assert.Equal("not_found", await ErrorAsync(alice, new { type = "delete", messageId }));
        Assert.Equal("not_found", await ErrorAsync(bob, new { type = "react", messageId, emoji = "👍", on = true }));

        var stored = Assert.Single((await bob.RequestAsync(new { type = "history", room })).GetProperty("messages").EnumerateArray());
        Assert.True(stored.GetProperty("deleted").GetBoolean());
        Assert.Equal("", stored.GetProperty("text").GetString());
        Assert.False(stored.TryGetProperty("reactions", out _));
        Assert.False(stored.TryGetProperty("mentions", out _));
        Assert.Equal(sent.GetProperty("seq").GetInt64(), stored.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Reactions_ToggleOncePerUserAndEmoji_InFirstUseOrder()
    {
        using var api = app.Api();
        var (room, alice, bob) = await RoomOfTwoAsync(api);
        await using var disposeAlice = alice;
        await using var disposeBob = bob;
        var messageId = (await alice.RequestAsync(new { type = "send", room, text = "lunch?" })).GetProperty("messageId").GetString();

        var first = await bob.RequestAsync(new { type = "react", messageId, emoji = "👍", on = true });
        Assert.True(first.GetProperty("changed").GetBoolean());
        var again = await bob.RequestAsync(new { type = "react", messageId, emoji = "👍", on = true });
        Assert.False(again.GetProperty("changed").GetBoolean());
        Assert.False(again.TryGetProperty("rev", out _));
        await alice.RequestAsync(new { type = "react", messageId, emoji = "🍕", on = true });
        await alice.RequestAsync(new { type = "react", messageId, emoji = "👍", on = true });

        var seen = await alice.ReceiveTypeAsync("reaction", e => e.GetProperty("emoji").GetString() == "👍" && e.GetProperty("user").GetString() == bob.User);
        Assert.True(seen.GetProperty("on").GetBoolean());
        Assert.Equal(first.GetProperty("rev").GetInt64(), seen.GetProperty("rev").GetInt64());

        var stored = Assert.Single((await bob.RequestAsync(new { type = "history", room })).GetProperty("messages").EnumerateArray());
        var reactions = stored.GetProperty("reactions").EnumerateArray().ToList();
        Assert.Equal(["👍", "🍕"], reactions.Select(r => r.GetProperty("emoji").GetString()));
        Assert.Equal(2, reactions[0].GetProperty("count").GetInt32());
        Assert.Equal([bob.User, alice.User], reactions[0].GetProperty("users").EnumerateArray().Select(u => u.GetString()));

        var off = await bob.RequestAsync(new { type = "react", messageId, emoji = "👍", on = false });
        Assert.True(off.GetProperty("changed").GetBoolean());
        var removed = await alice.ReceiveTypeAsync("reaction", e => e.GetProperty("rev").GetInt64() == off.GetProperty("rev").GetInt64());
        Assert.False(removed.GetProperty("on").GetBoolean());
        var after = Assert.Single((await bob.RequestAsync(new { type = "history", room })).GetProperty("messages").EnumerateArray());
        Assert.Equal([alice.User], after.GetProperty("reactions")[0].GetProperty("users").EnumerateArray().Select(u => u.GetString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("tab\there")]
    [InlineData("\u0007")]
    [InlineData("123456789012345678901234567890123")]
    public async Task React_RefusesWhatIsNoEmoji(string emoji)
    {
        using var api = app.Api();
        var (room, alice, bob) = await RoomOfTwoAsync(api);
        await using var disposeAlice = alice;
        await using var disposeBob = bob;
        var messageId = (await alice.RequestAsync(new { type = "send", room, text = "x" })).GetProperty("messageId").GetString();

        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "react", messageId, emoji, on = true }));
    }

    [Fact]
    public async Task React_AllowsTwentyDistinctEmojiPerMessage_AndNeedsOn()
    {
        using var api = app.Api();
        var (room, alice, bob) = await RoomOfTwoAsync(api);
        await using var disposeAlice = alice;
        await using var disposeBob = bob;
        var messageId = (await alice.RequestAsync(new { type = "send", room, text = "vote" })).GetProperty("messageId").GetString();
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await alice.RequestAsync(new { type = "react", messageId, emoji = $"e{i}", on = true })).GetProperty("ok").GetBoolean());
        }

        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "react", messageId, emoji = "e20", on = true }));
        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "react", messageId, emoji = "e0" }));
        Assert.Equal("bad_request", await ErrorAsync(alice, new { type = "react", messageId, emoji = "e0", on = "yes" }));
    }

    [Fact]
    public async Task AV1Socket_SeesNoV2Event_OnlyMessagesWithAddedFields()
    {
        using var api = app.Api();
        var (room, alice, bob) = await RoomOfTwoAsync(api);
        await using var disposeAlice = alice;
        await using var disposeBob = bob;
        await using var old = await api.ConnectNewUserAsync(app.SocketUri, "v1");
        await old.RequestAsync(new { type = "join", room });
        var messageId = (await alice.RequestAsync(new { type = "send", room, text = "v1 reads this" })).GetProperty("messageId").GetString();
        await alice.RequestAsync(new { type = "edit", messageId, text = "edited" });
        await alice.RequestAsync(new { type = "react", messageId, emoji = "👍", on = true });
        await alice.RequestAsync(new { type = "delete", messageId });
        await alice.RequestAsync(new { type = "send", room, text = "barrier" });

        var frames = await old.ReceiveThroughAsync(f => f.TryGetProperty("text", out var t) && t.GetString() == "barrier");

        Assert.DoesNotContain(frames, f => f.GetProperty("type").GetString() is "edit" or "delete" or "reaction");
        Assert.Equal(2, frames.Count(f => f.GetProperty("type").GetString() == "message"));
    }

    [Fact]
    public async Task ChangesOfADirectMessage_CarryFromAndTo_AndReachOnlyItsTwoParticipants()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        await using var carol = await api.ConnectV2Async(app.SocketUri, "carol");
        var messageId = (await alice.RequestAsync(new { type = "send", to = bob.User, text = "psst" })).GetProperty("messageId").GetString();

        Assert.Equal("not_found", await ErrorAsync(carol, new { type = "react", messageId, emoji = "👍", on = true }));
        await bob.RequestAsync(new { type = "react", messageId, emoji = "👍", on = true });
        await alice.RequestAsync(new { type = "edit", messageId, text = "psst!" });
        await alice.RequestAsync(new { type = "send", room = "general", text = "barrier " + messageId });

        foreach (var socket in new[] { alice, bob })
        {
            var edit = await socket.ReceiveTypeAsync("edit", e => e.GetProperty("messageId").GetString() == messageId);
            Assert.Equal(alice.User, edit.GetProperty("from").GetString());
            Assert.Equal(bob.User, edit.GetProperty("to").GetString());
            Assert.False(edit.TryGetProperty("room", out _));
        }

        var carolSaw = await carol.ReceiveThroughAsync(f => f.TryGetProperty("text", out var t) && t.GetString() == "barrier " + messageId);
        Assert.DoesNotContain(carolSaw, f => f.TryGetProperty("messageId", out var id) && id.GetString() == messageId);
    }

    internal static async Task<string> ErrorAsync(TestSocket socket, object request)
    {
        var reply = await socket.RequestAsync(request);
        Assert.False(reply.GetProperty("ok").GetBoolean(), reply.ToString());
        return reply.GetProperty("error").GetProperty("code").GetString()!;
    }

    private async Task<(string Room, TestSocket Alice, TestSocket Bob)> RoomOfTwoAsync(ChatApi api)
    {
        var room = "v2-" + Guid.NewGuid().ToString("N")[..8];
        var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        await alice.RequestAsync(new { type = "join", room });
        await bob.RequestAsync(new { type = "join", room });
        return (room, alice, bob);
    }
}
