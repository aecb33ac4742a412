using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Web.Components.Chat;

namespace BlazorChat.Tests.Components;

/// <summary>What counts for the tab title, the drawer's @-badges and the menu dot, and what is worth a notification.</summary>
public sealed class ChatViewStateNoticingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DirectMessages_AndMentionsInRooms_CountForTheTitle_PlainRoomMessagesDoNot()
    {
        var state = OpenGeneral();

        state.Apply(new MessagePosted(OpsMessage(1, "bob")), Now);
        state.Apply(new MessagePosted(OpsMessage(2, "bob", mentions: ["Alice"])), Now);
        state.Apply(new MessagePosted(OpsMessage(3, "carol", mentions: ["carol"])), Now);
        state.Apply(new MessagePosted(DirectMessage(1, "bob", "alice")), Now);

        Assert.Equal(2, state.NoticeCount(away: false));
        var ops = state.Rooms.Single(r => r.Name == "ops");
        Assert.Equal((3, 1), (ops.Unread, ops.Mentions));
        Assert.True(state.UnreadElsewhere);
    }

    [Fact]
    public void TheServersMentionCounts_AreShown_AndAMovedMarkerBringsNewOnes()
    {
        var state = new ChatViewState("alice");
        state.Apply(new SessionStarted("alice", [ChatNames.General, "ops"], ["alice"],
            [new UnreadCount(ConversationKey.ForRoom("ops"), "ops", null, 5, 10, 15, Mentions: 2)]), Now);
        state.Open(ChatTarget.ToRoom(ChatNames.General));
        Assert.Equal(2, state.Rooms.Single(r => r.Name == "ops").Mentions);
        Assert.Equal(2, state.NoticeCount(away: false));

        state.Apply(new ReadMarkerChanged("alice", "ops", null, 13, unread: 2, countedThrough: 15, mentions: 1), Now);
        Assert.Equal(1, state.NoticeCount(away: false));

        state.Apply(new ReadMarkerChanged("alice", "ops", null, 15), Now);
        Assert.Equal(0, state.Rooms.Single(r => r.Name == "ops").Mentions);
        Assert.False(state.UnreadElsewhere);
    }

    [Fact]
    public void AMarkerMovedByAnotherTab_ClearsTheMentionsItCovers()
    {
        var state = OpenGeneral();
        state.Apply(new MessagePosted(OpsMessage(1, "bob", mentions: ["alice"])), Now);
        state.Apply(new MessagePosted(OpsMessage(2, "bob", mentions: ["alice"])), Now);

        state.MarkedRead(ChatTarget.ToRoom("ops"), 1);

        Assert.Equal(1, state.Rooms.Single(r => r.Name == "ops").Mentions);
        Assert.Equal(1, state.NoticeCount(away: false));
    }

    [Fact]
    public void OpeningAConversation_ClearsItsCounts()
    {
        var state = OpenGeneral();
        state.Apply(new MessagePosted(DirectMessage(1, "bob", "alice")), Now);
        state.Apply(new MessagePosted(OpsMessage(1, "bob", mentions: ["alice"])), Now);

        state.Open(ChatTarget.ToUser("bob"));
        Assert.Equal(1, state.NoticeCount(away: false));
        state.Open(ChatTarget.ToRoom("ops"));

        Assert.Equal(0, state.NoticeCount(away: false));
        Assert.False(state.UnreadElsewhere);
    }

    [Fact]
    public void WhileAway_WhatArrivesInTheOpenConversation_CountsToo()
    {
        var state = new ChatViewState("alice");
        state.Open(ChatTarget.ToUser("bob"));
        state.Window.ShowNewest([]);

        state.Apply(new MessagePosted(DirectMessage(1, "bob", "alice")), Now);
        state.Apply(new MessagePosted(DirectMessage(2, "alice", "bob")), Now);

        Assert.Equal(1, state.NoticeCount(away: true));
        Assert.Equal(0, state.NoticeCount(away: false));
        state.MarkedRead(ChatTarget.ToUser("bob"), 2);
        Assert.Equal(0, state.NoticeCount(away: true));
    }

    [Fact]
    public void DirectMessages_AndMentions_TheReaderCannotSee_AreWorthAnnouncing()
    {
        var state = OpenGeneral();

        Assert.True(state.WorthAnnouncing(DirectMessage(1, "bob", "alice"), away: false));
        Assert.True(state.WorthAnnouncing(OpsMessage(1, "bob", mentions: ["alice"]), away: false));
        Assert.True(state.WorthAnnouncing(GeneralMessage(1, "bob", mentions: ["alice"]), away: true));
        Assert.False(state.WorthAnnouncing(GeneralMessage(1, "bob", mentions: ["alice"]), away: false)); // in plain view
        Assert.False(state.WorthAnnouncing(OpsMessage(2, "bob"), away: true));
        Assert.False(state.WorthAnnouncing(DirectMessage(2, "alice", "bob"), away: true));
        Assert.False(state.WorthAnnouncing(OpsMessage(3, "alice", mentions: ["alice"]), away: true));
    }

    private static ChatViewState OpenGeneral()
    {
        var state = new ChatViewState("alice");
        state.Apply(new SessionStarted("alice", [ChatNames.General, "ops"], ["alice", "bob"]), Now);
        state.Open(ChatTarget.ToRoom(ChatNames.General));
        return state;
    }

    private static ChatMessage OpsMessage(long seq, string from, string[]? mentions = null) =>
        new($"o{seq}", ConversationKey.ForRoom("ops"), seq, from, "ops", null, $"ops {seq}", Now, null) { Mentions = mentions ?? [] };

    private static ChatMessage GeneralMessage(long seq, string from, string[]? mentions = null) =>
        new($"g{seq}", ConversationKey.ForRoom(ChatNames.General), seq, from, ChatNames.General, null, $"hi {seq}", Now, null)
        {
            Mentions = mentions ?? [],
        };

    private static ChatMessage DirectMessage(long seq, string from, string to) =>
        new($"d{seq}", ConversationKey.ForDirect(from, to), seq, from, null, to, $"dm {seq}", Now, null);
}
