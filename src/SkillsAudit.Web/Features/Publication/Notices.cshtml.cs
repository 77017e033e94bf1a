using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Domain.Common;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Publication;

/// <summary>结果公告: the stored notices and a form that generates a draft from the data (seed 000).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class NoticesModel(NoticeService notices) : PageModel
{
    public IReadOnlyList<NoticeListItem> Items { get; private set; } = [];
    public string? Problem { get; private set; }
    [BindProperty] public int Year { get; set; } = 2023;
    [BindProperty] public string? Region { get; set; } = "忻州市";
    [BindProperty] public int? CampaignId { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Items = await MineAsync(ct);

    /// <summary>Officers see their own region's notices (OfficerRegions).</summary>
    private async Task<IReadOnlyList<NoticeListItem>> MineAsync(CancellationToken ct)
    {
        var mine = new List<NoticeListItem>();
        foreach (var n in await notices.ListAsync(ct)) if (await SkillsAudit.Web.Infrastructure.OfficerRegions.CoversAsync(HttpContext, n.RegionName)) mine.Add(n);
        return mine;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            if (!await SkillsAudit.Web.Infrastructure.OfficerRegions.CoversAsync(HttpContext, Region))
                throw new DomainException("region", $"您不负责“{Region}”的公告");
            var v = await notices.CreateDraftAsync(Year, Region ?? "", CampaignId, ct);
            return RedirectToPage("/Publication/Notice", new { id = v.Id });
        }
        catch (InvalidInputException e)
        {
            Problem = e.Message;
        }
        Items = await MineAsync(ct);
        return Page();
    }
}
