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

    /// <summary>Officers see their own region's notices (NoticeService filters by AccessGuard).</summary>
    public async Task OnGetAsync(CancellationToken ct) => Items = await notices.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var v = await notices.CreateDraftAsync(Year, Region ?? "", CampaignId, ct: ct);
            return RedirectToPage("/Publication/Notice", new { id = v.Id });
        }
        catch (InvalidInputException e)
        {
            Problem = e.Message;
        }
        Items = await notices.ListAsync(ct);
        return Page();
    }
}
