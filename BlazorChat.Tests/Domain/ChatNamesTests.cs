using BlazorChat.Domain;

namespace BlazorChat.Tests.Domain;

public sealed class ChatNamesTests
{
    [Theory]
    [InlineData("system")]
    [InlineData("System")]
    [InlineData("SERVER")]
    [InlineData("BlazorChat")]
    [InlineData("admin")]
    [InlineData("Administrator")]
    [InlineData("root")]
    [InlineData("moderator")]
    [InlineData("everyone")]
    [InlineData("HERE")]
    [InlineData("channel")]
    [InlineData("all")]
    public void NamesThatCouldPassForTheServerOrAMention_AreReserved_InAnyCase(string name) =>
        Assert.True(ChatNames.IsReservedUserName(name));

    [Theory]
    [InlineData("systemd")]
    [InlineData("serverless")]
    [InlineData("admin_alice")]
    [InlineData("hereford")]
    [InlineData("alice")]
    [InlineData(null)]
    public void OtherNames_AreNotReserved_EvenWhenTheyContainAReservedOne(string? name) =>
        Assert.False(ChatNames.IsReservedUserName(name));

    [Fact]
    public void EveryReservedName_IsOtherwiseAValidUserName() =>
        Assert.All(ChatNames.ReservedUserNames, name => Assert.True(ChatNames.IsValidUserName(name)));
}
