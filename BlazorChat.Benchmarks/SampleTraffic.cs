using BlazorChat.Domain.Messages;

namespace BlazorChat.Benchmarks;

/// <summary>
/// The inputs every benchmark shares, shaped like the traffic of a busy team: a one-line message of about 100
/// characters with its sender's <c>clientMsgId</c>, to a room or to one person.
/// </summary>
public static class SampleTraffic
{
    public const string Text = "Deploy of 2.14 is done: the new search is live, please report anything odd in #ops before 5 pm. Thanks!";

    public static readonly DateTimeOffset SentAt = new(2026, 12, 1, 17, 30, 12, 345, TimeSpan.Zero);

    /// <summary>A stored room message as the store hands it to delivery.</summary>
    public static ChatMessage RoomMessage(string room, long seq = 12_345) =>
        new($"m-{seq:x12}", ConversationKey.ForRoom(room), seq, "alice", room, null, Text, SentAt, "c-7f3a9e21")
        {
            Rev = seq,
            Version = seq,
        };

    /// <summary>A stored direct message.</summary>
    public static ChatMessage DirectMessage(string from, string to, long seq = 321) =>
        new($"m-{seq:x12}", ConversationKey.ForDirect(from, to), seq, from, null, to, Text, SentAt, "c-7f3a9e22")
        {
            Rev = seq,
            Version = seq,
        };
}
