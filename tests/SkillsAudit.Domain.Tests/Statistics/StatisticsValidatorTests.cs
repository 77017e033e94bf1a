using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;
using Shouldly;
using Xunit;

namespace SkillsAudit.Domain.Tests.Statistics;

public class StatisticsValidatorTests
{
    private const string Header = "| 序号 | 机构名称 | 组织评价 (人) | 评价合格 (人) | 评价合格率 (%) | 其中：初级 (人) | 其中：中级 (人) | 其中：高级 (人) |\n|---|---|---|---|---|---|---|---|\n";

    private static IReadOnlyList<StatisticsFinding> Validate(params string[] rows) =>
        StatisticsValidator.Validate(StatisticsTableReader.Read(Header + string.Join("\n", rows)));

    [Fact]
    public void Consistent_rows_and_totals_give_no_finding()
    {
        Validate(
            "| 1 | 甲 | 112 | 80 | 71.43% | - | 80 | - |",
            "| 2 | 乙 | 673 | 609 | 90.49% | 49 | 464 | 96 |",
            "| | 合计 | 785 | 689 | 87.77% | 49 | 544 | 96 |").ShouldBeEmpty();
    }

    [Fact]
    public void Stated_rate_that_matches_counts_gives_no_finding()
    {
        Validate("| 1 | 甲 | 8884 | 7266 | 81.79% | 514 | 4022 | 2730 |").ShouldBeEmpty();
    }

    [Fact]
    public void Stated_rate_that_differs_from_counts_is_a_rate_mismatch()
    {
        var f = Validate("| 1 | 甲 | 8884 | 7266 | 81.80% | 514 | 4022 | 2730 |").ShouldHaveSingleItem();
        f.Kind.ShouldBe(FindingKind.RateMismatch);
        f.Code.ShouldBe("stat.rate-mismatch");
        f.Stated.ShouldBe("81.80%");
        f.Computed.ShouldBe("81.79%");
        f.Line.ShouldBe(3);
        f.Column.ShouldBe("评价合格率 (%)");
        f.Message.ShouldContain("81.79%");
    }

    [Fact]
    public void Rate_is_rounded_half_away_from_zero_before_comparing()
    {
        // 1/8 = 12.5% exactly; 1/16 = 6.25%; 1/32 = 3.125% → 3.13 (half away from zero), not 3.12
        Validate("| 1 | 甲 | 32 | 1 | 3.13% | 1 | 0 | 0 |").ShouldBeEmpty();
        Validate("| 1 | 甲 | 32 | 1 | 3.12% | 1 | 0 | 0 |").ShouldHaveSingleItem().Kind.ShouldBe(FindingKind.RateMismatch);
    }

    [Fact]
    public void Rate_printed_with_fewer_decimals_is_checked_at_that_precision()
    {
        Validate("| 1 | 甲 | 20 | 20 | 100% | 0 | 20 | 0 |").ShouldBeEmpty();
        Validate("| 1 | 甲 | 3 | 2 | 67% | 0 | 2 | 0 |").ShouldBeEmpty();
        Validate("| 1 | 甲 | 3 | 2 | 66% | 0 | 2 | 0 |").ShouldHaveSingleItem().Kind.ShouldBe(FindingKind.RateMismatch);
    }

    [Fact]
    public void Rate_printed_where_nobody_was_assessed_is_flagged()
    {
        Validate("| 1 | 甲 | 0 | 0 | 0.00% | 0 | 0 | 0 |").ShouldHaveSingleItem().Kind.ShouldBe(FindingKind.RateWithoutAssessed);
    }

    [Fact]
    public void Blank_rate_where_nobody_was_assessed_is_not_missing()
    {
        Validate("| 1 | 甲 | 0 | 0 | | 0 | 0 | 0 |").ShouldBeEmpty();
    }

    [Fact]
    public void Level_counts_that_do_not_add_up_to_passed_are_flagged()
    {
        var f = Validate("| 1 | 甲 | 700 | 609 | 87.00% | 49 | 464 | 95 |").ShouldHaveSingleItem();
        f.Kind.ShouldBe(FindingKind.LevelsDoNotAddUp);
        f.Stated.ShouldBe("609");
        f.Computed.ShouldBe("608");
        f.Column.ShouldBe("评价合格 (人)");
    }

    [Fact]
    public void Passed_above_assessed_is_flagged()
    {
        var findings = Validate("| 1 | 甲 | 10 | 12 | 120.00% | 0 | 12 | 0 |");
        var f = findings.ShouldHaveSingleItem();
        f.Kind.ShouldBe(FindingKind.PassedExceedsAssessed);
        f.Stated.ShouldBe("12");
        f.Computed.ShouldBe("≤ 10");
    }

    [Fact]
    public void Passed_equal_to_assessed_is_fine()
    {
        Validate("| 1 | 甲 | 20 | 20 | 100.00% | 0 | 20 | 0 |").ShouldBeEmpty();
    }

    [Fact]
    public void Totals_row_that_differs_from_the_sum_is_flagged_per_column()
    {
        var findings = Validate(
            "| 1 | 甲 | 100 | 80 | 80.00% | 0 | 80 | 0 |",
            "| 2 | 乙 | 50 | 40 | 80.00% | 40 | 0 | 0 |",
            "| | 合计 | 160 | 120 | 75.00% | 40 | 80 | 0 |");
        findings.Select(f => (f.Kind, f.Column, f.Stated, f.Computed)).ShouldBe(
        [
            (FindingKind.TotalsMismatch, "组织评价 (人)", "160", "150"),
        ]);
        findings[0].RowName.ShouldBe("合计");
    }

    [Fact]
    public void Totals_treat_blank_and_dash_cells_as_zero()
    {
        Validate(
            "| 1 | 甲 | 100 | 80 | 80.00% | - | 80 | - |",
            "| 2 | 乙 | 50 | | | | | |",
            "| | 合计 | 150 | 80 | 53.33% | 0 | 80 | 0 |").ShouldAllBe(f => f.Kind == FindingKind.MissingCell && f.Line == 4);
    }

    [Fact]
    public void Missing_cells_are_flagged_one_by_one_and_dashes_are_not()
    {
        var findings = Validate("| 1 | 甲 | 292 | | | - | | - |");
        findings.ShouldAllBe(f => f.Kind == FindingKind.MissingCell && f.Severity == FindingSeverity.Warning && f.Line == 3);
        findings.Select(f => f.Column).ShouldBe(["评价合格 (人)", "评价合格率 (%)", "其中：中级 (人)"]);
    }

    [Fact]
    public void Missing_name_in_a_data_row_is_flagged()
    {
        Validate("| 1 | | 10 | 8 | 80.00% | 8 | 0 | 0 |").ShouldHaveSingleItem().Column.ShouldBe("机构名称");
    }

    [Fact]
    public void Totals_row_numbered_as_a_data_row_is_flagged_and_an_unnumbered_one_is_not()
    {
        var rows = new[] { "| 1 | 甲 | 10 | 8 | 80.00% | 8 | 0 | 0 |", "| 2 | 乙 | 10 | 8 | 80.00% | 8 | 0 | 0 |" };
        Validate([.. rows, "| | 合计 | 20 | 16 | 80.00% | 16 | 0 | 0 |"]).ShouldBeEmpty();
        var f = Validate([.. rows, "| 3 | 合计 | 20 | 16 | 80.00% | 16 | 0 | 0 |"]).ShouldHaveSingleItem();
        f.Kind.ShouldBe(FindingKind.TotalsRowNumbered);
        f.Stated.ShouldBe("3");
        f.Message.ShouldNotContain("重复");
        Validate([.. rows, "| 2 | 合计 | 20 | 16 | 80.00% | 16 | 0 | 0 |"]).ShouldHaveSingleItem().Message.ShouldContain("重复");
    }

    [Fact]
    public void Row_numbers_out_of_sequence_are_flagged_once_without_cascading()
    {
        var findings = Validate(
            "| 1 | 甲 | 10 | 8 | 80.00% | 8 | 0 | 0 |",
            "| 2 | 乙 | 10 | 8 | 80.00% | 8 | 0 | 0 |",
            "| 2 | 丙 | 10 | 8 | 80.00% | 8 | 0 | 0 |",
            "| 3 | 丁 | 10 | 8 | 80.00% | 8 | 0 | 0 |");
        var f = findings.ShouldHaveSingleItem();
        f.Kind.ShouldBe(FindingKind.RowNumberOutOfSequence);
        (f.Line, f.Stated, f.Computed).ShouldBe((5, "2", "3"));
    }

    [Fact]
    public void Row_numbering_must_start_at_1()
    {
        Validate("| 2 | 甲 | 10 | 8 | 80.00% | 8 | 0 | 0 |").ShouldHaveSingleItem().Computed.ShouldBe("1");
    }

    [Fact]
    public void Data_row_without_a_number_is_flagged()
    {
        var f = Validate("| | 甲 | 10 | 8 | 80.00% | 8 | 0 | 0 |").ShouldHaveSingleItem();
        f.Kind.ShouldBe(FindingKind.RowNumberMissing);
    }

    [Fact]
    public void Subtotals_total_their_group_and_numbering_restarts_after_them()
    {
        var findings = Validate(
            "| 1 | 甲 | 10 | 8 | 80.00% | 8 | 0 | 0 |",
            "| 2 | 乙 | 10 | 8 | 80.00% | 8 | 0 | 0 |",
            "| 小计 | | 20 | 16 | 80.00% | 16 | 0 | 0 |",
            "| 1 | 丙 | 5 | 5 | 100.00% | 5 | 0 | 0 |",
            "| 小计 | | 5 | 5 | 100.00% | 5 | 0 | 0 |",
            "| | 合计 | 25 | 21 | 84.00% | 21 | 0 | 0 |");
        findings.ShouldBeEmpty();
    }

    [Fact]
    public void Figures_record_checks_levels_and_passed_against_assessed()
    {
        StatisticsValidator.Validate(StatisticsFigures.Of(100, 80, LevelCounts.Of(level5: 30, level4: 50)), "Y000014000001 2023").ShouldBeEmpty();
        StatisticsValidator.Validate(StatisticsFigures.Of(100, 80, LevelCounts.Of(level5: 30, level4: 40)), "x").ShouldHaveSingleItem().Kind.ShouldBe(FindingKind.LevelsDoNotAddUp);
        StatisticsValidator.Validate(StatisticsFigures.Of(10, 80), "x").ShouldHaveSingleItem().Kind.ShouldBe(FindingKind.PassedExceedsAssessed);
        StatisticsValidator.Validate(StatisticsFigures.Of(10, certified: 11), "x").ShouldHaveSingleItem().Kind.ShouldBe(FindingKind.CertifiedExceedsAssessed);
        StatisticsValidator.Validate(StatisticsFigures.Of(10, certified: 5, certifiedByLevel: LevelCounts.Of(level1: 4)), "x").ShouldHaveSingleItem().Kind.ShouldBe(FindingKind.LevelsDoNotAddUp);
    }

    [Fact]
    public void Statement_that_differs_from_the_tables_is_flagged()
    {
        var computed = StatisticsFigures.Of(4193, 3435, LevelCounts.Of(level5: 452, level4: 2983, level3: 0));
        var findings = StatisticsValidator.CheckStatement(new StatedFigures(4193, 3436, 81.92m, LevelCounts.Of(level5: 452)), computed, "一(三)");
        findings.Select(f => (f.Kind, f.Column)).ShouldBe([(FindingKind.StatementMismatch, "评价合格"), (FindingKind.RateMismatch, "合格率")]);
    }

    [Fact]
    public void Every_kind_has_a_distinct_stable_code()
    {
        var codes = Enum.GetValues<FindingKind>().Select(k => k.Code()).ToList();
        codes.Distinct().Count().ShouldBe(codes.Count);
        codes.ShouldAllBe(c => c.StartsWith("stat.", StringComparison.Ordinal));
    }
}
