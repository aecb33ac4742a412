namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>Which database holds the chat, chosen explicitly (<c>Persistence:Provider</c>), never guessed.</summary>
public enum PersistenceProvider
{
    /// <summary>An embedded SQLite file (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server named by <c>ConnectionStrings:Chat</c>.</summary>
    Postgres,
}

/// <summary>How messages are written, bound from the <c>Persistence</c> configuration section.</summary>
public sealed class PersistenceOptions
{
    /// <summary>The database (<c>Persistence:Provider</c>).</summary>
    public PersistenceProvider Provider { get; set; } = PersistenceProvider.Sqlite;

    /// <summary>
    /// The most messages committed in one transaction (<c>Persistence:MaxBatchSize</c>). 1 commits every message
    /// on its own, which is only useful as a benchmark's reference.
    /// </summary>
    public int MaxBatchSize { get; set; } = EfChatMessageStore.DefaultMaxBatch;
}
