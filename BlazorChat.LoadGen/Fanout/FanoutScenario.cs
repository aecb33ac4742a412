namespace BlazorChat.LoadGen.Fanout;

/// <summary>
/// One of the fan-out scenarios: who is where (<see cref="Layout"/>), how many messages each sender sends, and — for
/// the paced ladder — the delivery rates of its steps.
/// </summary>
internal sealed record FanoutScenario(string Name, string Description, FanoutLayout Layout, int MessagesPerSender, IReadOnlyList<double>? LadderRates = null)
{
    public const string Burst = "burst";
    public const string Ladder = "ladder";
    public const string Rooms = "rooms";
    public const string DirectMessages = "dm";

    public static readonly IReadOnlyList<string> Names = [Burst, Ladder, Rooms, DirectMessages];

    public bool IsLadder => LadderRates is not null;

    /// <summary>Messages each sender sends first, unmeasured but checked, so that the measured run meets JIT-compiled code.</summary>
    public int WarmupPerSender => Math.Max(1, MessagesPerSender / 5);

    public static FanoutScenario Create(string name, FanoutOptions options) => name switch
    {
        Burst => new(name, $"{options.Clients} clients in one room, {options.Senders} senders × {options.Messages} messages, a window of {options.Window}",
            FanoutLayout.OneRoom(options.Clients, options.Senders), options.Messages),
        Ladder => new(name, $"{options.Clients} clients in one room, {options.Senders} senders paced at fixed delivery rates, {options.StepSeconds:0.#} s a step",
            FanoutLayout.OneRoom(options.Clients, options.Senders), 50, options.LadderRates),
        Rooms => new(name, $"{options.Clients / options.RoomSize} rooms × {options.RoomSize} clients, every client sending {options.RoomMessages}",
            FanoutLayout.ManyRooms(options.Clients / options.RoomSize, options.RoomSize), options.RoomMessages),
        DirectMessages => new(name, $"{options.Clients / 2} pairs exchanging direct messages, {options.PairMessages} from each client",
            FanoutLayout.DirectPairs(options.Clients / 2), options.PairMessages),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scenario."),
    };
}
