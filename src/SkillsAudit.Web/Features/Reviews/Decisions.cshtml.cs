using SkillsAudit.Domain.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Reviews;

/// <summary>
/// 评估意见 per body (阳人社函〔2023〕221号 四, 附件4): each target's proposal with its rule and clause; the officer confirms
/// it or chooses another with a reason, for one body, a selection or every finalised body; unfinished bodies are listed.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class DecisionsModel(CampaignHandlers campaigns, DecisionHandlers decisions, AppDb db) : PageModel
{
    public CampaignView Campaign { get; private set; } = null!;
    public IReadOnlyList<ProposalView> Proposals { get; private set; } = [];
    public IReadOnlyList<DecisionView> Made { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        var who = await ReviewUser.LoadAsync(db, User);
        Campaign = await campaigns.GetAsync(who, id);
        Proposals = await decisions.ProposeAsync(who, id, null);
        Made = await decisions.ListAsync(who, id);
        Today = db.Now.ChinaDate();
        return Page();
    }

    public static string State(string s) => s switch { "Ready" => "可作出", "NotReady" => "未完成评审", "Decided" => "已作出", _ => s };
}
