using System.Diagnostics;
using System.Globalization;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Bench;

/// <summary>
/// `score`: the scorer's totals over 30,000 filled Xinzhou sheets (<see cref="RubricScoringBench"/>'s sheets) against a
/// hand-written loop over the same answers, in the same process, alternating, best of several rounds, with the bytes
/// each allocates. Target: scorer ≤ 1.5 × the loop's time, allocations ≤ 3 × the loop's.
/// </summary>
public static class ScoringTimed
{
    public static void Run()
    {
        var bench = new RubricScoringBench();
        bench.Setup();
        var (rubric, sheets) = (bench.Rubric, bench.AnswerSheets);
        decimal Scorer()
        {
            decimal sum = 0;
            foreach (var s in sheets)
            {
                if (!RubricScorer.TryTotal(rubric, s, UnansweredDefault.Full, out var t)) throw new InvalidOperationException("bad sheet");
                sum += t.Total;
            }
            return sum;
        }
        decimal Hand()
        {
            decimal sum = 0;
            foreach (var s in sheets) sum += HandLoop.Total(rubric, s);
            return sum;
        }
        var a = Scorer();
        var b = Hand();
        if (a != b) throw new InvalidOperationException($"the hand loop disagrees with the scorer: {b} vs {a}");
        var full = sheets.Sum(s => RubricScorer.Score(rubric, s, UnansweredDefault.Full).GetResultOrThrow().Total);
        if (full != a) throw new InvalidOperationException($"totals disagree with the full score: {a} vs {full}");
        var (scorerMs, scorerBytes) = Best(Scorer);
        var (handMs, handBytes) = Best(Hand);
        var (fullMs, fullBytes) = Best(() => sheets.Sum(s => RubricScorer.Score(rubric, s, UnansweredDefault.Full).GetResultOrThrow().Total));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@score.scorer.ms {scorerMs:0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@score.scorer.mb {scorerBytes / 1048576.0:0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@score.hand.ms {handMs:0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@score.hand.mb {handBytes / 1048576.0:0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@score.explained.ms {fullMs:0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@score.explained.mb {fullBytes / 1048576.0:0.0}"));
    }

    private static (double Ms, long Bytes) Best(Func<decimal> f)
    {
        var best = double.MaxValue;
        long bytes = 0;
        for (var round = 0; round < 7; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            f();
            sw.Stop();
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }
        return (best, bytes);
    }
}

/// <summary>
/// The baseline: the same points computed by hand over the same answers (a type switch per answer, no validation, no
/// explanation, no result objects), as tight a loop as the rules allow.
/// </summary>
internal static class HandLoop
{
    public static decimal Total(Rubric rubric, AnswerSheet sheet)
    {
        decimal total = 0;
        var indicators = rubric.Indicators;
        for (var i = 0; i < indicators.Count; i++)
        {
            var indicator = indicators[i];
            if (!indicator.Applicability.IsApplicable(sheet.Context)) continue;
            if (indicator.Kind is not (IndicatorKind.Scored or IndicatorKind.Bonus)) continue;
            var points = sheet.Answers.TryGetValue(indicator.Code, out var answer)
                ? answer is PointsAnswer p ? p.Points : Points(indicator.Rule, answer)
                : Math.Min(indicator.Rule.MaxPoints, indicator.MaxPoints);
            total += Math.Min(points, indicator.MaxPoints);
        }
        return total;
    }

    private static decimal Points(ScoringRule rule, IndicatorAnswer answer)
    {
        switch (rule)
        {
            case AllOrNothingRule r: return ((MetAnswer)answer).Met ? r.Points : 0m;
            case DeductionRule r:
            {
                var a = (DeficiencyAnswer)answer;
                decimal deducted = 0;
                if (a.Single is { } n) deducted = r.Deficiencies[0].PerUnit * n;
                else for (var i = 0; i < r.Deficiencies.Count; i++) if (a.Counts.TryGetValue(r.Deficiencies[i].Key, out var c)) deducted += r.Deficiencies[i].PerUnit * c;
                return deducted >= r.Full ? 0m : r.Full - deducted;
            }
            case TierRule r:
            {
                var key = ((TierAnswer)answer).Tier;
                for (var i = 0; i < r.Tiers.Count; i++) if (r.Tiers[i].Key == key || r.Tiers[i].Label == key) return r.Tiers[i].Points;
                return 0m;
            }
            case CompositeRule r:
            {
                var a = (CompositeAnswer)answer;
                decimal sum = 0;
                for (var i = 0; i < r.Parts.Count; i++)
                {
                    var part = r.Parts[i];
                    sum += a.Parts.TryGetValue(part.Key, out var pa) ? pa is PointsAnswer pp ? pp.Points : Points(part.Rule, pa) : part.Rule.MaxPoints;
                }
                return sum;
            }
            default: return 0m;
        }
    }
}
