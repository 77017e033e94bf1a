using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Accounts;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Web.Features.Admin;

/// <summary>账号管理 (admin): every account with its role, binding and state, and the form that creates one.</summary>
public sealed class UsersModel(AccountHandlers handlers, SkillsAudit.Data.AppDb db) : PageModel
{
    public sealed class NewAccount
    {
        public string? UserName { get; set; }
        public string? DisplayName { get; set; }
        public string? Role { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }
        public string? Region { get; set; }
        public string? Filings { get; set; }
    }

    [BindProperty] public NewAccount Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<AccountView> Accounts { get; private set; } = [];
    public OneTimePassword? Created { get; private set; }
    /// <summary>The registry's body names, offered as the 备案 field is typed (the field takes a 备案号 or a body's name).</summary>
    public IReadOnlyList<string> BodyNames { get; private set; } = [];

    public static IEnumerable<Region> BindableRegions => Regions.All.Where(r => r.Level is RegionLevel.Province or RegionLevel.City).OrderBy(r => r.Code);

    private async Task LoadAsync()
    {
        var all = await handlers.ListAsync();
        BodyNames = (await db.LegalEntities.Where(e => db.Filings.Any(f => f.LegalEntityId == e.Id)).Select(e => e.Name).ToListAsync()).Distinct().Order(StringComparer.Ordinal).ToList();
        var q = Q?.Trim();
        Accounts = string.IsNullOrEmpty(q) ? all
            : all.Where(a => a.UserName.Contains(q, StringComparison.OrdinalIgnoreCase) || a.DisplayName.Contains(q, StringComparison.Ordinal)
                || (a.RegionName?.Contains(q, StringComparison.Ordinal) ?? false) || a.Filings.Any(f => f.Name.Contains(q, StringComparison.Ordinal))).ToList();
    }

    public async Task OnGetAsync()
    {
        if (TempData["CreatedUser"] is string user && TempData["CreatedPassword"] is string password) Created = new OneTimePassword(user, password);
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var filings = Input.Filings?.Split([',', '，', ';', '；', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var created = await handlers.CreateAsync(new AccountInput(Input.UserName, Input.DisplayName, Input.Role, Input.Phone, Input.Email,
                Input.Role == "Officer" ? Input.Region : null, Input.Role == "BodyUser" ? filings : null));
            // Post, redirect, get (as on an account's page): a reload cannot send the form again; the one-time password
            // goes over the redirect once, in TempData.
            TempData["CreatedUser"] = created.UserName;
            TempData["CreatedPassword"] = created.Password;
            return RedirectToPage(new { q = Q });
        }
        catch (DomainValidationException e)
        {
            // each at its field; one about no field of this form, above the form
            foreach (var x in e.Errors) ModelState.AddModelError(x.Field is "userName" or "displayName" or "role" or "region" or "filings" or "phone" or "email"
                ? "Input." + char.ToUpperInvariant(x.Field[0]) + x.Field[1..] : "", x.Message);
        }
        await LoadAsync();
        return Page();
    }
}
