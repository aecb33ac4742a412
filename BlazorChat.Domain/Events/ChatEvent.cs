namespace BlazorChat.Domain.Events;

/// <summary>
/// Something a subscriber is told. One instance is shared by every subscriber it reaches, so a transport
/// serialises it once through <see cref="GetOrCreateFrame{TFrame}"/> rather than once per subscriber.
/// </summary>
public abstract class ChatEvent
{
    // Written once by whichever subscriber serialises first; read by the rest.
    private object? _frame;

    /// <summary>Returns the cached wire form of this event, creating it on first use.</summary>
    public TFrame GetOrCreateFrame<TFrame>(Func<ChatEvent, TFrame> serialize) where TFrame : class?
    {
        ArgumentNullException.ThrowIfNull(serialize);
        if (Volatile.Read(ref _frame) is TFrame cached)
        {
            return cached;
        }

        var created = serialize(this);
        return Interlocked.CompareExchange(ref _frame, created, null) as TFrame ?? created;
    }
}
