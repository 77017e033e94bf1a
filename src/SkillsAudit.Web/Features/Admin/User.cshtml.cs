using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Accounts;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Admin;

/// <summary>One account (admin): contact details, role, binding, disable/enable, one-time password, and its recent audit entries.</summary>
public sealed class UserModel(AccountHandlers handlers, AppDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Name { get; set; } = "";
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? Region { get; set; }
    [BindProperty] public string? Filings { get; set; }

    public AccountView? Account { get; private set; }
    /// <summary>The one-time password just set, carried over the redirect once (TempData) and shown that once.</summary>
    public string? Reset { get; private set; }
    public string? Message { get; private set; }
    public IReadOnlyList<AuditEntry> Recent { get; private set; } = [];

    /// <summary>
    /// The account, and its values in the page's forms. After a refused change, each form shows what was typed into it
    /// (<paramref name="posted"/>: the fields the request sent) and the other forms the account's stored values, so a
    /// refused 停用 does not leave the contact form empty for a later 保存 to wipe.
    /// </summary>
    private async Task<bool> LoadAsync(HashSet<string>? posted)
    {
        Account = await handlers.GetAsync(Name);
        if (Account is null) return false;
        bool Fill(string field) => posted is null || !posted.Contains(field);
        if (Fill(nameof(DisplayName))) DisplayName = Account.DisplayName;
        if (Fill(nameof(Phone))) Phone = Account.Phone;
        if (Fill(nameof(Email))) Email = Account.Email;
        if (Fill(nameof(Role))) Role = Account.Role;
        if (Fill(nameof(Region))) Region = Account.RegionCode;
        if (Fill(nameof(Filings)))
        {
            // as the field asks for them: 备案号, else the body's name (a name with several filings: the id, which the field also takes)
            var names = Account.Filings.Where(f => f.Number is null).Select(f => f.Name).Distinct().ToList();
            var shared = (await db.Filings.Where(f => names.Contains(f.LegalEntity.Name)).GroupBy(f => f.LegalEntity.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToListAsync())
                .ToHashSet();
            Filings = string.Join(", ", Account.Filings.Select(f => f.Number ?? (shared.Contains(f.Name) ? f.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : f.Name)));
        }
        Recent = await db.AuditLog.AsNoTracking().Where(a => (a.Actor == Account.UserName) || (a.EntityType == "SignIn" && a.EntityKey == Account.UserName))
            .OrderByDescending(a => a.Id).Take(10).ToListAsync();
        return true;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        Message = TempData["UserMessage"] as string;
        Reset = TempData["UserPassword"] as string;
        return await LoadAsync(null) ? Page() : NotFound();
    }

    /// <summary>The page's forms, each with the fields it sends; a refusal is shown in the form that was sent.</summary>
    public static class Forms
    {
        public const string Contact = "contact", Role = "role-form", Binding = "binding", State = "state-form", Reset = "reset-form";
    }

    /// <summary>The form whose change was refused (one of <see cref="Forms"/>), or null.</summary>
    public string? RefusedForm { get; private set; }

    private static readonly Dictionary<string, string[]> FieldsOf = new Dictionary<string, string[]>
    {
        [Forms.Contact] = [nameof(DisplayName), nameof(Phone), nameof(Email)],
        [Forms.Role] = [nameof(Role)],
        [Forms.Binding] = [nameof(Region), nameof(Filings)],
        [Forms.State] = [],
        [Forms.Reset] = [],
    };

    /// <summary>The refusals said at <paramref name="field"/> ("" for those about no field of the refused form).</summary>
    public IReadOnlyList<string> ErrorsOf(string field) =>
        ModelState.TryGetValue(field, out var e) ? [.. e.Errors.Select(x => x.ErrorMessage).Distinct()] : [];

    /// <summary>The refusals shown at the top of <paramref name="form"/>: those about none of its fields.</summary>
    public IReadOnlyList<string> FormErrorsOf(string form) => form == RefusedForm ? ErrorsOf("") : [];

    /// <summary>The refused form's first wrong field, which takes the focus (and so comes into view); null when the refusal is about no field.</summary>
    public string? FirstWrongField => RefusedForm is null ? null : FieldsOf[RefusedForm].FirstOrDefault(f => ErrorsOf(f).Count > 0);

    // A change that worked redirects to the account's page (post, redirect, get): a reload then shows the page again
    // instead of sending the change (a second password reset) once more, and the address stays the page's own. The
    // message and a new one-time password go over the redirect in TempData (an encrypted cookie, read once).
    private async Task<IActionResult> Do(string form, Func<Task<string?>> action, string done)
    {
        try
        {
            var password = await action();
            TempData["UserMessage"] = done;
            if (password is not null) TempData["UserPassword"] = password;
            return RedirectToPage(new { name = Name });
        }
        catch (DomainValidationException e)
        {
            foreach (var x in e.Errors) ModelState.AddModelError(Field(form, x.Field), x.Message);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(Field(form, e.Field), e.Message);
        }
        RefusedForm = form;
        return await LoadAsync(Request.HasFormContentType ? Request.Form.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase) : new HashSet<string>()) ? Page() : NotFound();
    }

    /// <summary>
    /// Where a refusal is said: at the sent form's field it names, else at the top of that form. A role change refused for
    /// a missing region or filing is about the role asked for, and is said at 角色 (the message says to bind first).
    /// </summary>
    private static string Field(string form, string? field)
    {
        var name = field switch { "displayName" => nameof(DisplayName), "phone" => nameof(Phone), "email" => nameof(Email), "role" => nameof(Role), "region" => nameof(Region), "filings" => nameof(Filings), _ => "" };
        if (form == Forms.Role) return nameof(Role);
        return FieldsOf[form].Contains(name) ? name : "";
    }

    private Task<IActionResult> Do(string form, Func<Task> action, string done) => Do(form, async () => { await action(); return null; }, done);

    public Task<IActionResult> OnPostContactAsync() => Do(Forms.Contact, () => handlers.UpdateContactAsync(Name, DisplayName, Phone, Email), "已保存姓名与联系方式");

    public Task<IActionResult> OnPostRoleAsync() => Do(Forms.Role, () => handlers.SetRoleAsync(Name, Role), "角色已修改，该账号下一次操作时生效");

    public Task<IActionResult> OnPostBindAsync() => Do(Forms.Binding, () => handlers.SetBindingAsync(Name, Region ?? "",
        (Filings ?? "").Split([',', '，', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), "绑定已修改");

    public Task<IActionResult> OnPostDisableAsync() => Do(Forms.State, () => handlers.DisableAsync(Name), "账号已停用：其已登录的会话在下一次请求时失效");

    public Task<IActionResult> OnPostEnableAsync() => Do(Forms.State, () => handlers.EnableAsync(Name), "账号已启用");

    public Task<IActionResult> OnPostResetAsync() => Do(Forms.Reset, async () => (await handlers.ResetPasswordAsync(Name)).Password, "密码已重置");
}
