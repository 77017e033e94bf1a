using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Rubrics;

/// <summary>What unanswered indicators take: full points or zero (vetoes are never assumed).</summary>
public enum UnansweredDefault
{
    Full,
    Zero,
}

/// <summary>Facts about the assessed body that decide applicability: the levels it assessed and whether it used computer exams.</summary>
public sealed record ScoreContext
{
    public static readonly ScoreContext Empty = new([], false);

    public ScoreContext(IEnumerable<Level> levelsAssessed, bool computerExamsUsed)
    {
        ArgumentNullException.ThrowIfNull(levelsAssessed);
        LevelsAssessed = levelsAssessed.ToHashSet();
        ComputerExamsUsed = computerExamsUsed;
    }

    public IReadOnlySet<Level> LevelsAssessed { get; }
    public bool ComputerExamsUsed { get; }
}

/// <summary>One answer to one indicator; every shape can carry a reason text (扣分原因 / 说明).</summary>
public abstract record IndicatorAnswer
{
    public string? Reason { get; init; }

    /// <summary>The JSON property that selects this shape: points, met, deficiencies, tier, parts, occupations, vetoed, notApplicable.</summary>
    public abstract string ShapeName { get; }
}

/// <summary>Points awarded directly (any non-veto indicator), 0 ≤ points ≤ the indicator's max.</summary>
public sealed record PointsAnswer : IndicatorAnswer
{
    public PointsAnswer(decimal points)
    {
        if (points < 0) throw new ArgumentOutOfRangeException(nameof(points), points, "得分不能为负数");
        Points = points;
    }

    public decimal Points { get; }
    public override string ShapeName => "points";
}

/// <summary>For an all-or-nothing rule: was the requirement met?</summary>
public sealed record MetAnswer(bool Met) : IndicatorAnswer
{
    public override string ShapeName => "met";
}

/// <summary>Deficiency counts for a deduction rule: one count (rules with a single kind of deficiency) or counts by key.</summary>
public sealed record DeficiencyAnswer : IndicatorAnswer
{
    private DeficiencyAnswer(int? single, IReadOnlyDictionary<string, int> counts)
    {
        OneCount = single;
        Counts = counts;
    }

    public static DeficiencyAnswer Of(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "缺项个数不能为负数");
        return new DeficiencyAnswer(count, new Dictionary<string, int>());
    }

    public static DeficiencyAnswer ByKey(IReadOnlyDictionary<string, int> counts)
    {
        foreach (var (key, n) in counts)
        {
            if (n < 0) throw new ArgumentOutOfRangeException(nameof(counts), n, $"deficiency count '{key}' cannot be negative");
        }
        return new DeficiencyAnswer(null, new Dictionary<string, int>(counts));
    }

    public int? OneCount { get; }
    public IReadOnlyDictionary<string, int> Counts { get; }
    public override string ShapeName => "deficiencies";
}

/// <summary>For a tiered rule: the tier's key or label.</summary>
public sealed record TierAnswer : IndicatorAnswer
{
    public TierAnswer(string tier)
    {
        if (string.IsNullOrWhiteSpace(tier)) throw new ArgumentException("a tier answer names a tier", nameof(tier));
        Tier = tier;
    }

    public string Tier { get; }
    public override string ShapeName => "tier";
}

/// <summary>For a composite rule: answers by part key (missing parts take the default).</summary>
public sealed record CompositeAnswer : IndicatorAnswer
{
    public CompositeAnswer(IReadOnlyDictionary<string, IndicatorAnswer> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Values.Any(p => p is CompositeAnswer or NotApplicableAnswer or VetoAnswer))
            throw new ArgumentException("a part answer is points, met, deficiencies, tier or occupations", nameof(parts));
        Parts = new Dictionary<string, IndicatorAnswer>(parts);
    }

    public IReadOnlyDictionary<string, IndicatorAnswer> Parts { get; }
    public override string ShapeName => "parts";
}

/// <summary>An occupation assessed, with its examiners and how many of them are the body's own (自有考评员).</summary>
public sealed record OccupationStaffing
{
    public OccupationStaffing(string occupation, int ownExaminers, int examiners)
    {
        if (string.IsNullOrWhiteSpace(occupation)) throw new ArgumentException("name the occupation", nameof(occupation));
        if (ownExaminers < 0) throw new ArgumentOutOfRangeException(nameof(ownExaminers), ownExaminers, "own examiners cannot be negative");
        if (examiners < 0) throw new ArgumentOutOfRangeException(nameof(examiners), examiners, "examiners cannot be negative");
        if (ownExaminers > examiners) throw new ArgumentException($"{occupation}：本单位考评员 {ownExaminers} 人多于考评员总数 {examiners} 人");
        Occupation = occupation;
        OwnExaminers = ownExaminers;
        Examiners = examiners;
    }

    public string Occupation { get; }
    public int OwnExaminers { get; }
    public int Examiners { get; }
}

/// <summary>For a staffing-ratio rule: each occupation assessed.</summary>
public sealed record StaffingAnswer : IndicatorAnswer
{
    public StaffingAnswer(IReadOnlyList<OccupationStaffing> occupations)
    {
        ArgumentNullException.ThrowIfNull(occupations);
        var dup = occupations.GroupBy(o => o.Occupation).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"occupation '{dup.Key}' is listed twice", nameof(occupations));
        Occupations = occupations.ToArray();
    }

    public IReadOnlyList<OccupationStaffing> Occupations { get; }
    public override string ShapeName => "occupations";
}

/// <summary>For a veto indicator: was the disqualifying situation found?</summary>
public sealed record VetoAnswer(bool Vetoed) : IndicatorAnswer
{
    public override string ShapeName => "vetoed";
}

/// <summary>The indicator does not apply to this body; it is excluded (neither scored nor counted in the maximum).</summary>
public sealed record NotApplicableAnswer : IndicatorAnswer
{
    public override string ShapeName => "notApplicable";
}

/// <summary>Answers for one body under one rubric, plus the context that decides applicability.</summary>
public sealed class AnswerSheet
{
    public AnswerSheet(string? rubricId, ScoreContext context, IReadOnlyDictionary<string, IndicatorAnswer> answers,
        string? assessor = null, decimal? total = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(answers);
        if (total is < 0) throw new ArgumentOutOfRangeException(nameof(total), total, "a total cannot be negative");
        RubricId = rubricId;
        Context = context;
        Answers = answers;
        Assessor = assessor;
        Total = total;
    }

    /// <summary>The rubric the answers were written for (checked against the rubric scored, if given).</summary>
    public string? RubricId { get; }
    public ScoreContext Context { get; }
    public IReadOnlyDictionary<string, IndicatorAnswer> Answers { get; }
    /// <summary>Who scored: e.g. "self" (自评) or "panel" (考核小组/专家组). Informational.</summary>
    public string? Assessor { get; }
    /// <summary>Only for rubrics that publish bands but no indicators (Huainan 2021): the total to classify.</summary>
    public decimal? Total { get; }
}

/// <summary>A bad answer, naming the indicator (or "" for sheet-level problems).</summary>
public sealed record AnswerError(string Code, string Message)
{
    public override string ToString() => Code.Length == 0 ? Message : $"{Code}: {Message}";
}
