using BlazorChat.Domain.Internal;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Domain;

/// <summary>
/// The reassembler's output as a test sees it: listeners of a conversation, each recording what was delivered while it
/// listened. Deliveries of one conversation that overlap (two threads inside <see cref="Deliver"/> at once) are counted
/// as <see cref="Overlaps"/>: the reassembler promises they never happen.
/// </summary>
internal sealed class RecordingAudience : IMessageAudience
{
    private readonly Lock _gate = new();
    private readonly List<Listener> _listeners = [];
    private readonly Dictionary<string, int> _inside = new(StringComparer.Ordinal);
    private int _overlaps;

    public int Overlaps => Volatile.Read(ref _overlaps);

    /// <summary>Adds a listener of <paramref name="conversation"/>: it receives what is delivered from now on.</summary>
    public Listener Listen(ConversationKey conversation)
    {
        var listener = new Listener(conversation);
        lock (_gate)
        {
            _listeners.Add(listener);
        }

        return listener;
    }

    public void Stop(Listener listener)
    {
        lock (_gate)
        {
            _listeners.Remove(listener);
        }
    }

    public bool HasAudience(ConversationKey conversation)
    {
        lock (_gate)
        {
            return _listeners.Exists(l => l.Conversation == conversation);
        }
    }

    public void Deliver(ChatChange change)
    {
        var message = change.Message;
        Listener[] listeners;
        lock (_gate)
        {
            var inside = _inside.GetValueOrDefault(message.Conversation.Value) + 1;
            _inside[message.Conversation.Value] = inside;
            if (inside > 1)
            {
                _overlaps++;
            }

            listeners = [.. _listeners.Where(l => l.Conversation == message.Conversation)];
        }

        // Outside the gate, so that another delivery of the conversation, were there one, could really overlap this one.
        foreach (var listener in listeners)
        {
            listener.Add(change);
        }

        lock (_gate)
        {
            _inside[message.Conversation.Value]--;
        }
    }
}

/// <summary>What one listener of a conversation received, in order; waits are bounded.</summary>
internal sealed class Listener(ConversationKey conversation)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private readonly List<ChatMessage> _received = [];
    private readonly List<ChatChange> _changes = [];
    private readonly List<(long Seq, TaskCompletionSource Reached)> _waiters = [];

    public ConversationKey Conversation { get; } = conversation;

    public IReadOnlyList<long> Seqs
    {
        get
        {
            lock (_gate)
            {
                return [.. _received.Select(m => m.Seq)];
            }
        }
    }

    /// <summary>Every change received (posts and the rest), in order.</summary>
    public IReadOnlyList<ChatChange> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    public IReadOnlyList<ChatMessage> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Completes once a message with <paramref name="seq"/> or later was received; faults after a deadline.</summary>
    public Task ReachedAsync(long seq)
    {
        lock (_gate)
        {
            if (_received.Count > 0 && _received[^1].Seq >= seq)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((seq, reached));
            return reached.Task.WaitAsync(Deadline);
        }
    }

    internal void Add(ChatChange change)
    {
        var message = change.Message;
        lock (_gate)
        {
            _changes.Add(change);
            if (change.Kind != ChangeKind.Posted)
            {
                return; // the message stream (Seqs, Received) holds posts
            }

            _received.Add(message);
            _waiters.RemoveAll(w => w.Seq <= message.Seq && w.Reached.TrySetResult());
        }
    }
}
