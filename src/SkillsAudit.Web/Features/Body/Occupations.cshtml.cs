using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Web.Features.Body;

/// <summary>
/// 机构用户的新增职业（工种）申请（忻州市管理办法 第六章 第二十四至二十六条）：只能为本机构（绑定的备案）提交，写明
/// 专家、考评人员、题库数量和申请说明，附上材料；社会培训评价组织已备案 5 个职业时须选择以旧换新交回的职业（第二十六条）。
/// 由本地区工作人员审核（第二十三条）。本页列出本机构的申请及审核结果。A refused application comes back with everything
/// typed kept and each problem next to its field (files must be chosen again); an accepted one is post, redirect, get.
/// </summary>
[Authorize(Roles = Roles.BodyUser)]
public sealed class OccupationsModel(OccupationApplicationHandlers handlers) : PageModel
{
    public IReadOnlyList<OccupationApplicationView> Items { get; private set; } = [];
    public IReadOnlyList<(int Id, string? Number, string Name)> Filings { get; private set; } = [];
    /// <summary>The form for the chosen filing; null when the account is bound to none.</summary>
    public OccupationFormView? Form { get; private set; }
    public string? Message { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    [BindProperty(SupportsGet = true)] public int? FilingId { get; set; }
    [BindProperty] public string? Occupation { get; set; }
    [BindProperty] public List<Level> Levels { get; set; } = [];
    [BindProperty] public string? Replacing { get; set; }
    [BindProperty] public int? Experts { get; set; }
    [BindProperty] public int? Examiners { get; set; }
    [BindProperty] public int? QuestionBanks { get; set; }
    [BindProperty] public string? Explanation { get; set; }

    /// <summary>The form's labels, as the refusals name the fields.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [nameof(Experts)] = "专家人数", [nameof(Examiners)] = "考评人员人数", [nameof(QuestionBanks)] = "题库（套）",
    };

    public IReadOnlyList<string> ErrorsOf(string field) => FieldErrors.TryGetValue(field, out var e) ? e : [];

    /// <summary>The name the catalogue gives the typed occupation code (shown beside the field).</summary>
    public string? OccupationName => Form?.Catalogue.FirstOrDefault(o => o.Code == Occupation?.Trim())?.Name;

    private async Task<IReadOnlySet<int>> LoadAsync()
    {
        var own = await handlers.OwnFilingsAsync() ?? new HashSet<int>();
        var catalogue = await handlers.CatalogueAsync();
        var forms = new List<OccupationFormView>();
        foreach (var id in own.OrderBy(i => i)) forms.Add(await handlers.FormAsync(id, catalogue));
        Filings = forms.Select(f => (f.FilingId, f.FilingNumber, f.BodyName)).ToList();
        Form = forms.FirstOrDefault(f => f.FilingId == FilingId) ?? forms.FirstOrDefault();
        Items = await handlers.ListAsync(null, own);
        return own;
    }

    public async Task OnGetAsync()
    {
        Message = TempData["OccupationMessage"] as string;
        await LoadAsync();
    }

    /// <summary>The handler's field names as the form's.</summary>
    private static string FormField(string field) => field switch
    {
        "occupation" => nameof(Occupation), "levels" => nameof(Levels), "replacing" => nameof(Replacing), "experts" => nameof(Experts),
        "examiners" => nameof(Examiners), "questionBanks" => nameof(QuestionBanks), "explanation" => nameof(Explanation), "filingId" => nameof(FilingId),
        // kept apart from the counts: the attachment 题库资源储备说明 (QuestionBanks) is not the count 题库（套）
        _ when field.StartsWith("attachments.", StringComparison.Ordinal) => field,
        _ => "",
    };

    public async Task<IActionResult> OnPostAsync()
    {
        var own = await LoadAsync();
        if (FilingId is not { } filingId || !own.Contains(filingId)) return NotFound(); // another body's filing: not confirmed to exist
        var errors = new List<InputError>();
        // A count that is not a whole number is refused at its field, never read as 0; an empty one is asked for.
        foreach (var name in new[] { nameof(Experts), nameof(Examiners), nameof(QuestionBanks) })
        {
            var value = name switch { nameof(Experts) => Experts, nameof(Examiners) => Examiners, _ => QuestionBanks };
            var typed = Request.Form[name].ToString();
            if (ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0)
                errors.Add(new(char.ToLowerInvariant(name[0]) + name[1..], $"{Labels[name]}：“{typed}”不是有效的数量，请填写 0 或正整数"));
            else if (value is null) errors.Add(new(char.ToLowerInvariant(name[0]) + name[1..], $"请填写{Labels[name]}"));
        }
        if (ModelState.TryGetValue(nameof(Levels), out var levelState) && levelState.Errors.Count > 0) errors.Add(new("levels", "等级无效，请从列表中选择"));
        var uploads = new List<OccupationUpload>();
        foreach (var f in Request.Form.Files)
        {
            if (f.Length == 0 || !Enum.TryParse<OccupationAttachmentKind>(f.Name, out var kind) || !Enum.IsDefined(kind)) continue;
            using var ms = new MemoryStream();
            await f.CopyToAsync(ms);
            uploads.Add(new OccupationUpload(kind, f.FileName, ms.ToArray()));
        }
        try
        {
            if (errors.Count > 0)
            {
                // The handler's own problems are said with these, all at once (asking stores nothing).
                var more = await handlers.ProblemsAsync(Input(filingId), uploads);
                errors.AddRange(more.Select(x => new InputError(x.Field, x.Message)).Where(x => !errors.Any(y => y.Field == x.Field)));
                Refused(errors);
                return Page();
            }
            await handlers.SubmitAsync(Input(filingId), uploads);
            // Named by the occupation, as the body knows it (never by the application's number).
            TempData["OccupationMessage"] = $"已提交新增职业申请（{(OccupationName is { } name ? $"{name}（{Occupation!.Trim()}）" : Occupation?.Trim())}），待审核";
            return RedirectToPage(new { FilingId = filingId });
        }
        catch (InvalidInputException e)
        {
            Refused(e.InputErrors);
            return Page();
        }
        catch (ConflictException e) // one for this occupation is pending: said at the occupation, naming it, with what was typed kept
        {
            Refused([new("occupation", e.Message)]);
            return Page();
        }
    }

    /// <summary>
    /// 撤回 one of the body's own pending applications (after the button's confirmation), so that it can correct and
    /// apply again; post, redirect, get. An application decided or withdrawn meanwhile is refused in words on this page.
    /// </summary>
    public async Task<IActionResult> OnPostWithdrawAsync(int id)
    {
        try
        {
            var what = await handlers.WithdrawAsync(id);
            TempData["OccupationMessage"] = $"已撤回{what}；审核人员不再审核这份申请，如需新增可重新申请";
            return RedirectToPage(new { FilingId });
        }
        catch (InvalidInputException e)
        {
            await LoadAsync();
            WithdrawError = e.Message;
            return Page();
        }
    }

    /// <summary>Why a withdrawal was refused (the application decided or withdrawn meanwhile).</summary>
    public string? WithdrawError { get; private set; }

    /// <summary>What withdrawing will do, for the confirmation.</summary>
    public static string WithdrawConfirmation(OccupationApplicationView a) =>
        $"撤回{a.AppliedAt.ChinaDate():yyyy年M月d日}提交的新增职业申请：{a.OccupationName ?? a.OccupationCode}（{a.OccupationCode}，{a.LevelNames}），{a.BodyName}。\n撤回后审核人员不再审核这份申请，撤回不能恢复；如仍需新增该职业，请修改后重新申请。";

    private OccupationApplicationRequest Input(int filingId) =>
        new(filingId, Occupation, Levels, Replacing, Experts ?? 0, Examiners ?? 0, QuestionBanks ?? 0, Explanation);

    private void Refused(IReadOnlyList<InputError> errors)
    {
        Errors = [.. errors.Select(x => x.Message).Distinct()];
        FieldErrors = errors.GroupBy(x => FormField(x.Field)).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(x => x.Message).Distinct()]);
    }
}
