using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;
using Shouldly;
using Xunit;

namespace SkillsAudit.Domain.Tests.Statistics;

public class ModelAndAggregationTests
{
    [Fact]
    public void Negative_count_is_refused_with_a_clear_message()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => Count.Of(-1));
        ex.Message.ShouldContain("不能为负数");
        Should.Throw<ArgumentOutOfRangeException>(() => StatisticsFigures.Of(10, passed: -2));
        Should.Throw<ArgumentOutOfRangeException>(() => LevelCounts.Of(level3: -5));
        Count.TryOf(-1, out _).ShouldBeFalse();
        default(Count).ShouldBe(Count.Zero);
    }

    [Fact]
    public void Pass_rate_is_derived_from_counts_and_undefined_without_assessed_or_passed()
    {
        StatisticsFigures.Of(8884, 7266).PassRate.ShouldBe(81.79m);
        StatisticsFigures.Of(0, 0).PassRate.ShouldBeNull();
        StatisticsFigures.Of(10).PassRate.ShouldBeNull();
    }

    [Fact]
    public void Level_counts_keep_unknown_levels_apart_from_zero()
    {
        var l = LevelCounts.Of(level5: 62, level4: 1039, level3: 2730);
        l[Level.Level2].ShouldBeNull();
        l.Total.Value.ShouldBe(3831);
        l.KnownLevels.ShouldBe([Level.Level5, Level.Level4, Level.Level3]);
        var sum = l.Add(LevelCounts.Of(level5: 452, level2: 1));
        sum[Level.Level5]!.Value.Value.ShouldBe(514);
        sum[Level.Level2]!.Value.Value.ShouldBe(1);
        LevelCounts.Of(level5: 1, level4: 2).ShouldBe(LevelCounts.Of(level4: 2, level5: 1));
        LevelCounts.Of(level5: 0).ShouldNotBe(LevelCounts.Empty);
    }

    [Fact]
    public void Annual_statistics_guard_their_keys()
    {
        Should.Throw<ArgumentException>(() => new AnnualStatistics(" ", 2023, StatisticsFigures.None));
        Should.Throw<ArgumentOutOfRangeException>(() => new AnnualStatistics("Y1", 23, StatisticsFigures.None));
        Should.Throw<ArgumentException>(() => new OccupationStatistics("", null, null, StatisticsFigures.None));
    }

    private static readonly AnnualStatistics[] Records =
    [
        new("A", 2022, StatisticsFigures.Of(100, 80, LevelCounts.Of(level5: 80))),
        new("A", 2023, StatisticsFigures.Of(50, 40, LevelCounts.Of(level4: 40))),
        new("B", 2023, StatisticsFigures.Of(292)),
        new("C", 2023, StatisticsFigures.Of(0, 0)),
    ];

    [Fact]
    public void Grouping_by_a_caller_supplied_key_sums_each_group()
    {
        var supervision = new Dictionary<string, string> { ["A"] = "省属", ["B"] = "市属", ["C"] = "市属" };
        var groups = StatisticsAggregation.By(Records, r => supervision[r.FilingId]);
        groups.Select(g => (g.Key, g.Records, g.Figures.Assessed.Value)).ShouldBe([("省属", 2, 150L), ("市属", 2, 292L)]);
        groups[1].RecordsWithoutPassed.ShouldBe(1);
        groups[1].Figures.Passed!.Value.Value.ShouldBe(0);
        groups[1].Figures.PassRate.ShouldBe(0m);
    }

    [Fact]
    public void Grouping_by_year_is_ordered_by_year()
    {
        StatisticsAggregation.ByYear(Records).Select(g => (g.Key, g.Figures.Assessed.Value)).ShouldBe([(2022, 100L), (2023, 342L)]);
        StatisticsAggregation.ByFiling(Records).Select(g => g.Key).ShouldBe(["A", "B", "C"]);
    }

    [Fact]
    public void Grouping_by_level_sums_passed_per_known_level()
    {
        StatisticsAggregation.ByLevel(Records.Select(r => r.Figures)).Select(l => (l.Level, l.Passed.Value)).ShouldBe([(Level.Level5, 80L), (Level.Level4, 40L)]);
    }

    [Fact]
    public void Grouping_by_occupation_uses_the_code_when_known()
    {
        var a = AnnualStatistics.FromOccupations("A", 2023,
        [
            new OccupationStatistics("家政服务员", "4-10-01-06", null, StatisticsFigures.Of(10, certified: 8)),
            new OccupationStatistics("中式烹调师", null, null, StatisticsFigures.Of(5, certified: 5)),
        ]);
        var b = AnnualStatistics.FromOccupations("B", 2023, [new OccupationStatistics("家政服务员（育婴）", "4-10-01-06", null, StatisticsFigures.Of(7, certified: 7))]);
        var groups = StatisticsAggregation.ByOccupation([a, b]);
        groups.Select(g => (g.Key, g.Figures.Assessed.Value, g.Figures.Certified!.Value.Value)).ShouldBe([("4-10-01-06", 17L, 15L), ("中式烹调师", 5L, 5L)]);
        a.Figures.Assessed.Value.ShouldBe(15);
    }

    [Fact]
    public void Conducted_means_someone_assessed_in_that_year()
    {
        // seed 000 二: 48 bodies, 已开展 25, 未开展 23 — a body with no record or 0 assessed did not conduct
        var split = StatisticsAggregation.SplitByConducted(["A", "B", "C", "D"], Records, 2023);
        split.Conducted.ShouldBe(["A", "B"]);
        split.NotConducted.ShouldBe(["C", "D"]);
        StatisticsAggregation.SplitByConducted(["A", "B"], Records, 2022).Conducted.ShouldBe(["A"]);
    }

    [Fact]
    public void Total_of_nothing_is_zero_with_unknown_passed()
    {
        var t = StatisticsAggregation.Total(Array.Empty<StatisticsFigures>());
        t.Records.ShouldBe(0);
        t.Figures.Assessed.ShouldBe(Count.Zero);
        t.Figures.Passed.ShouldBeNull();
    }
}
