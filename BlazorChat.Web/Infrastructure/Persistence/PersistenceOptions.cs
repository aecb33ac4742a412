namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>Which database holds the chat, chosen explicitly (<c>Persistence:Provider</c>), never guessed.</summary>
public enum PersistenceProvider
{
    /// <summary>An embedded SQLite file (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server named by <c>ConnectionStrings:Chat</c>.</summary>
    Postgres,
}
