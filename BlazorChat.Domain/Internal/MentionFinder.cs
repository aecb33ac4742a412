using BlazorChat.Domain.Abstractions;
using BlazorChat.Domain.Messages;

namespace BlazorChat.Domain.Internal;

/// <summary>
/// Finds whom a text mentions: registered users written as <c>@name</c> — at the start or after a character that is
/// not a letter, digit, <c>_</c>, <c>.</c> or <c>-</c>, matched case-insensitively — who can read the conversation.
/// A name ends where the text stops looking like one, or before a <c>.</c> or <c>-</c>: <c>@bob</c>, <c>@bob,</c> and
/// <c>@bob.</c> mention bob, <c>@bobby</c> does not, and <c>@bob.smith</c> mentions bob.smith when that is a reader
/// (the longest reader wins), else bob.
/// </summary>
internal sealed class MentionFinder(IUserDirectory users, Func<string, string, CancellationToken, Task<bool>> isMember)
{
    /// <summary>The most distinct names one text is looked up for: a text full of <c>@</c>s costs a bounded number of queries.</summary>
    public const int MaxLookups = 50;

    /// <summary>The readers of the conversation that <paramref name="text"/> mentions, as registered, in order of first mention.</summary>
    public async Task<IReadOnlyList<string>> FindAsync(ConversationKey conversation, string text, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        var looked = new Dictionary<string, string?>(ChatNames.UserComparer);
        foreach (var candidates in Candidates(text))
        {
            foreach (var candidate in candidates)
            {
                if (!looked.TryGetValue(candidate, out var reader))
                {
                    if (looked.Count >= MaxLookups)
                    {
                        return found;
                    }

                    reader = await ReaderAsync(conversation, candidate, cancellationToken).ConfigureAwait(false);
                    looked[candidate] = reader;
                }

                if (reader is not null)
                {
                    if (!found.Contains(reader, ChatNames.UserComparer))
                    {
                        found.Add(reader);
                    }

                    break; // the longest name that is a reader
                }
            }
        }

        return found;
    }

    /// <summary>
    /// For each <c>@</c> at a mention's start, the names it could be, longest first: the run of name characters after
    /// it, and each shorter run that ends before a <c>.</c> or <c>-</c> (which can end a sentence).
    /// </summary>
    internal static IEnumerable<List<string>> Candidates(string text)
    {
        for (var at = text.IndexOf('@'); at >= 0; at = text.IndexOf('@', at + 1))
        {
            if (at > 0 && IsWordCharacter(text[at - 1]))
            {
                continue; // an address like alice@example.org
            }

            var end = at + 1;
            while (end < text.Length && IsNameCharacter(text[end]))
            {
                end++;
            }

            var names = new List<string>();
            for (var stop = end; stop > at + 1; stop--)
            {
                var ends = stop == end || text[stop] is '.' or '-';
                var name = text[(at + 1)..stop];
                if (ends && ChatNames.IsValidUserName(name))
                {
                    names.Add(name);
                }
            }

            if (names.Count > 0)
            {
                yield return names;
            }
        }
    }

    private async Task<string?> ReaderAsync(ConversationKey conversation, string candidate, CancellationToken cancellationToken)
    {
        if (conversation.IsDirect)
        {
            // Only the two participants read a direct conversation; no need to ask the directory.
            var participants = conversation.Value[3..].Split('|');
            if (!participants.Contains(candidate.ToLowerInvariant()))
            {
                return null;
            }
        }

        var user = await users.FindAsync(candidate, cancellationToken).ConfigureAwait(false);
        return user is null || (conversation.Room is { } room && !await isMember(user, room, cancellationToken).ConfigureAwait(false))
            ? null
            : user;
    }

    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or '-';

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
}
