using BlazorChat.Domain.Backplane;

namespace BlazorChat.Tests.Backplane;

/// <summary>
/// What every backplane does, checked on each: two nodes over one medium hear each other's notices exactly, in order,
/// and never their own.
/// </summary>
public abstract class BackplaneSpecification : IAsyncDisposable
{
    private readonly List<IChatBackplane> _nodes = [];

    /// <summary>A node named <paramref name="name"/> on this test's medium, not yet subscribed.</summary>
    protected abstract IChatBackplane NewNode(string name);

    [Fact]
    public async Task EveryKindOfNotice_ArrivesExactlyAsPublished_AtTheOtherNode()
    {
        var (a, _) = await StartNodeAsync("node-a");
        var (_, heardByB) = await StartNodeAsync("node-b");
        var notices = SampleNotices.OfEveryKind(a.NodeId);

        foreach (var notice in notices)
        {
            Assert.True(await a.PublishAsync(notice));
        }

        foreach (var notice in notices)
        {
            SampleNotices.AssertSame(notice, await heardByB.NextAsync());
        }
    }

    [Fact]
    public async Task ANode_NeverHearsItsOwnNotices()
    {
        var (a, heardByA) = await StartNodeAsync("node-a");
        var (b, heardByB) = await StartNodeAsync("node-b");
        var fromA = SampleNotices.Numbered(a.NodeId, 1);
        var fromB = SampleNotices.Numbered(b.NodeId, 2);

        Assert.True(await a.PublishAsync(fromA));
        Assert.True(await b.PublishAsync(fromB)); // published after A's: A would hear its own first

        SampleNotices.AssertSame(fromB, await heardByA.NextAsync());
        SampleNotices.AssertSame(fromA, await heardByB.NextAsync());
        Assert.Empty(heardByB.Pending());
    }

    [Fact]
    public async Task AThousandNotices_ArriveInTheOrderPublished()
    {
        var (a, _) = await StartNodeAsync("node-a");
        var (_, heardByB) = await StartNodeAsync("node-b");

        for (var i = 0; i < 1000; i++)
        {
            Assert.True(await a.PublishAsync(SampleNotices.Numbered(a.NodeId, i)));
        }

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal("user-" + i, Assert.IsType<TypingNotice>(await heardByB.NextAsync()).User);
        }
    }

    [Fact]
    public async Task ANoticePublishedRightAfterSubscribeCompletes_IsHeard()
    {
        var (a, _) = await StartNodeAsync("node-a");
        var b = Track(NewNode("node-b"));
        var heardByB = new RecordingReceiver();

        await b.SubscribeAsync(heardByB);
        var first = SampleNotices.Numbered(a.NodeId, 1);
        Assert.True(await a.PublishAsync(first));

        SampleNotices.AssertSame(first, await heardByB.NextAsync());
    }

    [Fact]
    public async Task ASubscribedNode_IsConnected_UnderItsOwnName()
    {
        var (a, _) = await StartNodeAsync("node-a");

        Assert.True(a.IsConnected);
        Assert.EndsWith("node-a", a.NodeId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondReceiver_IsRefused()
    {
        var (a, _) = await StartNodeAsync("node-a");

        await Assert.ThrowsAsync<InvalidOperationException>(() => a.SubscribeAsync(new RecordingReceiver()));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (node is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        GC.SuppressFinalize(this);
    }

    private async Task<(IChatBackplane Node, RecordingReceiver Heard)> StartNodeAsync(string name)
    {
        var node = Track(NewNode(name));
        var heard = new RecordingReceiver();
        await node.SubscribeAsync(heard);
        return (node, heard);
    }

    private IChatBackplane Track(IChatBackplane node)
    {
        _nodes.Add(node);
        return node;
    }
}
