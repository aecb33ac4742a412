using System.Text.Json;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Endpoints;

/// <summary>An outsider's check of ws-protocol-v2 §5–§7 on real Kestrel: who gets each event, in which order, recovery by rev, unread mentions.</summary>
public sealed class SocketV2ConformanceEventsTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    [Fact]
    public async Task DeletesAndReactions_ReachEverySocketOfEveryMember_TheAskingOneToo_AndNobodyElse()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var alicePhone = await api.ConnectV2Async(app.SocketUri, existing: alice.User);
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        await using var bobPhone = await api.ConnectV2Async(app.SocketUri, existing: bob.User);
        await using var outsider = await api.ConnectV2Async(app.SocketUri, "out");
        await SocketV2Conformance.JoinAllAsync(room, alice, bob);
        var sent = await alice.OkAsync(new { type = "send", room, text = "soon gone" });

        var react = await bob.OkAsync(new { type = "react", messageId = sent.Id(), emoji = "🔥", on = true });
        var delete = await alice.OkAsync(new { type = "delete", messageId = sent.Id() });
        await alice.OkAsync(new { type = "send", room = "general", text = "barrier " + room });

        foreach (var socket in new[] { alice, alicePhone, bob, bobPhone })
        {
            var frames = (await socket.ThroughTextAsync("barrier " + room)).About(sent.Id());
            Assert.Equal(["message", "reaction", "delete"], frames.Select(f => f.GetProperty("type").GetString()));
            var (reaction, deleted) = (frames[1], frames[2]);
            Assert.Equal([room, room], [reaction.GetProperty("room").GetString()!, deleted.GetProperty("room").GetString()!]);
            Assert.Equal([bob.User, "🔥"], [reaction.GetProperty("user").GetString()!, reaction.GetProperty("emoji").GetString()!]);
            Assert.True(reaction.GetProperty("on").GetBoolean());
            Assert.Equal([sent.Long("seq"), react.Long("rev"), react.Long("rev")], [reaction.Long("seq"), reaction.Long("rev"), reaction.Long("version")]);
            Assert.Equal([sent.Long("seq"), delete.Long("rev"), delete.Long("rev")], [deleted.Long("seq"), deleted.Long("rev"), deleted.Long("version")]);
        }

        Assert.Empty((await outsider.ThroughTextAsync("barrier " + room)).About(sent.Id()));
    }

    [Fact]
    public async Task ChangesOfADirectMessage_NameItsAuthorAsFrom_WhoeverMadeThem_OnEverySocketOfBoth()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var alicePhone = await api.ConnectV2Async(app.SocketUri, existing: alice.User);
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        await using var bobPhone = await api.ConnectV2Async(app.SocketUri, existing: bob.User);
        var dm = await alice.OkAsync(new { type = "send", to = bob.User, text = "psst" });

        await bob.OkAsync(new { type = "react", messageId = dm.Id(), emoji = "🤫", on = true });
        await alice.OkAsync(new { type = "delete", messageId = dm.Id() });
        await alice.OkAsync(new { type = "send", to = bob.User, text = "barrier" });

        foreach (var socket in new[] { alice, alicePhone, bob, bobPhone })
        {
            var frames = (await socket.ThroughTextAsync("barrier")).About(dm.Id());
            Assert.Equal(["message", "reaction", "delete"], frames.Select(f => f.GetProperty("type").GetString()));
            foreach (var frame in frames)
            {
                Assert.Equal(alice.User, frame.GetProperty("from").GetString());
                Assert.Equal(bob.User, frame.GetProperty("to").GetString());
                Assert.False(frame.Has("room"), frame.ToString());
            }

            Assert.Equal(bob.User, frames[1].GetProperty("user").GetString());
        }
    }

    [Fact]
    public async Task ConcurrentChanges_ReachEveryMemberInRevOrder_EachMessageOnce()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        await using var carol = await api.ConnectV2Async(app.SocketUri, "carol");
        await SocketV2Conformance.JoinAllAsync(room, alice, bob, carol);
        var target = await alice.OkAsync(new { type = "send", room, text = "react to me" });

        async Task Writer(TestSocket socket, string emoji)
        {
            for (var i = 0; i < 15; i++)
            {
                await socket.OkAsync(new { type = "send", room, text = $"{socket.User} {i}" });
                await socket.OkAsync(new { type = "react", messageId = target.Id(), emoji, on = i % 2 == 0 });
            }
        }

        await Task.WhenAll(Task.Run(() => Writer(alice, "🅰")), Task.Run(() => Writer(bob, "🅱")));
        var last = await alice.OkAsync(new { type = "send", room, text = "barrier" });

        foreach (var socket in new[] { alice, bob, carol })
        {
            var events = RevStream.Of(await socket.ThroughTextAsync("barrier"), room).ToList();
            RevStream.AssertGapFree(events.SkipWhile(e => e.Long("rev") <= target.Long("rev")), target.Long("rev"));
            Assert.Equal(last.Long("rev"), events[^1].Long("rev"));
            var messages = events.Where(e => e.GetProperty("type").GetString() == "message").Select(e => e.Id()).ToList();
            Assert.Equal(messages.Distinct().Count(), messages.Count);
        }
    }

    [Fact]
    public async Task JoinAfterRev_WhileTheRoomIsBusy_IsFollowedByEveryLaterChange_WithoutGapOrDuplicate()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        var bob = await api.NewUserAsync("bob");
        await alice.OkAsync(new { type = "join", room });
        await using (var bobBefore = await api.ConnectV2Async(app.SocketUri, existing: bob))
        {
            await bobBefore.OkAsync(new { type = "join", room });
        }

        var seen = await alice.OkAsync(new { type = "send", room, text = "bob saw this" });
        for (var i = 0; i < 10; i++)
        {
            await alice.OkAsync(new { type = "send", room, text = $"missed {i}" });
        }

        using var stop = new CancellationTokenSource();
        var busy = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested || n < 10)
            {
                var sent = await alice.OkAsync(new { type = "send", room, text = $"live {n++}" });
                await alice.OkAsync(new { type = "edit", messageId = sent.Id(), text = $"live {n}, edited" });
            }
        });
        await using var bobBack = await api.ConnectV2Async(app.SocketUri, existing: bob);
        var joinId = await bobBack.SendAsync(new { type = "join", room, afterRev = seen.Long("rev") });
        var beforeReply = await bobBack.ReceiveThroughAsync(f => f.TryGetProperty("replyTo", out var r) && r.ToString() == joinId.ToString());
        var reply = beforeReply[^1];
        await stop.CancelAsync();
        await busy;
        var last = await alice.OkAsync(new { type = "send", room, text = "barrier" });

        Assert.True(reply.GetProperty("recovered").GetBoolean(), reply.ToString());
        var recovered = RevStream.AssertGapFree(reply.GetProperty("events").EnumerateArray(), seen.Long("rev"));
        Assert.Equal(reply.Long("rev"), recovered[^1].Long("rev"));
        var early = RevStream.Of(beforeReply, room).Select(e => e.Long("rev")).ToList();
        Assert.All(early, rev => Assert.True(rev <= reply.Long("rev"), $"live rev {rev} came before the reply at {reply.Long("rev")}"));
        var live = RevStream.AssertGapFree(RevStream.Of(await bobBack.ThroughTextAsync("barrier"), room), reply.Long("rev"));
        Assert.Equal(last.Long("rev"), live[^1].Long("rev"));
    }

    [Fact]
    public async Task RecoveredEvents_AreTheLiveEvents_SaveForTheCurrentText()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        await SocketV2Conformance.JoinAllAsync(room, alice, bob);
        var kept = await alice.OkAsync(new { type = "send", room, text = $"hi @{bob.User}", clientMsgId = "c1" });
        var gone = await alice.OkAsync(new { type = "send", room, text = "gone soon" });
        await bob.OkAsync(new { type = "react", messageId = kept.Id(), emoji = "👍", on = true });
        await bob.OkAsync(new { type = "react", messageId = kept.Id(), emoji = "👍", on = false });
        await alice.OkAsync(new { type = "edit", messageId = kept.Id(), text = $"hello @{bob.User}" });
        await alice.OkAsync(new { type = "delete", messageId = gone.Id() });
        await alice.OkAsync(new { type = "send", room, text = "barrier" });
        var live = RevStream.Of(await bob.ThroughTextAsync("barrier"), room).ToList();

        var recovered = (await bob.OkAsync(new { type = "join", room, afterRev = 0 })).GetProperty("events").EnumerateArray().ToList();

        Assert.Equal(live.Select(e => (e.GetProperty("type").GetString(), e.Long("rev"))), recovered.Select(e => (e.GetProperty("type").GetString(), e.Long("rev"))));
        for (var i = 0; i < live.Count; i++)
        {
            var (was, now) = (live[i], recovered[i]);
            switch (was.GetProperty("type").GetString())
            {
                case "reaction" or "delete":
                    Assert.Equal(Canonical(was), Canonical(now));
                    break;
                case "edit":
                    Assert.Equal(Keys(was), Keys(now));
                    Assert.Equal([was.Id(), was.GetProperty("editedAt").GetString()!], [now.Id(), now.GetProperty("editedAt").GetString()!]);
                    break;
                default:
                    var fields = new[] { "messageId", "room", "seq", "rev", "from", "sentAt" };
                    Assert.Equal(fields.Select(f => was.GetProperty(f).ToString()), fields.Select(f => now.GetProperty(f).ToString()));
                    Assert.True(now.Has("version") && now.Has("text"), now.ToString());
                    break;
            }
        }

        Assert.Equal($"hello @{bob.User}", recovered[0].GetProperty("text").GetString());
        var deleted = recovered[1];
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.False(deleted.Has("reactions") || deleted.Has("mentions"), deleted.ToString());
    }

    [Fact]
    public async Task DirectHistory_ReturnsTheCurrentStateOfEveryMessage()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        var edited = await alice.OkAsync(new { type = "send", to = bob.User, text = "draft" });
        var gone = await bob.OkAsync(new { type = "send", to = alice.User, text = "oops" });
        var reply = await bob.OkAsync(new { type = "send", to = alice.User, text = "re", replyTo = edited.Id() });
        await alice.OkAsync(new { type = "edit", messageId = edited.Id(), text = "final" });
        await bob.OkAsync(new { type = "react", messageId = edited.Id(), emoji = "✅", on = true });
        await bob.OkAsync(new { type = "delete", messageId = gone.Id() });

        var messages = (await bob.OkAsync(new { type = "history", with = alice.User })).GetProperty("messages").EnumerateArray().ToList();

        Assert.Equal([edited.Id(), gone.Id(), reply.Id()], messages.Select(m => m.Id()));
        Assert.Equal("final", messages[0].GetProperty("text").GetString());
        Assert.True(messages[0].Has("editedAt"));
        Assert.Equal(1, messages[0].GetProperty("replyCount").GetInt32());
        Assert.Equal(["✅"], messages[0].GetProperty("reactions").EnumerateArray().Select(r => r.GetProperty("emoji").GetString()));
        Assert.Equal(5L, messages[0].Long("version")); // the reaction, its latest change
        Assert.Equal("", messages[1].GetProperty("text").GetString());
        Assert.True(messages[1].GetProperty("deleted").GetBoolean());
        Assert.Equal(edited.Id(), messages[2].GetProperty("replyTo").GetString());
        Assert.All(messages, m => Assert.Equal(bob.User == m.GetProperty("from").GetString() ? alice.User : bob.User, m.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task UnreadMentions_FollowTheCurrentText_ChangesAreNeverUnread_AndDirectConversationsCountThemToo()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        var bob = await api.NewUserAsync("bob");
        await using (var bobNow = await api.ConnectV2Async(app.SocketUri, existing: bob))
        {
            await bobNow.OkAsync(new { type = "join", room });
        }

        await alice.OkAsync(new { type = "join", room });
        var kept = await alice.OkAsync(new { type = "send", room, text = $"@{bob} one" });
        var unmentioned = await alice.OkAsync(new { type = "send", room, text = $"@{bob} two" });
        var plain = await alice.OkAsync(new { type = "send", room, text = "three" });
        await alice.OkAsync(new { type = "edit", messageId = unmentioned.Id(), text = "two, for nobody" });
        await alice.OkAsync(new { type = "react", messageId = plain.Id(), emoji = "👍", on = true });
        await alice.OkAsync(new { type = "edit", messageId = plain.Id(), text = "three, edited" });
        await alice.OkAsync(new { type = "send", to = bob, text = $"psst @{bob}" });

        var (inRoom, direct) = await UnreadAsync(api, bob, room, alice.User);
        Assert.Equal([3, 1], [inRoom.GetProperty("count").GetInt32(), inRoom.GetProperty("mentions").GetInt32()]);
        Assert.Equal([1, 1], [direct.GetProperty("count").GetInt32(), direct.GetProperty("mentions").GetInt32()]);

        await alice.OkAsync(new { type = "delete", messageId = kept.Id() }); // a deleted message mentions nobody
        (inRoom, _) = await UnreadAsync(api, bob, room, alice.User);
        Assert.Equal(0, inRoom.GetProperty("mentions").GetInt32());

        // Reading the first direct message leaves the second, which mentions bob: the read event counts it.
        await using var bobLater = await api.ConnectV2Async(app.SocketUri, existing: bob);
        await alice.OkAsync(new { type = "send", to = bob, text = $"@{bob} again" });
        await bobLater.OkAsync(new { type = "read", with = alice.User, seq = 1 });
        var read = await bobLater.ReceiveTypeAsync("read", r => r.TryGetProperty("with", out var w) && w.GetString() == alice.User && r.Long("seq") == 1);
        Assert.Equal([1, 1], [read.GetProperty("unread").GetInt32(), read.GetProperty("mentions").GetInt32()]);
    }

    private async Task<(JsonElement Room, JsonElement Direct)> UnreadAsync(ChatApi api, string user, string room, string with)
    {
        await using var socket = await TestSocket.ConnectAsync(app.SocketUri, await api.TokenAsync(user), o => o.AddSubProtocol("blazorchat.v2"));
        var unread = (await socket.ReceiveTypeAsync("hello")).GetProperty("unread").EnumerateArray().ToList();
        return (unread.Single(u => u.TryGetProperty("room", out var r) && r.GetString() == room),
            unread.Single(u => u.TryGetProperty("with", out var w) && w.GetString() == with));
    }

    private static string Canonical(JsonElement e) =>
        string.Join(",", e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.GetRawText()}"));

    private static string[] Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
}
