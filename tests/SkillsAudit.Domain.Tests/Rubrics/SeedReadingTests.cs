using Shouldly;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Domain.Tests.Rubrics.TestRubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

/// <summary>Readings of seed 002 附件3 checked against the totals seed 000 publishes.</summary>
public class SeedReadingTests
{
    [Fact]
    public void Chenrui_self_assessment_of_112_75_is_reproduced_for_a_body_with_only_levels_5_and_4()
    {
        // seed 000 附件2: 岢岚县晨睿职业培训学校, 2023 figures 初级 360 and 中级 856 only, 自评得分 112.75.
        // Above 110 only if 答辩考场 (7.3, 3 points) counts for a body without 技师/高级技师.
        var parsed = AnswerSheetJson.ParseFile(Path.Combine(RepositoryRoot, "tests", "SkillsAudit.Domain.Tests", "Rubrics", "Answers", "xinzhou-2023-chenrui-self.json"));
        parsed.Errors.ShouldBeEmpty();
        parsed.Sheet!.Context.LevelsAssessed.ShouldBe([Level.Level5, Level.Level4], ignoreOrder: true);
        var r = RubricScorer.Score(Xinzhou, parsed.Sheet, UnansweredDefault.Zero).GetResultOrThrow();
        r.Indicators.ShouldNotContain(i => i.Status == IndicatorStatus.Defaulted);
        r.Total.ShouldBe(112.75m);
        r.BaseTotal.ShouldBe(100m);
        r.BonusTotal.ShouldBe(12.75m);
        r.For("7.3.3").Points.ShouldBe(0.75m);
        r.Indicators.Where(i => i.Code.StartsWith("7.1.")).ShouldAllBe(i => i.Status == IndicatorStatus.NotApplicable);
    }

    [Fact]
    public void Without_the_defence_room_a_body_with_only_levels_5_and_4_cannot_reach_112_75()
    {
        var best = Score(Xinzhou, new ScoreContext([Level.Level5, Level.Level4], false), UnansweredDefault.Full);
        (best.Total - best.Sections.Single(s => s.Code == "7.3").Points).ShouldBeLessThan(112.75m);
    }

    [Theory]
    [InlineData("签订、执行的，得0.5分，否则0.5分；", 0.5)]
    [InlineData("得1分, 否则1分", 1)]
    public void A_standard_giving_the_same_points_either_way_is_flagged(string standard, decimal points) =>
        RubricValidator.SelfContradiction(standard).ShouldBe(points);

    [Theory]
    [InlineData("签订、执行的，得0.5分，否则0分；")]
    [InlineData("完全符合的，得1.5分，关键要素具备的，得1分，否则0分")]
    [InlineData("按要求设置的，得1分，缺1项，扣0.25分，扣完为止；")]
    public void An_ordinary_standard_is_not_flagged(string standard) =>
        RubricValidator.SelfContradiction(standard).ShouldBeNull();
}
