namespace SkillsAudit.Domain.Rubrics;

public enum IndicatorStatus
{
    /// <summary>Answered and scored.</summary>
    Answered,
    /// <summary>Not answered; took the caller's default.</summary>
    Defaulted,
    /// <summary>Excluded: the condition does not hold, or the answer said not applicable.</summary>
    NotApplicable,
}

/// <summary>One indicator's result: points (null when not applicable) and why points were lost.</summary>
public sealed record IndicatorScore(
    Indicator Indicator,
    IndicatorStatus Status,
    decimal? Points,
    IReadOnlyList<string> Explanation,
    string? Reason,
    bool Vetoed)
{
    public string Code => Indicator.Code;
    public decimal MaxPoints => Indicator.MaxPoints;
}

/// <summary>A section subtotal: points, the printed-tree max, and the max of what applied.</summary>
public sealed record SectionScore(RubricSection Section, decimal Points, decimal MaxPoints, decimal ApplicableMaxPoints)
{
    public string Code => Section.Code;
    public string Name => Section.Name;
}

/// <summary>The outcome label (grade, stars, pass/fail, or the veto label).</summary>
public sealed record OutcomeResult(string Label, OutcomeKind Kind, bool Vetoed, decimal ScoreClassified);

public sealed class ScoreResult
{
    internal ScoreResult(Rubric rubric, IReadOnlyList<IndicatorScore> indicators, IReadOnlyList<SectionScore> sections,
        decimal baseTotal, decimal bonusTotal, decimal baseApplicableMax, decimal bonusApplicableMax, OutcomeResult outcome, bool totalGiven)
    {
        Rubric = rubric;
        Indicators = indicators;
        Sections = sections;
        BaseTotal = baseTotal;
        BonusTotal = bonusTotal;
        BaseApplicableMaxPoints = baseApplicableMax;
        BonusApplicableMaxPoints = bonusApplicableMax;
        Outcome = outcome;
        TotalGiven = totalGiven;
    }

    public Rubric Rubric { get; }
    public IReadOnlyList<IndicatorScore> Indicators { get; }
    /// <summary>Every section of the tree, depth first.</summary>
    public IReadOnlyList<SectionScore> Sections { get; }
    public decimal BaseTotal { get; }
    public decimal BonusTotal { get; }
    public decimal Total => BaseTotal + BonusTotal;
    public decimal BaseApplicableMaxPoints { get; }
    public decimal BonusApplicableMaxPoints { get; }
    public OutcomeResult Outcome { get; }
    public bool Vetoed => Outcome.Vetoed;
    public IEnumerable<IndicatorScore> Vetoes => Indicators.Where(i => i.Vetoed);
    /// <summary>True when the total came from the answer sheet (a rubric with bands only).</summary>
    public bool TotalGiven { get; }
}

/// <summary>A sheet's totals and outcome label, without the per-indicator detail (<see cref="RubricScorer.TryTotal"/>).</summary>
public readonly record struct ScoreTotals(decimal BaseTotal, decimal BonusTotal, bool Vetoed, string Outcome)
{
    public decimal Total => BaseTotal + BonusTotal;
}

/// <summary>Either a score or the list of bad answers (each naming its indicator).</summary>
public sealed class ScoringOutcome
{
    private ScoringOutcome(ScoreResult? result, IReadOnlyList<AnswerError> errors)
    {
        Result = result;
        Errors = errors;
    }

    public ScoreResult? Result { get; }
    public IReadOnlyList<AnswerError> Errors { get; }
    public bool Succeeded => Result is not null;

    internal static ScoringOutcome Ok(ScoreResult r) => new(r, []);
    internal static ScoringOutcome Failed(IReadOnlyList<AnswerError> errors) => new(null, errors);

    /// <summary>The result, or an exception listing every error.</summary>
    public ScoreResult GetResultOrThrow() =>
        Result ?? throw new InvalidOperationException("bad answers: " + string.Join("; ", Errors));
}

/// <summary>Scoring as a pure function of rubric, answers, context and default.</summary>
public static class RubricScorer
{
    public static ScoringOutcome Score(Rubric rubric, AnswerSheet sheet, UnansweredDefault whenUnanswered)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(sheet);
        var errors = new List<AnswerError>();
        if (sheet.RubricId is { } rid && rid != rubric.Id)
            errors.Add(new AnswerError("", $"这份作答对应的评估表是“{rid}”，不是“{rubric.Id}”"));
        if (sheet.Total is not null && rubric.Indicators.Count > 0)
            errors.Add(new AnswerError("", "本评估表有逐项指标，请逐项作答，不要只填总分"));
        if (sheet.Total is null && rubric.Indicators.Count == 0)
            errors.Add(new AnswerError("", $"评估表“{rubric.Id}”只公布了等级分数段，请填写总分以确定等级"));

        var scores = new IndicatorScore[rubric.Indicators.Count];
        var context = sheet.Context;
        var scratch = new List<string>();
        var answered = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var indicator = rubric.Indicators[i];
            if (sheet.Answers.TryGetValue(indicator.Code, out var answer)) answered++;
            try
            {
                scratch.Clear();
                scores[i] = ScoreOne(indicator, answer, context, whenUnanswered, scratch);
            }
            catch (AnswerException e)
            {
                errors.Add(new AnswerError(indicator.Code, e.Message));
            }
        }
        if (answered != sheet.Answers.Count)
        {
            foreach (var code in sheet.Answers.Keys)
            {
                if (rubric.FindIndicator(code) is null) errors.Add(new AnswerError(code, "评估表中没有这个指标编号"));
            }
        }
        if (errors.Count > 0) return ScoringOutcome.Failed(errors);

        decimal baseTotal = 0m, bonusTotal = 0m, baseMax = 0m, bonusMax = 0m;
        var vetoed = false;
        foreach (var s in scores)
        {
            vetoed |= s.Vetoed;
            if (s.Points is not { } p) continue;
            switch (s.Indicator.Kind)
            {
                case IndicatorKind.Scored:
                    baseTotal += p;
                    baseMax += s.Indicator.MaxPoints;
                    break;
                case IndicatorKind.Bonus:
                    bonusTotal += p;
                    bonusMax += s.Indicator.MaxPoints;
                    break;
            }
        }

        // Children come after their parent in SectionSpans, so walking backwards sums each section once.
        var sections = new SectionScore[rubric.SectionSpans.Count];
        for (var k = sections.Length - 1; k >= 0; k--)
        {
            var span = rubric.SectionSpans[k];
            decimal points = 0m, applicable = 0m;
            for (var i = span.Start; i < span.DirectEnd; i++)
            {
                var s = scores[i];
                if (s.Points is { } p)
                {
                    points += p;
                    applicable += s.Indicator.MaxPoints;
                }
            }
            foreach (var c in span.Children)
            {
                points += sections[c].Points;
                applicable += sections[c].ApplicableMaxPoints;
            }
            sections[k] = new SectionScore(span.Section, points, span.MaxPoints, applicable);
        }

        var totalGiven = sheet.Total is not null;
        if (sheet.Total is { } given) baseTotal = given;
        var classified = rubric.Outcome.GradedScore(baseTotal, baseTotal + bonusTotal);
        var outcome = new OutcomeResult(rubric.Outcome.Classify(classified, vetoed), rubric.Outcome.Kind, vetoed, classified);
        return ScoringOutcome.Ok(new ScoreResult(rubric, scores, sections, baseTotal, bonusTotal, baseMax, bonusMax, outcome, totalGiven));
    }

    private static string[] Copy(List<string> lines) => lines.Count == 0 ? [] : lines.ToArray();

    private static IndicatorScore ScoreOne(Indicator indicator, IndicatorAnswer? answer, ScoreContext context, UnansweredDefault whenUnanswered, List<string> explanation)
    {
        var points = PointsOf(indicator, answer, context, whenUnanswered, explanation, out var status, out var vetoed);
        return new IndicatorScore(indicator, status, points, Copy(explanation), answer?.Reason, vetoed);
    }

    /// <summary>
    /// One indicator's points (null when not applicable), its status and whether it vetoes: the scoring of an
    /// indicator, written once for <see cref="Score"/> and <see cref="TryTotal"/>. Lines saying why points were lost
    /// go to <paramref name="explanation"/> only when one is asked for. A bad answer throws <see cref="AnswerException"/>.
    /// </summary>
    private static decimal? PointsOf(Indicator indicator, IndicatorAnswer? answer, ScoreContext context, UnansweredDefault whenUnanswered,
        List<string>? explanation, out IndicatorStatus status, out bool vetoed)
    {
        vetoed = false;
        if (!indicator.Applicability.IsApplicable(context))
        {
            if (answer is not null and not NotApplicableAnswer)
                throw new AnswerException($"本指标不适用（{indicator.Applicability.Describe()}），不能作答");
            status = IndicatorStatus.NotApplicable;
            explanation?.Add($"不适用：{indicator.Applicability.Describe()}");
            return null;
        }

        switch (answer)
        {
            case null:
            {
                status = IndicatorStatus.Defaulted;
                if (indicator.Rule is VetoRule) return 0m;
                var points = whenUnanswered == UnansweredDefault.Full ? Math.Min(indicator.Rule.MaxPoints, indicator.MaxPoints) : 0m;
                if (points < indicator.MaxPoints)
                    explanation?.Add(whenUnanswered == UnansweredDefault.Full ? $"未作答，按满分计{RubricText.Points(points)}分" : "未作答，按0分计");
                return points;
            }
            case NotApplicableAnswer:
                if (indicator.Kind == IndicatorKind.Veto) throw new AnswerException("否决项不能判为不适用，请选择“存在”或“不存在”");
                status = IndicatorStatus.NotApplicable;
                explanation?.Add("不适用（评分人认定）");
                return null;
            case PointsAnswer pa:
                if (indicator.Kind == IndicatorKind.Veto) throw new AnswerException("否决项不计分，请选择“存在”或“不存在”");
                if (pa.Points > indicator.MaxPoints)
                    throw new AnswerException($"得分 {RubricText.Points(pa.Points)} 分超过本项满分 {RubricText.Points(indicator.MaxPoints)} 分");
                if (pa.Points < indicator.MaxPoints)
                    explanation?.Add($"直接给分{RubricText.Points(pa.Points)}分（满分{RubricText.Points(indicator.MaxPoints)}分）");
                status = IndicatorStatus.Answered;
                return pa.Points;
            default:
            {
                var before = explanation?.Count ?? 0;
                var points = indicator.Rule.Evaluate(answer, whenUnanswered, explanation);
                if (points > indicator.MaxPoints)
                {
                    explanation?.Add($"规则给{RubricText.Points(points)}分，超过本项标准分值{RubricText.Points(indicator.MaxPoints)}分，按标准分值计");
                    points = indicator.MaxPoints;
                }
                else if (points < indicator.MaxPoints && indicator.Rule.MaxPoints < indicator.MaxPoints && explanation is not null && explanation.Count == before)
                {
                    explanation.Add($"评分标准满分{RubricText.Points(indicator.Rule.MaxPoints)}分，低于标准分值{RubricText.Points(indicator.MaxPoints)}分（见校验警告）");
                }
                vetoed = answer is VetoAnswer { Vetoed: true };
                status = IndicatorStatus.Answered;
                return points;
            }
        }
    }

    /// <summary>
    /// The totals and the outcome only, for scoring many sheets: no per-indicator records and no text. Returns false
    /// when the sheet has a bad answer (or is a total-only sheet); <see cref="Score"/> then says what is wrong.
    /// </summary>
    public static bool TryTotal(Rubric rubric, AnswerSheet sheet, UnansweredDefault whenUnanswered, out ScoreTotals totals)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(sheet);
        totals = default;
        if ((sheet.RubricId is { } rid && rid != rubric.Id) || sheet.Total is not null || rubric.Indicators.Count == 0) return false;
        decimal baseTotal = 0m, bonusTotal = 0m;
        var vetoed = false;
        var answered = 0;
        var context = sheet.Context;
        var indicators = rubric.Indicators;
        for (var i = 0; i < indicators.Count; i++)
        {
            var indicator = indicators[i];
            if (sheet.Answers.TryGetValue(indicator.Code, out var answer)) answered++;
            decimal? points;
            bool veto;
            try
            {
                points = PointsOf(indicator, answer, context, whenUnanswered, null, out _, out veto);
            }
            catch (AnswerException)
            {
                return false;
            }
            vetoed |= veto;
            if (points is not { } p) continue;
            if (indicator.Kind == IndicatorKind.Scored) baseTotal += p;
            else if (indicator.Kind == IndicatorKind.Bonus) bonusTotal += p;
        }
        if (answered != sheet.Answers.Count) return false; // an answer to an unknown indicator
        var classified = rubric.Outcome.GradedScore(baseTotal, baseTotal + bonusTotal);
        totals = new ScoreTotals(baseTotal, bonusTotal, vetoed, rubric.Outcome.Classify(classified, vetoed));
        return true;
    }
}
