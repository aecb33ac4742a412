using BlazorChat.Tests.Endpoints;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Cluster;

// Messages that change (protocol v2), across nodes.
public sealed partial class ClusterTests
{
    [Fact]
    public async Task ChangesMadeOnTwoNodes_ReachV2SocketsOnEveryNode_InRevOrder_AndAJoinAfterRevRecoversThemOnAThird()
    {
        var cluster = await fixture.NodesAsync();
        var room = "v2-" + Guid.NewGuid().ToString("N")[..10];
        using var api0 = cluster[0].Api();
        using var api1 = cluster[1].Api();
        using var api2 = cluster[2].Api();
        await using var alice = await api0.ConnectV2Async(cluster[0].SocketUri, "alice");
        await using var bob = await api1.ConnectV2Async(cluster[1].SocketUri, "bob");
        var carol = await api2.NewUserAsync("carol");
        await alice.RequestAsync(new { type = "join", room });
        await bob.RequestAsync(new { type = "join", room });
        await using (var carolBefore = await api2.ConnectV2Async(cluster[2].SocketUri, existing: carol))
        {
            await carolBefore.RequestAsync(new { type = "join", room });
        }

        var one = (await alice.RequestAsync(new { type = "send", room, text = $"one @{bob.User}" })).GetProperty("messageId").GetString();
        var two = (await bob.RequestAsync(new { type = "send", room, text = "two", replyTo = one })).GetProperty("messageId").GetString();
        await bob.RequestAsync(new { type = "react", messageId = one, emoji = "👍", on = true });
        await alice.RequestAsync(new { type = "edit", messageId = one, text = "one, edited" });
        await bob.RequestAsync(new { type = "delete", messageId = two });
        var last = await alice.RequestAsync(new { type = "send", room, text = "last" });
        var head = last.GetProperty("rev").GetInt64();

        foreach (var socket in new[] { alice, bob })
        {
            var frames = await socket.ReceiveThroughAsync(f => f.TryGetProperty("rev", out var r) && r.GetInt64() == head
                && f.TryGetProperty("room", out var n) && n.GetString() == room);
            var events = RevStream.AssertGapFree(RevStream.Of(frames, room), 0);
            Assert.Equal(["message", "message", "reaction", "edit", "delete", "message"], events.Select(e => e.GetProperty("type").GetString()));
        }

        await using var carolBack = await api2.ConnectV2Async(cluster[2].SocketUri, existing: carol);
        var reply = await carolBack.RequestAsync(new { type = "join", room, afterRev = 0 });
        Assert.True(reply.GetProperty("recovered").GetBoolean(), reply.ToString());
        var recovered = RevStream.AssertGapFree(reply.GetProperty("events").EnumerateArray(), 0);
        Assert.Equal(head, reply.GetProperty("rev").GetInt64());
        var state = RevStream.Apply(recovered);
        Assert.Equal("one, edited", state[one!]);
        Assert.Equal("", state[two!]);

        var thread = await carolBack.RequestAsync(new { type = "thread", messageId = one });
        Assert.Equal(1, thread.GetProperty("root").GetProperty("replyCount").GetInt32());
        Assert.True(Assert.Single(thread.GetProperty("messages").EnumerateArray()).GetProperty("deleted").GetBoolean());
    }
}
