using BlazorChat.Domain;
using BlazorChat.Web.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Accounts;

internal static class AccountsExtensions
{
    /// <summary>ASP.NET Core Identity with the sign-in cookie for the UI and bearer tokens for <c>/ws</c>.</summary>
    public static WebApplicationBuilder AddChatAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme)
            .AddIdentityCookies();
        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<ChatWebOptions>>((bearer, chat) =>
            {
                bearer.BearerTokenExpiration = chat.Value.TokenLifetime;
                bearer.Events.OnMessageReceived = context =>
                {
                    // Browsers cannot set headers on a WebSocket, so /ws also takes the token as a query parameter.
                    if (context.Request.Path.StartsWithSegments("/ws")
                        && context.Request.Query["access_token"] is [{ Length: > 0 } token])
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                };
            });
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.Cookie.Name = "BlazorChat.Auth";
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.HttpOnly = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
            cookie.SlidingExpiration = true;
            cookie.Events.OnSigningIn = context =>
            {
                SignInSessions.StartSession(context.Principal!);
                return Task.CompletedTask;
            };
            var validateStamp = cookie.Events.OnValidatePrincipal;
            cookie.Events.OnValidatePrincipal = async context =>
            {
                if (context.HttpContext.RequestServices.GetRequiredService<SignInSessions>().HasEnded(context.Principal))
                {
                    context.RejectPrincipal(); // a signed-out session's cookie, or a copy of it
                    return;
                }

                await validateStamp(context);
            };
        });
        services.Configure<SecurityStampValidatorOptions>(stamp =>
            stamp.OnRefreshingPrincipal = context =>
            {
                // Refreshing the principal keeps the sign-in session it belongs to.
                if (SignInSessions.SessionOf(context.CurrentPrincipal) is { } sid && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                {
                    identity.AddClaim(new System.Security.Claims.Claim(SignInSessions.ClaimType, sid));
                }

                return Task.CompletedTask;
            });
        services.AddAuthorization();

        services.AddIdentityCore<ChatUser>(identity =>
            {
                identity.User.AllowedUserNameCharacters =
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
                identity.User.RequireUniqueEmail = false;
                identity.Password.RequiredLength = PasswordRules.MinLength; // and at most MaxLength: AccountService
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequiredUniqueChars = 1;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                identity.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<ChatDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<CredentialValidator>();
        services.AddSingleton<CredentialWatch>();
        services.AddHostedService<EndedSessionsRefresher>();
        services.AddSingleton(sp => new SignInSessions(
            sp.GetRequiredService<TimeProvider>(),
            TimeSpan.FromDays(15), // the cookie's 14 days, sliding, and a margin
            sp.GetRequiredService<IDbContextFactory<ChatDbContext>>(),
            sp.GetRequiredService<ILogger<SignInSessions>>(),
            sp.GetRequiredService<IChatRoomService>()));
        services.AddSingleton<DecoyPasswordHash>();
        services.AddScoped<AccountService>();
        return builder;
    }
}
