using SkillsAudit.Domain.Statistics;
using Shouldly;
using Xunit;

namespace SkillsAudit.Domain.Tests.Statistics;

/// <summary>demo/statistics holds seed 000's annex tables verbatim; they must read exactly as the seed does.</summary>
public class DemoDataTests
{
    [Theory]
    [InlineData("xinzhou-2023-province.md", "附件1", 63)]
    [InlineData("xinzhou-2023-city.md", "附件2", 88)]
    public void Demo_table_reads_like_the_seed_annex_with_the_same_findings(string file, string annex, int lineOffset)
    {
        var demo = StatisticsTableReader.Read(File.ReadAllText(Path.Combine(Seeds.RepositoryRoot, "demo", "statistics", file)));
        var seed = StatisticsTableReader.Read(TextTableParser.FindTables(Seeds.Read("000_")).Single(t => t.AnnexLabel == annex));
        demo.SumOfDataRows().ShouldBe(seed.SumOfDataRows());
        StatisticsValidator.Validate(demo).Select(f => (f.Kind, f.Line + lineOffset, f.Column, f.Stated))
            .ShouldBe(StatisticsValidator.Validate(seed).Select(f => (f.Kind, f.Line, f.Column, f.Stated)));
    }
}
