using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Common;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Publication;

/// <summary>A campaign the officer may cite, with how many of its targets' results are confirmed (the notice counts only those).</summary>
public sealed record NoticeCampaignChoice(int Id, string Title, int Year, string Region, int Targets, int Confirmed)
{
    public int Unconfirmed => Math.Max(0, Targets - Confirmed);
}

/// <summary>结果公告: the stored notices and a form that generates a draft from the data (seed 000).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class NoticesModel(NoticeService notices, CampaignHandlers campaigns, AppDb db) : PageModel
{
    public IReadOnlyList<NoticeListItem> Items { get; private set; } = [];
    public IReadOnlyList<NoticeCampaignChoice> Campaigns { get; private set; } = [];
    public string? Problem { get; private set; }
    /// <summary>The form's own errors, by field (年度, 地区, 引用考核), in Chinese.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    // Text, not numbers: an empty or mistyped 年度 is the officer's to correct (with the text kept), never a default year
    // nor the model binder's English "The Year field is required.".
    [BindProperty] public string? Year { get; set; }
    [BindProperty] public string? Region { get; set; }
    [BindProperty] public string? CampaignId { get; set; }

    private async Task<ReviewUser> LoadAsync(CancellationToken ct)
    {
        Items = await notices.ListAsync(ct);
        var who = await ReviewUser.LoadAsync(db, User, ct);
        var list = await campaigns.ListAsync(who, ct);
        var ids = list.Select(c => c.Id).ToList();
        var confirmed = (await db.Assessments.AsNoTracking().Where(a => ids.Contains(a.CampaignId) && a.FinalisedAt != null)
                .Select(a => new { a.CampaignId, a.FilingId }).ToListAsync(ct))
            .GroupBy(a => a.CampaignId).ToDictionary(g => g.Key, g => g.Select(a => a.FilingId).ToHashSet());
        var targets = (await db.Campaigns.AsNoTracking().Where(c => ids.Contains(c.Id)).Include(c => c.Targets).ToListAsync(ct))
            .ToDictionary(c => c.Id, c => c.TargetFilingIds.ToHashSet());
        Campaigns = list.Select(c =>
        {
            var mine = targets.GetValueOrDefault(c.Id) ?? [];
            var done = confirmed.GetValueOrDefault(c.Id) ?? [];
            return new NoticeCampaignChoice(c.Id, c.Title, c.Year, c.Region, mine.Count, mine.Count(done.Contains));
        }).ToList();
        return who;
    }

    /// <summary>
    /// Officers see their own region's notices (NoticeService filters by AccessGuard). The form starts on the officer's
    /// own region (a city's short name, as the notice's title writes it) and on the year of that region's latest
    /// campaign, else last year: the notice reports a year once it is over.
    /// </summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var who = await LoadAsync(ct);
        var region = who.RegionCode is { } code ? SkillsAudit.Domain.Registry.Regions.Find(code) : null;
        Region = region?.Name;
        var latest = Campaigns.Select(c => (int?)c.Year).Max(); // the region's own campaigns only, for an officer (CampaignHandlers.ListAsync)
        Year = (latest ?? SkillsAudit.Data.Features.Notifications.ReviewWork.Today(db).Year - 1).ToString(CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear(); // the fields are checked here, in Chinese
        int? year = null, campaignId = null;
        var yearText = Year?.Trim() ?? "";
        if (yearText.Length == 0) Errors["year"] = "请填写年度（四位数字，如 2026）";
        else if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || yearText.Length != 4) Errors["year"] = $"年度“{yearText}”应为四位数字，如 2026";
        else year = y;
        if (string.IsNullOrWhiteSpace(Region)) Errors["region"] = "请填写地区，如 忻州市";
        var campaignText = CampaignId?.Trim() ?? "";
        if (campaignText.Length > 0)
        {
            if (int.TryParse(campaignText, NumberStyles.None, CultureInfo.InvariantCulture, out var c)) campaignId = c;
            else Errors["campaign"] = "所选考核无效，请从列表中选择；不引用考核时选“不引用考核”";
        }
        if (Errors.Count == 0)
        {
            try
            {
                var v = await notices.CreateDraftAsync(year!.Value, Region!, campaignId, ct: ct);
                return RedirectToPage("/Publication/Notice", new { id = v.Id });
            }
            catch (InvalidInputException e)
            {
                foreach (var x in e.InputErrors)
                    if (x.Field is "year" or "region" or "campaign") Errors.TryAdd(x.Field, x.Message);
                if (Errors.Count == 0) Problem = e.Message;
            }
            catch (ForbiddenException e)
            {
                // A region outside the officer's: said at the field with the form kept (as the random draw does), still a 403.
                Errors["region"] = e.Message;
                _ = await LoadAsync(ct);
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            }
        }
        _ = await LoadAsync(ct);
        return Page();
    }
}
