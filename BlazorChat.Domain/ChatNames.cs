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

    /// <summary>Room names: 1–64 characters of <c>a-z 0-9 _ -</c>.</summary>
    public static bool IsValidRoomName(string? name) =>
        name is { Length: >= 1 and <= 64 } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    /// <summary>Whether two user names name the same user (names are unique case-insensitively).</summary>
    public static bool SameUser(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The comparer for user names as keys.</summary>
    public static StringComparer UserComparer => StringComparer.OrdinalIgnoreCase;
}
