using BlazorChat.Domain;
using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.InMemory;
using BlazorChat.Tests.Domain;
using Microsoft.Extensions.Time.Testing;

namespace BlazorChat.Tests.Scaleout;

/// <summary>
/// Several <see cref="ChatRoomService"/> nodes in one process: one set of stores (the shared database) and one
/// backplane node each, as separate server processes would have.
/// </summary>
internal sealed class ChatCluster : IAsyncDisposable
{
    private readonly List<(ChatRoomService Service, IChatBackplane Backplane)> _nodes = [];

    public ChatCluster(IEnumerable<IChatBackplane> backplanes, ChatOptions? options = null)
    {
        ReadMarkers = new InMemoryReadMarkerStore(Messages);
        foreach (var backplane in backplanes)
        {
            var service = new ChatRoomService(
                Messages, Memberships, ReadMarkers, Users, options ?? new ChatOptions { SendBurst = 100_000 }, Time, backplane);
            _nodes.Add((service, backplane));
        }
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public InMemoryChatMessageStore Messages { get; } = new();

    public InMemoryMembershipStore Memberships { get; } = new();

    public InMemoryReadMarkerStore ReadMarkers { get; }

    public InMemoryUserDirectory Users { get; } = new("alice", "bob", "carol", "dave");

    public ChatRoomService this[int node] => _nodes[node].Service;

    public IChatBackplane BackplaneOf(int node) => _nodes[node].Backplane;

    public async Task<Subscriber> ConnectAsync(int node, string user)
    {
        var subscriber = new Subscriber();
        subscriber.Connection = await this[node].ConnectAsync(user, subscriber.DeliverAsync, subscriber.OnEnded);
        subscriber.Hello = Assert.IsType<BlazorChat.Domain.Events.SessionStarted>(await subscriber.NextAsync());
        return subscriber;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (service, backplane) in _nodes)
        {
            await service.DisposeAsync();
            if (backplane is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}
