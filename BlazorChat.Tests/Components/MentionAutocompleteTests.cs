using BlazorChat.Web.Components.Chat;

namespace BlazorChat.Tests.Components;

/// <summary>The @name suggestions of a composer.</summary>
public sealed class MentionAutocompleteTests
{
    private static MentionAutocomplete WithPeople() => WithPeople("alice", "bob", "Bobby.Tables", "carol", "jimbo");

    private static MentionAutocomplete WithPeople(params string[] people)
    {
        var autocomplete = new MentionAutocomplete();
        autocomplete.SetCandidates(people);
        return autocomplete;
    }

    [Fact]
    public void TypingAnAt_OffersNamesStartingWithWhatWasTyped_ThenThoseContainingIt()
    {
        var autocomplete = WithPeople();

        autocomplete.Update("thanks @bo");

        Assert.Equal(["bob", "Bobby.Tables", "jimbo"], autocomplete.Suggestions);
        Assert.Equal(0, autocomplete.Selected);
    }

    [Fact]
    public void AnAtInsideAWord_IsNoMention()
    {
        var autocomplete = WithPeople();

        autocomplete.Update("mail me at bob@ca");

        Assert.False(autocomplete.IsOpen);
    }

    [Fact]
    public void Accept_ReplacesTheTypedPart_WithTheChosenNameAndASpace()
    {
        var autocomplete = WithPeople();
        autocomplete.Update("hi @b");
        autocomplete.Move(1);
        autocomplete.Move(1);
        autocomplete.Move(1); // wraps around to the first

        Assert.Equal("hi @bob ", autocomplete.Accept("hi @b"));
        Assert.False(autocomplete.IsOpen);
    }

    [Fact]
    public void ArrowUp_FromTheFirst_GoesToTheLast()
    {
        var autocomplete = WithPeople();
        autocomplete.Update("@");

        autocomplete.Move(-1);

        Assert.Equal("jimbo", autocomplete.Suggestions[autocomplete.Selected]);
    }

    [Fact]
    public void ASpaceAfterTheName_ClosesTheSuggestions()
    {
        var autocomplete = WithPeople();
        autocomplete.Update("@car");

        autocomplete.Update("@carol ");

        Assert.False(autocomplete.IsOpen);
    }
}
