using System.Collections.Concurrent;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Sends whose commit reported a failure, by sender and clientMsgId. The commit may have happened all the same (its
/// answer got lost); then the retry that finds the stored message must deliver it, as nobody has seen it yet.
/// Bounded: past <see cref="Capacity"/> entries it starts over, as a store failing that often has bigger problems.
/// </summary>
internal sealed class UnconfirmedSends
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<(string Sender, string ClientMsgId), string> _attempts = new();

    /// <summary>Remembers the message id a failed send tried to store.</summary>
    public void Failed(string sender, string clientMsgId, string messageId)
    {
        if (_attempts.Count >= Capacity)
        {
            _attempts.Clear();
        }

        _attempts[(sender.ToLowerInvariant(), clientMsgId)] = messageId;
    }

    /// <summary>True, once, when <paramref name="foundMessageId"/> is what a failed send of the same clientMsgId stored after all.</summary>
    public bool StoredAfterAll(string sender, string? clientMsgId, string foundMessageId) =>
        clientMsgId is not null
        && _attempts.TryRemove(new KeyValuePair<(string, string), string>((sender.ToLowerInvariant(), clientMsgId), foundMessageId));
}
