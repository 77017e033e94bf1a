using Shouldly;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Domain.Tests.Reviews;

public sealed class RankingTests
{
    [Fact]
    public void Equal_totals_share_a_rank_and_the_next_counts_everyone_above_it() =>
        Ranking.Competition([99.50m, 99.50m, 98m, 94.45m, 94.45m, 94.45m, 90m]).ShouldBe([1, 1, 3, 4, 4, 4, 7]);

    [Fact]
    public void Distinct_totals_rank_one_to_n() => Ranking.Competition([3m, 2m, 1m]).ShouldBe([1, 2, 3]);

    [Fact]
    public void An_empty_table_has_no_ranks() => Ranking.Competition(Array.Empty<decimal>()).ShouldBeEmpty();
}
