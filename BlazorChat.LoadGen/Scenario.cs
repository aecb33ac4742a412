namespace BlazorChat.LoadGen;

/// <summary>Where each client sends its messages.</summary>
internal sealed class Scenario
{
    /// <summary>Everyone sends to <c>general</c>: one conversation, so one seq counter, and every message goes to every socket.</summary>
    public static readonly Scenario HotRoom = new("hot-room", (_, _) => SendTarget.Room("general"));

    /// <summary>Client 2k and 2k+1 send direct messages to each other: many conversations, two sockets per message.</summary>
    public static readonly Scenario DirectPairs = new("dm-pairs", (index, users) => SendTarget.User(users[(index ^ 1) % users.Count]));

    public static readonly IReadOnlyList<Scenario> All = [HotRoom, DirectPairs];

    private readonly Func<int, IReadOnlyList<string>, SendTarget> _targetOf;

    private Scenario(string name, Func<int, IReadOnlyList<string>, SendTarget> targetOf) => (Name, _targetOf) = (name, targetOf);

    public string Name { get; }

    /// <summary>Where client <paramref name="index"/> of <paramref name="users"/> sends.</summary>
    public SendTarget TargetOf(int index, IReadOnlyList<string> users) => _targetOf(index, users);
}
