namespace SkillsAudit.Domain.Rubrics;

/// <summary>Raised inside rule evaluation for an answer the rule cannot take; the scorer turns it into an <see cref="AnswerError"/>.</summary>
internal sealed class AnswerException(string message) : Exception(message);

/// <summary>
/// How an indicator's points follow from what was found. Every rule is pure, works in <see cref="decimal"/>, and never
/// gives less than 0 (deductions are floored: "扣完为止").
/// </summary>
public abstract class ScoringRule
{
    /// <summary>The name used in YAML and JSON: allOrNothing, deduction, tiers, composite, staffingRatio, veto, judgement.</summary>
    public abstract string KindName { get; }

    /// <summary>The most this rule can give.</summary>
    public abstract decimal MaxPoints { get; }

    /// <summary>
    /// Points for an answer of the rule's own shape. Direct points answers and defaults are handled by the scorer.
    /// Why points were lost is added to <paramref name="explanation"/> only when one is asked for (not null): scoring
    /// for totals builds no text.
    /// </summary>
    internal abstract decimal Evaluate(IndicatorAnswer answer, UnansweredDefault whenMissing, List<string>? explanation);

    internal static string P(decimal d) => RubricText.Points(d);

    internal static AnswerException Mismatch(IndicatorAnswer answer, string expected) =>
        new($"答案形式（{answer.ShapeName}）与本指标的评分方式（{RuleNames.GetValueOrDefault(expected, expected)}）不符");

    private static readonly Dictionary<string, string> RuleNames = new(StringComparer.Ordinal)
    {
        ["allOrNothing"] = "符合得分、否则0分", ["deduction"] = "按缺项扣分", ["tiers"] = "分档给分", ["composite"] = "分项合计",
        ["staffingRatio"] = "按考评员配备比例", ["veto"] = "否决项", ["judgement"] = "评分人直接给分",
    };
}

/// <summary>"得1分，否则0分": the points if met, else 0.</summary>
public sealed class AllOrNothingRule : ScoringRule
{
    public AllOrNothingRule(decimal points)
    {
        if (points < 0) throw new ArgumentOutOfRangeException(nameof(points), points, "points cannot be negative");
        Points = points;
        _unmet = $"不符合要求，得0分（满分{P(points)}分）";
    }

    private readonly string _unmet;
    public decimal Points { get; }
    public override string KindName => "allOrNothing";
    public override decimal MaxPoints => Points;

    internal override decimal Evaluate(IndicatorAnswer answer, UnansweredDefault whenMissing, List<string>? explanation)
    {
        if (answer is not MetAnswer met) throw Mismatch(answer, KindName);
        if (met.Met) return Points;
        explanation?.Add(_unmet);
        return 0m;
    }
}

/// <summary>One kind of deficiency of a deduction rule, e.g. "缺1项扣0.25分" or "试卷未密封进行阅卷的每批次扣4分".</summary>
public sealed record Deficiency
{
    public Deficiency(string key, string label, decimal perUnit, int? atMost)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new ArgumentException("a deficiency needs a key", nameof(key));
        if (string.IsNullOrWhiteSpace(label)) throw new ArgumentException("a deficiency needs a label", nameof(label));
        if (perUnit <= 0) throw new ArgumentOutOfRangeException(nameof(perUnit), perUnit, "a deduction per deficiency must be positive");
        if (atMost is < 1) throw new ArgumentOutOfRangeException(nameof(atMost), atMost, "atMost must be at least 1");
        Key = key;
        Label = label;
        PerUnit = perUnit;
        AtMost = atMost;
        Once = $"{label}：扣{RubricText.Points(perUnit)}分";
    }

    /// <summary>The explanation for a single deficiency, prepared once.</summary>
    internal string Once { get; }

    public string Key { get; }
    public string Label { get; }
    public decimal PerUnit { get; }
    /// <summary>The largest count that makes sense (1 for a yes/no deficiency such as "未制定年度评价工作计划扣2分"); null: unbounded.</summary>
    public int? AtMost { get; }
}

/// <summary>Full points less a deduction per deficiency, summed over kinds of deficiency, floored at 0 ("扣完为止").</summary>
public sealed class DeductionRule : ScoringRule
{
    public DeductionRule(decimal full, IReadOnlyList<Deficiency> deficiencies)
    {
        if (full < 0) throw new ArgumentOutOfRangeException(nameof(full), full, "full points cannot be negative");
        if (deficiencies.Count == 0) throw new ArgumentException("a deduction rule needs at least one kind of deficiency", nameof(deficiencies));
        var dup = deficiencies.GroupBy(d => d.Key).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"deficiency key '{dup.Key}' is used twice", nameof(deficiencies));
        Full = full;
        Deficiencies = deficiencies;
    }

    public decimal Full { get; }
    public IReadOnlyList<Deficiency> Deficiencies { get; }
    public override string KindName => "deduction";
    public override decimal MaxPoints => Full;

    internal override decimal Evaluate(IndicatorAnswer answer, UnansweredDefault whenMissing, List<string>? explanation)
    {
        if (answer is not DeficiencyAnswer da) throw Mismatch(answer, KindName);
        decimal deducted = 0m;
        if (da.OneCount is { } single)
        {
            if (Deficiencies.Count != 1)
                throw new AnswerException($"本指标有 {Deficiencies.Count} 类缺项（{string.Join("、", Deficiencies.Select(d => d.Label))}），请分别填写个数");
            deducted += Deduct(Deficiencies[0], single, explanation);
        }
        else
        {
            var matched = 0;
            for (var i = 0; i < Deficiencies.Count; i++)
            {
                var d = Deficiencies[i];
                if (da.Counts.TryGetValue(d.Key, out var n))
                {
                    matched++;
                    deducted += Deduct(d, n, explanation);
                }
            }
            if (matched != da.Counts.Count)
            {
                var unknown = da.Counts.Keys.First(k => !Deficiencies.Any(d => d.Key == k));
                throw new AnswerException($"未知的缺项“{unknown}”；本指标的缺项为：{string.Join("、", Deficiencies.Select(d => d.Key + "（" + d.Label + "）"))}");
            }
        }
        if (deducted <= Full) return Full - deducted;
        explanation?.Add($"合计应扣{P(deducted)}分，超过满分{P(Full)}分，扣完为止，得0分");
        return 0m;
    }

    private static decimal Deduct(Deficiency d, int count, List<string>? explanation)
    {
        if (d.AtMost is { } most && count > most)
            throw new AnswerException($"“{d.Label}”最多计 {most} 处，填写了 {count} 处");
        if (count == 0) return 0m;
        var amount = d.PerUnit * count;
        explanation?.Add(count == 1 ? d.Once : $"{d.Label}：{count} × {P(d.PerUnit)} = 扣{P(amount)}分");
        return amount;
    }
}

/// <summary>One tier of a tiered rule, e.g. 完全符合 → 1.5.</summary>
public sealed record Tier
{
    public Tier(string key, string label, decimal points)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new ArgumentException("a tier needs a key", nameof(key));
        if (string.IsNullOrWhiteSpace(label)) throw new ArgumentException("a tier needs a label", nameof(label));
        if (points < 0) throw new ArgumentOutOfRangeException(nameof(points), points, "tier points cannot be negative");
        Key = key;
        Label = label;
        Points = points;
    }

    public string Key { get; }
    public string Label { get; }
    public decimal Points { get; }
}

/// <summary>"完全符合 1.5 / 关键要素具备 1 / 否则 0", "设置保密室1分，保密柜0.5分": the answer names a tier.</summary>
public sealed class TierRule : ScoringRule
{
    public TierRule(IReadOnlyList<Tier> tiers)
    {
        if (tiers.Count < 2) throw new ArgumentException("a tiered rule needs at least two tiers", nameof(tiers));
        var dup = tiers.SelectMany(t => new[] { t.Key, t.Label }.Distinct()).GroupBy(x => x).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"tier key or label '{dup.Key}' is used twice", nameof(tiers));
        Tiers = tiers;
        MaxPoints = tiers.Max(t => t.Points);
    }

    public IReadOnlyList<Tier> Tiers { get; }
    public override string KindName => "tiers";
    public override decimal MaxPoints { get; }

    public Tier? Find(string keyOrLabel)
    {
        for (var i = 0; i < Tiers.Count; i++)
            if (Tiers[i].Key == keyOrLabel || Tiers[i].Label == keyOrLabel) return Tiers[i];
        return null;
    }

    internal override decimal Evaluate(IndicatorAnswer answer, UnansweredDefault whenMissing, List<string>? explanation)
    {
        if (answer is not TierAnswer ta) throw Mismatch(answer, KindName);
        var tier = Find(ta.Tier)
            ?? throw new AnswerException($"未知的档次“{ta.Tier}”；本指标的档次为：{string.Join("、", Tiers.Select(t => t.Label))}");
        if (tier.Points < MaxPoints) explanation?.Add($"{tier.Label}：得{P(tier.Points)}分（满分{P(MaxPoints)}分）");
        return tier.Points;
    }
}

/// <summary>A named sub-criterion of a composite rule, with its own max and rule.</summary>
public sealed record CompositePart
{
    public CompositePart(string key, string label, ScoringRule rule)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new ArgumentException("a part needs a key", nameof(key));
        if (string.IsNullOrWhiteSpace(label)) throw new ArgumentException("a part needs a label", nameof(label));
        ArgumentNullException.ThrowIfNull(rule);
        if (rule is VetoRule or CompositeRule) throw new ArgumentException("a composite part cannot itself be a veto or a composite", nameof(rule));
        Key = key;
        Label = label;
        Rule = rule;
    }

    public string Key { get; }
    public string Label { get; }
    public ScoringRule Rule { get; }
}

/// <summary>Sub-criteria summed, e.g. seed 002 "1. 人员配备 … 得1分 …；2. 考前、开考、考试结束工作程序 … 得1分 …".</summary>
public sealed class CompositeRule : ScoringRule
{
    public CompositeRule(IReadOnlyList<CompositePart> parts)
    {
        if (parts.Count < 2) throw new ArgumentException("a composite rule needs at least two parts", nameof(parts));
        var dup = parts.GroupBy(p => p.Key).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"part key '{dup.Key}' is used twice", nameof(parts));
        Parts = parts;
        MaxPoints = parts.Sum(p => p.Rule.MaxPoints);
    }

    public IReadOnlyList<CompositePart> Parts { get; }
    public override string KindName => "composite";
    public override decimal MaxPoints { get; }

    internal override decimal Evaluate(IndicatorAnswer answer, UnansweredDefault whenMissing, List<string>? explanation)
    {
        if (answer is not CompositeAnswer ca) throw Mismatch(answer, KindName);
        var matched = 0;
        for (var i = 0; i < Parts.Count; i++)
        {
            if (ca.Parts.ContainsKey(Parts[i].Key)) matched++;
        }
        if (matched != ca.Parts.Count)
        {
            var unknown = ca.Parts.Keys.First(k => !Parts.Any(p => p.Key == k));
            throw new AnswerException($"未知的子项“{unknown}”；本指标的子项为：{string.Join("、", Parts.Select(p => p.Label))}");
        }
        decimal sum = 0m;
        var sub = explanation is null ? null : new List<string>();
        for (var i = 0; i < Parts.Count; i++)
        {
            var part = Parts[i];
            sub?.Clear();
            decimal points;
            if (!ca.Parts.TryGetValue(part.Key, out var partAnswer))
            {
                points = whenMissing == UnansweredDefault.Full ? part.Rule.MaxPoints : 0m;
                if (points < part.Rule.MaxPoints) sub?.Add($"未作答，按0分计");
            }
            else if (partAnswer is PointsAnswer pa)
            {
                if (pa.Points > part.Rule.MaxPoints) throw new AnswerException($"子项“{part.Label}”：得分 {P(pa.Points)} 分超过满分 {P(part.Rule.MaxPoints)} 分");
                points = pa.Points;
                if (points < part.Rule.MaxPoints) sub?.Add($"直接给分{P(points)}分（满分{P(part.Rule.MaxPoints)}分）");
            }
            else
            {
                try
                {
                    points = part.Rule.Evaluate(partAnswer, whenMissing, sub);
                }
                catch (AnswerException e)
                {
                    throw new AnswerException($"子项“{part.Label}”：{e.Message}");
                }
            }
            if (sub is not null)
                foreach (var line in sub) explanation!.Add($"{part.Label}：{line}");
            sum += points;
        }
        return sum;
    }
}

/// <summary>否决项: no points; if found, the outcome is the scheme's veto label whatever the points.</summary>
public sealed class VetoRule : ScoringRule
{
    public static readonly VetoRule Instance = new();

    private VetoRule()
    {
    }

    public override string KindName => "veto";
    public override decimal MaxPoints => 0m;

    internal override decimal Evaluate(IndicatorAnswer answer, UnansweredDefault whenMissing, List<string>? explanation)
    {
        if (answer is not VetoAnswer va) throw Mismatch(answer, KindName);
        if (va.Vetoed) explanation?.Add("存在否决情形");
        return 0m;
    }
}

/// <summary>The panel awards points directly in [0, max] (rows whose printed standard is missing; see the indicator's note).</summary>
public sealed class JudgementRule : ScoringRule
{
    public JudgementRule(decimal max)
    {
        if (max < 0) throw new ArgumentOutOfRangeException(nameof(max), max, "max points cannot be negative");
        MaxPoints = max;
    }

    public override string KindName => "judgement";
    public override decimal MaxPoints { get; }

    internal override decimal Evaluate(IndicatorAnswer answer, UnansweredDefault whenMissing, List<string>? explanation) =>
        throw new AnswerException("本指标由评分人直接给分，请填写得分");
}
