extern alias LoadGen;
using System.Text;
using LoadGen::BlazorChat.LoadGen.Fanout;

namespace BlazorChat.Tests.LoadGen;

/// <summary>The fan-out reads BlazorChat's frames and the references' echoes without a JSON parser, and must not misread them.</summary>
public sealed class FanoutFrameTests
{
    [Fact]
    public void ABlazorChatMessageEvent_IsADelivery_WithItsSeqAndTheSendersStamp()
    {
        var frame = Read("""{"type":"message","messageId":"0193a","room":"general","seq":42,"rev":42,"version":1,"from":"load0003","text":"fo 2 3 17 123456789","sentAt":"2026-12-01T10:00:00.123Z","clientMsgId":"fo-2-3-17"}""");

        Assert.Equal(FrameKind.Delivery, frame.Kind);
        Assert.Equal(42, frame.Seq);
        Assert.Equal(new DeliveryText(2, 3, 17, 123456789), frame.Text);
    }

    [Fact]
    public void AReferencesEchoOfASendFrame_IsADelivery_WithoutASeq()
    {
        var frame = Read("""{"type":"send","id":17,"room":"general","text":"fo 2 3 17 123456789","clientMsgId":"fo-2-3-17"}""");

        Assert.Equal(FrameKind.Delivery, frame.Kind);
        Assert.Null(frame.Seq);
        Assert.Equal(17, frame.Text.Index);
    }

    [Theory]
    [InlineData("""{"type":"reply","replyTo":5,"ok":true,"seq":9,"messageId":"x"}""", 5, true)]
    [InlineData("""{"type":"reply","replyTo":6,"ok":false,"error":{"code":"internal","message":"…"}}""", 6, false)]
    public void AReply_SaysWhichSendItAnswers_AndWhetherItWasAccepted(string json, long replyTo, bool ok)
    {
        var frame = Read(json);

        Assert.Equal(FrameKind.Reply, frame.Kind);
        Assert.Equal(replyTo, frame.ReplyTo);
        Assert.Equal(ok, frame.Ok);
    }

    [Theory]
    [InlineData("""{"type":"presence","user":"load0001","online":true}""")]
    [InlineData("""{"type":"message","messageId":"m","room":"general","seq":3,"from":"alice","text":"fo lunch?","sentAt":"2026-12-01T10:00:00Z"}""")]
    [InlineData("""{"type":"hello","user":"load0001","rooms":["general"],"online":["load0001"]}""")]
    public void PresenceHelloAndOtherPeoplesMessages_AreNotCounted(string json) =>
        Assert.Equal(FrameKind.Other, Read(json).Kind);

    [Fact]
    public void TheServersSegments_AreTheSumOfSegsOutOverItsSockets()
    {
        const string ss = """
            0      0      127.0.0.1:5001   127.0.0.1:40000
            	 cubic wscale:7,7 rto:204 rtt:0.05/0.02 mss:32768 cwnd:10 bytes_sent:900 segs_out:12 segs_in:9 send 52Gbps
            0      0      127.0.0.1:5001   127.0.0.1:40002
            	 cubic wscale:7,7 rto:204 rtt:0.04/0.02 mss:32768 cwnd:10 bytes_sent:700 segs_out:30 segs_in:20 data_segs_out:28
            """;

        Assert.Equal((42L, 2), ServerReadings.SumSegments(ss));
    }

    private static FanoutFrame Read(string json) => FanoutFrame.Read(Encoding.UTF8.GetBytes(json));
}
