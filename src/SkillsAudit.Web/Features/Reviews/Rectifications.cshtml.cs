using SkillsAudit.Data.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Web.Features.Reviews;

/// <summary>整改事项 (seed 001 四(二)): open, responded and checked items; overdue ones first and marked.</summary>
[Authorize]
public sealed class RectificationsModel(RectificationHandlers handlers, AppDb db) : PageModel
{
    public IReadOnlyList<RectificationView> Items { get; private set; } = [];
    public bool IsStaff => User.IsStaff();

    /// <summary>The rule's document as this user's region applies it: Yangquan's own, by reference (参照) elsewhere (RenewalRules.DocFor).</summary>
    public string Rule { get; private set; } = "";

    public async Task OnGetAsync()
    {
        var who = await ReviewUser.LoadAsync(db, User);
        Items = (await handlers.ListAsync(who, overdueOnly: false)).OrderByDescending(i => i.Overdue).ThenBy(i => i.Due).ToList();
        var region = who.IsStaff ? who.RegionCode
            : await db.Filings.AsNoTracking().Where(f => who.FilingIds.Contains(f.Id)).Select(f => f.RegionCode).FirstOrDefaultAsync(HttpContext.RequestAborted);
        Rule = SkillsAudit.Domain.Reviews.RenewalRules.DocFor(region);
    }

    /// <summary>A file's size as people read it: bytes under 1 KB, else KB or MB.</summary>
    public static string Size(long bytes) => bytes < 1024 ? $"{bytes} 字节" : bytes < 1024 * 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes / 1048576.0:0.#} MB";

    public static string State(string s) => s switch { "Open" => "待整改", "Responded" => "待复查", "Passed" => "复查通过", "Failed" => "复查未通过", _ => s };
}
