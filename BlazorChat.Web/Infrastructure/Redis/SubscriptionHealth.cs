namespace BlazorChat.Web.Infrastructure.Redis;

/// <summary>
/// Whether a node's subscription answered its last self-check, kept with what can undo that answer: how many connection
/// failures were seen (a check that straddles a failure proves nothing) and the signal of the next failure (which ends a
/// check's wait for its ping at once). The connection reports failures; the subscription runs the checks.
/// </summary>
internal sealed class SubscriptionHealth
{
    private readonly Lock _state = new(); // guards the three fields below
    private bool _verified;
    private long _failures;
    private TaskCompletionSource _lost = NewSignal();

    /// <summary>Whether the last check was answered, with no connection failure since.</summary>
    public bool IsVerified
    {
        get
        {
            lock (_state)
            {
                return _verified;
            }
        }
    }

    /// <summary>
    /// What a check starts from: the failures so far, and a task that completes on the next one. The two are taken
    /// together, so that any failure from here on both ends the check's wait and keeps it from verifying.
    /// </summary>
    public (long FailuresBefore, Task Lost) BeginCheck()
    {
        lock (_state)
        {
            return (_failures, _lost.Task);
        }
    }

    /// <summary>A check was answered: verified, unless a connection failed since it began.</summary>
    public bool EndAnsweredCheck(long failuresBefore)
    {
        lock (_state)
        {
            _verified = _failures == failuresBefore;
            return _verified;
        }
    }

    /// <summary>
    /// A connection failed: no longer verified, the failure counted, and a check under way told. Returns whether the
    /// subscription was verified until now: a working connection lost, rather than one still down.
    /// </summary>
    public bool ConnectionFailed()
    {
        bool wasVerified;
        TaskCompletionSource lost;
        lock (_state)
        {
            (wasVerified, _verified) = (_verified, false);
            _failures++;
            (lost, _lost) = (_lost, NewSignal());
        }

        lost.TrySetResult();
        return wasVerified;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
