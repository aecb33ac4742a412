namespace BlazorChat.LoadGen.Fanout;

/// <summary>One step of the paced ladder: the rate it was paced at (deliveries/s) and its end-to-end latencies.</summary>
internal sealed record LadderStep(double Rate, LatencySummary Latency, double AchievedRate);
