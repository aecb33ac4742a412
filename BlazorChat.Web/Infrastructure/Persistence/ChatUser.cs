using Microsoft.AspNetCore.Identity;

namespace BlazorChat.Web.Infrastructure.Persistence;

/// <summary>A registered account. Its <c>UserName</c> is the chat name, unique case-insensitively.</summary>
public sealed class ChatUser : IdentityUser;
