using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Rubrics;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Reviews;

/// <summary>
/// One body's review: the self-assessment form (body user), the expert's sheet (panel member) or the officer's view
/// (finalise, reopen). The indicator table comes from the campaign's rubric; the running total is computed by the
/// score endpoint as answers are given.
/// </summary>
[Authorize]
public sealed class AssessmentModel(AssessmentHandlers assessments, CampaignHandlers campaigns, ReviewRequestHandlers requests, AppDb db) : PageModel
{
    /// <summary>The body's review request window (复核申请) once its result is confirmed.</summary>
    public ReviewWindowView? ReviewWindow { get; private set; }
    public AssessmentView View { get; private set; } = null!;
    public Rubric Rubric { get; private set; } = null!;
    /// <summary>self, panel or officer (or read for anyone else who may see it).</summary>
    public string Mode { get; private set; } = "read";
    public SheetView? MySheet { get; private set; }
    public ComparisonView Comparison { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id)
    {
        var who = await ReviewUser.LoadAsync(db, User);
        View = await assessments.GetAsync(who, id);
        Comparison = await assessments.ComparisonAsync(who, id, HttpContext.RequestAborted);
        var c = await campaigns.LoadAsync(View.CampaignId, HttpContext.RequestAborted, tracking: false);
        Rubric = await assessments.RubricOf(c, HttpContext.RequestAborted);
        if (who.CoversRegion(c.RegionCode)) Mode = "officer";
        else if (c.IsPanelMember(who.UserName))
        {
            Mode = "panel";
            MySheet = View.Experts.FirstOrDefault(e => e.Expert == who.UserName);
        }
        else if (who.IsBody && who.FilingIds.Contains(View.FilingId))
        {
            Mode = "self";
            MySheet = View.Self;
            if (View.FinalisedAt is not null) ReviewWindow = await requests.WindowAsync(who, id, HttpContext.RequestAborted);
        }
        return Page();
    }

    public string AnswersJson => MySheet?.Answers is { } a && a.TryGetProperty("answers", out var ans) ? ans.GetRawText() : "{}";
    public string ContextJson => MySheet?.Answers is { } a && a.TryGetProperty("context", out var ctx) ? ctx.GetRawText() : "null";
    public bool Editable => MySheet?.Status != "Submitted" && ((Mode == "self" && View.SelfOpen) || (Mode == "panel" && View.PanelOpen)) && View.FinalisedAt is null;

    /// <summary>
    /// For a panel member scoring: each indicator's self-assessment (points, reason, the body's evidence for it), shown on
    /// the indicator's own row so that the expert compares as they score; empty while the self-assessment is withheld.
    /// </summary>
    public IReadOnlyDictionary<string, (ComparisonCell? Self, IReadOnlyList<EvidenceView> Evidence)> SelfByIndicator()
    {
        if (Mode != "panel") return new Dictionary<string, (ComparisonCell?, IReadOnlyList<EvidenceView>)>();
        var column = Comparison.Columns.ToList().FindIndex(c => c.Key == "self");
        return Comparison.Rows.ToDictionary(r => r.Code, r => (column < 0 ? null : r.Cells[column], r.Evidence));
    }

    public static string Cell(ComparisonCell? c) => c is null ? "" : c.Status switch
    {
        "Unanswered" => "未答",
        "NotApplicable" => "不适用",
        "Vetoed" => "存在否决情形",
        _ => c.Points?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    public static string Stage(string s) => s switch
    {
        "Planning" => "制定工作方案", "SelfAssessment" => "机构自评", "PanelReview" => "考核小组评审", "Summary" => "结果汇总", "Publication" => "结果公布", "Closed" => "已结束", _ => s,
    };

    public IEnumerable<(RubricSection Section, int Depth)> Sections()
    {
        foreach (var s in Rubric.Sections) foreach (var x in Walk(s, 0)) yield return x;
    }

    private static IEnumerable<(RubricSection, int)> Walk(RubricSection s, int depth)
    {
        yield return (s, depth);
        foreach (var sub in s.Sections) foreach (var x in Walk(sub, depth + 1)) yield return x;
    }

    /// <summary>The rule in words and the points it gives, for the form.</summary>
    public static string RuleWords(Indicator i)
    {
        static string P(decimal d) => d.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        return i.Rule switch
        {
            VetoRule => "否决项：存在即取消评价资格，不计分",
            AllOrNothingRule r => $"符合得{P(r.Points)}分，否则0分",
            TierRule r => "分档：" + string.Join("；", r.Tiers.Select(t => $"{t.Label}{P(t.Points)}分")),
            DeductionRule r => $"满分{P(r.MaxPoints)}分，" + string.Join("；", r.Deficiencies.Select(d => $"{d.Label}扣{P(d.PerUnit)}分")) + "，扣完为止",
            CompositeRule r => "分项合计：" + string.Join("；", r.Parts.Select(p => $"{p.Label}{P(p.Rule.MaxPoints)}分")),
            JudgementRule => $"评分人直接给分（0–{P(i.MaxPoints)}分）",
            _ => $"直接给分（0–{P(i.MaxPoints)}分）",
        } + (i.Kind == IndicatorKind.Bonus ? "（加分项）" : "");
    }

    public static string Js(object? o) => PageJson.Serialize(o);
}
