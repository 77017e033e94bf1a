using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Web.Features.Body;

/// <summary>
/// 机构用户的变更申请（seed 003 第二十二条 机构…变更…需提供相应材料）：只能为本机构（UserFilings 绑定的备案）提交，
/// 附上材料；由工作人员审核（第二十一条）。本页列出本机构的申请及审核结果。
/// A refused application comes back with everything typed kept and every problem said at once, each next to its field
/// (files cannot be kept by a browser: the form asks for them again); an accepted one is post, redirect, get.
/// </summary>
[Authorize(Roles = Roles.BodyUser)]
public sealed class ChangesModel(ChangeHandlers handlers) : PageModel
{
    public IReadOnlyList<ChangeRequestView> Items { get; private set; } = [];
    public IReadOnlyList<(int Id, string? Number, string Name, string RegionCode)> Filings { get; private set; } = [];
    public string? Message { get; private set; }
    /// <summary>Every problem of the refused application, in the order the form shows its fields.</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];
    /// <summary>The problems by the form field they are about (FilingId, Kind, Value, Reason, or an attachment kind's name); "" for the form as a whole.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();
    [BindProperty] public int FilingId { get; set; }
    [BindProperty] public ChangeKind Kind { get; set; }
    [BindProperty] public string? Value { get; set; }
    [BindProperty] public string? Reason { get; set; }

    /// <summary>The problems said next to one field (none when it is fine).</summary>
    public IReadOnlyList<string> ErrorsOf(string field) => FieldErrors.TryGetValue(field, out var e) ? e : [];

    private async Task<IReadOnlySet<int>> LoadAsync()
    {
        var own = await handlers.OwnFilingsAsync(User.Identity?.Name, isStaff: false) ?? new HashSet<int>();
        Filings = await handlers.FilingChoicesAsync(own);
        Items = await handlers.ListAsync(null, own);
        return own;
    }

    public async Task OnGetAsync()
    {
        Message = TempData["ChangeMessage"] as string;
        await LoadAsync();
    }

    /// <summary>The handler's field names (requestedValue, reason, attachments.X…) as the form's.</summary>
    private static string FormField(string field) => field switch
    {
        "requestedValue" => nameof(Value),
        "reason" => nameof(Reason),
        "kind" => nameof(Kind),
        "filingId" => nameof(FilingId),
        _ when field.StartsWith("attachments.", StringComparison.Ordinal) => field["attachments.".Length..],
        _ => "",
    };

    public async Task<IActionResult> OnPostAsync()
    {
        var own = await LoadAsync();
        if (!own.Contains(FilingId)) return NotFound(); // another body's filing: not confirmed to exist
        if (!ModelState.IsValid) // a 变更事项 that is not one of the three (the select offers only those)
        {
            Refused([new("kind", "请选择变更事项（法人、机构名称或地址变更）")]);
            return Page();
        }
        var uploads = new List<ChangeUpload>();
        foreach (var f in Request.Form.Files)
        {
            if (f.Length == 0 || !Enum.TryParse<AttachmentKind>(f.Name, out var kind) || !Enum.IsDefined(kind)) continue;
            using var ms = new MemoryStream();
            await f.CopyToAsync(ms);
            uploads.Add(new ChangeUpload(kind, f.FileName, ms.ToArray()));
        }
        try
        {
            await handlers.SubmitAsync(FilingId, Kind, Value, Reason, uploads);
            TempData["ChangeMessage"] = $"已提交变更申请（{ChangeRules.Chinese(Kind)}），待审核";
            return RedirectToPage();
        }
        catch (InvalidInputException e)
        {
            Refused(e.InputErrors);
            return Page();
        }
        catch (ConflictException e) // one of this kind is pending: said at 变更事项, naming it, with what was typed kept
        {
            Refused([new("kind", e.Message)]);
            return Page();
        }
    }

    /// <summary>
    /// 撤回 one of the body's own pending requests (after the button's confirmation), so that it can correct and submit
    /// again; post, redirect, get. A request decided or withdrawn meanwhile is refused in words on this page.
    /// </summary>
    public async Task<IActionResult> OnPostWithdrawAsync(int id)
    {
        try
        {
            var what = await handlers.WithdrawAsync(id);
            TempData["ChangeMessage"] = $"已撤回{what}；审核人员不再审核这份申请，如需变更可重新提交";
            return RedirectToPage();
        }
        catch (InvalidInputException e)
        {
            await LoadAsync();
            WithdrawError = e.Message;
            return Page();
        }
    }

    /// <summary>Why a withdrawal was refused (the request decided or withdrawn meanwhile).</summary>
    public string? WithdrawError { get; private set; }

    /// <summary>What withdrawing will do, for the confirmation.</summary>
    public static string WithdrawConfirmation(ChangeRequestView r) =>
        $"撤回{r.SubmittedAt.ChinaDate():yyyy年M月d日}提交的{r.KindName}申请（{r.BodyName}，变更后：“{r.RequestedValue}”）。\n撤回后审核人员不再审核这份申请，撤回不能恢复；如仍需变更，请修改后重新提交。";

    private void Refused(IReadOnlyList<InputError> errors)
    {
        Errors = [.. errors.Select(x => x.Message).Distinct()];
        FieldErrors = errors.GroupBy(x => FormField(x.Field)).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(x => x.Message).Distinct()]);
    }
}
