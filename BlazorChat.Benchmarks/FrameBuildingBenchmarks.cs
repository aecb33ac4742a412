using BenchmarkDotNet.Attributes;
using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Web;
using BlazorChat.Web.Endpoints.WebSockets;

namespace BlazorChat.Benchmarks;

/// <summary>
/// The frames a socket sends, built as SocketOutput.DeliverAsync builds them: an event's frame is made once by the
/// first socket that needs it (<see cref="ChatEvent.GetOrCreateFrame{TFrame}"/>; a message's in the shape of the socket's
/// protocol version, <see cref="MessageFrames"/>) and read from the event by the rest. The message events are of a v1
/// socket's shape unless named v2.
/// </summary>
[MemoryDiagnoser]
public class FrameBuildingBenchmarks
{
    private readonly ChatMessage _message = SampleTraffic.RoomMessage(ChatNames.General);
    private readonly MessagePosted _alreadyBuilt = new(SampleTraffic.RoomMessage(ChatNames.General));
    private readonly ChatChange _edit;
    private readonly PresenceChange[] _presence;
    private readonly SessionStarted _hello;
    private readonly ChatWebOptions _webOptions = new();
    private readonly int _maxTextChars = new ChatOptions().MaxTextChars;

    public FrameBuildingBenchmarks()
    {
        MessageFrames.For(_alreadyBuilt, v2Events: false);
        var edited = _message with
        {
            Text = SampleTraffic.Text + " (edited: 6 pm)",
            Version = _message.Rev + 7,
            EditedAt = SampleTraffic.SentAt.AddMinutes(3),
            Mentions = ["bob"],
        };
        _edit = new ChatChange(ChangeKind.Edited, edited.Version, edited);

        // A reconnect storm's net changes: ten people back online, two gone.
        _presence = [.. Enumerable.Range(0, 12).Select(i => new PresenceChange($"user{i:D4}", Online: i < 10))];

        // A member of 20 rooms (general first, then sorted) on a server with 200 people online and 5 unread conversations.
        var rooms = new[] { ChatNames.General }.Concat(Enumerable.Range(1, 19).Select(i => $"team-{i:D2}")).ToList();
        var online = Enumerable.Range(0, 200).Select(i => $"user{i:D4}").ToList();
        var unread = Enumerable.Range(1, 5)
            .Select(i => new UnreadCount(ConversationKey.ForRoom($"team-{i:D2}"), $"team-{i:D2}", null, i * 3, 100 * i, 100 * i + i * 3))
            .ToList();
        _hello = new SessionStarted("user0042", rooms, online, unread);
    }

    [Benchmark(Description = "message event: built by the first socket")]
    public byte[] MessageEventFirstSocket() => MessageFrames.For(new MessagePosted(_message), v2Events: false);

    [Benchmark(Description = "message event: read by every other socket")]
    public byte[] MessageEventOtherSockets() => MessageFrames.For(_alreadyBuilt, v2Events: false);

    [Benchmark(Description = "v2 message event: built by the first v2 socket")]
    public byte[] V2MessageEventFirstSocket() => MessageFrames.For(new MessagePosted(_message), v2Events: true);

    [Benchmark(Description = "v2 edit event")]
    public byte[]? EditEvent() => new MessageChanged(_edit).GetOrCreateFrame(EventFrames.Event);

    [Benchmark(Description = "presence batch of 12 changes")]
    public byte[][] PresenceBatch() => new PresenceUpdated(_presence).GetOrCreateFrame(EventFrames.PresenceFrames);

    [Benchmark(Description = "hello: 20 rooms, 200 online, 5 unread")]
    public byte[] Hello() => HelloFrame.Write(_hello, _webOptions, _maxTextChars);
}
