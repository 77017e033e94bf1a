using SkillsAudit.Data.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Web.Features.Reviews;

/// <summary>绩效考核: the campaigns the user may see; staff create new ones here.</summary>
[Authorize]
public sealed class IndexModel(CampaignHandlers campaigns, AppDb db, SkillsAudit.Data.Features.Rubrics.RubricLibrary rubrics) : PageModel
{
    public IReadOnlyList<CampaignSummary> Campaigns { get; private set; } = [];
    public bool IsStaff => User.IsStaff();

    /// <summary>The rubrics to choose from when creating a campaign, by title.</summary>
    public IReadOnlyList<SkillsAudit.Data.Features.Rubrics.RubricEntry> Rubrics { get; private set; } = [];

    /// <summary>The new campaign's region to start with: the officer's own (empty for the province and admins).</summary>
    public string? DefaultRegion { get; private set; }

    public async Task OnGetAsync()
    {
        var who = await ReviewUser.LoadAsync(db, User);
        Campaigns = await campaigns.ListAsync(who);
        if (IsStaff)
        {
            Rubrics = await rubrics.ListAsync();
            DefaultRegion = SkillsAudit.Domain.Registry.Regions.Find(who.RegionCode)?.Name;
        }
    }

    public static string StateName(string state) => state switch { "Draft" => "筹备中", "Open" => "进行中", "Closed" => "已结束", _ => state };
}
