using BlazorChat.Domain.Backplane;

namespace BlazorChat.Web.Infrastructure.Redis;

/// <summary>
/// A node's probe of its own subscription: published on the shared channel, it proves the subscription works when it
/// comes back. Never handed to a receiver; other nodes ignore it.
/// </summary>
internal sealed record SelfCheckPing(string Node, string Nonce) : BackplaneNotice(Node);
