using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Accounts;
using SkillsAudit.Domain.Common;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Account;

/// <summary>修改密码: from the menu under the user's name, and forced after a sign-in with a one-time password.</summary>
public sealed class ChangePasswordModel(AccountHandlers handlers, SignInManager<AppUser> signIn, UserManager<AppUser> users) : PageModel
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }
    [BindProperty(SupportsGet = true)] public bool First { get; set; }
    public bool Forced => User.HasClaim(AppClaimsFactory.MustChangePassword, "true");
    public bool Done { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "两次输入的新密码不一致");
            return Page();
        }
        try
        {
            await handlers.ChangeOwnPasswordAsync(User.Identity!.Name!, CurrentPassword, NewPassword);
        }
        catch (DomainValidationException e)
        {
            foreach (var x in e.Errors) ModelState.AddModelError(x.Field == "password" ? nameof(NewPassword) : nameof(CurrentPassword), x.Message);
            return Page();
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field == "password" ? nameof(NewPassword) : nameof(CurrentPassword), e.Message);
            return Page();
        }
        if (await users.GetUserAsync(User) is { } u) await signIn.RefreshSignInAsync(u);
        if (First) return LocalRedirect("/");
        Done = true;
        return Page();
    }
}
