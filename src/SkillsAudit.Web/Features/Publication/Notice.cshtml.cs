using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Domain.Common;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Publication;

/// <summary>One notice for staff: preview, edit the wording of a draft, issue it, compare its figures with today's data, and the complaints with an outcome form.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class NoticeModel(NoticeService notices, NoticeFonts fonts) : PageModel
{
    public NoticeView? Notice { get; private set; }
    public NoticeFonts Fonts => fonts;
    public NoticeComparison? Comparison { get; private set; }
    public IReadOnlyList<ComplaintView> Complaints { get; private set; } = [];
    public string? Problem { get; private set; }
    public string? Message { get; private set; }
    /// <summary>The form's refusals by field (标题, 正文, 公示期, 确认, 撤回理由 …), in Chinese, shown at the field; the rest go to <see cref="Problem"/>.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The fields of the draft and withdraw forms, as NoticeService names them in its refusals.</summary>
    private static readonly HashSet<string> FormFields = new(StringComparer.Ordinal)
        { "title", "template", "documentNumber", "datedOn", "publicFrom", "publicTo", "confirm", "noDocumentNumber", "reason" };

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Template { get; set; }
    [BindProperty] public string? DocumentNumber { get; set; }
    [BindProperty] public string? DatedOn { get; set; }
    [BindProperty] public bool Confirm { get; set; }
    /// <summary>本通知不编发文字号: the notice goes out without one, as seed 000 did.</summary>
    [BindProperty] public bool NoDocumentNumber { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? PublicFrom { get; set; }
    [BindProperty] public string? PublicTo { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public int ComplaintId { get; set; }
    [BindProperty] public string? Outcome { get; set; }

    private async Task<IActionResult> Show(int id, CancellationToken ct)
    {
        Notice = await notices.GetAsync(id, ct);
        Complaints = await notices.ComplaintsAsync(id, ct);
        Title ??= Notice.Content.Title;
        Template ??= string.Join("\n", Notice.Content.Template);
        DocumentNumber ??= Notice.Content.DocumentNumber;
        DatedOn ??= Notice.Content.DatedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        PublicFrom ??= Notice.PublicFrom?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        PublicTo ??= Notice.PublicTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Version = Notice.Version;
        ModelState.Remove(nameof(Version)); // the form carries the stored version, not the one posted
        return Page();
    }

    private async Task<IActionResult> Try(int id, Func<Task> action, string message, CancellationToken ct)
    {
        try
        {
            await action();
            // Post, redirect, get: the notice's own address again, so a reload shows the page instead of sending the
            // action (a second 发布 or 撤回) once more; the message crosses the redirect once (TempData).
            TempData["NoticeMessage"] = message;
            return RedirectToPage(new { id });
        }
        catch (InvalidInputException e)
        {
            // At the field, with the typed input kept (Show fills only what was not posted); what belongs to no field
            // (a gap in the figures, the notice's state) stays above the form.
            var rest = new List<string>();
            foreach (var x in e.InputErrors)
            {
                if (!FormFields.Contains(x.Field)) rest.Add(x.Message);
                else Errors[x.Field] = Errors.TryGetValue(x.Field, out var before) ? $"{before}；{x.Message}" : x.Message;
            }
            Problem = rest.Count > 0 ? string.Join("；", rest.Distinct()) : "未能提交，请按下方标出的各项修改。";
        }
        catch (RefusalException e)
        {
            Problem = e.Message;
        }
        return await Show(id, ct);
    }

    /// <summary>Every handler, GET and POST, goes through NoticeService, which asks AccessGuard first (404/403 for another region).</summary>
    public Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        Message = TempData["NoticeMessage"] as string;
        return Show(id, ct);
    }

    public Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct) => Try(id, () => notices.UpdateAsync(id, new NoticeEdit
    {
        Title = Title, Template = Template, DocumentNumber = DocumentNumber ?? "", DatedOn = DatedOn, PublicFrom = PublicFrom, PublicTo = PublicTo, Version = Version,
    }, ct), "已保存草稿。", ct);

    /// <summary>Saves the form first (so the 文号, date and 公示期 typed are the ones issued), then issues with the confirmation.</summary>
    public Task<IActionResult> OnPostIssueAsync(int id, CancellationToken ct) => Try(id, async () =>
    {
        var edit = new NoticeEdit
        {
            Title = Title, Template = Template, DocumentNumber = DocumentNumber ?? "", DatedOn = DatedOn, PublicFrom = PublicFrom, PublicTo = PublicTo, Version = Version,
        };
        // Unticked: said together with whatever else the form would be refused for, not one problem per round.
        if (!Confirm) throw new DomainValidationException([.. await notices.CheckUpdateAsync(id, edit, ct), new DomainException("confirm", "发布后不能再修改正文，请勾选确认后再发布")]);
        await notices.UpdateAsync(id, edit, ct);
        await notices.IssueAsync(id, PublicFrom, PublicTo, confirmed: Confirm, withoutDocumentNumber: NoDocumentNumber, ct: ct);
    }, "已发布。", ct);

    public Task<IActionResult> OnPostWithdrawAsync(int id, CancellationToken ct) => Try(id, () => notices.WithdrawAsync(id, Reason, Confirm, ct), "已撤回。", ct);

    public async Task<IActionResult> OnPostCorrectAsync(int id, CancellationToken ct)
    {
        try
        {
            var draft = await notices.CreateCorrectionAsync(id, ct);
            return RedirectToPage(new { id = draft.Id });
        }
        catch (Exception e) when (e is DomainValidationException or DomainException)
        {
            Problem = e.Message;
            return await Show(id, ct);
        }
    }

    public async Task<IActionResult> OnPostCompareAsync(int id, CancellationToken ct)
    {
        try
        {
            Comparison = await notices.CompareAsync(id, ct);
        }
        catch (InvalidInputException e)
        {
            Problem = e.Message;
        }
        return await Show(id, ct);
    }

    /// <summary>The complaint whose 处理结果 was refused: said under that complaint's box, with what was typed kept (the table is at the foot of a long page).</summary>
    public int? OutcomeRefusedFor { get; private set; }

    public async Task<IActionResult> OnPostOutcomeAsync(int id, CancellationToken ct)
    {
        var answer = await Try(id, () => notices.RecordOutcomeAsync(ComplaintId, Outcome, ct), "已记录处理结果。", ct);
        if (Problem is not null && Complaints.Any(c => c.Id == ComplaintId && c.Outcome is null)) OutcomeRefusedFor = ComplaintId;
        return answer;
    }
}
