using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BlazorChat.Web.Metrics;

/// <summary>Counts Blazor circuits (browser tabs with the interactive UI) as open from start to close.</summary>
internal sealed class CircuitCounter(ServerMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitClosed();
        return Task.CompletedTask;
    }
}
