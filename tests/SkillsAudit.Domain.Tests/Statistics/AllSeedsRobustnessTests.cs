using SkillsAudit.Domain.Statistics;
using Shouldly;
using Xunit;

namespace SkillsAudit.Domain.Tests.Statistics;

public class AllSeedsRobustnessTests
{
    [Theory]
    [InlineData("000_")]
    [InlineData("001_")]
    [InlineData("002_")]
    [InlineData("003_")]
    [InlineData("004_")]
    public void Every_table_in_a_seed_is_either_read_or_refused_with_a_statistics_table_error(string seed)
    {
        foreach (var table in TextTableParser.FindTables(Seeds.Read(seed)))
        {
            try
            {
                var read = StatisticsTableReader.Read(table);
                StatisticsValidator.Validate(read).ShouldNotBeNull();
            }
            catch (StatisticsTableException ex)
            {
                ex.Message.ShouldNotBeNullOrWhiteSpace();
            }
        }
    }
}
