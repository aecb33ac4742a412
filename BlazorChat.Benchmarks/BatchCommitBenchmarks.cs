using BenchmarkDotNet.Attributes;
using BlazorChat.Domain;
using BlazorChat.Domain.InMemory;
using BlazorChat.Domain.Messages;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorChat.Benchmarks;

/// <summary>
/// One group commit of the EF store on SQLite, as its writer commits what queued up while the previous commit ran:
/// repeated <c>clientMsgId</c>s looked up, the conversation's head advanced, the rows inserted, one transaction, durable
/// (WAL, <c>synchronous=FULL</c>, in a temp directory on this machine's disk). The in-memory store's appends of the same
/// messages are the floor to compare with. Each run's database grows by every message committed.
/// </summary>
/// <remarks>
/// The in-memory store is replaced by an empty one every <see cref="FreshInMemoryEvery"/> messages, so that its
/// conversation stays below the 10,000 messages it keeps: past that, each append trims the oldest by shifting the whole
/// list and scanning its changes, which is not the floor this is meant to show.
/// </remarks>
[MemoryDiagnoser]
public class BatchCommitBenchmarks
{
    private const int FreshInMemoryEvery = 5_000;

    private string _directory = null!;
    private ServiceProvider _services = null!;
    private EfChatMessageStore _sqlite = null!;
    private InMemoryChatMessageStore _inMemory = null!;
    private long _sent;
    private int _inMemoryHolds;

    [Params(1, 16, 256)]
    public int GroupSize { get; set; }

    [GlobalSetup]
    public void CreateDatabase()
    {
        _directory = Directory.CreateTempSubdirectory("blazorchat-bench-").FullName;
        var connectionString = $"Data Source={Path.Combine(_directory, "blazorchat.db")}";

        // The context factory the server registers (PersistenceExtensions.AddChatPersistence), migrated and in WAL mode as at its start.
        _services = new ServiceCollection().AddDbContextFactory<SqliteChatDbContext>(o => o.UseSqlite(connectionString)).BuildServiceProvider();
        var contexts = new ChatDbContextFactory<SqliteChatDbContext>(_services.GetRequiredService<IDbContextFactory<SqliteChatDbContext>>());
        using (var db = contexts.CreateDbContext())
        {
            db.Database.Migrate();
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }

        _sqlite = new EfChatMessageStore(
            contexts, new ChatOptions(), new PersistenceOptions(), NullLogger<EfChatMessageStore>.Instance);
        _inMemory = new InMemoryChatMessageStore();
    }

    [Benchmark(Description = "EF on SQLite: commit one group")]
    public async Task<int> SqliteGroupCommit() => (await _sqlite.CommitGroupAsync(NextGroup())).Length;

    [Benchmark(Baseline = true, Description = "in memory: append the same messages")]
    public async Task<int> InMemoryAppends()
    {
        var group = NextGroup();
        if ((_inMemoryHolds += group.Count) > FreshInMemoryEvery)
        {
            (_inMemory, _inMemoryHolds) = (new InMemoryChatMessageStore(), group.Count);
        }

        foreach (var message in group)
        {
            await await _inMemory.EnqueueAsync(message);
        }

        return group.Count;
    }

    [GlobalCleanup]
    public async Task DeleteDatabase()
    {
        await _sqlite.DisposeAsync();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The next messages to <c>general</c>, from 8 senders in turn, each with its own <c>clientMsgId</c> (hot-room traffic).</summary>
    private List<NewMessage> NextGroup()
    {
        var room = ConversationKey.ForRoom(ChatNames.General);
        var group = new List<NewMessage>(GroupSize);
        for (var i = 0; i < GroupSize; i++)
        {
            var n = ++_sent;
            group.Add(new NewMessage(
                $"b-{n:x12}", room, $"user{n % 8:D4}", ChatNames.General, null, SampleTraffic.Text, SampleTraffic.SentAt, $"c-{n:x12}"));
        }

        return group;
    }
}
