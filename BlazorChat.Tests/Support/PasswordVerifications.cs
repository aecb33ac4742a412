using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorChat.Tests.Support;

/// <summary>
/// Counts an app's password verifications: the costly step (PBKDF2) whose presence or absence would tell an
/// attacker, by timing, whether an account exists. Tests count it instead of timing it.
/// </summary>
public sealed class PasswordVerifications
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Makes the app's password hasher (Identity's own, unchanged) count here.</summary>
    public void CountIn(IServiceCollection services) =>
        services.AddScoped<IPasswordHasher<ChatUser>>(sp => new CountingHasher(
            new PasswordHasher<ChatUser>(sp.GetRequiredService<IOptions<PasswordHasherOptions>>()), this));

    /// <summary>How many verifications <paramref name="action"/> cost.</summary>
    public async Task<int> CostOfAsync(Func<Task> action)
    {
        var before = Count;
        await action();
        return Count - before;
    }

    private sealed class CountingHasher(IPasswordHasher<ChatUser> inner, PasswordVerifications counter) : IPasswordHasher<ChatUser>
    {
        public string HashPassword(ChatUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ChatUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref counter._count);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
