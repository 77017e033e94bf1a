using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Web.Features.Rubrics;

/// <summary>A section title cell of the printed table, spanning the rows of its indicators.</summary>
public sealed record SectionCell(RubricSection Section, int RowSpan, int ColSpan)
{
    public bool CountMismatch => Section.Declared.Count is { } c && c != Section.ComputedCount;
    public bool PointsMismatch => Section.Declared.Points is { } p && p != Section.ComputedPoints;
}

public sealed record TableRow(IReadOnlyList<SectionCell> Cells, Indicator Indicator, bool Warned);

/// <summary>
/// The rubric laid out as the seeds print it: 评估类别 / 评估项目 cells spanning their rows, then 评估内容, 评估办法,
/// 评分标准, 标准分值. Sections nest to different depths (seed 002 part 3 lists its indicators directly), so a shallower
/// path's last cell spans the missing columns.
/// </summary>
public sealed class RubricTable
{
    private RubricTable(int depth, bool hasMethod, IReadOnlyList<TableRow> rows)
    {
        Depth = depth;
        HasMethod = hasMethod;
        Rows = rows;
    }

    public int Depth { get; }
    public bool HasMethod { get; }
    public IReadOnlyList<TableRow> Rows { get; }

    public IReadOnlyList<string> SectionHeaders => Depth switch
    {
        1 => ["评估项目"],
        2 => ["评估类别", "评估项目"],
        _ => ["评估类别", "评估项目", .. Enumerable.Range(3, Depth - 2).Select(i => $"第{i}级")],
    };

    public static RubricTable Build(Rubric rubric, IEnumerable<ValidationIssue> warnings)
    {
        var warned = warnings.Where(w => w.Location.StartsWith("indicator ", StringComparison.Ordinal))
            .Select(w => w.Location["indicator ".Length..]).ToHashSet(StringComparer.Ordinal);
        var depth = rubric.Sections.Count == 0 ? 1 : rubric.Sections.Max(DepthOf);
        var rows = new List<TableRow>();
        foreach (var s in rubric.Sections) Walk(s, [], depth, rows, warned);
        return new RubricTable(depth, rubric.Indicators.Any(i => i.Method is not null), rows);
    }

    private static int DepthOf(RubricSection s) => 1 + (s.Sections.Count == 0 ? 0 : s.Sections.Max(DepthOf));

    private static void Walk(RubricSection s, List<RubricSection> path, int depth, List<TableRow> rows, HashSet<string> warned)
    {
        path = [.. path, s];
        if (s.Sections.Count > 0)
        {
            foreach (var sub in s.Sections) Walk(sub, path, depth, rows, warned);
            return;
        }
        for (var i = 0; i < s.Indicators.Count; i++)
        {
            var cells = new List<SectionCell>();
            for (var k = 0; k < path.Count; k++)
            {
                var section = path[k];
                // A section's cell opens on its first indicator.
                if (!ReferenceEquals(section.AllIndicators().First(), s.Indicators[i])) continue;
                cells.Add(new SectionCell(section, section.ComputedCount, k == path.Count - 1 ? depth - path.Count + 1 : 1));
            }
            rows.Add(new TableRow(cells, s.Indicators[i], warned.Contains(s.Indicators[i].Code)));
        }
    }

    /// <summary>"(56项, 49.75分)" as printed; "" when nothing was declared.</summary>
    public static string Declared(Declared d) => (d.Count, d.Points) switch
    {
        (null, null) => "",
        ({ } c, null) => $"({c}项)",
        (null, { } p) => $"({P(p)}分)",
        ({ } c, { } p) => $"({c}项, {P(p)}分)",
    };

    public static string P(decimal d) => RubricJson.Norm(d).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The rule in a few Chinese words.</summary>
    public static string Describe(ScoringRule rule) => rule switch
    {
        AllOrNothingRule a => $"符合得{P(a.Points)}分，否则0分",
        DeductionRule d => string.Join("；", d.Deficiencies.Select(x => $"{x.Label}扣{P(x.PerUnit)}分" + (x.AtMost is { } m ? $"（至多{m}次）" : "")))
                           + $"，从{P(d.Full)}分扣完为止",
        TierRule t => string.Join(" / ", t.Tiers.Select(x => $"{x.Label} {P(x.Points)}分")),
        CompositeRule c => "分项：" + string.Join("；", c.Parts.Select(p => $"{p.Label}（{Describe(p.Rule)}）")),
        StaffingRatioRule s => $"每个职业：无自有考评员扣{P(s.NoneDeduct)}分；" + string.Join("；", s.Bands.Select(b => $"不足{b.Below}扣{P(b.Deduct)}分")),
        VetoRule => "否决项：有1项即否决",
        JudgementRule j => $"直接给分（0–{P(j.MaxPoints)}分）",
        _ => rule.KindName,
    };

    private static readonly Dictionary<string, string> Explanations = new(StringComparer.Ordinal)
    {
        ["section-count"] = "声明的指标项数与所列指标数不符",
        ["section-points"] = "声明的分值与所列指标标准分值之和不符",
        ["section-declared-sum"] = "声明的分值与下级项目声明分值之和不符",
        ["total-base"] = "声明的基本分与计分指标标准分值之和不符",
        ["total-bonus"] = "声明的加分与加分指标标准分值之和不符",
        ["total-count"] = "声明的指标总数与所列指标数不符",
        ["total-base-declared-sum"] = "声明的基本分与各计分部分声明分值之和不符",
        ["rule-max"] = "评分标准最多可得的分数与标准分值不符",
        ["standard-contradiction"] = "评分标准自相矛盾：符合与否得分相同（如“得0.5分，否则0.5分”），按“否则0分”计",
        ["no-indicators"] = "只公布了等级分档，没有指标：计分时须直接给出总分",
    };

    /// <summary>The issue in Chinese (the domain's messages are English for logs and the CLI).</summary>
    public static string Explain(ValidationIssue issue) => Explanations.GetValueOrDefault(issue.Code) ?? issue.Message;

    public static string Where(ValidationIssue issue, string rubricId) =>
        issue.Location == rubricId ? "全表" : issue.Location.Replace("indicator ", "指标 ", StringComparison.Ordinal);
}

/// <summary>What the report partial shows.</summary>
public sealed record ReportPartial(ValidationReport Report, string RubricId, string Title);
