using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Rules;

/// <summary>新增职业条件检查（seed 003 第二十四至二十六条），逐条显示。</summary>
public sealed class ScopeModel(ScopeHandlers handlers, FilingSearch filings) : PageModel
{
    /// <summary>The filing as an officer knows it, typed in the form: its 备案号 or the body's name (FilingSearch.FilingIdAsync).</summary>
    [BindProperty(SupportsGet = true)] public string? Filing { get; set; }
    /// <summary>The filing as links name it.</summary>
    [BindProperty(SupportsGet = true)] public int? FilingId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Occupation { get; set; }
    [BindProperty(SupportsGet = true)] public string? Replacing { get; set; }
    [BindProperty(SupportsGet = true)] public int? Experts { get; set; }
    [BindProperty(SupportsGet = true)] public int? Examiners { get; set; }
    [BindProperty(SupportsGet = true)] public int? QuestionBanks { get; set; }
    public ScopeCheckView? Result { get; private set; }
    /// <summary>Why the check was refused (the form keeps what was typed), each naming its field.</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>The form's fields by their names in the form, as the refusals name them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [nameof(Filing)] = "备案号或机构名称", [nameof(Occupation)] = "申请职业代码", [nameof(Replacing)] = "以旧换新交回",
        [nameof(Experts)] = "专家", [nameof(Examiners)] = "考评人员", [nameof(QuestionBanks)] = "题库（套）",
    };

    /// <summary>The handlers' field names as the form's.</summary>
    private static string FormField(string field) => field switch
    {
        "occupation" => nameof(Occupation), "experts" => nameof(Experts), "examiners" => nameof(Examiners), "questionBanks" => nameof(QuestionBanks),
        "filingId" or "filing" => nameof(Filing), _ => "",
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Request.Query.Count == 0) return; // the empty form, first opened
        // A count that is not a whole number ("abc", or too large) is refused with the field named, never read as 0.
        foreach (var name in new[] { nameof(Experts), nameof(Examiners), nameof(QuestionBanks) })
        {
            if (ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0)
            {
                entry.Errors.Clear();
                entry.Errors.Add($"{Labels[name]}：“{entry.AttemptedValue}”不是有效的数量，请填写 0 或正整数");
            }
        }
        var noFiling = FilingId is null && string.IsNullOrWhiteSpace(Filing);
        if (noFiling) ModelState.AddModelError(nameof(Filing), "请填写备案号或机构名称");
        if (string.IsNullOrWhiteSpace(Occupation)) ModelState.AddModelError(nameof(Occupation), "请填写申请职业代码");
        foreach (var (name, value) in new[] { (nameof(Experts), Experts), (nameof(Examiners), Examiners), (nameof(QuestionBanks), QuestionBanks) })
        {
            if (value < 0) ModelState.AddModelError(name, $"{Labels[name]}：数量不能为负数（现为 {value}）");
        }
        if (!ModelState.IsValid)
        {
            Refused();
            return;
        }
        try
        {
            var id = string.IsNullOrWhiteSpace(Filing) ? FilingId!.Value : await filings.FilingIdAsync(Filing, ct);
            Result = await handlers.CheckAsync(new ScopeRequest(id, Occupation!, null, Replacing, Experts ?? 0, Examiners ?? 0, QuestionBanks ?? 0), ct);
        }
        catch (InvalidInputException e)
        {
            foreach (var x in e.InputErrors) ModelState.AddModelError(FormField(x.Field), x.Message);
            Refused(); // said above the form, which keeps what was typed
        }
        catch (Exception e) when (e is NotFoundException or ForbiddenException)
        {
            ModelState.AddModelError(nameof(Filing), e.Message);
            Refused(); // another region's filing is still a 403
            if (e is ForbiddenException) Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }

    private void Refused() => Errors = [.. ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct()];
}
