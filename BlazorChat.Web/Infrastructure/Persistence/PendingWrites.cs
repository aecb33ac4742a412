using BlazorChat.Domain.Messages;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>A write waiting in <see cref="EfChatMessageStore"/>'s channel for the group its writer commits next.</summary>
internal abstract class PendingWrite
{
    public abstract void Fail(Exception exception);
}

internal sealed class PendingAppend(NewMessage message) : PendingWrite
{
    public NewMessage Message { get; } = message;

    public TaskCompletionSource<ChatMessage> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Fail(Exception exception) => Committed.TrySetException(exception);
}

internal sealed class PendingChange(MessageChangeRequest change) : PendingWrite
{
    public MessageChangeRequest Change { get; } = change;

    public TaskCompletionSource<ChangeOutcome> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Fail(Exception exception) => Committed.TrySetException(exception);
}
