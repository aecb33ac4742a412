using System.ComponentModel.DataAnnotations;
using BlazorChat.Domain;
using BlazorChat.Web.Accounts;

namespace BlazorChat.Web.Components.Account;

/// <summary>
/// The user name rules, checked with the form's other fields, so registration shows every problem at once, each at its
/// field. The same rules as <see cref="AccountService.RegisterAsync"/>, which still decides.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ChatUserNameAttribute : ValidationAttribute
{
    /// <summary>Why a name that breaks the rules is refused.</summary>
    public const string Rules = "A user name has 3–32 characters: letters, digits, '_', '.' and '-'.";

    public override bool RequiresValidationContext => true;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        var name = value as string;
        string? problem = string.IsNullOrEmpty(name) ? null // [Required] says so
            : !ChatNames.IsValidUserName(name) ? Rules
            : ChatNames.IsReservedUserName(name) ? AccountService.ReservedName
            : null;
        return problem is null ? ValidationResult.Success : new ValidationResult(problem, [validationContext.MemberName!]);
    }
}
