using BlazorChat.Domain.Internal;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Tests.Domain;

/// <summary>
/// The reassembler as the tests of its message streams drive it: a stored message offered as its posting, and a
/// catch-up to a seq where only messages were committed (so rev equals seq).
/// </summary>
internal static class ReassemblerExtensions
{
    public static Task Offer(this Reassembler reassembler, ChatMessage message) =>
        reassembler.Offer(new ChatChange(ChangeKind.Posted, message.Rev == 0 ? message.Seq : message.Rev, message));

    /// <summary>Adds an audience and returns the cursor (a rev; a seq too while only messages were committed).</summary>
    public static async Task<long> RegisterAsync(this Reassembler reassembler, ConversationKey conversation, Action register, CancellationToken cancellationToken) =>
        (await reassembler.AddAudienceAsync(conversation, register, cancellationToken)).LatestRev;

    public static Task CatchUpAsync(this Reassembler reassembler, ConversationKey conversation, long seq) =>
        reassembler.CatchUpAsync(conversation, seq, seq);
}
