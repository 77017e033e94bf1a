using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Reviews;

/// <summary>Results with charts: grade distribution, self vs panel per body (the gap), ranking.</summary>
[Authorize]
public sealed class ResultsModel(ReviewResults results, AppDb db) : PageModel
{
    public CampaignResults Results { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id)
    {
        Results = await results.GetAsync(await ReviewUser.LoadAsync(db, User), id);
        return Page();
    }

    public string ChartJson() => JsonSerializer.Serialize(new
    {
        distribution = Results.DistributionDetail.Select(d => new { name = d.Label, value = d.Count }),
        bodies = Results.Rows.Select(r => new { name = r.BodyName, self = r.SelfTotal, panel = r.PanelTotal, gap = r.Gap }),
    }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
}
