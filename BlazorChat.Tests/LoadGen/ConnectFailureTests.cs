extern alias LoadGen;
using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using LoadGen::BlazorChat.LoadGen.Connections;

namespace BlazorChat.Tests.LoadGen;

/// <summary>
/// What a client saw when its connect failed, grouped so the report can say "N × what" past the fd limit and a failed
/// storm names its cause: a refusal, a reset, a server that closed without answering, an HTTP status, or silence.
/// </summary>
public sealed class ConnectFailureTests
{
    [Fact]
    public void AnHttpStatusInsteadOf101_IsReportedByItsCode()
    {
        var refused = new WebSocketException("The server returned status code '429' when status code '101' was expected.");

        Assert.Equal("HTTP 429", ConnectFailure.Describe(refused, timedOut: false));
    }

    [Fact]
    public void ASocketErrorBeneathTheWebSocketAndHttpLayers_IsReportedByItsCode()
    {
        var refused = new WebSocketException(
            "Unable to connect to the remote server",
            new HttpRequestException("Connection refused (127.0.0.1:5000)", new SocketException((int)SocketError.ConnectionRefused)));

        Assert.Equal("socket error ConnectionRefused", ConnectFailure.Describe(refused, timedOut: false));
    }

    [Fact]
    public void AServerThatClosesBeforeAnswering_IsToldApartFromAReset()
    {
        var ended = new WebSocketException(
            "Unable to connect to the remote server",
            new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

        Assert.Equal("closed before answering", ConnectFailure.Describe(ended, timedOut: false));
    }

    [Fact]
    public void ACancellationByTheConnectsOwnDeadline_IsNoAnswerInTime()
    {
        Assert.Equal("no answer in time", ConnectFailure.Describe(new TaskCanceledException(), timedOut: true));
    }

    [Fact]
    public void ACancellationBeforeTheDeadline_IsNotMistakenForSilence()
    {
        Assert.NotEqual("no answer in time", ConnectFailure.Describe(new OperationCanceledException(), timedOut: false));
    }
}
