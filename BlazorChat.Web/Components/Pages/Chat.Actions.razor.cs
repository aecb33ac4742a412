using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Web.Components.Chat;
using MudBlazor;

namespace BlazorChat.Web.Components.Pages;

// What the reader does to messages: react, reply, edit, delete, open threads. Every change goes through the chat
// service; its answer is applied at once (the same change arriving live is then ignored by its version).
public sealed partial class Chat : IMessageActions
{
    private string? _editingId;
    private ChatMessage? _replyingTo;

    private IMessageActions Actions => this;

    string IMessageActions.Me => _me;

    string? IMessageActions.EditingId => _editingId;

    ChatMessage? IMessageActions.RootOf(ChatMessage reply) => _state?.RootOf(reply);

    async Task IMessageActions.ReactAsync(ChatMessage message, string emoji, bool on)
    {
        var result = await ChatService.ReactAsync(_me, message.MessageId, emoji, on);
        if (result.Error is { } error)
        {
            Snackbar.Add(error.Message, Severity.Warning);
        }
        else if (result.Value is { } change)
        {
            ApplyOwn(change);
        }
    }

    void IMessageActions.Reply(ChatMessage message)
    {
        _editingId = null;
        _replyingTo = message;
        StateHasChanged();
        _ = _composer?.FocusAsync();
    }

    void IMessageActions.Edit(ChatMessage message)
    {
        _replyingTo = null;
        _editingId = message.MessageId;
        StateHasChanged();
    }

    void IMessageActions.CancelEdit()
    {
        _editingId = null;
        StateHasChanged();
        _ = _composer?.FocusAsync();
    }

    async Task<ChatError?> IMessageActions.SaveEditAsync(ChatMessage message, string text)
    {
        if (text == message.Text)
        {
            Actions.CancelEdit(); // nothing changed: no new version
            return null;
        }

        var result = await ChatService.EditAsync(_me, message.MessageId, text);
        if (result.Error is { } error)
        {
            return error;
        }

        ApplyOwn(result.Value!);
        Actions.CancelEdit();
        return null;
    }

    async Task IMessageActions.DeleteAsync(ChatMessage message)
    {
        var result = await ChatService.DeleteAsync(_me, message.MessageId);
        if (result.Error is { } error)
        {
            Snackbar.Add(error.Message, Severity.Warning);
            return;
        }

        ApplyOwn(result.Value!);
        if (_replyingTo?.MessageId == message.MessageId)
        {
            _replyingTo = null;
        }
    }

    async Task IMessageActions.OpenThreadAsync(ChatMessage message)
    {
        var target = _state?.Current;
        var result = await ChatService.GetThreadAsync(_me, message.ReplyTo ?? message.MessageId, limit: ThreadView.PageSize);
        if (result.Error is { } error)
        {
            Snackbar.Add(error.Message, Severity.Warning);
            return;
        }

        if (_state is not null && _state.Current == target)
        {
            _state.OpenThread(result.Value!);
            StateHasChanged();
        }
    }

    async Task IMessageActions.ShowRootAsync(ChatMessage reply)
    {
        if (reply.ReplyTo is { } id && _state?.Window.Find(id) is { } root)
        {
            _scrollTo = new ScrollRequest { Seq = root.Seq, Offset = 48 }; // chat.js scrolls it into view
            StateHasChanged();
            return;
        }

        await Actions.OpenThreadAsync(reply); // not shown here: its thread shows it
    }

    // ↑ in the empty composer.
    private void EditLast()
    {
        if (_state?.LastOwnMessage() is { } mine)
        {
            Actions.Edit(mine);
        }
    }

    private void ReplyDone() => _replyingTo = null;

    // Another conversation opened: a reply or an edit under way belonged to the one before.
    private void ForgetMessageActions() => (_replyingTo, _editingId) = (null, null);

    private void CloseThread() => _state?.CloseThread();

    private async Task LoadMoreRepliesAsync()
    {
        if (_state?.Thread is not { } thread)
        {
            return;
        }

        var result = await ChatService.GetThreadAsync(_me, thread.Root.MessageId, thread.LastSeq, ThreadView.PageSize);
        if (result.Value is { } page && _state.Thread == thread)
        {
            thread.AddPage(page.Replies);
        }
        else if (result.Error is { } error)
        {
            Snackbar.Add(error.Message, Severity.Warning);
        }
    }

    private void OnThreadReplySent(ChatMessage reply) => _state?.Merge([reply]);

    // Reads, once each, the roots quoted by replies shown whose root is not (an older page, or gone by).
    private async Task ReadMissingQuotesAsync()
    {
        if (_state is null || _connection is null)
        {
            return;
        }

        var target = _state.Current;
        var changed = false;
        foreach (var id in _state.QuotesToRead())
        {
            var result = await ChatService.GetThreadAsync(_me, id, limit: 1);
            if (result.Value is { } thread && _state.Current == target)
            {
                _state.AddQuoted(thread.Root);
                changed = true;
            }
        }

        if (changed)
        {
            StateHasChanged();
        }
    }

    private void ApplyOwn(ChatChange change) => Apply(new MessageChanged(change));
}
