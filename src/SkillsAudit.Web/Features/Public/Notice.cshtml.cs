using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Domain.Common;
using SkillsAudit.Web.Features.Publication;

namespace SkillsAudit.Web.Features.Public;

/// <summary>
/// 公示: an issued results notice for everyone, no sign-in — the notice, its annex tables, the 公示期 and a complaint
/// form (投诉举报) that gives a tracking number. Only what the notice publishes: no evidence, no reviewers, no staff or
/// complainant names. Anonymous GETs are cacheable (Cache-Control public, ETag, 304). The complaint form carries no
/// antiforgery token (it would make the page uncacheable); it needs no session, so there is nothing to forge.
/// </summary>
[IgnoreAntiforgeryToken]
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PublicNoticeCachePolicy.Name)]
public sealed class NoticeModel(NoticeService notices, NoticeFonts fonts, TimeProvider clock) : PageModel
{
    public NoticeView? Notice { get; private set; }
    public NoticeFonts Fonts => fonts;
    public bool Open { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];

    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Contact { get; set; }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));

    /// <summary>Why no complaint is taken while the form is closed: withdrawn, not yet in its 公示期, or past it — not "不在公示期内" for all three.</summary>
    public string ClosedReason => Notice switch
    {
        { State: NoticeState.Withdrawn } => "本通知已撤回，不再受理投诉举报。",
        { PublicFrom: { } from } when Today < from => $"公示期尚未开始，自 {from:yyyy-MM-dd} 起受理投诉举报。",
        _ => "公示期已结束，不再受理投诉举报。",
    };

    private async Task<bool> LoadAsync(string key, CancellationToken ct)
    {
        try
        {
            Notice = await notices.GetPublicAsync(key, ct);
        }
        catch (NotFoundException)
        {
            return false;
        }
        Open = Notice.State == NoticeState.Issued && (Notice.PublicFrom is not { } f || f <= Today) && (Notice.PublicTo is not { } t || Today <= t);
        return true;
    }

    /// <summary>
    /// The ETag comes from the notice's stamp (version and 公示期) before anything else: a conditional GET that names it is
    /// answered 304 without reading the notice; otherwise the notice comes from the per-version cache (PublicNoticeCache).
    /// Anonymous answers are kept in the output cache (PublicNoticeCachePolicy), which answers them without reaching here.
    /// </summary>
    public async Task<IActionResult> OnGetAsync(string key, [FromServices] PublicNoticeCache cache, CancellationToken ct)
    {
        var stamp = HttpContext.Items[typeof(PublicNoticeStamp)] as PublicNoticeStamp ?? await cache.StampAsync(key, HttpContext.RequestServices, ct);
        if (stamp is null) return NotFound();
        var etag = cache.ETag(stamp);
        var anonymous = User.Identity?.IsAuthenticated != true;
        Response.Headers[HeaderNames.ETag] = etag;
        // Signed-in staff see their name in the layout: their copy is private.
        // Revalidated every time (no-cache + ETag → 304): a withdrawal or correction must show at once.
        Response.Headers[HeaderNames.CacheControl] = anonymous ? "public, no-cache" : "private, max-age=0";
        if (PublicNoticeCache.NotModified(Request, etag)) return StatusCode(StatusCodes.Status304NotModified);
        Notice = await cache.ViewAsync(stamp, HttpContext.RequestServices, ct);
        Open = cache.Open(stamp);
        return Page();
    }

    public async Task<IActionResult> OnPostComplaintAsync(string key, [FromServices] SkillsAudit.Web.Infrastructure.PublicFormLimiter limiter, CancellationToken ct)
    {
        if (!limiter.TryAcquire(HttpContext)) return StatusCode(StatusCodes.Status429TooManyRequests);
        if (!await LoadAsync(key, ct)) return NotFound();
        Response.Headers[HeaderNames.CacheControl] = "no-store";
        try
        {
            var c = await notices.FileComplaintAsync(key, new ComplaintInput(Subject, Text, Contact), ct);
            // Post, redirect, get: the receipt is the tracking page of the new number (at the top of the page the
            // complainant lands on, not below the notice), and a reload shows it again instead of filing again.
            return RedirectToPage("/Public/Tracking", new { number = c.TrackingNumber, filed = true });
        }
        catch (DomainValidationException e)
        {
            foreach (var (field, messages) in e.ToDictionary()) Errors[field] = string.Join("；", messages);
        }
        return Page();
    }
}
