namespace BlazorChat.LoadGen.Fanout;

/// <summary>
/// A set of clients that get each other's messages: a room (BlazorChat's, or a reference's <c>?room=</c>) or, when
/// <see cref="Direct"/>, a pair that BlazorChat connects by direct messages (the references by a room of two).
/// </summary>
internal sealed record FanoutGroup(string Name, IReadOnlyList<int> Members, IReadOnlyList<int> Senders, bool Direct = false);
