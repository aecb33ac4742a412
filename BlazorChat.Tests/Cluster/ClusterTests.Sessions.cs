using System.Net;
using System.Net.WebSockets;
using BlazorChat.Tests.Backplane;
using BlazorChat.Tests.Support;

namespace BlazorChat.Tests.Cluster;

// Who is online, and signing out, seen from the other nodes.
public sealed partial class ClusterTests
{
    [Fact]
    public async Task Presence_IsTheSameOnEveryNode_AUserOnlineAnywhereIsOnline_AndGoesOfflineEverywhereWithTheirLastConnection()
    {
        var cluster = await fixture.NodesAsync();
        await using var watcher0 = await cluster.NewClientAsync(0, "watch");
        await using var watcher2 = await cluster.NewClientAsync(2, "watch");
        await using var arriving = await cluster.NewClientAsync(1, "arrive");

        await Until.TrueAsync(() => watcher0.SeesOnline(arriving.User) && watcher2.SeesOnline(arriving.User),
            "the watchers on nodes 0 and 2 see the user who came online on node 1");
        Assert.True(arriving.SeesOnline(watcher0.User), "the hello on node 1 lists the user on node 0");
        Assert.True(arriving.SeesOnline(watcher2.User), "the hello on node 1 lists the user on node 2");

        // A second connection on node 2, then the first one goes: still online, on every node. Node 2's notices go out in
        // order, so once node 0 has heard of a newcomer there it has heard of the second connection too.
        await using var again = await cluster.AnotherClientAsync(arriving.User, 2, reconnects: false);
        await using var marker = await cluster.NewClientAsync(2, "mark");
        await Until.TrueAsync(() => watcher0.SeesOnline(marker.User), "node 0 heard what node 2 said after the second connection");
        await arriving.CloseAsync();
        await using var late = await cluster.NewClientAsync(0, "late"); // its hello is a fresh look at who is online
        Assert.True(late.SeesOnline(arriving.User), "a user with a connection on node 2 is online for a newcomer on node 0");
        await again.CloseAsync();

        await Until.TrueAsync(() => !watcher0.SeesOnline(arriving.User) && !watcher2.SeesOnline(arriving.User) && !late.SeesOnline(arriving.User),
            "every node's watchers see the user offline once their last connection closed");
        Assert.Equal([true, false], watcher0.PresenceOf(arriving.User));
        Assert.Equal([true, false], watcher2.PresenceOf(arriving.User));
    }

    [Fact]
    public async Task SigningOutOnOneNode_ClosesThatSessionsCookieSocketOnAnother_AndLeavesItsTokenSocketsAlone()
    {
        var cluster = await fixture.NodesAsync();
        using var api = cluster[0].Api();
        var name = await api.NewUserAsync("leaver");
        using var browser = new BrowserSession(cluster[0].BaseAddress);
        await browser.SignInAsync(name);
        var cookie = browser.Cookie!;
        await using var cookieSocket = await NodeSocket.ConnectAsync(cluster[1].SocketUri, token: null, _ => { }, o =>
        {
            o.SetRequestHeader("Cookie", cookie);
            o.SetRequestHeader("Origin", cluster[1].BaseAddress.GetLeftPart(UriPartial.Authority));
        });
        await using var bot = await cluster.AnotherClientAsync(name, 2, reconnects: false);

        Assert.Equal(HttpStatusCode.Redirect, await browser.SignOutAsync());

        // The nodes never read ended sessions from the database during a test (ThreeNodes), so a close is the sign-out
        // notice's work: at once, the deadline only bounds a hang, however busy the machine.
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await cookieSocket.Closed.WaitAsync(TestSocket.Deadline));
        Assert.True((await bot.RequestAsync(new { type = "send", room = "general", text = "still here" })).GetProperty("ok").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, await CookieSocketStatusAsync(cluster[2], cookie));
    }

    private static async Task<HttpStatusCode> CookieSocketStatusAsync(ClusterNode node, string cookie)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", cookie);
        socket.Options.SetRequestHeader("Origin", node.BaseAddress.GetLeftPart(UriPartial.Authority));
        try
        {
            await socket.ConnectAsync(node.SocketUri, TestContext.Current.CancellationToken);
        }
        catch (WebSocketException)
        {
        }

        return socket.HttpStatusCode;
    }
}
