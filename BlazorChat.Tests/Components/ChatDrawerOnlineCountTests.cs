using BlazorChat.Tests.Components.Support;
using Bunit;

namespace BlazorChat.Tests.Components;

/// <summary>The drawer's online count counts me too: alone, it says so instead of "0 online".</summary>
public sealed class ChatDrawerOnlineCountTests : ChatTestContext
{
    [Fact]
    public async Task Alone_SaysOnlyYou_AndWithOthers_CountsMeToo()
    {
        var cut = RenderChat();
        cut.WaitForAssertion(() => Assert.Equal("Only you online", cut.Find("#online-count").TextContent.Trim()));

        using (await ConnectAsync("bob"))
        {
            cut.WaitForAssertion(() => Assert.Equal("2 online, you included", cut.Find("#online-count").TextContent.Trim()));
        }

        cut.WaitForAssertion(() => Assert.Equal("Only you online", cut.Find("#online-count").TextContent.Trim()));
    }
}
