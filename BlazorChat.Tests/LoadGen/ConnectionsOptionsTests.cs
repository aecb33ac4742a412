extern alias LoadGen;
using System.Text;
using LoadGen::BlazorChat.LoadGen.Connections;

namespace BlazorChat.Tests.LoadGen;

/// <summary>The <c>connections</c> options a developer and scripts/bench.sh pass, and what the clients make of frames.</summary>
public sealed class ConnectionsOptionsTests
{
    [Fact]
    public void ABaselineBuild_JoinsTheServersCompared()
    {
        var (options, _) = ConnectionsOptions.Parse(["--rounds", "5", "--baseline-dll", "/tmp/old/BlazorChat.Web.dll"]);

        Assert.Equal(["blazorchat", "kestrel", "node", "baseline"], options!.Servers);
        Assert.Equal(5, options.Rounds);
    }

    [Fact]
    public void SizesAreLists_AndAnEmptyListSkipsTheScenario()
    {
        var (options, _) = ConnectionsOptions.Parse(["--storm", "1000,10_000", "--idle", ""]);

        Assert.Equal([1000, 10000], options!.StormSizes);
        Assert.Empty(options.IdleSizes);
    }

    [Theory]
    [InlineData("--servers", "blazorchat,apache")]
    [InlineData("--storm", "-5")]
    [InlineData("--bogus", "1")]
    public void AMistake_IsRefusedWithTheUsage(string name, string value)
    {
        var (options, error) = ConnectionsOptions.Parse([name, value]);

        Assert.Null(options);
        Assert.Contains("--idle LIST", error);
    }

    [Fact]
    public void SourceAddressesStartAt127_0_0_2()
    {
        Assert.Equal("127.0.0.2", SourceAddresses.Address(0).ToString());
        Assert.Equal("127.0.0.9", SourceAddresses.Address(7).ToString());
    }

    [Theory]
    [InlineData("{\"type\":\"presence\",\"user\":\"bob\",\"online\":true}", "presence")]
    [InlineData("{\"type\":\"hello\",\"user\":\"deploybot\",\"rooms\":[\"general\"]", "hello")] // a first chunk, cut short
    [InlineData("load test message 1 from conn00001", null)]                               // a reference's echo
    public void AFramesTypeIsReadFromItsFirstBytes(string frame, string? type)
    {
        Assert.Equal(type, HeldSocket.TypeOf(Encoding.UTF8.GetBytes(frame)));
    }
}
