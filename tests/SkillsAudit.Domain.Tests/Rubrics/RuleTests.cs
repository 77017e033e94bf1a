using Shouldly;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Domain.Tests.Rubrics.TestRubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

public class RuleTests
{
    [Fact]
    public void All_or_nothing_gives_the_points_when_met_and_zero_otherwise()
    {
        var met = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Full, ("1.1.1", new MetAnswer(true)));
        met.For("1.1.1").Points.ShouldBe(1m);
        var unmet = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Full, ("1.1.1", new MetAnswer(false) { Reason = "未制定年度工作计划" }));
        unmet.For("1.1.1").Points.ShouldBe(0m);
        unmet.For("1.1.1").Reason.ShouldBe("未制定年度工作计划");
        unmet.For("1.1.1").Explanation.ShouldNotBeEmpty();
    }

    [Fact]
    public void Deduction_takes_the_amount_per_deficiency()
    {
        // 1.1.4 开放线上、线下报名渠道 … 缺一项扣0.5分，扣完为止
        var r = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Full, ("1.1.4", DeficiencyAnswer.Of(1)));
        r.For("1.1.4").Points.ShouldBe(0.5m);
        r.For("1.1.4").Explanation.ShouldContain(e => e.Contains("0.5"));
    }

    [Fact]
    public void Deduction_never_goes_below_zero()
    {
        // 1.4.4: 1.5 points, 缺1项扣0.3分 — six missing items would be 1.8
        var r = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Full, ("1.4.4", DeficiencyAnswer.Of(6)));
        r.For("1.4.4").Points.ShouldBe(0m);
        r.For("1.4.4").Explanation.ShouldContain(e => e.Contains("扣完为止"));
        // Yangquan 统分登分: 成绩出现1例错误扣0.2分, 扣完为止 (1 point)
        var y = Score(Yangquan, ScoreContext.Empty, UnansweredDefault.Full, ("3.6.2", DeficiencyAnswer.Of(4)), ("3.6.3", DeficiencyAnswer.Of(100)));
        y.For("3.6.2").Points.ShouldBe(0.2m);
        y.For("3.6.3").Points.ShouldBe(0m);
    }

    [Fact]
    public void Deduction_exactly_at_the_max_gives_zero()
    {
        var r = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Full, ("1.1.4", DeficiencyAnswer.Of(2)));
        r.For("1.1.4").Points.ShouldBe(0m);
    }

    [Fact]
    public void Deduction_sums_several_kinds_of_deficiency()
    {
        // Yangquan 成绩评阅 (8分): 试卷未密封进行阅卷的每批次扣4分, 考评员阅卷评分有明显错误的每处扣1分
        var r = Score(Yangquan, ScoreContext.Empty, UnansweredDefault.Full,
            ("3.6.1", DeficiencyAnswer.ByKey(new Dictionary<string, int> { ["unsealed"] = 1, ["errors"] = 3 })));
        r.For("3.6.1").Points.ShouldBe(1m);
        r.For("3.6.1").Explanation.Count.ShouldBe(2);
        var past = Score(Yangquan, ScoreContext.Empty, UnansweredDefault.Full,
            ("3.6.1", DeficiencyAnswer.ByKey(new Dictionary<string, int> { ["unsealed"] = 2, ["errors"] = 1 })));
        past.For("3.6.1").Points.ShouldBe(0m);
    }

    [Fact]
    public void Tiers_give_the_named_tier()
    {
        var full = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Zero, ("1.3.2", new TierAnswer("完全符合条件")));
        full.For("1.3.2").Points.ShouldBe(1.5m);
        var key = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Zero, ("1.3.2", new TierAnswer("key-elements")));
        key.For("1.3.2").Points.ShouldBe(1m);
        var none = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Zero, ("1.3.2", new TierAnswer("否则")));
        none.For("1.3.2").Points.ShouldBe(0m);
        // 设置保密室1分，保密柜0.5分
        var cabinet = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Zero, ("7.4.1", new TierAnswer("cabinet")));
        cabinet.For("7.4.1").Points.ShouldBe(0.5m);
        cabinet.BonusTotal.ShouldBe(0.5m);
    }

    [Fact]
    public void Composite_sums_its_parts()
    {
        // 1.5.3: 1. 人员配备 … 缺1项扣0.5分；2. 工作程序 … 缺1项扣0.25分
        var answer = new CompositeAnswer(new Dictionary<string, IndicatorAnswer>
        {
            ["staffing"] = DeficiencyAnswer.Of(1),
            ["procedure"] = DeficiencyAnswer.Of(2),
        });
        var r = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Full, ("1.5.3", answer));
        r.For("1.5.3").Points.ShouldBe(1m);
        r.For("1.5.3").Explanation.ShouldContain(e => e.StartsWith("人员配备"));
        r.For("1.5.3").Explanation.ShouldContain(e => e.StartsWith("工作程序"));
    }

    [Fact]
    public void Composite_parts_left_out_take_the_default()
    {
        var answer = new CompositeAnswer(new Dictionary<string, IndicatorAnswer> { ["arrangement"] = new MetAnswer(true) });
        Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Full, ("1.3.3", answer)).For("1.3.3").Points.ShouldBe(1.5m);
        Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Zero, ("1.3.3", answer)).For("1.3.3").Points.ShouldBe(0.75m);
    }

    [Theory]
    [InlineData(2, 3, 0)]      // exactly 2/3 is not below 2/3
    [InlineData(3, 4, 0)]
    [InlineData(1, 2, 0.5)]    // below 2/3
    [InlineData(1, 3, 0.5)]    // exactly 1/3 is not below 1/3
    [InlineData(1, 4, 1)]      // below 1/3
    [InlineData(0, 5, 1.5)]    // none own
    [InlineData(0, 0, 1.5)]
    public void Staffing_ratio_deducts_by_the_share_of_own_examiners(int own, int all, double deduct)
    {
        var answer = new StaffingAnswer([new OccupationStaffing("育婴员", own, all)]);
        var r = Score(Yangquan, ScoreContext.Empty, UnansweredDefault.Full, ("2.3.2", answer));
        r.For("2.3.2").Points.ShouldBe(5m - (decimal)deduct);
    }

    [Fact]
    public void Staffing_ratio_deducts_for_each_occupation_and_stops_at_zero()
    {
        var two = new StaffingAnswer([new OccupationStaffing("育婴员", 1, 4), new OccupationStaffing("保育师", 1, 2)]);
        Score(Yangquan, ScoreContext.Empty, UnansweredDefault.Full, ("2.3.2", two)).For("2.3.2").Points.ShouldBe(3.5m);
        var four = new StaffingAnswer([.. Enumerable.Range(1, 4).Select(i => new OccupationStaffing("职业" + i, 0, 3))]);
        var r = Score(Yangquan, ScoreContext.Empty, UnansweredDefault.Full, ("2.3.2", four));
        r.For("2.3.2").Points.ShouldBe(0m); // 4 × 1.5 = 6 > 5
        r.For("2.3.2").Explanation.ShouldContain(e => e.Contains("扣完为止"));
    }

    [Fact]
    public void A_veto_disqualifies_even_with_full_points()
    {
        var r = Score(Xinzhou, AllLevelsWithComputer, UnansweredDefault.Full, ("6.3", new VetoAnswer(true) { Reason = "考场秩序混乱" }));
        r.Total.ShouldBeGreaterThan(110m);
        r.Vetoed.ShouldBeTrue();
        r.Outcome.Label.ShouldBe("取消评价资格");
        r.Vetoes.Single().Code.ShouldBe("6.3");
        var y = Score(Yangquan, ScoreContext.Empty, UnansweredDefault.Full, ("5.1", new VetoAnswer(true)));
        y.Outcome.Label.ShouldBe("不合格（终止备案）");
    }

    [Fact]
    public void A_veto_answered_false_changes_nothing()
    {
        var r = Score(Xinzhou, AllLevelsWithComputer, UnansweredDefault.Full, ("6.3", new VetoAnswer(false)));
        r.Vetoed.ShouldBeFalse();
        r.Outcome.Label.ShouldBe("A");
    }

    [Fact]
    public void Oral_defence_procedure_is_excluded_for_bodies_without_levels_2_and_1_but_the_defence_room_applies()
    {
        var r = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Full);
        // seed 002 附件3: "答辩评审实施（高级以上评价本项）" is conditional; 答辩考场 (7.3) carries no condition.
        r.Indicators.Where(i => i.Code.StartsWith("7.1.")).ShouldAllBe(i => i.Status == IndicatorStatus.NotApplicable && i.Points == null);
        r.Indicators.Where(i => i.Code.StartsWith("7.3.")).ShouldAllBe(i => i.Status != IndicatorStatus.NotApplicable);
        r.For("7.2.1").Status.ShouldBe(IndicatorStatus.NotApplicable); // no computer exams: 不使用的不计
        r.BonusApplicableMaxPoints.ShouldBe(20m - 6.5m - 0.5m);
        r.BonusTotal.ShouldBe(13m);
        r.Sections.Single(s => s.Code == "7.1").ApplicableMaxPoints.ShouldBe(0m);
        r.Sections.Single(s => s.Code == "7.3").ApplicableMaxPoints.ShouldBe(3m);
    }

    [Fact]
    public void Oral_defence_indicators_apply_when_a_body_assesses_technicians()
    {
        var r = Score(Xinzhou, new ScoreContext([Level.Level2], false), UnansweredDefault.Full);
        r.For("7.1.1").Status.ShouldBe(IndicatorStatus.Defaulted);
        r.For("7.1.1").Points.ShouldBe(1m);
        r.For("7.2.1").Status.ShouldBe(IndicatorStatus.NotApplicable);
        r.BonusTotal.ShouldBe(19.5m);
    }

    [Fact]
    public void Computer_exam_indicator_counts_only_where_computer_exams_are_used()
    {
        var used = Score(Xinzhou, new ScoreContext([Level.Level4], true), UnansweredDefault.Zero, ("7.2.1", new MetAnswer(true)));
        used.For("7.2.1").Points.ShouldBe(0.5m);
        used.BonusApplicableMaxPoints.ShouldBe(13.5m);
    }

    [Fact]
    public void Not_applicable_is_excluded_not_scored_zero()
    {
        var r = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Full, ("7.7.1", new NotApplicableAnswer { Reason = "不采用网上阅卷" }));
        r.For("7.7.1").Points.ShouldBeNull();
        r.For("7.7.1").Status.ShouldBe(IndicatorStatus.NotApplicable);
        r.BonusApplicableMaxPoints.ShouldBe(12.5m);
        r.BonusTotal.ShouldBe(12.5m);
        r.Sections.Single(s => s.Code == "7.7").Points.ShouldBe(0.5m);
        r.Sections.Single(s => s.Code == "7.7").ApplicableMaxPoints.ShouldBe(0.5m);
    }

    [Fact]
    public void Unanswered_indicators_take_the_callers_default()
    {
        var full = Score(Xinzhou, AllLevelsWithComputer, UnansweredDefault.Full);
        full.Indicators.Where(i => i.Indicator.Kind != IndicatorKind.Veto).ShouldAllBe(i => i.Status == IndicatorStatus.Defaulted);
        full.BaseTotal.ShouldBe(99.75m); // 3.6 信息管理岗位职责: the printed standard gives at most 1 of its 1.25
        full.BonusTotal.ShouldBe(20m);
        var zero = Score(Xinzhou, AllLevelsWithComputer, UnansweredDefault.Zero);
        zero.Total.ShouldBe(0m);
        zero.Outcome.Label.ShouldBe("D");
    }

    [Fact]
    public void Bonus_takes_the_total_above_100()
    {
        var r = Score(Xinzhou, AllLevelsWithComputer, UnansweredDefault.Full, ("3.6", new PointsAnswer(1.25m)));
        r.BaseTotal.ShouldBe(100m);
        r.BonusTotal.ShouldBe(20m);
        r.Total.ShouldBe(120m);
        r.Outcome.Label.ShouldBe("A");
    }

    [Fact]
    public void Bonus_can_lift_a_grade()
    {
        // 85 base points (B) + 5 bonus = 90 → A, since A–D apply to the total including bonus
        var baseOnly = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Zero, [.. FillBase(Xinzhou, 85m)]);
        baseOnly.BaseTotal.ShouldBe(85m);
        baseOnly.Outcome.Label.ShouldBe("B");
        var withBonus = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Zero,
            [.. FillBase(Xinzhou, 85m), ("7.4.1", new TierAnswer("room")), ("7.4.2", DeficiencyAnswer.Of(0)), ("7.4.3", DeficiencyAnswer.Of(0)),
             ("7.6.1", DeficiencyAnswer.Of(0)), ("7.6.2", new MetAnswer(true)), ("7.5.1", new MetAnswer(true))]);
        withBonus.BonusTotal.ShouldBe(5m);
        withBonus.Total.ShouldBe(90m);
        withBonus.Outcome.Label.ShouldBe("A");
    }

    /// <summary>Points answers over the scored indicators adding up to exactly <paramref name="target"/>.</summary>
    internal static IEnumerable<(string, IndicatorAnswer)> FillBase(Rubric rubric, decimal target)
    {
        var left = target;
        foreach (var i in rubric.Indicators.Where(i => i.Kind == IndicatorKind.Scored))
        {
            var p = Math.Min(left, i.MaxPoints);
            left -= p;
            yield return (i.Code, new PointsAnswer(p));
        }
        left.ShouldBe(0m);
    }
}
