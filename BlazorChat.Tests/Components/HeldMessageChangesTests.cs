using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using BlazorChat.Web.Components.Chat;

namespace BlazorChat.Tests.Components;

/// <summary>
/// Changes to the messages a window holds, on the held list itself: a reply counts on its root once per conversation,
/// and a root's change keeps the replies counted here.
/// </summary>
public sealed class HeldMessageChangesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AReplyOfTheNextConversation_WithASeqCountedBefore_CountsAgain_OnceCleared()
    {
        var held = Held(Message(1));
        var changes = new HeldMessageChanges(held);
        Assert.True(changes.CountReply(Message(2) with { ReplyTo = "m1" }));
        Assert.False(changes.CountReply(Message(2) with { ReplyTo = "m1" }));

        changes.Clear();
        held.Clear();
        held.Add(1, Message(1) with { MessageId = "other-m1" }); // another conversation, whose seqs start at 1 too

        Assert.True(changes.CountReply(Message(2) with { MessageId = "other-m2", ReplyTo = "other-m1" }));
        Assert.Equal(1, held[1].ReplyCount);
    }

    [Fact]
    public void AReplyToARootNotHeld_ChangesNothing_AndARootsChangeKeepsTheCountMadeHere()
    {
        var held = Held(Message(1));
        var changes = new HeldMessageChanges(held);

        Assert.False(changes.CountReply(Message(3) with { ReplyTo = "m0" }));
        Assert.True(changes.CountReply(Message(2) with { ReplyTo = "m1", SentAt = Now.AddMinutes(2) }));
        Assert.True(changes.Apply(new ChatChange(ChangeKind.Edited, 5, Message(1) with { Text = "fixed", Version = 5 })));

        Assert.Equal(("fixed", 1, Now.AddMinutes(2)), (held[1].Text, held[1].ReplyCount, held[1].LastReplyAt));
        Assert.Same(held[1], changes.Find("m1"));
    }

    private static SortedList<long, ChatMessage> Held(params ChatMessage[] messages)
    {
        var held = new SortedList<long, ChatMessage>();
        foreach (var message in messages)
        {
            held.Add(message.Seq, message);
        }

        return held;
    }

    private static ChatMessage Message(long seq) =>
        new($"m{seq}", ConversationKey.ForRoom(ChatNames.General), seq, "bob", ChatNames.General, null, $"message {seq}", Now, null)
        {
            Rev = seq,
            Version = seq,
        };
}
