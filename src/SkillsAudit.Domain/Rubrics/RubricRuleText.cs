using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SkillsAudit.Domain.Rubrics;

/// <summary>What a section title cell declares: "考务管理 (56项, 49.75分, 占总分49.75%)" → 考务管理, 56, 49.75.</summary>
public sealed record ParsedTitle(string Name, int? Count, decimal? Points);

/// <summary>A rule read from the wording of a 评分标准 cell; <see cref="Recognised"/> is null when it fell back to judgement.</summary>
public sealed record RecognisedRule(ScoringRule Rule, string? Recognised);

/// <summary>
/// Reads the printed wordings of the seeds: section titles with their declarations, and the commonest 评分标准
/// phrasings. A spreadsheet cell holds text, not a structured rule; anything not recognised here is a judgement
/// (points given directly), and the import report says which rows those are.
/// </summary>
public static partial class RubricRuleText
{
    /// <summary>Full-width digits and punctuation to ASCII, whitespace removed, so patterns need one spelling.</summary>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch)) continue;
            sb.Append(ch switch
            {
                >= '０' and <= '９' => (char)(ch - '０' + '0'),
                '，' or '、' => ',',
                '；' => ';',
                '．' => '.',
                '（' => '(',
                '）' => ')',
                '：' => ':',
                _ => ch,
            });
        }
        return sb.ToString();
    }

    // Seed 002 附件3: "考务管理 (56项, 49.75分, 占总分 49.75%)", "报名准备 (7项, 7分)"; seed 001 附件3: "机构信用 (5分)".
    // "占总分49.75%" is a share, not points: only a number directly followed by 分 counts.
    [GeneratedRegex(@"(\d+)项")]
    private static partial Regex CountRx();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)分")]
    private static partial Regex PointsRx();

    [GeneratedRegex(@"(?<=[\p{IsCJKUnifiedIdeographs}])\s+(?=[\p{IsCJKUnifiedIdeographs}])")]
    private static partial Regex CjkGapRx();

    /// <summary>Parses a section title cell; the name keeps the printed text before the first parenthesis.</summary>
    public static ParsedTitle ParseTitle(string text)
    {
        var cleaned = CjkGapRx().Replace(text.Trim(), ""); // OCR and wrapped cells split names: "申报条件 审查"
        var open = cleaned.IndexOfAny(['(', '（']);
        if (open < 0) return new ParsedTitle(Collapse(cleaned), null, null);
        var name = Collapse(cleaned[..open]);
        var inside = Normalize(cleaned[(open + 1)..]);
        var close = inside.IndexOf(')');
        if (close >= 0) inside = inside[..close];
        int? count = CountRx().Match(inside) is { Success: true } c ? int.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        decimal? points = PointsRx().Match(inside) is { Success: true } p ? decimal.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        return new ParsedTitle(name, count, points);
    }

    private static string Collapse(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    // Seed 001 附件3: 评估内容 cells end with their points, e.g. "机构信用良好, … 无行政处罚或其它违规处理记录 (2分)".
    [GeneratedRegex(@"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")]
    private static partial Regex TrailingPointsRx();

    /// <summary>"… (2分)" at the end of a content cell → 2 and the content without the suffix.</summary>
    public static bool TrySplitTrailingPoints(string content, out string rest, out decimal points)
    {
        var m = TrailingPointsRx().Match(content);
        if (!m.Success)
        {
            rest = content;
            points = 0;
            return false;
        }
        rest = content[..m.Index].TrimEnd();
        points = decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return true;
    }

    // Deductions, matched on normalised text (no whitespace, ASCII punctuation):
    // seed 002 附件3 1.1.4 "缺一项扣0.5分，扣完为止"; 1.4.4 "缺1项, 扣0.3分" (comma before 扣); seed 001 附件3 岗位设置 "缺1岗位扣0.5分".
    [GeneratedRegex(@"缺(?:1|一)(?<unit>项|个|岗位|处|类)[^扣,;。]{0,12},?扣(?<per>\d+(?:\.\d+)?)分")]
    private static partial Regex MissingOneRx();

    // seed 001 附件3 成绩评阅 "考评员阅卷评分有明显错误的每处扣1分", "试卷未密封进行阅卷的每批次扣4分"; 公开公示 "少一项内容扣0.5分" is not this form.
    [GeneratedRegex(@"每(?<unit>项|处|例|批次|次|个|人)[^扣,;。]{0,12}扣(?<per>\d+(?:\.\d+)?)分")]
    private static partial Regex EachRx();

    // seed 001 附件3 统分登分 "成绩出现1例错误扣0.2分, 扣完为止"; 岗位设置 "有一项无职责扣0.5分".
    [GeneratedRegex(@"(?:出现|有)(?:1|一)(?<unit>例|处|项|次)[^扣,;。]{0,12}扣(?<per>\d+(?:\.\d+)?)分")]
    private static partial Regex OneCaseRx();

    [GeneratedRegex(@"扣(\d+(?:\.\d+)?)分")]
    private static partial Regex AnyDeductionRx();

    [GeneratedRegex(@"得(\d+(?:\.\d+)?)分")]
    private static partial Regex GainRx();

    // seed 002 附件3 1.1.1 "得1分，否则0分"; "否则不得分" is the same rule.
    [GeneratedRegex(@"否则(?:得)?0分|否则不得分")]
    private static partial Regex OtherwiseZeroRx();

    /// <summary>
    /// Maps a 评分标准 wording to a rule: deductions ("缺1项扣X分，扣完为止", "每处扣X分", "出现1例…扣X分") → deduction,
    /// "得X分，否则0分" → allOrNothing, anything else → judgement (the assessor gives points in [0, max]).
    /// </summary>
    public static RecognisedRule Recognise(string? standard, decimal max)
    {
        if (string.IsNullOrWhiteSpace(standard)) return new RecognisedRule(new JudgementRule(max), null);
        var text = Normalize(standard);
        var deductionCount = AnyDeductionRx().Count(text);
        if (deductionCount > 0)
        {
            // Each "扣X分" must be explained by one recognised phrase; otherwise the wording is not understood.
            var found = new SortedDictionary<int, (string Label, decimal Per)>();
            foreach (var rx in new[] { MissingOneRx(), EachRx(), OneCaseRx() })
            {
                foreach (Match m in rx.Matches(text))
                {
                    var at = m.Groups["per"].Index;
                    var label = m.Value[..m.Value.LastIndexOf('扣')].TrimEnd(',');
                    found.TryAdd(at, (label, decimal.Parse(m.Groups["per"].Value, CultureInfo.InvariantCulture)));
                }
            }
            if (found.Count != deductionCount || found.Values.Any(f => f.Per <= 0)) return new RecognisedRule(new JudgementRule(max), null);
            var full = GainRx().Match(text) is { Success: true } g ? decimal.Parse(g.Groups[1].Value, CultureInfo.InvariantCulture) : max;
            var list = found.Values.ToArray();
            var deficiencies = list.Length == 1
                ? [new Deficiency("default", list[0].Label, list[0].Per, null)]
                : list.Select((f, i) => new Deficiency("d" + (i + 1).ToString(CultureInfo.InvariantCulture), f.Label, f.Per, null)).ToArray();
            var how = string.Join("；", list.Select(f => $"{f.Label}扣{RubricText.Points(f.Per)}分")) + "，扣完为止";
            return new RecognisedRule(new DeductionRule(full, deficiencies), "deduction: " + how);
        }
        var gains = GainRx().Matches(text).Select(m => decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ToArray();
        if (gains.Length == 1 && OtherwiseZeroRx().IsMatch(text))
            return new RecognisedRule(new AllOrNothingRule(gains[0]), $"allOrNothing: 得{RubricText.Points(gains[0])}分，否则0分");
        return new RecognisedRule(new JudgementRule(max), null);
    }
}
