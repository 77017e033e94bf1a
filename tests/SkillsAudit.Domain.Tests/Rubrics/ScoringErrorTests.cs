using Shouldly;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Domain.Tests.Rubrics.TestRubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

public class ScoringErrorTests
{
    private static AnswerError SingleError(Rubric rubric, ScoreContext context, string code, IndicatorAnswer answer)
    {
        var outcome = RubricScorer.Score(rubric, Sheet(rubric, context, (code, answer)), UnansweredDefault.Full);
        outcome.Succeeded.ShouldBeFalse();
        outcome.Result.ShouldBeNull();
        return outcome.Errors.ShouldHaveSingleItem();
    }

    [Fact]
    public void Points_above_the_max_are_an_error_naming_the_indicator()
    {
        var e = SingleError(Xinzhou, MiddleLevelsNoComputer, "1.1.1", new PointsAnswer(1.5m));
        e.Code.ShouldBe("1.1.1");
        e.Message.ShouldContain("超过本项满分");
    }

    [Fact]
    public void Points_below_zero_cannot_be_constructed() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new PointsAnswer(-0.25m));

    [Fact]
    public void A_negative_count_cannot_be_constructed()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => DeficiencyAnswer.Of(-1));
        Should.Throw<ArgumentOutOfRangeException>(() => DeficiencyAnswer.ByKey(new Dictionary<string, int> { ["errors"] = -2 }));
    }

    [Fact]
    public void An_unknown_tier_is_an_error_naming_the_indicator()
    {
        var e = SingleError(Xinzhou, MiddleLevelsNoComputer, "1.3.2", new TierAnswer("基本符合"));
        e.Code.ShouldBe("1.3.2");
        e.Message.ShouldContain("未知的档次“基本符合”");
    }

    [Fact]
    public void An_unknown_code_is_an_error()
    {
        var e = SingleError(Xinzhou, MiddleLevelsNoComputer, "9.9.9", new MetAnswer(true));
        e.Code.ShouldBe("9.9.9");
        e.Message.ShouldContain("评估表中没有这个指标编号");
    }

    [Fact]
    public void An_answer_to_a_not_applicable_indicator_is_an_error()
    {
        var e = SingleError(Xinzhou, MiddleLevelsNoComputer, "7.1.1", new MetAnswer(true));
        e.Code.ShouldBe("7.1.1");
        e.Message.ShouldContain("不适用");
        SingleError(Xinzhou, MiddleLevelsNoComputer, "7.2.1", new MetAnswer(true)).Code.ShouldBe("7.2.1");
    }

    [Fact]
    public void An_answer_of_the_wrong_shape_is_an_error()
    {
        SingleError(Xinzhou, MiddleLevelsNoComputer, "1.1.1", new TierAnswer("x")).Message.ShouldContain("与本指标的评分方式（符合得分、否则0分）不符");
        SingleError(Xinzhou, MiddleLevelsNoComputer, "6.1", new PointsAnswer(0m)).Message.ShouldContain("否决项不计分");
        SingleError(Xinzhou, new ScoreContext([Level.Level1], false), "7.1.2", new MetAnswer(true)).Message.ShouldContain("请填写得分");
    }

    [Fact]
    public void A_count_beyond_a_yes_no_deficiency_is_an_error()
    {
        var e = SingleError(Yangquan, ScoreContext.Empty, "3.1.1", DeficiencyAnswer.Of(2));
        e.Message.ShouldContain("最多计 1 处");
    }

    [Fact]
    public void Several_kinds_of_deficiency_need_counts_by_key()
    {
        SingleError(Yangquan, ScoreContext.Empty, "3.6.1", DeficiencyAnswer.Of(1)).Message.ShouldContain("请分别填写个数");
        SingleError(Yangquan, ScoreContext.Empty, "3.6.1", DeficiencyAnswer.ByKey(new Dictionary<string, int> { ["typo"] = 1 }))
            .Message.ShouldContain("未知的缺项“typo”");
    }

    [Fact]
    public void Every_bad_answer_is_reported_not_just_the_first()
    {
        var sheet = Sheet(Xinzhou, MiddleLevelsNoComputer,
            ("1.1.1", new PointsAnswer(2m)), ("1.3.2", new TierAnswer("?")), ("x", new MetAnswer(true)));
        var outcome = RubricScorer.Score(Xinzhou, sheet, UnansweredDefault.Full);
        outcome.Errors.Select(e => e.Code).ShouldBe(["x", "1.1.1", "1.3.2"], ignoreOrder: true);
        Should.Throw<InvalidOperationException>(() => outcome.GetResultOrThrow());
    }

    [Fact]
    public void Answers_for_another_rubric_are_refused()
    {
        var sheet = new AnswerSheet("yangquan-2023", ScoreContext.Empty, new Dictionary<string, IndicatorAnswer>());
        RubricScorer.Score(Xinzhou, sheet, UnansweredDefault.Full).Errors.ShouldHaveSingleItem().Message.ShouldContain("yangquan-2023");
    }
}
