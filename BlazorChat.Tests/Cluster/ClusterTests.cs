namespace BlazorChat.Tests.Cluster;

/// <summary>
/// Three real nodes (separate processes) on one PostgreSQL database and one Redis, each node's Redis connection through
/// a proxy of its own. The nodes are shared by the tests (a killed node is started again for the next); each test has
/// users and rooms of its own, and a test that cuts a node off Redis restores it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusterTests(ThreeNodes fixture)
{
}
