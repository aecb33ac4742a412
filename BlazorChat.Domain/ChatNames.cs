using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace BlazorChat.Domain;

/// <summary>The naming rules of the protocol contract, shared by every front end.</summary>
public static class ChatNames
{
    /// <summary>The room every user belongs to; a message to it is a broadcast to everyone.</summary>
    public const string General = "general";

    /// <summary>User names: 3–32 characters of <c>A-Z a-z 0-9 _ . -</c>.</summary>
    public static bool IsValidUserName([NotNullWhen(true)] string? name) =>
        name is { Length: >= 3 and <= 32 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    /// <summary>
    /// User names nobody may register, in any case: names that people (or a client) could take for the server
    /// itself or its staff, and the mention keywords that address many people at once (<c>@everyone</c>,
    /// <c>@here</c>, <c>@channel</c>, <c>@all</c>). An account that already has one keeps it.
    /// </summary>
    public static IReadOnlySet<string> ReservedUserNames { get; } = new[]
    {
        "system", "server", "blazorchat",
        "admin", "administrator", "root", "moderator",
        "everyone", "here", "channel", "all",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="name"/> is one of the <see cref="ReservedUserNames"/>, in any case.</summary>
    public static bool IsReservedUserName(string? name) => name is not null && ReservedUserNames.Contains(name);

    /// <summary>Room names: 1–64 characters of <c>a-z 0-9 _ -</c>.</summary>
    public static bool IsValidRoomName(string? name) =>
        name is { Length: >= 1 and <= 64 } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    /// <summary>Whether two user names name the same user (names are unique case-insensitively).</summary>
    public static bool SameUser(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The comparer for user names as keys.</summary>
    public static StringComparer UserComparer => StringComparer.OrdinalIgnoreCase;
}
