using System.Text.Json;
using BlazorChat.Tests.Support;
using static BlazorChat.Tests.Endpoints.SocketV2ChangesTests;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// An outsider's check of ws-protocol-v2 §1–§3 on real Kestrel, written from the spec: negotiation, the seq and rev
/// counters, and the message in full. Requests are in <see cref="SocketV2ConformanceRequestsTests"/>, events,
/// recovery and unread counts in <see cref="SocketV2ConformanceEventsTests"/>.
/// </summary>
public sealed class SocketV2ConformanceTests(ChatAppFactory app) : IClassFixture<ChatAppFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("blazorchat.v1")]
    public async Task AV1Socket_GetsEveryV2RequestAnswered_ButNoV2Event_AndV1MessagesKeepTheirFields(string? offered)
    {
        using var api = app.Api();
        var name = await api.NewUserAsync("old");
        await using var old = await TestSocket.ConnectAsync(app.SocketUri, await api.TokenAsync(name), o =>
        {
            if (offered is not null)
            {
                o.AddSubProtocol(offered);
            }
        });
        await old.ReceiveTypeAsync("hello");
        var room = SocketV2Conformance.NewRoom();
        await old.OkAsync(new { type = "join", room });

        var sent = await old.OkAsync(new { type = "send", room, text = "v1 client", clientMsgId = "c-1" });
        var edit = await old.OkAsync(new { type = "edit", messageId = sent.Id(), text = "v1 client, edited" });
        var react = await old.OkAsync(new { type = "react", messageId = sent.Id(), emoji = "👍", on = true });
        var reply = await old.OkAsync(new { type = "send", room, text = "in thread", replyTo = sent.Id() });
        var thread = await old.OkAsync(new { type = "thread", messageId = reply.Id() });
        var delete = await old.OkAsync(new { type = "delete", messageId = reply.Id() });
        await old.OkAsync(new { type = "send", room, text = "barrier" });
        var frames = await old.ThroughTextAsync("barrier");

        Assert.Equal([sent.Long("rev") + 1, sent.Long("rev") + 1], [edit.Long("rev"), edit.Long("version")]);
        Assert.Equal(edit.Long("rev") + 1, react.Long("rev"));
        Assert.Equal(sent.Id(), thread.GetProperty("root").Id());
        Assert.Equal(reply.Long("rev") + 1, delete.Long("rev"));
        Assert.DoesNotContain(frames, f => f.GetProperty("type").GetString() is "edit" or "delete" or "reaction");
        var first = Assert.Single(frames.About(sent.Id()));
        Assert.Equal("message", first.GetProperty("type").GetString());
        Assert.Equal(room, first.GetProperty("room").GetString());
        Assert.Equal(sent.Long("seq"), first.Long("seq"));
        Assert.Equal(name, first.GetProperty("from").GetString());
        Assert.Equal("v1 client", first.GetProperty("text").GetString());
        Assert.EndsWith("Z", first.GetProperty("sentAt").GetString());
        Assert.Equal("c-1", first.GetProperty("clientMsgId").GetString());
    }

    [Fact]
    public async Task AMessageEvent_IsV1sMessageOnAV1Socket_AndTheFullMessageOnAV2Socket_OfTheSameRoom()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var v2 = await api.ConnectV2Async(app.SocketUri, "new");
        await using var v1 = await api.ConnectNewUserAsync(app.SocketUri, "old");
        await SocketV2Conformance.JoinAllAsync(room, v2, v1);
        var root = await v2.OkAsync(new { type = "send", room, text = "root" });

        var sent = await v2.OkAsync(new { type = "send", room, text = $"a reply for @{v1.User}", clientMsgId = "c-2", replyTo = root.Id() });
        await v2.OkAsync(new { type = "send", room, text = "barrier" });

        var old = Assert.Single((await v1.ThroughTextAsync("barrier")).About(sent.Id()));
        Assert.Equal(
            ["clientMsgId", "from", "messageId", "room", "sentAt", "seq", "text", "type"],
            old.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(sent.Long("seq"), old.Long("seq"));
        Assert.Equal(["c-2", $"a reply for @{v1.User}"], [old.GetProperty("clientMsgId").GetString()!, old.GetProperty("text").GetString()!]);
        var full = Assert.Single((await v2.ThroughTextAsync("barrier")).About(sent.Id()));
        Assert.Equal([sent.Long("rev"), sent.Long("rev")], [full.Long("rev"), full.Long("version")]);
        Assert.Equal(root.Id(), full.GetProperty("replyTo").GetString());
        Assert.Equal([v1.User], full.GetProperty("mentions").Names());
        Assert.Equal(0, full.GetProperty("reactions").GetArrayLength());
        Assert.Equal(old.GetProperty("sentAt").GetString(), full.GetProperty("sentAt").GetString());
    }

    [Fact]
    public async Task ARoomsCounters_StartAtOne_MessagesTakeTheNextSeqAndRev_ChangesTakeOnlyTheNextRev()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        await SocketV2Conformance.JoinAllAsync(room, alice, bob);

        var one = await alice.OkAsync(new { type = "send", room, text = "one" });
        var two = await alice.OkAsync(new { type = "send", room, text = "two" });
        Assert.Equal([1L, 1L, 2L, 2L], [one.Long("seq"), one.Long("rev"), two.Long("seq"), two.Long("rev")]); // only messages: rev == seq
        var edit = await alice.OkAsync(new { type = "edit", messageId = one.Id(), text = "one!" });
        var react = await bob.OkAsync(new { type = "react", messageId = one.Id(), emoji = "🙂", on = true });
        var three = await alice.OkAsync(new { type = "send", room, text = "three" });

        Assert.Equal([3L, 4L], [edit.Long("rev"), react.Long("rev")]);
        Assert.Equal([3L, 5L], [three.Long("seq"), three.Long("rev")]);
        var join = await bob.OkAsync(new { type = "join", room });
        Assert.Equal([3L, 5L], [join.Long("seq"), join.Long("rev")]);
        var history = (await bob.OkAsync(new { type = "history", room })).GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal([1L, 2L, 3L], history.Select(m => m.Long("seq")));
        Assert.Equal([1L, 2L, 5L], history.Select(m => m.Long("rev")));
        Assert.Equal([4L, 2L, 5L], history.Select(m => m.Long("version"))); // the rev of its latest change, a reaction too
    }

    [Fact]
    public async Task ADirectConversation_HasItsOwnCountersFromOne()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        await alice.OkAsync(new { type = "send", room = "general", text = "general moves on" });

        var one = await alice.OkAsync(new { type = "send", to = bob.User, text = "one" });
        var react = await bob.OkAsync(new { type = "react", messageId = one.Id(), emoji = "👋", on = true });
        var two = await bob.OkAsync(new { type = "send", to = alice.User, text = "two" });

        Assert.Equal([1L, 1L, 2L], [one.Long("seq"), one.Long("rev"), react.Long("rev")]);
        Assert.Equal([2L, 3L], [two.Long("seq"), two.Long("rev")]);
        var history = (await alice.OkAsync(new { type = "history", with = bob.User })).GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal([2L, 3L], history.Select(m => m.Long("version")));
    }

    [Fact]
    public async Task ALiveMessage_IsTheFullMessage_WithoutTheFieldsThatDoNotApply()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        await SocketV2Conformance.JoinAllAsync(room, alice, bob);

        var sent = await alice.OkAsync(new { type = "send", room, text = "plain", clientMsgId = "k-9" });
        var live = await bob.ReceiveTypeAsync("message", m => m.Id() == sent.Id());
        var dm = await alice.OkAsync(new { type = "send", to = bob.User, text = "direct" });
        var liveDm = await bob.ReceiveTypeAsync("message", m => m.Id() == dm.Id());

        Assert.Equal(room, live.GetProperty("room").GetString());
        Assert.Equal([sent.Long("seq"), sent.Long("rev"), sent.Long("rev")], [live.Long("seq"), live.Long("rev"), live.Long("version")]);
        Assert.Equal(alice.User, live.GetProperty("from").GetString());
        Assert.Equal("plain", live.GetProperty("text").GetString());
        Assert.EndsWith("Z", live.GetProperty("sentAt").GetString());
        Assert.Equal("k-9", live.GetProperty("clientMsgId").GetString());
        Assert.Equal(JsonValueKind.Array, live.GetProperty("reactions").ValueKind);
        Assert.Equal(0, live.GetProperty("reactions").GetArrayLength());
        foreach (var absent in new[] { "editedAt", "replyTo", "replyCount", "lastReplyAt", "to" })
        {
            Assert.False(live.Has(absent), $"{absent} in {live}");
        }

        Assert.Equal([alice.User, bob.User], [liveDm.GetProperty("from").GetString()!, liveDm.GetProperty("to").GetString()!]);
        Assert.False(liveDm.Has("room"));
        Assert.Equal([1L, 1L], [liveDm.Long("seq"), liveDm.Long("rev")]);
        Assert.Equal(0, liveDm.GetProperty("reactions").GetArrayLength());

        // A reaction is no edit: the message still has no editedAt.
        await bob.OkAsync(new { type = "react", messageId = sent.Id(), emoji = "👍", on = true });
        var stored = Assert.Single((await alice.OkAsync(new { type = "history", room })).GetProperty("messages").EnumerateArray());
        Assert.False(stored.Has("editedAt"));
    }

    [Fact]
    public async Task EveryReplyThatCarriesMessages_CarriesThemInFull_EvenOnAV1Socket()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var old = await api.ConnectNewUserAsync(app.SocketUri, "old");
        await SocketV2Conformance.JoinAllAsync(room, alice, old);
        var root = await alice.OkAsync(new { type = "send", room, text = $"root for @{old.User}" });
        await old.OkAsync(new { type = "react", messageId = root.Id(), emoji = "👀", on = true });
        var first = await old.OkAsync(new { type = "send", room, text = "first reply", replyTo = root.Id() });
        var gone = await alice.OkAsync(new { type = "send", room, text = $"gone @{old.User}", replyTo = root.Id() });
        await old.OkAsync(new { type = "react", messageId = gone.Id(), emoji = "👀", on = true });
        await alice.OkAsync(new { type = "delete", messageId = gone.Id() });
        var last = await old.OkAsync(new { type = "send", room, text = "last reply", replyTo = root.Id() });

        var history = (await old.OkAsync(new { type = "history", room })).GetProperty("messages").EnumerateArray().ToList();
        var recovered = (await old.OkAsync(new { type = "join", room, afterSeq = 0 })).GetProperty("messages").EnumerateArray().ToList();
        var thread = await old.OkAsync(new { type = "thread", messageId = root.Id() });

        foreach (var messages in new[] { history, recovered, thread.GetProperty("messages").EnumerateArray().Prepend(thread.GetProperty("root")).ToList() })
        {
            var byId = messages.ToDictionary(m => m.Id());
            var rootNow = byId[root.Id()];
            Assert.Equal([root.Long("rev"), root.Long("rev") + 1], [rootNow.Long("rev"), rootNow.Long("version")]);
            Assert.Equal("👀", Assert.Single(rootNow.GetProperty("reactions").EnumerateArray()).GetProperty("emoji").GetString());
            Assert.Equal([old.User], rootNow.GetProperty("mentions").Names());
            Assert.True(rootNow.Has("replyCount") && rootNow.Has("lastReplyAt"), rootNow.ToString());
            Assert.False(rootNow.Has("replyTo"));
            var lastNow = byId[last.Id()];
            Assert.Equal(root.Id(), lastNow.GetProperty("replyTo").GetString());
            Assert.Equal(lastNow.GetProperty("sentAt").GetString(), rootNow.GetProperty("lastReplyAt").GetString());
            Assert.False(lastNow.Has("replyCount"));
            Assert.Equal(0, byId[first.Id()].GetProperty("reactions").GetArrayLength());
            var deleted = byId[gone.Id()];
            Assert.True(deleted.GetProperty("deleted").GetBoolean());
            Assert.Equal("", deleted.GetProperty("text").GetString());
            Assert.False(deleted.Has("reactions") || deleted.Has("mentions"), deleted.ToString());
            Assert.Equal(gone.Long("seq"), deleted.Long("seq"));
        }
    }

    [Fact]
    public async Task DeletedAndReplacedText_IsGoneFromTheServersStorage()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await alice.OkAsync(new { type = "join", room });
        var deletedText = "deleted-" + Guid.NewGuid().ToString("N");
        var replacedText = "replaced-" + Guid.NewGuid().ToString("N");
        var deleted = await alice.OkAsync(new { type = "send", room, text = deletedText });
        var edited = await alice.OkAsync(new { type = "send", room, text = replacedText });
        Assert.True(StorageHolds(deletedText) && StorageHolds(replacedText), "the probe does not see what is stored");

        await alice.OkAsync(new { type = "delete", messageId = deleted.Id() });
        await alice.OkAsync(new { type = "edit", messageId = edited.Id(), text = "the new text" });

        Assert.False(StorageHolds(deletedText), "the deleted text is still stored");
        Assert.False(StorageHolds(replacedText), "the replaced text is still stored");
    }

    [Fact]
    public async Task Mentions_StartAtABoundary_MatchAnyCase_AndNameTheUserAsRegistered()
    {
        using var api = app.Api();
        var room = SocketV2Conformance.NewRoom();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "BoB");
        await SocketV2Conformance.JoinAllAsync(room, alice, bob);
        var lower = bob.User.ToLowerInvariant();

        async Task<string[]> MentionsOf(string text)
        {
            var sent = await alice.OkAsync(new { type = "send", room, text });
            var live = await bob.ReceiveTypeAsync("message", m => m.Id() == sent.Id());
            return live.TryGetProperty("mentions", out var mentions) ? mentions.Names() : [];
        }

        foreach (var before in new[] { "_", ".", "-", "7", "é", "x" })
        {
            Assert.Empty(await MentionsOf($"no{before}@{lower} here"));
        }

        foreach (var before in new[] { "(", ",", "\n", "🙂", "@", " " })
        {
            Assert.Equal([bob.User], await MentionsOf($"hey{before}@{lower}"));
        }

        Assert.Equal([bob.User], await MentionsOf($"@{bob.User.ToUpperInvariant()}"));
    }

    [Fact]
    public async Task Mentions_OfADirectMessage_NameOnlyItsParticipants_AndAClientCannotSetThem()
    {
        using var api = app.Api();
        await using var alice = await api.ConnectV2Async(app.SocketUri, "alice");
        await using var bob = await api.ConnectV2Async(app.SocketUri, "bob");
        var carol = await api.NewUserAsync("carol");

        var dm = await alice.OkAsync(new { type = "send", to = bob.User, text = $"@{carol} @{bob.User} @{alice.User}" });
        var live = await bob.ReceiveTypeAsync("message", m => m.Id() == dm.Id());
        Assert.Equal(new[] { alice.User, bob.User }.Order(), live.GetProperty("mentions").Names().Order());

        var forged = await alice.OkAsync(new { type = "send", room = "general", text = "no names here", mentions = new[] { bob.User } });
        var seen = await bob.ReceiveTypeAsync("message", m => m.Id() == forged.Id());
        Assert.True(!seen.TryGetProperty("mentions", out var mentions) || mentions.GetArrayLength() == 0, seen.ToString());
        var edited = await alice.OkAsync(new { type = "edit", messageId = forged.Id(), text = "still none", mentions = new[] { bob.User } });
        var edit = await bob.ReceiveTypeAsync("edit", e => e.Long("rev") == edited.Long("rev"));
        Assert.Equal(0, edit.GetProperty("mentions").GetArrayLength());
    }

    /// <summary>Whether any column of any row of the server's SQLite database holds <paramref name="text"/>.</summary>
    private bool StorageHolds(string text)
    {
        var path = Path.Combine(app.DataDirectory, "blazorchat.db");
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var columns = new List<(string Table, string Column)>();
        using (var tables = connection.CreateCommand())
        {
            tables.CommandText = "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'";
            using var reader = tables.ExecuteReader();
            while (reader.Read())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        return columns.Any(c =>
        {
            using var find = connection.CreateCommand();
            find.CommandText = $"SELECT count(*) FROM \"{c.Table}\" WHERE instr(CAST(\"{c.Column}\" AS TEXT), $text) > 0";
            find.Parameters.AddWithValue("$text", text);
            return (long)find.ExecuteScalar()! > 0;
        });
    }
}
