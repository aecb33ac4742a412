namespace BlazorChat.Domain.Abstractions;

/// <summary>The registered users, as the accounts system knows them.</summary>
public interface IUserDirectory
{
    /// <summary>The user's name as registered, found case-insensitively, or null when nobody has that name.</summary>
    Task<string?> FindAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>All registered user names, as registered.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// At most <paramref name="limit"/> registered names that contain <paramref name="search"/> (case-insensitively),
    /// names that start with it first, then by name: a directory of any size is found without listing it.
    /// </summary>
    Task<IReadOnlyList<string>> SearchAsync(string search, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many users are registered.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken = default);
}
