namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// The order and the idempotence of a composer's sends: Enter while a send is under way queues, never drops; Enter
/// twice on the same draft sends it once; sending the same text again after a failure reuses its clientMsgId, so a
/// retry never doubles it. Owned by one <see cref="Composer"/>.
/// </summary>
internal sealed class ComposerSendQueue
{
    private readonly SemaphoreSlim _order = new(1, 1);
    private int? _inFlightDraft; // the draft being sent
    private (string Text, string ClientMsgId)? _retry; // the last text that failed to send, and its id

    /// <summary>Whether the draft (by its version) is being sent already.</summary>
    public bool IsSending(int draft) => _inFlightDraft == draft;

    /// <summary>
    /// Runs <paramref name="send"/> (with the text's clientMsgId) after the sends before it; true when it says the
    /// message was accepted.
    /// </summary>
    public async Task<bool> RunAsync(int draft, string text, Func<string, Task<bool>> send)
    {
        _inFlightDraft = draft;
        await _order.WaitAsync();
        try
        {
            if (_retry?.Text != text)
            {
                _retry = (text, Guid.NewGuid().ToString("N"));
            }

            if (!await send(_retry.Value.ClientMsgId))
            {
                return false;
            }

            _retry = null;
            return true;
        }
        finally
        {
            _inFlightDraft = null;
            _order.Release();
        }
    }
}
