using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// "Someone is typing" notices: at most one a second per user and conversation, told here and to the other nodes.
/// Typing is a hint, so extra notices are accepted and dropped, not refused.
/// </summary>
internal sealed class TypingHints(TargetResolver targets, LocalDelivery local, BackplaneOutbox outbox, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly TokenBucketLimiter _limiter = new(time, 1, 1 / Interval.TotalSeconds);

    public async Task<ChatResult> TypingAsync(string user, ChatTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var resolved = await targets.ResolveAsync(user, target, cancellationToken).ConfigureAwait(false);
        if (resolved.Error is { } error)
        {
            return error;
        }

        var (conversation, room, to) = resolved.Value!;
        if (_limiter.TryTake(Key(user, conversation)) is null)
        {
            local.Typing(user, room, to);
            outbox.Post(new TypingNotice(outbox.Node, user, room, to));
        }

        return ChatResult.Ok;
    }

    /// <summary>A message ends its sender's typing there: the next keystroke is told at once.</summary>
    public void Ended(string user, ConversationKey conversation) => _limiter.Reset(Key(user, conversation));

    private static string Key(string user, ConversationKey conversation) => $"{user}\n{conversation.Value}";
}
