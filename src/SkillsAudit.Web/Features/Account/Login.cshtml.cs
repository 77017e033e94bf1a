using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Domain.Accounts;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Account;

public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users) : PageModel
{
    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError("", "请输入用户名和密码。");
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(UserName.Trim(), Password, isPersistent: false, lockoutOnFailure: false);
        if (result.IsLockedOut)
        {
            var wait = (signIn as AuditedSignInManager)?.RetryAfter ?? TimeSpan.Zero;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
            ModelState.AddModelError("", SignInThrottle.Refusal(wait));
        }
        else if (result.IsNotAllowed) ModelState.AddModelError("", "该账号已停用，请联系管理员。");
        else if (!result.Succeeded) ModelState.AddModelError("", "用户名或密码错误。");
        // A one-time password must be changed before anything else.
        else if ((await users.FindByNameAsync(UserName.Trim()))?.MustChangePassword == true) return LocalRedirect("/Account/ChangePassword?first=true");
        // The 工作台 (each role's to-do list), unless the sign-in was asked for by another page.
        else return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        return Page();
    }
}
