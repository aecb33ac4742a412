using BlazorChat.Tests.Backplane;

namespace BlazorChat.Tests.Cluster;

// A client that retries on another node, and a user who joins from two nodes.
public sealed partial class ClusterTests
{
    [Fact]
    public async Task ARetryWithTheSameClientMsgId_LandingOnAnotherNode_IsTheSameMessage_StoredOnce_DeliveredOnce()
    {
        var cluster = await fixture.NodesAsync();
        var room = "retry-" + Guid.NewGuid().ToString("N")[..10];
        await using var first = await cluster.NewClientAsync(0, "retry");
        await using var watcher = await cluster.NewClientAsync(2, "watch");
        Assert.Equal(0, (await first.RequestAsync(new { type = "join", room })).GetProperty("seq").GetInt64());
        Assert.Equal(0, (await watcher.RequestAsync(new { type = "join", room })).GetProperty("seq").GetInt64());
        await using var second = await cluster.AnotherClientAsync(first.User, 1); // connected after the join: in the room
        foreach (var client in new[] { first, second, watcher })
        {
            client.FollowRoom(room, floor: 0);
            client.FollowDirect(client == watcher ? first.User : watcher.User, floor: 0);
        }

        var roomSend = await first.SendAsync(room, null, "once in the room", "retry-room");
        var roomRetry = await second.SendAsync(room, null, "once in the room", "retry-room");
        var directSend = await first.SendAsync(null, watcher.User, "once, directly", "retry-direct");
        var directRetry = await second.SendAsync(null, watcher.User, "once, directly", "retry-direct");
        // Barriers: a later message in each conversation, from the third node; events reach a client in seq order.
        var roomAfter = await watcher.SendAsync(room, null, "after", "after-room");
        var directAfter = await watcher.SendAsync(null, first.User, "after", "after-direct");

        Assert.Equal((roomSend.MessageId, roomSend.Seq), (roomRetry.MessageId, roomRetry.Seq));
        Assert.Equal((directSend.MessageId, directSend.Seq), (directRetry.MessageId, directRetry.Seq));
        Assert.Equal((1, 2), (roomSend.Seq, roomAfter.Seq));
        Assert.Equal((1, 2), (directSend.Seq, directAfter.Seq));
        foreach (var client in new[] { first, second, watcher })
        {
            foreach (var (conversation, ids) in new[] { (ChatClient.Room(room), new[] { roomSend.MessageId, roomAfter.MessageId }),
                (ChatClient.Direct(first.User, watcher.User), new[] { directSend.MessageId, directAfter.MessageId }) })
            {
                var transcript = client.TranscriptOf(conversation);
                await Until.TrueAsync(() => transcript.Replay(0).Held >= 2, $"{client.User} on node {client.NodeIndex} gets {conversation} through seq 2");
                var replayed = transcript.Replay(0);
                Assert.Empty(replayed.Problems); // a second delivery of seq 1 would be "seq 1 again"
                Assert.Equal(2, transcript.Count);
                Assert.Equal(ids, replayed.MessageIds.OrderBy(m => m.Key).Select(m => m.Value));
            }
        }

        var stored = await watcher.RequestAsync(new { type = "history", room });
        Assert.Equal(["once in the room", "after"], stored.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task AUserJoiningARoomOnTwoNodes_IsAMemberOnBoth_EvenWhenTheFirstJoinsNoticeNeverArrives()
    {
        // The user has a socket on node 0 and one on node 1, both open. Node 1 is cut off Redis, so the notice of the
        // first join never reaches it. The second socket's own join is answered ok — yet ChatRoomService.JoinCoreAsync
        // used to register this node's connections only when the membership was new in the store, so on node 1 the
        // socket was not in the room: its sends were refused `not_a_member`, and the room's messages never reached it.
        var cluster = await fixture.NodesAsync();
        var room = "twice-" + Guid.NewGuid().ToString("N")[..10];
        await using var onNode0 = await cluster.NewClientAsync(0, "twice");
        await using var onNode1 = await cluster.AnotherClientAsync(onNode0.User, 1);
        await using var other = await cluster.NewClientAsync(2, "other");
        cluster[1].RedisPath!.Cut();
        try
        {
            await cluster[1].WaitForBackplaneAsync(healthy: false);
            Assert.True((await onNode0.RequestAsync(new { type = "join", room })).GetProperty("ok").GetBoolean());
            Assert.True((await other.RequestAsync(new { type = "join", room })).GetProperty("ok").GetBoolean());
            var joined = await onNode1.RequestAsync(new { type = "join", room });
            onNode1.FollowRoom(room, joined.GetProperty("seq").GetInt64());

            var sent = await onNode1.RequestAsync(new { type = "send", room, text = "from node 1", clientMsgId = "n1" });
            var fromOther = await other.SendAsync(room, null, "from node 2", "n2");

            Assert.True(joined.GetProperty("ok").GetBoolean());
            Assert.True(sent.GetProperty("ok").GetBoolean(), $"node 1 refused the member's send: {sent}");
            await Until.TrueAsync(() => onNode1.TranscriptOf(ChatClient.Room(room)).Replay(joined.GetProperty("seq").GetInt64()).Held >= fromOther.Seq,
                "the socket on node 1 gets the room's messages", TimeSpan.FromSeconds(10));
        }
        finally
        {
            cluster[1].RedisPath!.Restore();
        }

        await cluster[1].WaitForBackplaneAsync(healthy: true);
    }
}
