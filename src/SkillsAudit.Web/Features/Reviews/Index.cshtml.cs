using SkillsAudit.Data.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Web.Features.Reviews;

/// <summary>绩效考核: the campaigns the user may see; staff create new ones here.</summary>
[Authorize]
public sealed class IndexModel(CampaignHandlers campaigns, AppDb db) : PageModel
{
    public IReadOnlyList<CampaignSummary> Campaigns { get; private set; } = [];
    public bool IsStaff => User.IsStaff();

    public async Task OnGetAsync() => Campaigns = await campaigns.ListAsync(await ReviewUser.LoadAsync(db, User));

    public static string StateName(string state) => state switch { "Draft" => "筹备中", "Open" => "进行中", "Closed" => "已结束", _ => state };
}
