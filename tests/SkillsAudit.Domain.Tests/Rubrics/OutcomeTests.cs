using Shouldly;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Domain.Tests.Rubrics.TestRubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

public class OutcomeTests
{
    [Theory]
    [InlineData("120", "A")]
    [InlineData("90", "A")]
    [InlineData("89.99", "B")]
    [InlineData("70", "B")]
    [InlineData("69.99", "C")]
    [InlineData("60", "C")]
    [InlineData("59.99", "D")]
    [InlineData("0", "D")]
    public void Grade_bands_are_half_open(string score, string grade) =>
        Xinzhou.Outcome.Classify(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(grade);

    [Theory]
    [InlineData("100", "五星级")]
    [InlineData("90", "五星级")]
    [InlineData("89.99", "四星级")]
    [InlineData("80", "四星级")]
    [InlineData("79.99", "三星级")]
    [InlineData("70", "三星级")]
    [InlineData("69.99", "不合格")]
    [InlineData("0", "不合格")]
    public void Star_bands_follow_Huainan(string score, string stars) =>
        Huainan.Outcome.Classify(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(stars);

    [Theory]
    [InlineData("92", "合格")]
    [InlineData("60", "合格")]
    [InlineData("59.99", "不合格")]
    public void Pass_mark_is_60_and_above(string score, string label) =>
        Yangquan.Outcome.Classify(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(label);

    [Fact]
    public void Any_veto_gives_the_veto_label_whatever_the_score()
    {
        Xinzhou.Outcome.Classify(120m, vetoed: true).ShouldBe("取消评价资格");
        Huainan.Outcome.Classify(99m, vetoed: true).ShouldBe("不合格");
    }

    [Fact]
    public void Overlapping_bands_are_refused()
    {
        Should.Throw<ArgumentException>(() => new OutcomeScheme(OutcomeKind.Grades, OutcomeBasis.Total,
            [new OutcomeBand("A", 90, null), new OutcomeBand("B", 70, 91), new OutcomeBand("D", null, 70)], "x"))
            .Message.ShouldContain("overlap");
    }

    [Fact]
    public void Bands_with_a_gap_are_refused()
    {
        Should.Throw<ArgumentException>(() => new OutcomeScheme(OutcomeKind.Grades, OutcomeBasis.Total,
            [new OutcomeBand("A", 90, null), new OutcomeBand("B", 70, 89), new OutcomeBand("D", null, 70)], "x"))
            .Message.ShouldContain("gap");
    }

    [Fact]
    public void A_band_only_rubric_classifies_a_given_total()
    {
        var sheet = new AnswerSheet("huainan-2021", ScoreContext.Empty, new Dictionary<string, IndicatorAnswer>(), total: 85m);
        var r = RubricScorer.Score(Huainan, sheet, UnansweredDefault.Full).GetResultOrThrow();
        r.Outcome.Label.ShouldBe("四星级");
        r.TotalGiven.ShouldBeTrue();
        var missing = RubricScorer.Score(Huainan, new AnswerSheet(null, ScoreContext.Empty, new Dictionary<string, IndicatorAnswer>()), UnansweredDefault.Full);
        missing.Succeeded.ShouldBeFalse();
    }
}
