using BlazorChat.Domain;
using BlazorChat.Domain.Events;
using BlazorChat.Domain.Messages;
using BlazorChat.Web.Components.Chat;
using Microsoft.Extensions.Time.Testing;

namespace BlazorChat.Tests.Components;

public sealed class TypingExpiryTests
{
    [Fact]
    public void ANoticeNotRenewed_GoesAfterItsExpiry_WithOneRender_AndTheChecksStop()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var state = new ChatViewState("alice");
        state.Open(ChatTarget.ToRoom(ChatNames.General));
        var renders = 0;
        using var expiry = new TypingExpiry(time, state, action => { action(); return Task.CompletedTask; }, () => renders++);

        state.Apply(new UserTyping("bob", ChatNames.General, null), time.GetUtcNow());
        expiry.Watch();
        time.Advance(ChatViewState.TypingExpiry - TimeSpan.FromSeconds(1));
        Assert.Equal(0, renders);
        Assert.Equal(["bob"], state.TypingUsers(time.GetUtcNow()));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, renders);
        Assert.False(state.AnyoneTyping);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, renders); // nobody types: no more checks
    }

    [Fact]
    public void Disposed_ItChecksNoMore()
    {
        var time = new FakeTimeProvider();
        var state = new ChatViewState("alice");
        state.Open(ChatTarget.ToRoom(ChatNames.General));
        var renders = 0;
        var expiry = new TypingExpiry(time, state, action => { action(); return Task.CompletedTask; }, () => renders++);
        state.Apply(new UserTyping("bob", ChatNames.General, null), time.GetUtcNow());
        expiry.Watch();

        expiry.Dispose();
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, renders);
        Assert.True(state.AnyoneTyping); // nobody expired it: the page that showed it is gone
    }
}
