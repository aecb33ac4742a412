namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>A message's mentions as one column, <c>|alice|bob|</c>: "mentions bob" is a substring test in SQL.</summary>
internal static class MentionList
{
    public static string? Format(IReadOnlyList<string> mentions) => mentions.Count == 0 ? null : "|" + string.Join('|', mentions) + "|";

    public static IReadOnlyList<string> Parse(string? column) =>
        column is null ? [] : column.Split('|', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>What the column contains when it mentions <paramref name="user"/> (as registered).</summary>
    public static string Of(string user) => "|" + user + "|";
}
