using FsCheck;
using FsCheck.Fluent;
using Shouldly;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Domain.Tests.Rubrics.TestRubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

/// <summary>Random but well-formed answer sheets for the seed rubrics.</summary>
public class ScoringPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    internal static Gen<ScoreContext> ContextGen =>
        Gen.SubListOf(Levels.All.ToArray()).Zip(Gen.Elements(true, false), (levels, ce) => new ScoreContext(levels, ce));

    private static Gen<decimal> PointsUpTo(decimal max) => Gen.Choose(0, 8).Select(k => max * k / 8);

    private static Gen<IndicatorAnswer> RuleAnswer(ScoringRule rule, bool topLevel) => rule switch
    {
        AllOrNothingRule => Gen.Elements(true, false).Select(IndicatorAnswer (b) => new MetAnswer(b)),
        DeductionRule { Deficiencies.Count: 1 } d => Gen.Choose(0, d.Deficiencies[0].AtMost ?? 20).Select(IndicatorAnswer (n) => DeficiencyAnswer.Of(n)),
        DeductionRule d => Gen.CollectToArray(d.Deficiencies, x => Gen.Choose(0, x.AtMost ?? 20))
            .Select(IndicatorAnswer (counts) => DeficiencyAnswer.ByKey(d.Deficiencies.Select((x, i) => (x.Key, counts[i])).ToDictionary(t => t.Key, t => t.Item2))),
        TierRule t => Gen.Elements(t.Tiers.ToArray()).Select(IndicatorAnswer (x) => new TierAnswer(x.Key)),
        CompositeRule c => Gen.CollectToArray(c.Parts, p => RuleAnswer(p.Rule, false))
            .Select(IndicatorAnswer (answers) => new CompositeAnswer(c.Parts.Select((p, i) => (p.Key, answers[i])).ToDictionary(t => t.Key, t => t.Item2))),
        StaffingRatioRule => Gen.Choose(0, 6).SelectMany(n => Gen.CollectToArray(Enumerable.Range(0, n),
                i => Gen.Choose(0, 9).SelectMany(all => Gen.Choose(0, all).Select(own => new OccupationStaffing("职业" + i, own, all)))))
            .Select(IndicatorAnswer (occ) => new StaffingAnswer(occ)),
        VetoRule => Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true))).Select(IndicatorAnswer (v) => new VetoAnswer(v)),
        JudgementRule j => PointsUpTo(j.MaxPoints).Select(IndicatorAnswer (p) => new PointsAnswer(p)),
        _ => throw new InvalidOperationException(rule.KindName),
    };

    /// <summary>An answer or none (null) for one indicator: the rule's own shape, direct points, or not applicable.</summary>
    private static Gen<IndicatorAnswer?> AnswerFor(Indicator indicator, ScoreContext context)
    {
        if (!indicator.Applicability.IsApplicable(context)) return Gen.Constant<IndicatorAnswer?>(null);
        var own = RuleAnswer(indicator.Rule, true).Select(IndicatorAnswer? (a) => a);
        if (indicator.Kind == IndicatorKind.Veto) return Gen.Frequency((1, Gen.Constant<IndicatorAnswer?>(null)), (3, own));
        return Gen.Frequency(
            (6, own),
            (2, PointsUpTo(indicator.MaxPoints).Select(IndicatorAnswer? (p) => new PointsAnswer(p))),
            (1, Gen.Constant<IndicatorAnswer?>(new NotApplicableAnswer())),
            (1, Gen.Constant<IndicatorAnswer?>(null)));
    }

    internal static Gen<(AnswerSheet Sheet, UnansweredDefault Default)> SheetGen(Rubric rubric) =>
        from context in ContextGen
        from answers in Gen.CollectToArray(rubric.Indicators, i => AnswerFor(i, context))
        from d in Gen.Elements(UnansweredDefault.Full, UnansweredDefault.Zero)
        select (new AnswerSheet(rubric.Id, context,
            rubric.Indicators.Select((ind, k) => (ind.Code, answers[k])).Where(t => t.Item2 is not null).ToDictionary(t => t.Code, t => t.Item2!)), d);

    private static void ForAllSheets(Rubric rubric, Func<ScoreResult, bool> property) =>
        Check.One(Config, Prop.ForAll(SheetGen(rubric).ToArbitrary(), x =>
        {
            var outcome = RubricScorer.Score(rubric, x.Sheet, x.Default);
            return outcome.Succeeded && property(outcome.Result!);
        }));

    [Fact]
    public void Total_is_never_negative_and_never_above_the_maximum()
    {
        foreach (var rubric in new[] { Xinzhou, Yangquan })
        {
            ForAllSheets(rubric, r =>
                r.BaseTotal >= 0 && r.BonusTotal >= 0
                && r.BaseTotal <= r.BaseApplicableMaxPoints && r.BaseApplicableMaxPoints <= rubric.BaseMaxPoints
                && r.BonusTotal <= r.BonusApplicableMaxPoints && r.BonusApplicableMaxPoints <= rubric.BonusMaxPoints
                && r.Total == r.BaseTotal + r.BonusTotal);
        }
    }

    [Fact]
    public void Every_indicator_stays_between_zero_and_its_max()
    {
        foreach (var rubric in new[] { Xinzhou, Yangquan })
        {
            ForAllSheets(rubric, r => r.Indicators.All(i =>
                i.Status == IndicatorStatus.NotApplicable ? i.Points is null : i.Points is { } p && p >= 0 && p <= i.MaxPoints));
        }
    }

    [Fact]
    public void Section_subtotals_add_up_to_the_totals()
    {
        ForAllSheets(Xinzhou, r =>
            r.Sections.Where(s => s.Section.KindName == "scored" && s.Code.IndexOf('.') < 0).Sum(s => s.Points) == r.BaseTotal
            && r.Sections.Single(s => s.Code == "7").Points == r.BonusTotal);
    }

    [Fact]
    public void The_outcome_is_the_veto_label_exactly_when_a_veto_is_found()
    {
        ForAllSheets(Xinzhou, r => r.Vetoed == r.Indicators.Any(i => i.Vetoed)
            && (r.Vetoed ? r.Outcome.Label == "取消评价资格" : r.Outcome.Label == Xinzhou.Outcome.Classify(r.Total)));
    }

    [Fact]
    public void Totals_without_explanations_equal_the_full_score_on_every_sheet()
    {
        foreach (var rubric in new[] { Xinzhou, Yangquan })
        {
            Check.One(Config, Prop.ForAll(SheetGen(rubric).ToArbitrary(), x =>
            {
                var full = RubricScorer.Score(rubric, x.Sheet, x.Default).GetResultOrThrow();
                return RubricScorer.TryTotal(rubric, x.Sheet, x.Default, out var t)
                    && t == new ScoreTotals(full.BaseTotal, full.BonusTotal, full.Vetoed, full.Outcome.Label);
            }));
        }
    }

    [Fact]
    public void Totals_refuse_a_sheet_the_full_score_refuses()
    {
        var sheet = Sheet(Yangquan, ScoreContext.Empty, ("3.6.1", new PointsAnswer(999m)));
        RubricScorer.Score(Yangquan, sheet, UnansweredDefault.Full).Succeeded.ShouldBeFalse();
        RubricScorer.TryTotal(Yangquan, sheet, UnansweredDefault.Full, out _).ShouldBeFalse();
        var unknown = new AnswerSheet(Yangquan.Id, ScoreContext.Empty, new Dictionary<string, IndicatorAnswer> { ["no-such"] = new MetAnswer(true) });
        RubricScorer.TryTotal(Yangquan, unknown, UnansweredDefault.Full, out _).ShouldBeFalse();
    }

    [Fact]
    public void Deductions_only_ever_lower_a_score()
    {
        var rule = (DeductionRule)Yangquan.FindIndicator("3.6.1")!.Rule;
        Check.One(Config, Prop.ForAll(Gen.Choose(0, 10).Two().ToArbitrary(), t =>
        {
            var (a, b) = t;
            decimal Points(int unsealed) => RubricScorer.Score(Yangquan,
                Sheet(Yangquan, ScoreContext.Empty, ("3.6.1", DeficiencyAnswer.ByKey(new Dictionary<string, int> { ["unsealed"] = unsealed, ["errors"] = 1 }))),
                UnansweredDefault.Full).GetResultOrThrow().For("3.6.1").Points!.Value;
            return (a <= b) == (Points(a) >= Points(b)) || Points(a) == Points(b);
        }));
        rule.Full.ShouldBePositive();
    }
}

internal static class DecimalAssert
{
    public static void ShouldBePositive(this decimal d)
    {
        if (d <= 0) throw new Xunit.Sdk.XunitException($"{d} is not positive");
    }
}
