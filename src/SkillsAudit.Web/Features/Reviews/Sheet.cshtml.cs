using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Web.Features.Reviews;

/// <summary>The printable offline scoring sheet of one body (officers and panel members).</summary>
[Authorize]
public sealed class SheetModel(SheetHandlers sheets, AppDb db) : PageModel
{
    public OfflineSheet Sheet { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id)
    {
        Sheet = await sheets.SheetAsync(await ReviewUser.LoadAsync(db, User), id);
        return Page();
    }
}
