using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Support;

internal static class MessageStoreExtensions
{
    /// <summary>Queues a message and waits for its commit, as one send does.</summary>
    public static async Task<ChatMessage> AppendAsync(this IChatMessageStore store, NewMessage message) =>
        await await store.EnqueueAsync(message);
}
