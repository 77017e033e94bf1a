using SkillsAudit.Data.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Web.Features.Reviews;

/// <summary>整改事项 (seed 001 四(二)): open, responded and checked items; overdue ones first and marked.</summary>
[Authorize]
public sealed class RectificationsModel(RectificationHandlers handlers, AppDb db) : PageModel
{
    public IReadOnlyList<RectificationView> Items { get; private set; } = [];
    public bool IsStaff => User.IsStaff();

    public async Task OnGetAsync() =>
        Items = (await handlers.ListAsync(await ReviewUser.LoadAsync(db, User), overdueOnly: false)).OrderByDescending(i => i.Overdue).ThenBy(i => i.Due).ToList();

    public static string State(string s) => s switch { "Open" => "待整改", "Responded" => "待复查", "Passed" => "复查通过", "Failed" => "复查未通过", _ => s };
}
