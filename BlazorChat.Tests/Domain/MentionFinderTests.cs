using BlazorChat.Domain.Internal;

namespace BlazorChat.Tests.Domain;

/// <summary>Where a text can mention someone (v2 §3): the candidates for each <c>@</c>, longest first.</summary>
public sealed class MentionFinderTests
{
    [Theory]
    [InlineData("@bob hi", "bob")]
    [InlineData("hi @bob", "bob")]
    [InlineData("(@bob)", "bob")]
    [InlineData("@bob, @carol!", "bob carol")]
    [InlineData("thanks @bob.", "bob.|bob")]
    [InlineData("@bob.smith", "bob.smith|bob")]
    [InlineData("@bob-", "bob-|bob")]
    [InlineData("mail alice@bob.org", "")]
    [InlineData("x@bob", "")]
    [InlineData("é@bob", "")]
    [InlineData("_@bob", "")]
    [InlineData("@@bob", "bob")]
    [InlineData("@ab", "")]
    [InlineData("@", "")]
    public void Candidates_StartAfterANonNameCharacter_AndMayEndBeforeADotOrDash(string text, string expected)
    {
        var candidates = MentionFinder.Candidates(text).Select(c => string.Join("|", c));

        // One group per mention's start, separated by spaces; a group's names, longest first, by "|".
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), candidates);
    }
}
