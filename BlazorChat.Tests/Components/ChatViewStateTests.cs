using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Web.Components.Chat;

namespace BlazorChat.Tests.Components;

public sealed class ChatViewStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void LiveMessage_AlreadyLoadedWithHistory_IsShownOnce()
    {
        var state = Open(ChatTarget.ToRoom(ChatNames.General));
        var message = RoomMessage(1, "bob", "hi");
        state.Merge([message]);

        var outcome = state.Apply(new MessagePosted(message), Now);

        Assert.False(outcome.Changed);
        Assert.Single(state.Messages);
    }

    [Fact]
    public void MyOwnMessageFromAnotherTab_ToAnotherConversation_IsNotUnread()
    {
        var state = Open(ChatTarget.ToRoom(ChatNames.General));

        state.Apply(new MessagePosted(DirectMessage(1, "alice", "bob", "sent elsewhere")), Now);
        state.Apply(new MessagePosted(DirectMessage(2, "bob", "alice", "reply")), Now);

        Assert.Equal(1, Assert.Single(state.People, p => p.Name == "bob").Unread);
    }

    [Fact]
    public void TypingElsewhere_OrByMe_IsNotShown_AndNoticesExpire()
    {
        var state = Open(ChatTarget.ToRoom(ChatNames.General));

        state.Apply(new UserTyping("alice", ChatNames.General, null), Now);
        state.Apply(new UserTyping("bob", "random", null), Now);
        state.Apply(new UserTyping("carol", null, "alice"), Now);
        state.Apply(new UserTyping("bob", ChatNames.General, null), Now);

        Assert.Equal(["bob"], state.TypingUsers(Now.AddSeconds(3)));
        Assert.True(state.ExpireTyping(Now + ChatViewState.TypingExpiry));
        Assert.Empty(state.TypingUsers(Now + ChatViewState.TypingExpiry));
    }

    [Fact]
    public void People_AreEveryoneButMe_OnlineFirst()
    {
        var state = new ChatViewState("alice");
        state.AddPeople(["alice", "carol", "bob", "dave"]);

        state.Apply(new SessionStarted("alice", [ChatNames.General], ["alice", "dave"]), Now);

        Assert.Equal(["dave", "bob", "carol"], state.People.Select(p => p.Name));
    }

    [Fact]
    public void UnreadCounts_StartFromHello_CountLiveMessagesOnce_AndClearUpToTheMarker()
    {
        var state = Open(ChatTarget.ToRoom(ChatNames.General));
        var ops = ConversationKey.ForRoom("ops");
        state.Apply(new SessionStarted("alice", [ChatNames.General, "ops"], ["alice"], [new UnreadCount(ops, "ops", null, 2, 3, 5)]), Now);

        state.Apply(new MessagePosted(OpsMessage(5, "bob")), Now);   // already in hello's count
        state.Apply(new MessagePosted(OpsMessage(6, "bob")), Now);
        state.Apply(new MessagePosted(OpsMessage(7, "alice")), Now); // mine, from another tab
        var afterLive = OpsUnread(state);
        state.Apply(new ReadMarkerChanged("alice", "ops", null, 5), Now);
        var afterFive = OpsUnread(state);
        state.Apply(new ReadMarkerChanged("alice", "ops", null, 4), Now);  // late and lower: ignored
        var afterLate = OpsUnread(state);
        state.Apply(new ReadMarkerChanged("bob", "ops", null, 9), Now);    // someone else's marker
        var afterBob = OpsUnread(state);
        state.Apply(new ReadMarkerChanged("alice", "ops", null, 7), Now);

        Assert.Equal([3, 1, 1, 1, 0], new[] { afterLive, afterFive, afterLate, afterBob, OpsUnread(state) });
    }

    [Fact]
    public void APartialReadElsewhere_LeavesWhatTheServerSaysIsStillUnread()
    {
        var state = Open(ChatTarget.ToRoom(ChatNames.General));
        var ops = ConversationKey.ForRoom("ops");
        state.Apply(new SessionStarted("alice", [ChatNames.General, "ops"], ["alice"], [new UnreadCount(ops, "ops", null, 50, 50, 100)]), Now);
        state.Apply(new MessagePosted(OpsMessage(101, "bob")), Now);

        // Another tab read up to 95 while the room was at 100: 5 of hello's 50 are left, and 101 counted live.
        state.Apply(new ReadMarkerChanged("alice", "ops", null, 95, unread: 5, countedThrough: 100), Now);

        Assert.Equal(6, OpsUnread(state));
    }

    [Fact]
    public void ALiveMessageAtOrBelowARoomsMarker_IsNotUnread()
    {
        var state = Open(ChatTarget.ToRoom(ChatNames.General));
        var ops = ConversationKey.ForRoom("ops");
        state.Apply(new SessionStarted("alice", [ChatNames.General, "ops"], ["alice"], [new UnreadCount(ops, "ops", null, 0, 10, 10)]), Now);

        state.Apply(new MessagePosted(OpsMessage(10, "bob")), Now); // was being committed as the connection opened
        var atTheMarker = OpsUnread(state);
        state.Apply(new MessagePosted(OpsMessage(11, "bob")), Now);

        Assert.Equal([0, 1], new[] { atTheMarker, OpsUnread(state) });
    }

    [Fact]
    public void ReadEventsThatRace_NeverLowerTheCountBelowWhatIsKnown()
    {
        var state = Open(ChatTarget.ToRoom(ChatNames.General));
        var ops = ConversationKey.ForRoom("ops");
        state.Apply(new SessionStarted("alice", [ChatNames.General, "ops"], ["alice"], [new UnreadCount(ops, "ops", null, 20, 40, 60)]), Now);

        state.Apply(new ReadMarkerChanged("alice", "ops", null, 50, unread: 10, countedThrough: 60), Now);
        // A mark counted earlier (up to 58) arrives late: its count cannot speak for 59 and 60.
        state.Apply(new ReadMarkerChanged("alice", "ops", null, 55, unread: 3, countedThrough: 58), Now);
        var afterTheRace = OpsUnread(state);
        state.Apply(new ReadMarkerChanged("alice", "ops", null, 60, unread: 0, countedThrough: 60), Now);

        Assert.Equal([10, 0], new[] { afterTheRace, OpsUnread(state) });
    }

    [Fact]
    public void PendingRead_IsTheNewestShown_OnlyWhenSomeoneElsesMessageIsBeyondTheMarker()
    {
        var state = Open(ChatTarget.ToRoom(ChatNames.General));
        var none = state.PendingRead();
        state.Merge([RoomMessage(1, "bob", "a"), RoomMessage(2, "bob", "b")]);
        var two = state.PendingRead();
        state.MarkedRead(ChatTarget.ToRoom(ChatNames.General), 2);
        var afterMarking = state.PendingRead();
        state.Merge([RoomMessage(3, "alice", "mine")]);
        var afterMine = state.PendingRead();
        state.Merge([RoomMessage(4, "bob", "c")]);

        Assert.Equal([null, 2L, null, null, 4L], new[] { none, two, afterMarking, afterMine, state.PendingRead() });
    }

    [Theory]
    [InlineData(new[] { "bob" }, "bob is typing…")]
    [InlineData(new[] { "bob", "carol" }, "bob and carol are typing…")]
    [InlineData(new[] { "bob", "carol", "dave", "erin" }, "bob, carol and 2 others are typing…")]
    public void TypingIndicator_DescribesWhoTypes(string[] users, string expected) =>
        Assert.Equal(expected, TypingIndicator.Describe(users));

    private static ChatViewState Open(ChatTarget target)
    {
        var state = new ChatViewState("alice");
        state.Open(target);
        return state;
    }

    private static int OpsUnread(ChatViewState state) => state.Rooms.Single(r => r.Name == "ops").Unread;

    private static ChatMessage OpsMessage(long seq, string from) =>
        new($"o{seq}", ConversationKey.ForRoom("ops"), seq, from, "ops", null, $"ops {seq}", Now, null);

    private static ChatMessage RoomMessage(long seq, string from, string text) =>
        new($"m{seq}", ConversationKey.ForRoom(ChatNames.General), seq, from, ChatNames.General, null, text, Now, null);

    private static ChatMessage DirectMessage(long seq, string from, string to, string text) =>
        new($"d{seq}", ConversationKey.ForDirect(from, to), seq, from, null, to, text, Now, null);
}
