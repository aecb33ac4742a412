namespace BlazorChat.LoadGen;

/// <summary>
/// What one measured phase sends: each of <paramref name="Users"/> sends <paramref name="Messages"/> messages as the
/// <paramref name="Scenario"/> says, with at most <paramref name="Window"/> unacknowledged per socket.
/// </summary>
internal sealed record LoadPhase(Scenario Scenario, IReadOnlyList<string> Users, int Messages, int Window)
{
    /// <summary>Messages per second from all clients together, or null to send as fast as the window allows (a flood).</summary>
    public double? Rate { get; init; }

    /// <summary>How many messages each conversation already had, so that this phase's seqs start after them.</summary>
    public IReadOnlyDictionary<string, int> SeqsBefore { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Part of every <c>clientMsgId</c>: a later phase on the same server needs another, or the server would take its
    /// sends for retries of the earlier phase's and answer with their seqs.
    /// </summary>
    public string Tag { get; init; } = "m";
}
