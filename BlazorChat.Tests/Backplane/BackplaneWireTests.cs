using System.Text;
using System.Text.Json;
using BlazorChat.Domain.Backplane;
using BlazorChat.Web.Infrastructure.Redis;

namespace BlazorChat.Tests.Backplane;

/// <summary>The Redis backplane's JSON, without Redis: exact round trips, a stable header, and refusals that say why.</summary>
public sealed class BackplaneWireTests
{
    [Fact]
    public void EveryKindOfNotice_RoundTripsExactly()
    {
        foreach (var notice in SampleNotices.OfEveryKind("node-a"))
        {
            Assert.True(BackplaneWire.TryDecode(BackplaneWire.Encode(notice), out var decoded, out var problem), problem);
            SampleNotices.AssertSame(notice, decoded);
        }
    }

    [Fact]
    public void APayload_StartsWithVersionNodeAndKind()
    {
        var json = JsonDocument.Parse(BackplaneWire.Encode(new TypingNotice("node-a", "alice", "general", null))).RootElement;

        Assert.Equal(["v", "node", "kind", "data"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, json.GetProperty("v").GetInt32());
        Assert.Equal("node-a", json.GetProperty("node").GetString());
        Assert.Equal("typing", json.GetProperty("kind").GetString());
        Assert.False(json.GetProperty("data").TryGetProperty("to", out _)); // nulls are left out
    }

    [Fact]
    public void FieldsAddedByANewerNode_AreIgnored()
    {
        var payload = """{"v":1,"node":"n","kind":"typing","later":true,"data":{"user":"alice","room":"general","mood":"happy"}}""";

        Assert.True(BackplaneWire.TryDecode(Encoding.UTF8.GetBytes(payload), out var notice, out _));
        Assert.Equal(new TypingNotice("n", "alice", "general", null), notice);
    }

    [Theory]
    [InlineData("", "malformed")]
    [InlineData("null", "null")]
    [InlineData("""{"v":2,"node":"n","kind":"typing","data":{"user":"u"}}""", "version 2")]
    [InlineData("""{"node":"n","kind":"typing","data":{"user":"u"}}""", "malformed")]
    [InlineData("""{"v":1,"kind":"typing","data":{"user":"u"}}""", "no node")]
    [InlineData("""{"v":1,"node":"n","kind":"teleport","data":{}}""", "'teleport' is unknown")]
    [InlineData("""{"v":1,"node":"n","data":{}}""", "'' is unknown")]
    [InlineData("""{"v":1,"node":"n","kind":"typing","data":{"user":null}}""", "malformed")]
    [InlineData("""{"v":1,"node":"n","kind":"sessionEnded","data":[]}""", "malformed")]
    [InlineData("""{"v":1,"node":"n","kind":"messages","data":{"messages":[null]}}""", "malformed")]
    [InlineData("""{"v":1,"node":"n","kind":"membership","data":{"user":"u","room":"r","isMember":"yes"}}""", "malformed")]
    public void APayloadThatIsNotANotice_IsRefusedWithTheReason(string payload, string reason)
    {
        Assert.False(BackplaneWire.TryDecode(Encoding.UTF8.GetBytes(payload), out var notice, out var problem));
        Assert.Null(notice);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }
}
