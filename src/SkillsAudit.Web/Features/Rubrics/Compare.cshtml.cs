using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Rubrics;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Web.Features.Rubrics;

/// <summary>Two rubric versions side by side: indicators added, removed and changed (which fields, matched how).</summary>
public sealed class CompareModel(RubricLibrary library) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Left { get; set; }
    [BindProperty(SupportsGet = true)] public string? Right { get; set; }

    public RubricDiffView? Diff { get; private set; }
    public RubricDiffResult? Result { get; private set; }
    public List<string> Problems { get; } = [];

    public static readonly IReadOnlyDictionary<string, string> FieldNames = new Dictionary<string, string>
    {
        ["content"] = "评估内容", ["method"] = "评估办法", ["standard"] = "评分标准", ["max"] = "标准分值", ["kind"] = "类别",
        ["rule"] = "计分规则", ["applicability"] = "适用条件",
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // opened without a choice (the menu, a bookmark): ask for one, no errors before anything was typed
        if (string.IsNullOrWhiteSpace(Left) && string.IsNullOrWhiteSpace(Right)) return Page();
        if (!RubricRef.TryParse(Left, out var l)) Problems.Add($"“{Left}”不是评估表编号（如 xinzhou-2023@1）");
        if (!RubricRef.TryParse(Right, out var r)) Problems.Add($"“{Right}”不是评估表编号（如 xinzhou-2023@2）");
        if (Problems.Count > 0) return Page();
        var a = await library.FindAsync(l, ct);
        var b = await library.FindAsync(r, ct);
        if (a is null) Problems.Add($"没有评估表 {l}");
        if (b is null) Problems.Add($"没有评估表 {r}");
        if (a is null || b is null) return Page();
        Result = RubricDiff.Compare(a.Rubric, b.Rubric);
        Diff = Result.ToView(a.Label, b.Label);
        return Page();
    }
}
