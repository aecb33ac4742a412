using Microsoft.AspNetCore.Components.Forms;

namespace BlazorChat.Tests.Components.Support;

/// <summary>Gives <c>&lt;AntiforgeryToken /&gt;</c> a token to render, as the server does after prerendering.</summary>
public sealed class FakeAntiforgeryStateProvider : AntiforgeryStateProvider
{
    public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
}
