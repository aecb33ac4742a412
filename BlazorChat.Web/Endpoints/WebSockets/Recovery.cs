namespace BlazorChat.Web.Endpoints.WebSockets;

/// <summary>
/// Recovered messages of a room still to send after a join's reply, in pages of <c>PageSize</c>: seqs after
/// <c>AfterSeq</c> through <c>ThroughSeq</c>.
/// </summary>
internal sealed record Recovery(string Room, long AfterSeq, long ThroughSeq, int PageSize);
