namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// Ends typing notices that were not renewed: while anyone types in the open conversation, a timer checks every
/// second on the page's dispatcher and re-renders when a notice went; it stops once nobody types. Owned by the chat
/// page, disposed with it.
/// </summary>
/// <param name="invoke">The page's dispatcher (<c>InvokeAsync</c>).</param>
/// <param name="render">Re-renders the page.</param>
internal sealed class TypingExpiry(TimeProvider time, ChatViewState state, Func<Action, Task> invoke, Action render) : IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    private ITimer? _timer;
    private bool _disposed;

    /// <summary>Called after a typing notice was applied: starts the checks unless they run.</summary>
    public void Watch()
    {
        if (state.AnyoneTyping)
        {
            _timer ??= time.CreateTimer(_ => _ = invoke(Expire), null, CheckEvery, CheckEvery);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _timer?.Dispose();
        _timer = null;
    }

    private void Expire()
    {
        if (_disposed)
        {
            return;
        }

        if (state.ExpireTyping(time.GetUtcNow()))
        {
            render();
        }

        if (!state.AnyoneTyping)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }
}
