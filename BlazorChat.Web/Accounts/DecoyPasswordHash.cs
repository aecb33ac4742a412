using System.Security.Cryptography;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;

namespace BlazorChat.Web.Accounts;

/// <summary>
/// A password hash that no password matches. A failed sign-in that has no real hash to check (an unknown user, a
/// locked-out account) verifies against it instead, so it costs what a wrong password costs and its timing does
/// not tell whether the account exists.
/// </summary>
internal sealed class DecoyPasswordHash
{
    private static readonly ChatUser Nobody = new();

    // Made by the app's own hasher on first use, so it has the same format and cost as a stored hash.
    private string? _hash;

    public void Verify(IPasswordHasher<ChatUser> hasher, string password)
    {
        var hash = _hash ??= hasher.HashPassword(Nobody, RandomNumberGenerator.GetHexString(32));
        hasher.VerifyHashedPassword(Nobody, hash, password);
    }
}
