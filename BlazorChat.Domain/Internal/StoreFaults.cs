namespace BlazorChat.Domain.Internal;

/// <summary>
/// A store that fails (the database is down) answers the request with <c>internal</c>: the caller can retry, and
/// neither front end has to tell a store fault from a bug.
/// </summary>
internal static class StoreFaults
{
    public static async Task<TResult> AreInternalAsync<TResult>(
        Func<Task<TResult>> work, Func<ChatError, TResult> fail, string message)
        where TResult : ChatResult
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ArgumentException)
        {
            return fail(new ChatError(ChatErrorCodes.Internal, message));
        }
    }
}
