using BlazorChat.Web.Components.Chat;

namespace BlazorChat.Tests.Components;

/// <summary>Avatars are told apart by colour: one per name, the same everywhere, spread over the palette.</summary>
public sealed class AvatarColorTests
{
    [Fact]
    public void AName_HasTheSameColour_WhateverItsCase_AndInEveryProcess()
    {
        Assert.Equal(AvatarColor.ClassOf("alice"), AvatarColor.ClassOf("ALICE"));
        // Fixed values: string.GetHashCode would change with every process (and node), FNV-1a does not.
        Assert.Equal("chat-avatar-7", AvatarColor.ClassOf("alice"));
        Assert.Equal("chat-avatar-4", AvatarColor.ClassOf("bob"));
    }

    [Fact]
    public void DifferentNames_UseMostOfThePalette()
    {
        var classes = Enumerable.Range(0, 60).Select(i => AvatarColor.ClassOf($"user{i}")).ToHashSet();

        Assert.True(classes.Count >= AvatarColor.Count - 2, $"only {classes.Count} colours for 60 names");
        Assert.All(classes, c => Assert.Matches(@"^chat-avatar-(\d|1[01])$", c));
    }
}
