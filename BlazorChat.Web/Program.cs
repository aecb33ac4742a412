using BlazorChat.Web;
using BlazorChat.Web.Accounts;
using BlazorChat.Web.Assets;
using BlazorChat.Web.Components;
using BlazorChat.Web.Endpoints.Api;
using BlazorChat.Web.Endpoints.WebSockets;
using BlazorChat.Web.Health;
using BlazorChat.Web.Hosting;
using BlazorChat.Web.Infrastructure.Persistence;
using BlazorChat.Web.Metrics;
using BlazorChat.Web.Rendering;
using BlazorChat.Web.Security;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
// Serve package assets (MudBlazor) from the build output too, not only after `dotnet publish`.
builder.WebHost.UseStaticWebAssets();
builder.AddConnectionCapacity();
builder.AddChat();
builder.AddChatMetrics();
builder.AddChatPersistence();
builder.AddChatAccounts();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddMessageMarkup();
builder.Services.AddApiErrorHandling();
builder.Services.AddChatSocket();
builder.Services.AddChatHealth();

var app = builder.Build();
app.UseMiddleware<SecurityHeadersMiddleware>();
await app.MigrateChatDatabaseAsync();
await app.Services.GetRequiredService<SignInSessions>().LoadAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseChatStatusCodePages();
app.UseChatWebSockets();
app.UseAuthentication();
app.UseMiddleware<CircuitConnectionLimit>();
app.UseAuthorization();
app.UseAntiforgery();

app.MapChatStaticAssets();
app.MapChatHealth();
app.MapChatMetrics();
app.MapAuthEndpoints();
app.MapApiNotFound();
app.MapChatSocket();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().AllowHead();

await app.RunAsync();

/// <summary>The web host; public so tests can start it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
