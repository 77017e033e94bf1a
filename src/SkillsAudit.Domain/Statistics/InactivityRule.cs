using System.Globalization;

namespace SkillsAudit.Domain.Statistics;

public enum InactivityOutcome
{
    /// <summary>Filed less than one year before the evaluation: not evaluated (seed 001 一).</summary>
    NotEvaluatedFiledUnderOneYear,
    /// <summary>No assessments for two consecutive years since filing: a termination candidate (seed 001 四(一)1).</summary>
    TerminationCandidate,
    /// <summary>Evaluated, and no two-year idle period is shown by the statistics.</summary>
    NotCandidate,
    /// <summary>
    /// Not a candidate on the recorded figures, but years without a statistics record leave a possible two-year idle
    /// period: a flag for the officer to obtain the figures, never a termination on its own.
    /// </summary>
    StatisticsMissing,
}

/// <param name="IdleFrom">Start of the longest provably idle period since filing (inclusive), when there is one.</param>
/// <param name="IdleUntil">End of that period (exclusive).</param>
/// <param name="YearsWithoutRecord">Calendar years from filing to evaluation with no statistics record: unknown, not idle; listed so the caller can ask for them.</param>
public sealed record InactivityResult(
    InactivityOutcome Outcome,
    DateOnly? IdleFrom,
    DateOnly? IdleUntil,
    IReadOnlyList<int> YearsWithoutRecord,
    string Message);

/// <summary>
/// Seed 001 四(一)1: "对自备案以来连续两年未开展职业技能等级评价工作的，原则上全部清退" (no assessments in two consecutive
/// years since filing ⇒ terminate), and seed 001 一: filings younger than one year ("备案时间不满一年") are not evaluated.
/// <para>
/// Reading of "自备案以来连续两年未开展": there is an uninterrupted period of at least two years (24 months), starting
/// on or after the filing date and ending by the evaluation date, in which the filing assessed nobody. The period need not
/// start at the filing; any two consecutive years after it count ("自备案以来" bounds where the period may lie).
/// Statistics are kept per calendar year ("截至12月底", seed 000 一), so a period can only be shown idle from whole
/// years with zero assessed: a run of consecutive calendar years with zero assessed is idle from 1 January of its first
/// year (or the filing date, if later — the filing year counts only from the filing) to 31 December of its last year
/// (or the evaluation date, if earlier — the current year's record is taken as year to date, seed 001 二(一)
/// "自公布备案资质起至评估前一个月"). A filing is a candidate when such a run lasts at least two years. Consequences:
/// filed 2020-01-01 and nothing in 2020 and 2021 ⇒ candidate (exactly two years); filed 2020-04-15 and nothing in 2020
/// and 2021 but assessments in 2022 ⇒ not a candidate (idle only 20½ months). Only a RECORDED zero is a year without
/// assessments: a year without a statistics record is unknown (listed in <see cref="InactivityResult.YearsWithoutRecord"/>)
/// and breaks an idle run; where the missing years could complete two idle years the outcome is
/// <see cref="InactivityOutcome.StatisticsMissing"/>, a flag for the officer, never a termination. The rule says "原则上"
/// (as a rule), so the result is a candidate for termination, for a person to decide.
/// </para>
/// </summary>
public static class InactivityRule
{
    /// <param name="filedOn">The filing (publication) date.</param>
    /// <param name="evaluatedOn">The evaluation date; the idle period must end by then (exclusive).</param>
    /// <param name="assessedByYear">Persons assessed per calendar year for this filing.</param>
    public static InactivityResult Evaluate(DateOnly filedOn, DateOnly evaluatedOn, IReadOnlyDictionary<int, Count> assessedByYear)
    {
        ArgumentNullException.ThrowIfNull(assessedByYear);
        if (evaluatedOn < filedOn)
            throw new ArgumentOutOfRangeException(nameof(evaluatedOn), evaluatedOn, "评估日期早于备案日期 (evaluation before filing).");

        var missing = new List<int>();
        for (var y = filedOn.Year; y <= evaluatedOn.Year; y++)
            if (!assessedByYear.ContainsKey(y)) missing.Add(y);

        // seed 001 一: "备案时间不满一年，不列入本次评估对象" — one full year means the anniversary has been reached.
        if (evaluatedOn < filedOn.AddYears(1))
            return new InactivityResult(InactivityOutcome.NotEvaluatedFiledUnderOneYear, null, null, missing,
                $"备案于 {Format(filedOn)}，至 {Format(evaluatedOn)} 不满一年，不列入评估。");

        var (bestFrom, bestUntil) = LongestIdle(filedOn, evaluatedOn, assessedByYear, missingIsIdle: false);
        if (bestFrom is { } from && bestUntil is { } to && to >= from.AddYears(2))
            return new InactivityResult(InactivityOutcome.TerminationCandidate, from, to, missing,
                $"自备案以来 {Format(from)} 至 {Format(to.AddDays(-1))} 连续两年以上未开展评价（各年度统计均为0），依规定原则上终止备案（清退）。");

        if (missing.Count > 0 && LongestIdle(filedOn, evaluatedOn, assessedByYear, missingIsIdle: true) is ({ } mf, { } mt) && mt >= mf.AddYears(2))
            return new InactivityResult(InactivityOutcome.StatisticsMissing, bestFrom, bestUntil, missing,
                $"缺少 {string.Join("、", missing.Select(y => y + "年"))} 的评价统计，无法判断是否连续两年未开展评价，请补报统计后再认定（缺报不等于未开展）。");

        return new InactivityResult(InactivityOutcome.NotCandidate, bestFrom, bestUntil, missing,
            bestFrom is { } f && bestUntil is { } u
                ? $"最长未开展评价期间为 {Format(f)} 至 {Format(u.AddDays(-1))}，不满连续两年。"
                : "各年度均开展了评价。");
    }

    /// <summary>The longest run of idle calendar years (from the filing date, to the evaluation date exclusive).</summary>
    private static (DateOnly? From, DateOnly? Until) LongestIdle(DateOnly filedOn, DateOnly evaluatedOn, IReadOnlyDictionary<int, Count> assessedByYear, bool missingIsIdle)
    {
        DateOnly? bestFrom = null, bestUntil = null;
        DateOnly? runFrom = null;
        for (var y = filedOn.Year; y <= evaluatedOn.Year; y++)
        {
            var idle = assessedByYear.TryGetValue(y, out var a) ? a.Value == 0 : missingIsIdle;
            var yearStart = new DateOnly(y, 1, 1);
            if (idle)
            {
                runFrom ??= yearStart < filedOn ? filedOn : yearStart;
                var yearEnd = new DateOnly(y, 12, 31).AddDays(1);
                var until = yearEnd > evaluatedOn ? evaluatedOn : yearEnd;
                if (bestFrom is null || until.DayNumber - runFrom.Value.DayNumber > bestUntil!.Value.DayNumber - bestFrom.Value.DayNumber)
                {
                    bestFrom = runFrom;
                    bestUntil = until;
                }
            }
            else
            {
                runFrom = null;
            }
        }
        return (bestFrom, bestUntil);
    }

    /// <summary>The same, from one filing's annual records (all must be for the same filing).</summary>
    public static InactivityResult Evaluate(DateOnly filedOn, DateOnly evaluatedOn, IEnumerable<AnnualStatistics> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records.ToList();
        if (list.Select(r => r.FilingId).Distinct().Count() > 1)
            throw new ArgumentException("记录须属于同一备案 (records must be of one filing).", nameof(records));
        var byYear = list.GroupBy(r => r.Year).ToDictionary(g => g.Key, g => g.Select(r => r.Figures.Assessed).Sum());
        return Evaluate(filedOn, evaluatedOn, byYear);
    }

    private static string Format(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
