namespace BlazorChat.Domain.Abstractions;

/// <summary>The registered users, as the accounts system knows them.</summary>
public interface IUserDirectory
{
    /// <summary>The user's name as registered, found case-insensitively, or null when nobody has that name.</summary>
    Task<string?> FindAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>All registered user names, as registered.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);
}
