using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace BlazorChat.Tests.Domain;

/// <summary>
/// Several <see cref="ChatRoomService"/> nodes of one deployment in one process: one shared message, membership and
/// read-marker store and user directory (the database), one <see cref="InMemoryBackplaneHub"/> (Redis) and one fake clock.
/// </summary>
internal sealed class ChatCluster : IAsyncDisposable
{
    private readonly List<ChatRoomService> _nodes = [];
    private readonly List<InMemoryChatBackplane> _backplanes = [];

    public ChatCluster(int nodes, IEnumerable<string> users, ChatOptions? options = null)
    {
        Users = new InMemoryUserDirectory(users);
        ReadMarkers = new InMemoryReadMarkerStore(Messages);
        Options = options ?? new ChatOptions();
        for (var i = 0; i < nodes; i++)
        {
            var backplane = new InMemoryChatBackplane(Hub, $"node-{i}");
            _backplanes.Add(backplane);
            _nodes.Add(new ChatRoomService(Messages, Memberships, ReadMarkers, Users, Options, Time, backplane));
        }
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    public ChatOptions Options { get; }

    public InMemoryBackplaneHub Hub { get; } = new();

    public InMemoryChatMessageStore Messages { get; } = new();

    public InMemoryMembershipStore Memberships { get; } = new();

    public InMemoryReadMarkerStore ReadMarkers { get; }

    public InMemoryUserDirectory Users { get; }

    public IReadOnlyList<ChatRoomService> Nodes => _nodes;

    public IReadOnlyList<InMemoryChatBackplane> Backplanes => _backplanes;

    /// <summary>A recording subscriber of <paramref name="user"/> on node <paramref name="node"/>, past its hello.</summary>
    public async Task<Subscriber> ConnectAsync(int node, string user)
    {
        var subscriber = new Subscriber();
        subscriber.Connection = await _nodes[node].ConnectAsync(user, subscriber.DeliverAsync, subscriber.OnEnded);
        subscriber.Hello = Assert.IsType<SessionStarted>(await subscriber.NextAsync());
        return subscriber;
    }

    /// <summary>Moves the fake clock on in steps of <paramref name="step"/>, so periodic timers fire once per period.</summary>
    public void Advance(TimeSpan by, TimeSpan step)
    {
        for (var left = by; left > TimeSpan.Zero; left -= step)
        {
            Time.Advance(left < step ? left : step);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        foreach (var backplane in _backplanes)
        {
            await backplane.DisposeAsync();
        }
    }
}
