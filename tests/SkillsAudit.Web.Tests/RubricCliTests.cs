using System.Text.Json;
using Shouldly;
using SkillsAudit.Cli;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>The `skillsaudit rubric …` and `score` commands, run in-process against the shipped rubrics.</summary>
public sealed class RubricCliTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await SkillsAuditCli.RunAsync(args, new CliContext { Out = o, Error = e, ContentRoot = AppContext.BaseDirectory });
        return (exit, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Rubric_show_json_reproduces_the_seven_parts_and_140_indicators_of_seed_002()
    {
        var (exit, output, _) = await Run("rubric", "show", "xinzhou-2023", "--json");
        exit.ShouldBe(0);
        var root = JsonDocument.Parse(output).RootElement;
        root.GetProperty("indicatorCount").GetInt32().ShouldBe(140);
        root.GetProperty("baseMaxPoints").GetDecimal().ShouldBe(100m);
        root.GetProperty("bonusMaxPoints").GetDecimal().ShouldBe(20m);
        var parts = root.GetProperty("sections").EnumerateArray()
            .Select(s => (s.GetProperty("name").GetString(), s.GetProperty("indicatorCount").GetInt32(), s.GetProperty("maxPoints").GetDecimal())).ToList();
        parts.ShouldBe([("考务管理", 56, 49.75m), ("考场建设标准", 18, 24.25m), ("岗位设置标准", 16, 16m), ("题库管理标准", 5, 6.5m),
            ("档案管理标准", 4, 3.5m), ("否决项", 10, 0m), ("加分项", 31, 20m)]);
    }

    [Fact]
    public async Task Rubric_validate_reports_that_Yangquan_adds_up_to_92_not_100()
    {
        var (exit, output, _) = await Run("rubric", "validate", Path.Combine(AppContext.BaseDirectory, "rubrics", "yangquan-2023.yaml"), "--json");
        exit.ShouldBe(0);
        var warnings = JsonDocument.Parse(output).RootElement.GetProperty("warnings").EnumerateArray().ToList();
        warnings.ShouldContain(w => w.GetProperty("declared").ToString() == "100" && w.GetProperty("computed").ToString() == "92");
    }

    [Fact]
    public async Task Rubric_validate_flags_the_self_contradictory_standard_of_Xinzhou_3_13()
    {
        // seed 002 附件3 3.13: "命题、阅卷人员保密承诺书签订、执行的，得0.5分，否则0.5分"
        var (exit, output, _) = await Run("rubric", "validate", Path.Combine(AppContext.BaseDirectory, "rubrics", "xinzhou-2023.yaml"), "--json");
        exit.ShouldBe(0);
        var warnings = JsonDocument.Parse(output).RootElement.GetProperty("warnings").EnumerateArray().ToList();
        var w = warnings.Single(x => x.GetProperty("code").GetString() == "standard-contradiction");
        w.GetProperty("location").GetString().ShouldBe("indicator 3.13");
        w.GetProperty("line").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_malformed_rubric_is_refused_with_its_path_and_line()
    {
        var file = Path.Combine(Path.GetTempPath(), "bad-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(file, "formatVersion: 1\nid: bad\nsections:\n  - name: x\n    indicators:\n      - content: y\n        max: -1\n        rule: { kind: nonsense }\n");
        var (exit, output, err) = await Run("rubric", "validate", file);
        exit.ShouldBe(1);
        // path:line:column: error …
        System.Text.RegularExpressions.Regex.IsMatch(output + err, System.Text.RegularExpressions.Regex.Escape(file) + @":\d+:\d+: error").ShouldBeTrue(output + err);
    }

    [Fact]
    public async Task Score_with_full_default_gives_grade_and_totals_in_json()
    {
        var answers = Path.Combine(Path.GetTempPath(), "answers-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(answers, """{ "formatVersion": 1, "rubric": "xinzhou-2023", "context": { "levelsAssessed": ["初级工","中级工"], "computerExams": false }, "answers": {} }""");
        var (exit, output, err) = await Run("score", "xinzhou-2023", "--answers", answers, "--default", "full", "--json");
        exit.ShouldBe(0, err);
        var root = JsonDocument.Parse(output).RootElement;
        root.GetProperty("baseTotal").GetDecimal().ShouldBeGreaterThan(90m);
        root.TryGetProperty("outcome", out _).ShouldBeTrue();
        root.GetProperty("total").GetDecimal().ShouldBe(root.GetProperty("baseTotal").GetDecimal() + root.GetProperty("bonusTotal").GetDecimal());
    }

    [Fact]
    public async Task A_usage_error_exits_2()
    {
        var (exit, _, _) = await Run("score", "xinzhou-2023", "--answers", "x.json", "--default", "half");
        exit.ShouldBe(2);
    }

    [Fact]
    public async Task An_imported_version_is_listed_shown_and_compared_with_the_shipped_one()
    {
        // An xlsx laid out like seed 001 附件3, one category with two indicators.
        var file = Path.Combine(Path.GetTempPath(), "rubric-" + Guid.NewGuid().ToString("N") + ".xlsx");
        await using (var fs = File.Create(file))
        using (var w = new SkillsAudit.Data.Files.XlsxWriter(fs))
        {
            w.AddSheet("评估表", new List<IReadOnlyList<SkillsAudit.Data.Files.XCell>>
            {
                new List<SkillsAudit.Data.Files.XCell> { "评估类别", "评估项目", "评估内容", "评估办法", "评分标准" },
                new List<SkillsAudit.Data.Files.XCell> { "机构信用 (3分)", "基本情况 (3分)", "机构信用良好 (2分)", "网上查询", "缺1项扣1分，扣完为止" },
                new List<SkillsAudit.Data.Files.XCell> { null, null, "宣传合规 (1分)", "查阅", "得1分，否则0分" },
            });
        }
        var id = "cli-import-" + Guid.NewGuid().ToString("N")[..6];
        var (exit, output, err) = await Run("rubric", "import", file, "--id", id, "--title", "测试评估表", "--year", "2024", "--outcome", "passFail");
        exit.ShouldBe(0, output + err);
        output.ShouldContain($"{id}@1");
        (await Run("rubric", "list")).Out.ShouldContain($"{id}@1");
        var show = await Run("rubric", "show", $"{id}@1", "--json");
        JsonDocument.Parse(show.Out).RootElement.GetProperty("indicatorCount").GetInt32().ShouldBe(2);
        var cmp = await Run("rubric", "compare", $"{id}@1", "yangquan-2023", "--json");
        cmp.Exit.ShouldBe(0, cmp.Err);
        (await Run("rubric", "show", "no-such-rubric")).Exit.ShouldBe(2);
    }
}
