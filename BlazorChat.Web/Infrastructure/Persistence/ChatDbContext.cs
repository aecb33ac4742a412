using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>Accounts (ASP.NET Core Identity) and room memberships.</summary>
public sealed class ChatDbContext(DbContextOptions<ChatDbContext> options) : IdentityDbContext<ChatUser>(options)
{
    public DbSet<RoomMembership> RoomMemberships => Set<RoomMembership>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<RoomMembership>(membership =>
        {
            membership.HasKey(m => new { m.UserKey, m.Room });
            membership.Property(m => m.UserKey).HasMaxLength(32);
            membership.Property(m => m.Room).HasMaxLength(64);
            membership.HasIndex(m => m.Room);
        });
    }
}
