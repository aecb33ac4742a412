namespace BlazorChat.Web.Accounts;

/// <summary>
/// Passwords have 8–1,024 characters (as .NET counts them: UTF-16 code units). The upper bound keeps a
/// registration or sign-in from hashing megabytes; it is far beyond any passphrase a person types or a
/// password manager makes.
/// </summary>
internal static class PasswordRules
{
    public const int MinLength = 8;

    public const int MaxLength = 1024;

    /// <summary>The rule as the pages and answers state it.</summary>
    public const string Description = "8–1,024 characters";
}
