using System.Collections.Concurrent;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Publishes each conversation's messages in the order they were queued, whatever order their commits' continuations
/// happen to run in. A failed commit publishes nothing and holds nobody up. Callers hold the conversation's lock
/// while they call <see cref="Then"/> or <see cref="DrainAsync"/>, so the order of calls is the order of seqs.
/// </summary>
internal sealed class InOrderPublisher
{
    // The last publication of each conversation with one still pending; removed once it is done.
    private readonly ConcurrentDictionary<string, Task> _tails = new(StringComparer.Ordinal);

    /// <summary>Publishes the committed message after every earlier one of the conversation; completes with it.</summary>
    public Task<ChatMessage> Then(string conversation, Task<ChatMessage> commit, Action<ChatMessage> publish)
    {
        var previous = _tails.TryGetValue(conversation, out var tail) ? tail : Task.CompletedTask;
        var published = PublishAfterAsync(previous, commit, publish);
        if (!published.IsCompleted)
        {
            _tails[conversation] = published;
            published.ContinueWith(
                done => _tails.TryRemove(new KeyValuePair<string, Task>(conversation, done)),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return published;
    }

    /// <summary>Completes once every message queued so far for the conversation is published or has failed.</summary>
    public Task DrainAsync(string conversation) =>
        _tails.TryGetValue(conversation, out var tail)
            ? tail.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
            : Task.CompletedTask;

    private static async Task<ChatMessage> PublishAfterAsync(Task previous, Task<ChatMessage> commit, Action<ChatMessage> publish)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var message = await commit.ConfigureAwait(false);
        publish(message);
        return message;
    }
}
