using Shouldly;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Domain.Tests.Rubrics.TestRubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

public class YamlWriterTests
{
    [Theory]
    [InlineData("xinzhou-2023")]
    [InlineData("yangquan-2023")]
    [InlineData("huainan-2021")]
    public void A_seed_rubric_written_as_yaml_loads_back_to_the_same_view(string id)
    {
        var original = RubricLoader.LoadFile(PathOf(id));
        var yaml = RubricYamlWriter.Write(original);
        var again = RubricLoader.TryLoadText(yaml, id + "-written.yaml");
        again.Errors.ShouldBeEmpty(string.Join("\n", again.Errors));
        RubricJson.Serialize(again.Rubric!.ToView()).ShouldBe(RubricJson.Serialize(original.ToView()));
        again.Rubric!.Warnings.Select(w => (w.Code, w.Location, w.Declared, w.Computed))
            .ShouldBe(original.Warnings.Select(w => (w.Code, w.Location, w.Declared, w.Computed)));
    }

    [Fact]
    public void Text_with_quotes_colons_hashes_and_line_breaks_survives_the_round_trip()
    {
        var tricky = Minimal.Replace("content: 甲", "content: '甲: \"引号\" # 不是注释 ''单引号'''");
        var original = RubricLoader.TryLoadText(tricky, "tricky.yaml").Rubric!;
        var withBreak = RubricYamlWriter.Write(original).Replace("\"甲:", "\"第一行\\n第二行 甲:");
        var again = RubricLoader.TryLoadText(withBreak, "again.yaml").Rubric!;
        again.Indicators[0].Content.ShouldBe("第一行\n第二行 甲: \"引号\" # 不是注释 '单引号'");
    }

    [Fact]
    public void Conditional_sections_keep_their_conditions_once_and_indicators_only_where_they_narrow()
    {
        var yaml = RubricYamlWriter.Write(Xinzhou);
        var again = RubricLoader.TryLoadText(yaml, "x.yaml").Rubric!;
        foreach (var (a, b) in Xinzhou.Indicators.Zip(again.Indicators))
        {
            b.Applicability.Describe().ShouldBe(a.Applicability.Describe(), a.Code);
            b.Kind.ShouldBe(a.Kind, a.Code);
        }
    }
}
