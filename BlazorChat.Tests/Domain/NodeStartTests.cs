using BlazorChat.Domain;
using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.InMemory;
using BlazorChat.Domain.Internal;
using BlazorChat.Domain.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace BlazorChat.Tests.Domain;

public sealed class NodeStartTests : IAsyncDisposable
{
    private readonly ControlledMessageStore _store = new();
    private readonly CountingBackplane _backplane = new();
    private readonly Reassembler _streams;
    private readonly BackplaneOutbox _outbox;
    private readonly NodeStart _start;

    public NodeStartTests()
    {
        _streams = new Reassembler(_store, new RecordingAudience(), new ChatOptions(), new FakeTimeProvider());
        _outbox = new BackplaneOutbox(_backplane, ChatMetrics.Unobserved);
        _start = new NodeStart(_backplane, new NoReceiver(), _streams, _outbox);
    }

    public async ValueTask DisposeAsync()
    {
        _streams.Dispose();
        await _outbox.DisposeAsync();
        await _backplane.DisposeAsync();
    }

    [Fact]
    public async Task AFailedStart_IsTriedAgainByTheNextCaller_WithoutSubscribingTwice()
    {
        _store.FailReads = true;
        await Assert.ThrowsAsync<IOException>(() => _start.EnsureAsync(CancellationToken.None));

        _store.FailReads = false;
        await _start.EnsureAsync(CancellationToken.None);

        Assert.Equal(1, _backplane.Subscriptions);
        Assert.Equal(2, _store.HeadReads);
    }

    [Fact]
    public async Task AStartedNode_IsNotStartedAgain()
    {
        await _start.EnsureAsync(CancellationToken.None);

        var again = _start.EnsureAsync(CancellationToken.None);

        Assert.True(again.IsCompletedSuccessfully);
        Assert.Equal(1, _backplane.Subscriptions);
        Assert.Equal(1, _store.HeadReads);
    }

    private sealed class CountingBackplane : IChatBackplane, IAsyncDisposable
    {
        private readonly InMemoryChatBackplane _inner = new();
        private int _subscriptions;

        public int Subscriptions => Volatile.Read(ref _subscriptions);

        public string NodeId => _inner.NodeId;

        public bool IsConnected => _inner.IsConnected;

        public Task SubscribeAsync(IBackplaneReceiver receiver, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _subscriptions);
            return _inner.SubscribeAsync(receiver, cancellationToken);
        }

        public ValueTask<bool> PublishAsync(BackplaneNotice notice, CancellationToken cancellationToken = default) =>
            _inner.PublishAsync(notice, cancellationToken);

        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }

    private sealed class NoReceiver : IBackplaneReceiver
    {
        public void Receive(BackplaneNotice notice)
        {
        }

        public void Reconnected()
        {
        }
    }
}
