using System.Collections.Concurrent;

namespace BlazorChat.Web.Infrastructure.Redis;

/// <summary>The self-check pings a node has published and is waiting to hear back.</summary>
internal sealed class SelfCheckPings
{
    private const int RememberedLate = 16; // one ping per check: far more than can still be on their way
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _late = new();

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

    /// <summary>
    /// Stops waiting for <paramref name="nonce"/>, but still knows it for a while: on a busy machine a ping's answer can
    /// come after its check gave up, and that is this node's own ping, not another node's of the same name.
    /// </summary>
    public void Forget(string nonce)
    {
        _late.Enqueue(nonce); // before it stops being waited for: an answer in between is still known for ours
        _waiting.TryRemove(nonce, out _);
        while (_late.Count > RememberedLate && _late.TryDequeue(out _))
        {
        }
    }

    /// <summary>Whether <paramref name="nonce"/> is one of this node's recent pings that are no longer waited for.</summary>
    public bool WasOurs(string nonce) => _late.Contains(nonce);
}
