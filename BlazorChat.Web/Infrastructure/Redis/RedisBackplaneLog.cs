using Microsoft.Extensions.Logging;

namespace BlazorChat.Web.Infrastructure.Redis;

internal static partial class RedisBackplaneLog
{
    [LoggerMessage(3001, LogLevel.Information, "Redis backplane node {Node} is subscribed to {Channel}")]
    public static partial void Subscribed(ILogger logger, string node, string channel);

    [LoggerMessage(3002, LogLevel.Warning, "Redis backplane node {Node} cannot reach Redis at start; it serves its own clients and joins the others once Redis answers")]
    public static partial void NotReachableAtStart(ILogger logger, string node);

    [LoggerMessage(3003, LogLevel.Warning, "Redis backplane node {Node} lost its connection ({Connection}, {Failure}); notices are dropped until it is back")]
    public static partial void ConnectionLost(ILogger logger, string node, string connection, string failure);

    [LoggerMessage(3004, LogLevel.Debug, "Redis backplane node {Node}: connection {Connection} still failing ({Failure})")]
    public static partial void StillDown(ILogger logger, string node, string connection, string failure);

    [LoggerMessage(3005, LogLevel.Information, "Redis backplane node {Node} is back: its subscription answered its self-check")]
    public static partial void Recovered(ILogger logger, string node);

    [LoggerMessage(3006, LogLevel.Information, "Redis backplane node {Node}: no answer to its self-check; subscribing again")]
    public static partial void Resubscribing(ILogger logger, string node);

    [LoggerMessage(3007, LogLevel.Debug, "Redis backplane node {Node}: the subscription could not be checked: {Reason}")]
    public static partial void CheckFailed(ILogger logger, string node, string reason);

    [LoggerMessage(3008, LogLevel.Debug, "Redis backplane node {Node} could not publish {Kind}: {Reason}")]
    public static partial void PublishFailed(ILogger logger, string node, string kind, string reason);

    [LoggerMessage(3009, LogLevel.Warning, "Redis backplane node {Node} skipped a payload on {Channel}: {Problem}")]
    public static partial void PayloadSkipped(ILogger logger, string node, string channel, string problem);

    [LoggerMessage(3010, LogLevel.Error, "Redis backplane node {Node}: its receiver failed on {Kind}")]
    public static partial void ReceiverFailed(ILogger logger, Exception exception, string node, string kind);

    [LoggerMessage(3011, LogLevel.Warning, "Redis backplane node {Node} cannot publish {Kind}: it has no wire form")]
    public static partial void NoWireForm(ILogger logger, string node, string kind);

    [LoggerMessage(3012, LogLevel.Warning, "Redis backplane node {Node} heard a self-check it is not waiting for: if another node has the same Backplane:NodeName, the two drop each other's notices")]
    public static partial void NameTaken(ILogger logger, string node);
}
