using SkillsAudit.Data.Access;
using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Web.Features.Registry;

public sealed class DetailModel(FilingHandlers handlers, AccessGuard access) : PageModel
{
    public FilingDetail Filing { get; private set; } = null!;
    public bool IsStaff => User.IsStaff();
    /// <summary>Staff whose region covers the filing's: others are refused the edit form, so are not offered it.</summary>
    public bool MayEdit { get; private set; }
    /// <summary>A body user looking at a filing bound to their account: offered what the body does for it.</summary>
    public bool OwnFiling { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        var f = await handlers.GetAsync(id);
        if (f is null) return NotFound();
        Filing = f;
        MayEdit = IsStaff && await access.CoversAsync(f.RegionCode);
        OwnFiling = !IsStaff && User.Identity?.IsAuthenticated == true && (await access.ActorAsync()) is { IsBody: true } u && u.FilingIds.Contains(id);
        return Page();
    }

    public string Show(string? value) =>
        value is null ? $"<span class=\"not-stated\">{RegistryLabels.NotStated}</span>" : WebUtility.HtmlEncode(value);
}
