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

    /// <summary>False for a ping this node is not waiting for: a late answer, or another node with the same name.</summary>
    public bool Answer(string nonce)
    {
        if (_waiting.TryGetValue(nonce, out var answered))
        {
            answered.TrySetResult();
            return true;
        }

        return false;
    }

    public void Forget(string nonce) => _waiting.TryRemove(nonce, out _);
}
