using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// Copies the data-protection keys that earlier versions kept as files (<c>{Chat:DataDirectory}/keys/*.xml</c>) into the
/// <c>DataProtectionKeys</c> table, so that cookies and tokens issued before the upgrade stay valid. It runs at start,
/// after the migrations and before anything reads the key ring. A key already in the table (Data Protection names a key
/// the same in both stores: the file name is the row's <c>FriendlyName</c>) is not copied again, so running it on every
/// start, or on several nodes at once, is safe. The folder is only read: it may be deleted once every node runs this
/// version and has started once.
/// </summary>
internal sealed partial class DataProtectionKeyImport(
    string keyDirectory, IDbContextFactory<ChatDbContext> contexts, ILogger<DataProtectionKeyImport> logger)
{
    public async Task<int> ImportAsync(CancellationToken cancellationToken = default)
    {
        // The file-system repository reads exactly these: *.xml at the top of the folder.
        var files = Directory.Exists(keyDirectory) ? Directory.GetFiles(keyDirectory, "*.xml") : [];
        if (files.Length == 0)
        {
            return 0;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Two nodes starting at once must not both copy a key: hold the table's write lock while reading it.
        await db.Database.ExecuteSqlRawAsync(
            db.Database.IsSqlite()
                ? """DELETE FROM "DataProtectionKeys" WHERE 0"""
                : """LOCK TABLE "DataProtectionKeys" IN SHARE ROW EXCLUSIVE MODE""",
            cancellationToken);
        var present = (await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (present.Contains(name) || Load(file) is not { } element)
            {
                continue;
            }

            // As EntityFrameworkCoreXmlRepository stores an element it is given.
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = element.ToString(SaveOptions.DisableFormatting) });
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (added > 0)
        {
            KeysImported(logger, added, keyDirectory);
        }

        return added;
    }

    private XElement? Load(string file)
    {
        try
        {
            return XElement.Load(file);
        }
        catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException)
        {
            // One damaged file must not keep the server down; the cookies signed with that key are lost, as they would
            // have been before.
            UnreadableKeyFile(logger, file, ex);
            return null;
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Imported {Count} data-protection key(s) from {Directory} into the database; the folder is no longer used")]
    private static partial void KeysImported(ILogger logger, int count, string directory);

    [LoggerMessage(2, LogLevel.Warning, "Could not read the data-protection key file {File}; it was not imported")]
    private static partial void UnreadableKeyFile(ILogger logger, string file, Exception exception);
}
