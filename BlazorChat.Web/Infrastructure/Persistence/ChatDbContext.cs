using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>
/// Accounts (ASP.NET Core Identity), room memberships, messages, read markers and the data-protection keys that sign
/// cookies and tokens (shared by every node on this database). Each database provider has its own subclass so that
/// each keeps its own migrations (<see cref="SqliteChatDbContext"/>, <see cref="PostgresChatDbContext"/>).
/// </summary>
public abstract class ChatDbContext(DbContextOptions options) : IdentityDbContext<ChatUser>(options), IDataProtectionKeyContext
{
    public DbSet<RoomMembership> RoomMemberships => Set<RoomMembership>();

    public DbSet<StoredMessage> Messages => Set<StoredMessage>();

    public DbSet<ConversationHead> Conversations => Set<ConversationHead>();

    public DbSet<ReadMarker> ReadMarkers => Set<ReadMarker>();

    public DbSet<EndedSession> EndedSessions => Set<EndedSession>();

    /// <summary>Written and read by ASP.NET Core Data Protection (<c>PersistKeysToDbContext</c>) only.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<StoredReaction> Reactions => Set<StoredReaction>();

    public DbSet<StoredChange> MessageChanges => Set<StoredChange>();

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
        builder.Entity<StoredMessage>(message =>
        {
            message.HasKey(m => m.MessageId);
            message.Property(m => m.MessageId).HasMaxLength(32);
            message.Property(m => m.Conversation).HasMaxLength(80);
            message.Property(m => m.From).HasMaxLength(32);
            message.Property(m => m.Room).HasMaxLength(64);
            message.Property(m => m.To).HasMaxLength(32);
            message.Property(m => m.ClientMsgId).HasMaxLength(128);
            message.HasIndex(m => new { m.Conversation, m.Seq }).IsUnique();
            message.Property(m => m.IdempotencyKey).HasMaxLength(128);
            message.HasIndex(m => new { m.From, m.IdempotencyKey }).IsUnique();
            // Finds the direct messages to a user for unread counts without reading every message.
            message.HasIndex(m => new { m.To, m.Conversation, m.Seq });
            message.HasIndex(m => new { m.Conversation, m.Rev });
            message.Property(m => m.ReplyTo).HasMaxLength(32);
            message.HasIndex(m => new { m.ReplyTo, m.Seq });
            message.Property(m => m.Mentions).HasMaxLength(2048);
        });
        builder.Entity<StoredReaction>(reaction =>
        {
            reaction.ToTable("Reactions");
            reaction.HasKey(r => r.Id);
            reaction.Property(r => r.MessageId).HasMaxLength(32);
            reaction.Property(r => r.User).HasMaxLength(32);
            reaction.Property(r => r.Emoji).HasMaxLength(128);
            reaction.HasIndex(r => new { r.MessageId, r.User, r.Emoji }).IsUnique();
        });
        builder.Entity<StoredChange>(change =>
        {
            change.ToTable("MessageChanges");
            change.HasKey(c => new { c.Conversation, c.Rev });
            change.Property(c => c.Conversation).HasMaxLength(80);
            change.Property(c => c.MessageId).HasMaxLength(32);
            change.Property(c => c.User).HasMaxLength(32);
            change.Property(c => c.Emoji).HasMaxLength(128);
        });
        builder.Entity<ConversationHead>(head =>
        {
            head.ToTable("Conversations");
            head.HasKey(h => h.Key);
            head.Property(h => h.Key).HasMaxLength(80);
        });
        builder.Entity<EndedSession>(session =>
        {
            session.HasKey(s => s.SessionId);
            session.Property(s => s.SessionId).HasMaxLength(32);
        });
        builder.Entity<ReadMarker>(marker =>
        {
            marker.HasKey(m => new { m.UserKey, m.Conversation });
            marker.Property(m => m.UserKey).HasMaxLength(32);
            marker.Property(m => m.Conversation).HasMaxLength(80);
        });
    }
}

/// <summary>The chat database on SQLite (the default).</summary>
public sealed class SqliteChatDbContext(DbContextOptions<SqliteChatDbContext> options) : ChatDbContext(options);

/// <summary>The chat database on PostgreSQL.</summary>
public sealed class PostgresChatDbContext(DbContextOptions<PostgresChatDbContext> options) : ChatDbContext(options);
