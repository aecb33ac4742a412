namespace BlazorChat.Domain.Abstractions;

/// <summary>The outcome of <see cref="IReadMarkerStore.AdvanceAsync"/>.</summary>
/// <param name="Seq">The marker as it now stands: the requested seq, or a higher one already stored.</param>
/// <param name="Moved">Whether this call created or moved the marker.</param>
public readonly record struct MarkerUpdate(long Seq, bool Moved);
