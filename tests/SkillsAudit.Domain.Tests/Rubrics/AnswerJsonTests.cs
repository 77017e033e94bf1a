using Shouldly;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Domain.Tests.Rubrics.TestRubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

public class AnswerJsonTests
{
    private const string Example = """
        {
          "formatVersion": 1,
          "rubric": "xinzhou-2023",
          "assessor": "panel",
          "context": { "levelsAssessed": ["技师", 4, "三级"], "computerExams": false },
          "answers": {
            "1.1.1": { "met": true },
            "1.1.4": { "deficiencies": 1, "reason": "无线上报名渠道" },
            "1.3.2": { "tier": "key-elements" },
            "1.3.3": { "parts": { "arrangement": { "met": false } }, "reason": "未按时打印准考证" },
            "2.2.4": { "points": 1.5 },
            "7.7.1": { "notApplicable": true, "reason": "不采用网上阅卷" },
            "6.1": { "vetoed": false }
          }
        }
        """;

    [Fact]
    public void The_documented_example_parses_and_scores()
    {
        var parsed = AnswerSheetJson.Parse(Example);
        parsed.Errors.ShouldBeEmpty();
        var sheet = parsed.Sheet!;
        sheet.Context.LevelsAssessed.ShouldBe([Level.Level2, Level.Level4, Level.Level3], ignoreOrder: true);
        sheet.Assessor.ShouldBe("panel");
        var r = RubricScorer.Score(Xinzhou, sheet, UnansweredDefault.Full).GetResultOrThrow();
        r.For("1.1.4").Points.ShouldBe(0.5m);
        r.For("1.1.4").Reason.ShouldBe("无线上报名渠道");
        r.For("1.3.2").Points.ShouldBe(1m);
        r.For("1.3.3").Points.ShouldBe(0.75m);
        r.For("2.2.4").Points.ShouldBe(1.5m);
        r.For("7.7.1").Points.ShouldBeNull();
        r.For("7.1.1").Status.ShouldBe(IndicatorStatus.Defaulted); // assesses 技师
        r.BaseTotal.ShouldBe(100m - 0.5m - 0.5m - 0.75m - 0.5m - 0.25m); // 1.1.4, 1.3.2, 1.3.3, 2.2.4, 3.6
    }

    [Theory]
    [InlineData("""{ "answers": { "1.1.4": { "deficiencies": -1 } } }""", "1.1.4", "缺项个数不能为负数")]
    [InlineData("""{ "answers": { "1.1.1": { "points": -0.5 } } }""", "1.1.1", "得分不能为负数")]
    [InlineData("""{ "answers": { "1.1.1": { "met": true, "points": 1 } } }""", "1.1.1", "只能填一个")]
    [InlineData("""{ "answers": { "1.1.1": { "ok": true } } }""", "1.1.1", "无法识别的属性“ok”")]
    [InlineData("""{ "answers": { "1.1.1": {} } }""", "1.1.1", "未作答")]
    [InlineData("""{ "answers": { "1.1.4": { "deficiencies": 1.5 } } }""", "1.1.4", "缺项个数须为整数")]
    [InlineData("""{ "context": { "levelsAssessed": ["六级"] } }""", "", "无法识别的等级“六级”")]
    [InlineData("""{ "answers": { "2.3.2": { "occupations": [ { "occupation": "育婴员", "ownExaminers": 5, "examiners": 3 } ] } } }""", "2.3.2", "本单位考评员 5 人多于考评员总数 3 人")]
    [InlineData("""{ "answers": [] }""", "", "以指标编号为键")]
    [InlineData("""{ "formatVersion": 2 }""", "", "formatVersion")]
    [InlineData("""{ "answers": { "1.1.1": { "met": true } """, "", "不是有效的 JSON")]
    public void Bad_answer_files_are_errors_naming_the_indicator(string json, string code, string message)
    {
        var parsed = AnswerSheetJson.Parse(json);
        parsed.Succeeded.ShouldBeFalse();
        var e = parsed.Errors.ShouldHaveSingleItem();
        e.Code.ShouldBe(code);
        e.Message.ShouldContain(message);
    }

    [Fact]
    public void Staffing_answers_parse_per_occupation()
    {
        var parsed = AnswerSheetJson.Parse("""
            { "rubric": "yangquan-2023", "answers": { "2.3.2": { "occupations": [
                { "occupation": "育婴员", "ownExaminers": 1, "examiners": 4 },
                { "occupation": "保育师", "ownExaminers": 0, "examiners": 3 } ] } } }
            """);
        parsed.Errors.ShouldBeEmpty();
        var r = RubricScorer.Score(Yangquan, parsed.Sheet!, UnansweredDefault.Full).GetResultOrThrow();
        r.For("2.3.2").Points.ShouldBe(2.5m);
        r.Total.ShouldBe(92m - 2.5m);
        r.Outcome.Label.ShouldBe("合格");
    }

    [Fact]
    public void A_total_answers_a_band_only_rubric()
    {
        var parsed = AnswerSheetJson.Parse("""{ "rubric": "huainan-2021", "total": 79.99 }""");
        RubricScorer.Score(Huainan, parsed.Sheet!, UnansweredDefault.Full).GetResultOrThrow().Outcome.Label.ShouldBe("三星级");
    }
}
