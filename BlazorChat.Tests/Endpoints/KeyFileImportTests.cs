using BlazorChat.Tests.Support;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorChat.Tests.Endpoints;

/// <summary>
/// Upgrading from a version that kept the data-protection keys in <c>{DataDirectory}/keys</c>: the key files are copied into
/// the database at the first start, so cookies and tokens issued before the upgrade keep working.
/// </summary>
public sealed class KeyFileImportTests
{
    [Fact]
    public async Task CookieAndToken_IssuedWithKeyFiles_AreAcceptedAfterTheUpgrade_AndTheFilesAreImportedOnce()
    {
        var before = new ChatAppFactory { KeepDataDirectory = true };
        var keyFolder = Path.Combine(before.DataDirectory, "keys");
        // The earlier version: the same application name, the keys in files.
        before.ConfigureServices = services => services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keyFolder));
        Credentials credentials;
        try
        {
            credentials = await Credentials.IssueAsync(before, "veteran");
            Assert.Empty(await KeyNamesAsync(before));
        }
        finally
        {
            await before.DisposeAsync();
        }

        var files = Directory.GetFiles(keyFolder, "*.xml").Select(Path.GetFileNameWithoutExtension).Order().ToList();
        Assert.NotEmpty(files);
        await using var after = new ChatAppFactory(before.DataDirectory, 0);

        var (byToken, byCookie) = await credentials.HelloUsersAsync(after);

        Assert.Equal(credentials.UserName, byToken, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(credentials.UserName, byCookie, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(files, await KeyNamesAsync(after));
        Assert.Equal(0, await after.Services.GetRequiredService<DataProtectionKeyImport>().ImportAsync()); // every start: nothing twice
        Assert.Equal(files, await KeyNamesAsync(after));
    }

    private static async Task<List<string?>> KeyNamesAsync(ChatAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        return await db.DataProtectionKeys.AsNoTracking().Select(k => k.FriendlyName).OrderBy(n => n).ToListAsync();
    }
}
