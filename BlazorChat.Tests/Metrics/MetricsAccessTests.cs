using System.Net;
using BlazorChat.Web.Metrics;
using Microsoft.AspNetCore.Http;

namespace BlazorChat.Tests.Metrics;

/// <summary>Who may scrape: loopback only without a token; with one, whoever presents it, from anywhere.</summary>
public sealed class MetricsAccessTests
{
    [Theory]
    [InlineData("127.0.0.1", null)]
    [InlineData("::1", null)]
    [InlineData("::ffff:127.0.0.1", null)]
    [InlineData("10.0.0.7", 404)]
    [InlineData("192.168.1.20", 404)]
    public void WithoutAToken_OnlyLoopbackCallersMayScrape_OthersFindNothing(string address, int? refusal)
    {
        var access = new MetricsAccess(new MetricsOptions { Enabled = true });

        Assert.Equal(refusal, access.Refusal(Request(address, authorization: null)));
    }

    [Theory]
    [InlineData("10.0.0.7", "Bearer s3cret-token", null)]
    [InlineData("10.0.0.7", "bearer s3cret-token", null)]
    [InlineData("10.0.0.7", "Bearer s3cret-tokem", 401)]
    [InlineData("10.0.0.7", "Bearer s3cret-token-and-more", 401)]
    [InlineData("10.0.0.7", "Basic s3cret-token", 401)]
    [InlineData("10.0.0.7", null, 401)]
    [InlineData("127.0.0.1", null, 401)] // a proxy on the same machine makes every caller look local: the token is asked of all
    public void WithAToken_OnlyItsBearerMayScrape_FromAnywhere(string address, string? authorization, int? refusal)
    {
        var access = new MetricsAccess(new MetricsOptions { Enabled = true, Token = "s3cret-token" });

        Assert.Equal(refusal, access.Refusal(Request(address, authorization)));
    }

    private static DefaultHttpContext Request(string address, string? authorization)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }
}
