using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Backplane;

/// <summary>Notices of every kind, with the values that a wire format gets wrong: nulls, extremes, odd text, ticks.</summary>
internal static class SampleNotices
{
    public static IReadOnlyList<BackplaneNotice> OfEveryKind(string node)
    {
        var room = ConversationKey.ForRoom("general");
        var direct = ConversationKey.ForDirect("Alice", "bob");
        var sentAt = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        return
        [
            new ChangesCommitted(node,
            [
                Posted(new ChatMessage("m-1", room, 1, "alice", "general", null, "hello", sentAt, "client-1") { Rev = 1, Version = 1 }),
                Posted(new ChatMessage("m-2", room, 2, "bob", "general", null, "\"quoted\"\n\ttab 😀 </script> \u2028 \0 ü", sentAt.AddTicks(1), null)
                {
                    Rev = 2, Version = 2, ReplyTo = "m-1", Mentions = ["alice", "Carol.X"],
                }),
                new ChatChange(ChangeKind.Edited, 3, new ChatMessage("m-1", room, 1, "alice", "general", null, "hello @bob", sentAt, "client-1")
                {
                    Rev = 1, Version = 3, EditedAt = sentAt.AddMinutes(1), Mentions = ["bob"], ReplyCount = 1, LastReplyAt = sentAt.AddTicks(1),
                }),
                new ChatChange(ChangeKind.Reacted, 4, new ChatMessage("m-1", room, 1, "alice", "general", null, "hello @bob", sentAt, "client-1")
                {
                    Rev = 1, Version = 4, Reactions = [new ReactionSummary("👍🏽", ["bob", "carol"]), new ReactionSummary("🎉", ["bob"])],
                }, "carol", "👍🏽", On: true),
                new ChatChange(ChangeKind.Deleted, 5, new ChatMessage("m-2", room, 2, "bob", "general", null, "", sentAt.AddTicks(1), null)
                {
                    Rev = 2, Version = 5, Deleted = true, ReplyTo = "m-1",
                }),
            ]),
            new ChangesCommitted(node, [Posted(new ChatMessage("m-3", direct, long.MaxValue, "alice", null, "bob", "", sentAt.ToOffset(TimeSpan.FromHours(5.5)), null) { Rev = long.MaxValue, Version = long.MaxValue })]),
            new ChangesCommitted(node, []),
            new TypingNotice(node, "alice", "general", null),
            new TypingNotice(node, "alice", null, "bob"),
            new ReadNotice(node, "bob", "general", null, 42, 3, 45) { Mentions = 2 },
            new ReadNotice(node, "bob", null, "alice", 0, int.MaxValue, long.MaxValue),
            new MembershipNotice(node, "carol", "random", true),
            new MembershipNotice(node, "carol", "random", false),
            new PresenceNotice(node, true, ["alice", "bob"], []),
            new PresenceNotice(node, false, [], ["carol"]),
            new PresenceQuery(node),
            new SessionEndedNotice(node, "session-123"),
        ];
    }

    public static TypingNotice Numbered(string node, int i) => new(node, "user-" + i, "general", null);

    private static ChatChange Posted(ChatMessage message) => new(ChangeKind.Posted, message.Rev, message);

    /// <summary>Equal in every field, lists item by item, instants to the tick and with their offset.</summary>
    public static void AssertSame(BackplaneNotice expected, BackplaneNotice actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        switch (expected)
        {
            case ChangesCommitted e:
                var a = (ChangesCommitted)actual;
                Assert.Equal(e.Node, a.Node);
                Assert.Equal(e.Changes, a.Changes);
                var (expectedMessages, actualMessages) = (e.Changes.Select(c => c.Message).ToList(), a.Changes.Select(c => c.Message).ToList());
                Assert.Equal(expectedMessages.Select(m => (m.SentAt.Ticks, m.SentAt.Offset)), actualMessages.Select(m => (m.SentAt.Ticks, m.SentAt.Offset)));
                Assert.Equal(expectedMessages.Select(m => m.Conversation.IsDirect), actualMessages.Select(m => m.Conversation.IsDirect));
                break;
            case PresenceNotice e:
                var p = (PresenceNotice)actual;
                Assert.Equal((e.Node, e.Full), (p.Node, p.Full));
                Assert.Equal(e.Online, p.Online);
                Assert.Equal(e.Offline, p.Offline);
                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }
}
