using System.Collections.Concurrent;

namespace BlazorChat.Web.Infrastructure.Redis;

/// <summary>The self-check pings a node has published and is waiting to hear back.</summary>
internal sealed class SelfCheckPings
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    public (string Nonce, Task Answered) Start()
    {
        var nonce = Guid.NewGuid().ToString("N");
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[nonce] = answered;
        return (nonce, answered.Task);
    }

    public void Answer(string nonce)
    {
        if (_waiting.TryGetValue(nonce, out var answered))
        {
            answered.TrySetResult();
        }
    }

    public void Forget(string nonce) => _waiting.TryRemove(nonce, out _);
}
