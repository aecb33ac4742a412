using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Infrastructure.Persistence;

internal sealed partial class EfChatMessageStore
{
    /// <summary>
    /// Commits exactly these messages as one group — what the writer does with the messages it took from its channel —
    /// and returns them as stored. For the micro-benchmarks, which need groups of a chosen size (the writer takes
    /// whatever is waiting); it runs beside the writer, not through it, so use it only while nothing else is queued.
    /// </summary>
    internal async Task<ChatMessage[]> CommitGroupAsync(IReadOnlyList<NewMessage> messages)
    {
        var group = messages.Select(message => new PendingAppend(message)).ToList();
        await CommitAsync([.. group]);
        return await Task.WhenAll(group.Select(pending => pending.Committed.Task));
    }
}
