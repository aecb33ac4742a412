using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;

namespace BlazorChat.Tests.Support;

/// <summary>
/// A user validator to add after Identity's own (<c>AddSingleton&lt;IUserValidator&lt;ChatUser&gt;&gt;(gate)</c>),
/// so it runs after the duplicate-name check. Once held, it lets no registration go on to be stored until a number
/// of them have been checked: the interleaving in which every one of them saw the name free.
/// </summary>
public sealed class RegistrationGate : IUserValidator<ChatUser>
{
    private TaskCompletionSource _open = Open();
    private int _waiting;
    private int _parties;

    /// <summary>From now on, registrations wait here until <paramref name="parties"/> of them have arrived.</summary>
    public void HoldUntil(int parties)
    {
        _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting = 0;
        _parties = parties;
    }

    public async Task<IdentityResult> ValidateAsync(UserManager<ChatUser> manager, ChatUser user)
    {
        var open = _open;
        if (Interlocked.Increment(ref _waiting) >= _parties)
        {
            open.TrySetResult();
        }

        try
        {
            await open.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            // Not every racer arrived, so the interleaving under test was not forced: fail the registration (and the
            // test) rather than let it pass on whatever order the requests happened to come in.
            return IdentityResult.Failed(new IdentityError { Code = "GateTimedOut", Description = "The registration gate timed out." });
        }

        return IdentityResult.Success;
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }
}
