using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.InMemory;

/// <summary>Read markers held in memory, counting unread messages in <paramref name="messages"/>; for tests and throwaway servers.</summary>
public sealed class InMemoryReadMarkerStore(InMemoryChatMessageStore messages) : IReadMarkerStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string User, ConversationKey Conversation), long> _markers = [];

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<ConversationKey, long>> GetAsync(string user, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var key = Key(user);
            return Task.FromResult<IReadOnlyDictionary<ConversationKey, long>>(
                _markers.Where(m => m.Key.User == key).ToDictionary(m => m.Key.Conversation, m => m.Value));
        }
    }

    /// <inheritdoc />
    public Task<MarkerUpdate> AdvanceAsync(string user, ConversationKey conversation, long seq, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var key = (Key(user), conversation);
            if (_markers.TryGetValue(key, out var current) && current >= seq)
            {
                return Task.FromResult(new MarkerUpdate(current, Moved: false));
            }

            _markers[key] = seq;
            return Task.FromResult(new MarkerUpdate(seq, Moved: true));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UnreadCount>> CountUnreadAsync(
        string user, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var key = Key(user);
        return Task.FromResult<IReadOnlyList<UnreadCount>>(messages.CountUnread(user, rooms, conversation =>
        {
            lock (_gate)
            {
                return _markers.TryGetValue((key, conversation), out var seq) ? seq : null;
            }
        }));
    }

    private static string Key(string user) => user.ToLowerInvariant();
}
