using BlazorChat.Domain.Messages;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlazorChat.Web.Components.Chat;

/// <summary>The snackbar that shows a direct message arriving in another conversation, with a button that opens it.</summary>
internal static class DirectMessageToast
{
    public static void Show(ISnackbar snackbar, NavigationManager navigation, ChatMessage message, string me)
    {
        var peer = message.PeerOf(me)!;
        var preview = message.Text.Length > 80 ? message.Text[..80] + "…" : message.Text;
        // A RenderFragment, so the text is rendered as text whatever the snackbar does with strings.
        snackbar.Add(
            builder => builder.AddContent(0, $"{message.From}: {preview}"),
            Severity.Info,
            options =>
            {
                options.Action = "Open";
                options.RequireInteraction = false;
                options.OnClick = _ =>
                {
                    navigation.NavigateTo($"dm/{Uri.EscapeDataString(peer)}");
                    return Task.CompletedTask;
                };
            },
            key: $"dm:{message.MessageId}");
    }
}
