using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Public;

/// <summary>
/// 投诉处理查询: a complainant looks up their complaint by the tracking number the notice page gave them — when it was
/// filed, whether it is still being handled, and the outcome. Never the contact or who answered. Rate-limited like
/// the certificate lookup, so numbers cannot be guessed in bulk.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Rules.RulesApi.LookupPolicy)]
public sealed class TrackingModel(NoticeService notices) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }
    /// <summary>Arrived here right after filing the complaint (the notice page's redirect): the receipt is said first.</summary>
    [BindProperty(SupportsGet = true)] public bool Filed { get; set; }
    public ComplaintView? Result { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Number)) return;
        try
        {
            Result = await notices.TrackAsync(Number, ct);
        }
        catch (NotFoundException e)
        {
            Message = e.Message + "。请核对受理编号（如 TS-20240126-7K3QH2）。";
        }
    }
}
