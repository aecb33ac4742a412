using BlazorChat.Domain.Backplane;
using BlazorChat.Domain.InMemory;

namespace BlazorChat.Tests.Backplane;

/// <summary>The backplane specification on the in-memory backplane: nodes over one hub.</summary>
public sealed class InMemoryBackplaneTests : BackplaneSpecification
{
    private readonly InMemoryBackplaneHub _hub = new();

    protected override IChatBackplane NewNode(string name) => new InMemoryChatBackplane(_hub, name);
}
