using Shouldly;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Domain.Tests.Rubrics.TestRubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

public class TranscriptionTests
{
    [Fact]
    public void Xinzhou_has_seven_parts_with_the_printed_counts_and_points()
    {
        var parts = Xinzhou.Sections.Select(s => (s.Code, s.Name, s.ComputedCount, s.ComputedPoints)).ToArray();
        parts.ShouldBe(
        [
            ("1", "考务管理", 56, 49.75m),
            ("2", "考场建设标准", 18, 24.25m),
            ("3", "岗位设置标准", 16, 16m),
            ("4", "题库管理标准", 5, 6.5m),
            ("5", "档案管理标准", 4, 3.5m),
            ("6", "否决项", 10, 0m),
            ("7", "加分项", 31, 20m),
        ]);
        Xinzhou.Sections.ShouldAllBe(s => s.Declared.Count == s.ComputedCount);
        Xinzhou.Sections.Where(s => s.Declared.Points != null).ShouldAllBe(s => s.Declared.Points == s.ComputedPoints);
    }

    [Fact]
    public void Xinzhou_has_140_indicators_100_base_and_20_bonus_points()
    {
        Xinzhou.Indicators.Count.ShouldBe(140);
        Xinzhou.Declared.IndicatorCount.ShouldBe(140);
        Xinzhou.BaseMaxPoints.ShouldBe(100m);
        Xinzhou.BonusMaxPoints.ShouldBe(20m);
        Xinzhou.Indicators.Count(i => i.Kind == IndicatorKind.Veto).ShouldBe(10);
        Xinzhou.Indicators.Count(i => i.Kind == IndicatorKind.Bonus).ShouldBe(31);
    }

    [Fact]
    public void Xinzhou_sub_sections_match_every_printed_declaration()
    {
        var declared = Xinzhou.AllSections().Where(s => s.Declared.Count != null || s.Declared.Points != null).ToArray();
        declared.Length.ShouldBe(22);
        foreach (var s in declared)
        {
            if (s.Declared.Count is { } c) s.ComputedCount.ShouldBe(c, s.ToString());
            if (s.Declared.Points is { } p) s.ComputedPoints.ShouldBe(p, s.ToString());
        }
        Xinzhou.AllSections().Single(s => s.Name == "报名准备").ComputedCount.ShouldBe(7);
        Xinzhou.AllSections().Single(s => s.Name == "答辩评审实施").ComputedPoints.ShouldBe(6.5m);
        Xinzhou.AllSections().Single(s => s.Name == "答辩考场").ComputedPoints.ShouldBe(3m);
        Xinzhou.AllSections().Single(s => s.Name == "档案管理模式及填写说明").ComputedPoints.ShouldBe(1.75m);
    }

    [Fact]
    public void Xinzhou_warns_about_the_information_post_rule_and_the_self_contradictory_standard_of_3_13()
    {
        Xinzhou.Warnings.Select(w => w.Code).ShouldBe(["rule-max", "standard-contradiction"]);
        var w = Xinzhou.Warnings.Single(x => x.Code == "rule-max");
        w.Location.ShouldBe("indicator 3.6");
        w.Declared.ShouldBe(1.25m);
        w.Computed.ShouldBe(1m);
        w.Line.ShouldNotBeNull();
        // seed 002 附件3 3.13: "签订、执行的，得0.5分，否则0.5分" gives the points either way
        var c = Xinzhou.Warnings.Single(x => x.Code == "standard-contradiction");
        c.Location.ShouldBe("indicator 3.13");
        c.Declared.ShouldBe(0.5m);
        c.Line.ShouldNotBeNull();
    }

    [Fact]
    public void Xinzhou_keeps_verbatim_text_and_marks_reconstructed_rows()
    {
        var first = Xinzhou.FindIndicator("1.1.1")!;
        first.Content.ShouldBe("认定公告符合《职业技能等级认定工作规程（试行）》和制定年度工作计划。");
        first.Standard.ShouldBe("按照省市相关文件要求，制定年度工作计划的，得1分，否则0分；");
        Xinzhou.FindIndicator("7.2.1")!.Standard.ShouldBe("使用机考的本项评分，不使用的不计。分值 0.5分；");
        Xinzhou.FindIndicator("7.3.1")!.Reconstructed.ShouldBeTrue();
        Xinzhou.Notes.ShouldContain(n => n.Contains("答辩评审实施"));
        Xinzhou.Indicators.Where(i => i.Kind != IndicatorKind.Veto).ShouldAllBe(i => i.Standard != null || i.Rule is JudgementRule);
    }

    [Fact]
    public void Xinzhou_conditional_indicators_are_the_oral_defence_procedure_and_computer_exam_rows_not_the_defence_room()
    {
        var conditional = Xinzhou.Indicators.Where(i => !i.Applicability.IsAlways).Select(i => i.Code).ToArray();
        conditional.ShouldBe(["7.1.1", "7.1.2", "7.1.3", "7.1.4", "7.1.5", "7.2.1"]);
    }

    [Fact]
    public void Yangquan_adds_up_to_92_against_its_declared_100()
    {
        Yangquan.Declared.BasePoints.ShouldBe(100m);
        Yangquan.BaseMaxPoints.ShouldBe(92m);
        Yangquan.Sections.Where(s => s.KindName == "scored").Select(s => (s.Name, s.ComputedPoints)).ShouldBe(
            [("机构信用", 5m), ("内部管理", 12m), ("评价组织实施", 60m), ("评价质量管理", 15m)]);
        var w = Yangquan.Warnings.Single(x => x.Code == "total-base");
        w.Declared.ShouldBe(100m);
        w.Computed.ShouldBe(92m);
        var d = Yangquan.Warnings.Single(x => x.Code == "total-base-declared-sum");
        d.Computed.ShouldBe(92m);
        Yangquan.Warnings.Count.ShouldBe(2); // every category and item adds up; only the 百分制 total does not
    }

    [Fact]
    public void Yangquan_has_41_scored_indicators_and_6_vetoes_from_the_notice_body()
    {
        Yangquan.Indicators.Count(i => i.Kind == IndicatorKind.Scored).ShouldBe(41);
        Yangquan.Indicators.Count(i => i.Kind == IndicatorKind.Veto).ShouldBe(6);
        Yangquan.FindIndicator("2.3.2")!.Rule.ShouldBeOfType<StaffingRatioRule>();
        Yangquan.Outcome.Kind.ShouldBe(OutcomeKind.PassFail);
    }

    [Fact]
    public void Huainan_encodes_only_the_star_bands_and_says_so()
    {
        Huainan.Indicators.ShouldBeEmpty();
        Huainan.Outcome.Kind.ShouldBe(OutcomeKind.Stars);
        Huainan.Outcome.Bands.Select(b => (b.Label, b.Min, b.Below)).ShouldBe(
            [("不合格", (decimal?)null, (decimal?)70m), ("三星级", 70m, 80m), ("四星级", 80m, 90m), ("五星级", 90m, null)]);
        Huainan.Warnings.ShouldHaveSingleItem().Code.ShouldBe("no-indicators");
        Huainan.Notes.ShouldContain(n => n.StartsWith("仅公布了星级划分", StringComparison.Ordinal));
    }

    [Fact]
    public void The_catalog_loads_every_seed_rubric()
    {
        var catalog = RubricCatalog.Load(Folder);
        catalog.Failures.ShouldBeEmpty();
        catalog.Rubrics.Select(r => r.Id).ShouldBe(["huainan-2021", "xinzhou-2023", "yangquan-2023"]);
        catalog.Find("xinzhou-2023").ShouldNotBeNull();
        catalog.Find("nope").ShouldBeNull();
    }
}
