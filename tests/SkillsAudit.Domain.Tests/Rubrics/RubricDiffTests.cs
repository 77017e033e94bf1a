using Shouldly;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Domain.Tests.Rubrics.TestRubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

public class RubricDiffTests
{
    private static Rubric Load(string yaml) => RubricLoader.TryLoadText(yaml, "t.yaml").Rubric ?? throw new InvalidOperationException(string.Join("\n", RubricLoader.TryLoadText(yaml, "t.yaml").Errors));

    [Fact]
    public void A_rubric_compared_with_itself_has_no_differences()
    {
        var d = RubricDiff.Compare(Xinzhou, Xinzhou);
        d.Identical.ShouldBeTrue();
        d.Pairs.Count.ShouldBe(140);
        d.Pairs.ShouldAllBe(p => p.MatchedBy == DiffMatch.Code);
    }

    [Fact]
    public void A_changed_max_and_rule_are_named_as_the_changed_fields()
    {
        var b = Load(Minimal.Replace("max: 2\n        rule: { kind: deduction, per: 0.5 }", "max: 3\n        rule: { kind: deduction, per: 1 }"));
        var d = RubricDiff.Compare(Load(Minimal), b);
        var changed = d.Changed.ShouldHaveSingleItem();
        changed.Left.Code.ShouldBe("1.2");
        changed.MatchedBy.ShouldBe(DiffMatch.Code);
        changed.Changes.Select(c => c.Field).ShouldBe(["max", "rule"]);
        changed.Changes[0].Before.ShouldBe("2");
        changed.Changes[0].After.ShouldBe("3");
    }

    [Fact]
    public void A_row_inserted_at_the_top_shifts_codes_and_the_rest_are_matched_by_content()
    {
        var b = Load(Minimal.Replace("indicators:\n      - content: 甲", "indicators:\n      - content: 新增的考场视频监控要求全部落实\n        max: 1\n        rule: { kind: allOrNothing }\n      - content: 甲"));
        b.Indicators[0].Content.ShouldBe("新增的考场视频监控要求全部落实");
        var d = RubricDiff.Compare(Load(Minimal), b);
        d.Added.ShouldHaveSingleItem().Code.ShouldBe("1.1");
        d.Removed.ShouldBeEmpty();
        var moved = d.Pairs.Single(p => p.Left.Content == "乙");
        moved.MatchedBy.ShouldBe(DiffMatch.Content);
        moved.Left.Code.ShouldBe("1.2");
        moved.Right.Code.ShouldBe("1.3");
        moved.CodeChanged.ShouldBeTrue();
        moved.Changes.ShouldBeEmpty();
    }

    [Fact]
    public void A_removed_indicator_is_listed_as_removed()
    {
        var b = Load(Minimal.Replace("      - content: 乙\n        max: 2\n        rule: { kind: deduction, per: 0.5 }\n", ""));
        var d = RubricDiff.Compare(Load(Minimal), b);
        d.Removed.ShouldHaveSingleItem().Content.ShouldBe("乙");
        d.Added.ShouldBeEmpty();
    }

    [Fact]
    public void Similarity_ignores_whitespace_and_punctuation()
    {
        RubricDiff.Similarity("考场确定前务必做好数据检查、检验。", "考场确定前务必做好数据检查 检验").ShouldBe(1.0);
        RubricDiff.Similarity("认定公告", "资料销毁").ShouldBe(0.0);
    }
}
