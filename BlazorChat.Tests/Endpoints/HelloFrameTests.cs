using System.Text.Json;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Web;
using BlazorChat.Web.Endpoints.WebSockets;

namespace BlazorChat.Tests.Endpoints;

/// <summary>The hello frame never outgrows the <c>maxServerFrameBytes</c> it promises.</summary>
public sealed class HelloFrameTests
{
    private static readonly ChatWebOptions Options = new() { MaxServerFrameBytes = 8192 };

    [Fact]
    public void AHelloWithMoreRoomsThanFit_AfterTheLimitWasLowered_CutsThemToo()
    {
        var rooms = Enumerable.Range(0, 500).Select(i => $"room-with-a-rather-long-name-{i:D4}").Prepend("general").ToList();
        var hello = new SessionStarted("alice", rooms, ["alice"]);

        var bytes = HelloFrame.Write(hello, Options, maxTextChars: 100);
        var frame = Parse(bytes);

        Assert.True(bytes.Length <= Options.MaxServerFrameBytes);
        Assert.True(frame.GetProperty("roomsTruncated").GetBoolean());
        Assert.Equal("general", frame.GetProperty("rooms")[0].GetString());
    }

    [Fact]
    public void AHelloThatFits_ListsEverything_AndPromisesItsLimit()
    {
        var hello = new SessionStarted("alice", ["general", "ops"], ["alice", "bob"], [new UnreadCount(ConversationKey.ForRoom("ops"), "ops", null, 3, 7, 10)]);

        var frame = Parse(HelloFrame.Write(hello, Options, maxTextChars: 100));

        Assert.Equal(["alice", "bob"], frame.GetProperty("online").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, frame.GetProperty("unread")[0].GetProperty("count").GetInt32());
        Assert.Equal(8192, frame.GetProperty("limits").GetProperty("maxServerFrameBytes").GetInt32());
        Assert.False(frame.TryGetProperty("onlineTruncated", out _));
        Assert.False(frame.TryGetProperty("unreadTruncated", out _));
    }

    [Fact]
    public void AHelloWithTooManyPeopleOnline_ListsAsManyAsFit_AndSaysItCutThem()
    {
        var online = Enumerable.Range(0, 2000).Select(i => $"person-number-{i:D5}").ToList();
        var hello = new SessionStarted("alice", ["general"], online, [new UnreadCount(ConversationKey.ForDirect("alice", "bob"), null, "bob", 2, 0, 2)]);

        var bytes = HelloFrame.Write(hello, Options, maxTextChars: 100);
        var frame = Parse(bytes);

        Assert.InRange(bytes.Length, Options.MaxServerFrameBytes - 64, Options.MaxServerFrameBytes);
        var listed = frame.GetProperty("online").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(online.Take(listed.Count), listed);
        Assert.True(frame.GetProperty("onlineTruncated").GetBoolean());
        Assert.False(frame.GetProperty("unreadTruncated").GetBoolean());
        Assert.Equal("bob", frame.GetProperty("unread")[0].GetProperty("with").GetString());
    }

    [Fact]
    public void AHelloWithTooManyUnreadConversations_KeepsUnreadFirst_ThenWhoIsOnline()
    {
        var unread = Enumerable.Range(0, 500).Select(i => new UnreadCount(ConversationKey.ForDirect("alice", $"sender-{i:D4}"), null, $"sender-{i:D4}", 1, 0, 1)).ToList();
        var hello = new SessionStarted("alice", ["general"], ["alice", "bob"], unread);

        var bytes = HelloFrame.Write(hello, Options, maxTextChars: 100);
        var frame = Parse(bytes);

        Assert.True(bytes.Length <= Options.MaxServerFrameBytes);
        Assert.True(frame.GetProperty("unreadTruncated").GetBoolean());
        Assert.InRange(frame.GetProperty("unread").GetArrayLength(), 10, 499);
    }

    private static JsonElement Parse(byte[] frame) => JsonDocument.Parse(frame).RootElement.Clone();
}
