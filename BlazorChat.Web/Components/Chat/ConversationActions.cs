using BlazorChat.Domain;
using BlazorChat.Domain.Messages;
using MudBlazor;

namespace BlazorChat.Web.Components.Chat;

/// <summary>
/// What the reader does to messages on the chat page: react, reply, edit, delete, open threads (cascaded to the
/// bubbles as <see cref="IMessageActions"/>), and the thread's and the quotes' reading. Every change goes through the
/// chat service; its answer is applied at once (the same change arriving live is then ignored by its version). Owned by
/// the chat page, used on its dispatcher only.
/// </summary>
internal sealed class ConversationActions(
    IChatRoomService chatService, ChatViewState state, ConversationHistory history, ISnackbar snackbar, IChatPage page)
    : IMessageActions
{
    /// <summary>The message being replied to in the composer, or null.</summary>
    public ChatMessage? ReplyingTo { get; private set; }

    public string Me => state.Me;

    public string? EditingId { get; private set; }

    public ChatMessage? RootOf(ChatMessage reply) => state.RootOf(reply);

    public async Task ReactAsync(ChatMessage message, string emoji, bool on)
    {
        var result = await chatService.ReactAsync(Me, message.MessageId, emoji, on);
        if (result.Error is { } error)
        {
            snackbar.Add(error.Message, Severity.Warning);
        }
        else if (result.Value is { } change)
        {
            page.ApplyOwn(change);
        }
    }

    public void Reply(ChatMessage message)
    {
        EditingId = null;
        ReplyingTo = message;
        page.Render();
        _ = page.FocusComposerAsync();
    }

    public void Edit(ChatMessage message)
    {
        ReplyingTo = null;
        EditingId = message.MessageId;
        page.Render();
    }

    public void CancelEdit()
    {
        EditingId = null;
        page.Render();
        _ = page.FocusComposerAsync();
    }

    public async Task<ChatError?> SaveEditAsync(ChatMessage message, string text)
    {
        if (text == message.Text)
        {
            CancelEdit(); // nothing changed: no new version
            return null;
        }

        var result = await chatService.EditAsync(Me, message.MessageId, text);
        if (result.Error is { } error)
        {
            return error;
        }

        page.ApplyOwn(result.Value!);
        CancelEdit();
        return null;
    }

    public async Task DeleteAsync(ChatMessage message)
    {
        var result = await chatService.DeleteAsync(Me, message.MessageId);
        if (result.Error is { } error)
        {
            snackbar.Add(error.Message, Severity.Warning);
            return;
        }

        page.ApplyOwn(result.Value!);
        if (ReplyingTo?.MessageId == message.MessageId)
        {
            ReplyingTo = null;
        }
    }

    public async Task OpenThreadAsync(ChatMessage message)
    {
        var target = state.Current;
        var result = await chatService.GetThreadAsync(Me, message.ReplyTo ?? message.MessageId, limit: ThreadView.PageSize);
        if (result.Error is { } error)
        {
            snackbar.Add(error.Message, Severity.Warning);
            return;
        }

        if (state.Current == target)
        {
            state.OpenThread(result.Value!);
            page.Render();
        }
    }

    public async Task ShowRootAsync(ChatMessage reply)
    {
        if (reply.ReplyTo is { } id && state.Window.Find(id) is { } root)
        {
            history.ScrollTo = new ScrollRequest { Seq = root.Seq, Offset = 48 }; // chat.js scrolls it into view
            page.Render();
            return;
        }

        await OpenThreadAsync(reply); // not shown here: its thread shows it
    }

    /// <summary>↑ in the empty composer.</summary>
    public void EditLast()
    {
        if (state.LastOwnMessage() is { } mine)
        {
            Edit(mine);
        }
    }

    /// <summary>The reply was sent or given up.</summary>
    public void ReplyDone() => ReplyingTo = null;

    /// <summary>Another conversation opened: a reply or an edit under way belonged to the one before.</summary>
    public void Forget() => (ReplyingTo, EditingId) = (null, null);

    public async Task LoadMoreRepliesAsync()
    {
        if (state.Thread is not { } thread)
        {
            return;
        }

        var result = await chatService.GetThreadAsync(Me, thread.Root.MessageId, thread.LastSeq, ThreadView.PageSize);
        if (result.Value is { } page && state.Thread == thread)
        {
            thread.AddPage(page.Replies);
        }
        else if (result.Error is { } error)
        {
            snackbar.Add(error.Message, Severity.Warning);
        }
    }

    /// <summary>Reads, once each, the roots quoted by replies shown whose root is not (an older page, or gone by); true when any arrived.</summary>
    public async Task<bool> ReadMissingQuotesAsync()
    {
        var target = state.Current;
        var changed = false;
        foreach (var id in state.QuotesToRead())
        {
            var result = await chatService.GetThreadAsync(Me, id, limit: 1);
            if (result.Value is { } thread && state.Current == target)
            {
                state.AddQuoted(thread.Root);
                changed = true;
            }
        }

        return changed;
    }
}
