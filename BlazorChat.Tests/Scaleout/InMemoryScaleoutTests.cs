using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.InMemory;

namespace BlazorChat.Tests.Scaleout;

/// <summary>The scale-out specification over the in-memory backplane: nodes in one process.</summary>
public sealed class InMemoryScaleoutTests : ScaleoutSpecification
{
    private readonly List<InMemoryChatBackplane> _nodes = [];

    protected override Task<IReadOnlyList<IChatBackplane>> CreateBackplanesAsync(int count)
    {
        var hub = new InMemoryBackplaneHub();
        _nodes.AddRange(Enumerable.Range(0, count).Select(i => new InMemoryChatBackplane(hub, $"node-{i}")));
        return Task.FromResult<IReadOnlyList<IChatBackplane>>(_nodes);
    }

    protected override Task CutAsync(int node)
    {
        _nodes[node].Disconnect();
        return Task.CompletedTask;
    }

    protected override Task RestoreAsync(int node)
    {
        _nodes[node].Reconnect();
        return Task.CompletedTask;
    }
}
