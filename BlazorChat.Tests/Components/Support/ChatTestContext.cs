using BlazorChat.Domain;
using BlazorChat.Domain.InMemory;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using ChatPage = BlazorChat.Web.Components.Pages.Chat;

namespace BlazorChat.Tests.Components.Support;

/// <summary>
/// A bUnit context with MudBlazor, loose JS interop, a fake clock and a real <see cref="ChatRoomService"/> over the
/// in-memory stores, signed in as alice. Other users act through <see cref="Chat"/> directly.
/// </summary>
public class ChatTestContext : BunitContext
{
    static ChatTestContext()
    {
        // A deadline, not a pause: waits end as soon as their condition holds. bUnit's 1 s is too short on a
        // loaded two-core CI machine.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }

    public ChatTestContext()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero));
        Options = new ChatOptions();
        Chat = new ChatRoomService(
            Store,
            new InMemoryMembershipStore(),
            new InMemoryReadMarkerStore(Store.Inner),
            Users,
            Options,
            Time);

        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(Options);
        Services.AddSingleton<IChatRoomService>(Chat);
        Services.AddSingleton(new BlazorChat.Web.Rendering.MessageMarkup());
        Services.AddSingleton(new BlazorChat.Web.Accounts.SignInSessions(Time, TimeSpan.FromDays(1)));
        Services.AddSingleton<Microsoft.AspNetCore.Components.Forms.AntiforgeryStateProvider, FakeAntiforgeryStateProvider>();
        AddAuthorization().SetAuthorized("alice");
    }

    /// <summary>The registered users: alice, bob and carol, and whoever a test adds.</summary>
    public InMemoryUserDirectory Users { get; } = new("alice", "bob", "carol");

    /// <summary>The running test's cancellation token.</summary>
    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>The messages; it can lose the answer of one commit.</summary>
    public BlazorChat.Tests.Support.FaultyMessageStore Store { get; } = new();

    /// <summary>The clock of the service and the page.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The service's limits.</summary>
    public ChatOptions Options { get; }

    /// <summary>Where snackbars show, once <see cref="RenderChat"/> has run.</summary>
    public IRenderedComponent<MudSnackbarProvider>? Snackbars { get; private set; }

    /// <summary>Where menus and popovers show, once <see cref="RenderChat"/> has run.</summary>
    public IRenderedComponent<MudPopoverProvider>? Popovers { get; private set; }

    /// <summary>The chat service the page talks to.</summary>
    public ChatRoomService Chat { get; }

    /// <summary>Renders the chat page (with the popover and snackbar providers it needs) and waits until it is live.</summary>
    public IRenderedComponent<ChatPage> RenderChat(string? room = null, string? user = null)
    {
        var cut = RenderChatPage(room, user);
        cut.WaitForElement("#chat-ready");
        return cut;
    }

    /// <summary>Renders the chat page without waiting for it to go live (it may be refused).</summary>
    public IRenderedComponent<ChatPage> RenderChatPage(string? room = null, string? user = null)
    {
        Popovers = Render<MudPopoverProvider>();
        Snackbars = Render<MudSnackbarProvider>();
        var cut = Render<ChatPage>(p => p
            .Add(c => c.Room, room)
            .Add(c => c.User, user));
        return cut;
    }

    /// <summary>Connects another user's circuit that records what it receives.</summary>
    public Task<EventRecorder> ConnectAsync(string user) => EventRecorder.ConnectAsync(Chat, user);

    /// <summary>Runs the page's pending timers due by now plus <paramref name="by"/>.</summary>
    public void Advance(TimeSpan by) => Time.Advance(by);

}
