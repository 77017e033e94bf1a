using Shouldly;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Domain.Tests.Rubrics.TestRubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

/// <summary>The reason rules and the grading basis, each in its one home.</summary>
public class AnswerReasonTests
{
    [Fact]
    public void A_deduction_without_a_reason_is_refused_naming_the_indicator_and_the_points()
    {
        var sheet = Sheet(Xinzhou, MiddleLevelsNoComputer, ("1.1.1", new PointsAnswer(0.5m)));
        var result = RubricScorer.Score(Xinzhou, sheet, UnansweredDefault.Full).GetResultOrThrow();
        var e = Should.Throw<DomainValidationException>(() => AnswerReasons.RequireDeductionReasons(result, sheet));
        var error = e.Errors.ShouldHaveSingleItem();
        error.Field.ShouldBe("1.1.1");
        error.Message.ShouldBe("指标 1.1.1 扣了 0.5 分，须写明扣分原因");
    }

    [Fact]
    public void A_deduction_with_a_reason_and_full_points_without_one_pass()
    {
        var sheet = Sheet(Xinzhou, MiddleLevelsNoComputer, ("1.1.1", new PointsAnswer(0.5m) { Reason = "制度未经审批" }), ("1.1.2", new PointsAnswer(Xinzhou.FindIndicator("1.1.2")!.MaxPoints)));
        var result = RubricScorer.Score(Xinzhou, sheet, UnansweredDefault.Full).GetResultOrThrow();
        Should.NotThrow(() => AnswerReasons.RequireDeductionReasons(result, sheet));
    }

    [Fact]
    public void Not_applicable_needs_a_reason()
    {
        var sheet = Sheet(Xinzhou, MiddleLevelsNoComputer, ("1.1.1", new NotApplicableAnswer()));
        Should.Throw<DomainValidationException>(() => AnswerReasons.RequireNotApplicableReasons(sheet)).Errors.Single().Field.ShouldBe("1.1.1");
        Should.NotThrow(() => AnswerReasons.RequireNotApplicableReasons(Sheet(Xinzhou, MiddleLevelsNoComputer, ("1.1.1", new NotApplicableAnswer { Reason = "未开展" }))));
    }

    [Theory]
    [InlineData(OutcomeBasis.Total, 95)]
    [InlineData(OutcomeBasis.Base, 90)]
    public void The_grading_basis_picks_the_total_or_the_base_points(OutcomeBasis basis, int graded)
    {
        var scheme = new OutcomeScheme(OutcomeKind.PassFail, basis, [new OutcomeBand("合格", 60, null), new OutcomeBand("不合格", null, 60)], "不合格");
        scheme.GradedScore(90m, 95m).ShouldBe(graded);
    }
}
