using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Persistence;

/// <summary>Messages and rooms for the store tests, and a bounded wait for a store's condition.</summary>
internal static class StoreMessages
{
    public static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A room no other test writes to.</summary>
    public static ConversationKey Room() => ConversationKey.ForRoom("r-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>A new message of <paramref name="conversation"/> (a direct one goes to bob).</summary>
    public static NewMessage New(ConversationKey conversation, string text, string from = "alice", string? clientMsgId = null, DateTimeOffset? sentAt = null) =>
        new(Guid.CreateVersion7().ToString("N"), conversation, from, conversation.Room, conversation.Room is null ? "bob" : null, text, sentAt ?? Now, clientMsgId);

    /// <summary>Polls a condition of the store, with a deadline.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, deadline.Token); // polling a condition, with a deadline
        }
    }
}
