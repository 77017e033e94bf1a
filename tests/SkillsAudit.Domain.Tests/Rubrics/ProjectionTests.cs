using System.Text.Json;
using Shouldly;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Domain.Tests.Rubrics.TestRubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

public class ProjectionTests
{
    [Fact]
    public void Rubric_show_json_is_camel_case_with_nested_sections_and_rules()
    {
        using var doc = JsonDocument.Parse(RubricJson.Serialize(Xinzhou.ToView()));
        var root = doc.RootElement;
        root.GetProperty("id").GetString().ShouldBe("xinzhou-2023");
        root.GetProperty("baseMaxPoints").GetDecimal().ShouldBe(100m);
        root.GetProperty("bonusMaxPoints").GetDecimal().ShouldBe(20m);
        root.GetProperty("indicatorCount").GetInt32().ShouldBe(140);
        var part1 = root.GetProperty("sections")[0];
        part1.GetProperty("name").GetString().ShouldBe("考务管理");
        part1.GetProperty("kind").GetString().ShouldBe("scored");
        part1.GetProperty("indicatorCount").GetInt32().ShouldBe(56);
        part1.GetProperty("maxPoints").GetDecimal().ShouldBe(49.75m);
        var indicator = part1.GetProperty("sections")[0].GetProperty("indicators")[3];
        indicator.GetProperty("code").GetString().ShouldBe("1.1.4");
        indicator.GetProperty("maxPoints").GetDecimal().ShouldBe(1m);
        indicator.GetProperty("rule").GetProperty("kind").GetString().ShouldBe("deduction");
        indicator.GetProperty("rule").GetProperty("deficiencies")[0].GetProperty("per").GetDecimal().ShouldBe(0.5m);
        root.GetProperty("sections")[6].GetProperty("kind").GetString().ShouldBe("bonus");
        root.GetProperty("sections")[5].GetProperty("kind").GetString().ShouldBe("veto");
    }

    [Fact]
    public void Score_json_has_indicators_sections_totals_and_outcome()
    {
        var r = Score(Xinzhou, MiddleLevelsNoComputer, UnansweredDefault.Full, ("1.1.4", DeficiencyAnswer.Of(1) with { Reason = "无线上报名" }));
        using var doc = JsonDocument.Parse(RubricJson.Serialize(r.ToView()));
        var root = doc.RootElement;
        root.GetProperty("baseTotal").GetDecimal().ShouldBe(99.25m);
        root.GetProperty("bonusTotal").GetDecimal().ShouldBe(13m);
        root.GetProperty("total").GetDecimal().ShouldBe(112.25m);
        root.GetProperty("outcome").GetProperty("label").GetString().ShouldBe("A");
        var i = root.GetProperty("indicators").EnumerateArray().Single(x => x.GetProperty("code").GetString() == "1.1.4");
        i.GetProperty("points").GetDecimal().ShouldBe(0.5m);
        i.GetProperty("explanation")[0].GetString()!.ShouldContain("0.5");
        i.GetProperty("reason").GetString().ShouldBe("无线上报名");
        var na = root.GetProperty("indicators").EnumerateArray().Single(x => x.GetProperty("code").GetString() == "7.1.1");
        na.GetProperty("status").GetString().ShouldBe("notApplicable");
        na.TryGetProperty("points", out _).ShouldBeFalse();
        root.GetProperty("sections").EnumerateArray().Count().ShouldBe(Xinzhou.AllSections().Count());
    }

    [Fact]
    public void Validation_report_json_carries_location_declared_computed_and_line()
    {
        using var doc = JsonDocument.Parse(RubricJson.Serialize(RubricValidator.ValidateFile(PathOf("yangquan-2023")).ToView()));
        var w = doc.RootElement.GetProperty("warnings")[0];
        doc.RootElement.GetProperty("valid").GetBoolean().ShouldBeTrue();
        w.GetProperty("location").GetString().ShouldBe("yangquan-2023");
        w.GetProperty("declared").GetDecimal().ShouldBe(100m);
        w.GetProperty("computed").GetDecimal().ShouldBe(92m);
    }

    [Fact]
    public void Text_reports_render_every_seed_rubric()
    {
        foreach (var rubric in new[] { Xinzhou, Yangquan, Huainan })
        {
            var w = new StringWriter();
            RubricReports.WriteTree(rubric, w);
            w.ToString().ShouldContain(rubric.Id);
        }
        var s = new StringWriter();
        RubricReports.WriteScore(Score(Yangquan, ScoreContext.Empty, UnansweredDefault.Full), s);
        s.ToString().ShouldContain("outcome: 合格");
    }
}
