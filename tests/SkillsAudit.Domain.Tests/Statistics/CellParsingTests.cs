using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;
using Shouldly;
using Xunit;

namespace SkillsAudit.Domain.Tests.Statistics;

public class CellParsingTests
{
    private const string Header = "| 序号 | 机构名称 | 组织评价 (人) | 评价合格 (人) | 评价合格率 (%) | 其中：初级 (人) | 其中：中级 (人) |\n|---|---|---|---|---|---|---|\n";

    private static StatisticsTable Read(string row) => StatisticsTableReader.Read(Header + row);

    [Theory]
    [InlineData("-")]
    [InlineData("－")]
    [InlineData("—")]
    [InlineData("/")]
    public void Dash_in_a_count_cell_reads_as_a_stated_zero(string dash)
    {
        var row = Read($"| 1 | 甲 | 10 | 8 | 80.00% | {dash} | 8 |").Rows.Single();
        var cell = row.Cell(StatisticsField.PassedAtLevel, Level.Level5)!;
        cell.State.ShouldBe(CellState.Dash);
        cell.AsCount.ShouldBe(Count.Zero);
        row.ToFigures().PassedByLevel[Level.Level5].ShouldBe(Count.Zero);
    }

    [Fact]
    public void Empty_count_cell_reads_as_zero_but_is_marked_missing_and_unknown_in_figures()
    {
        var row = Read("| 1 | 甲 | 10 | | | | |").Rows.Single();
        row.Passed.ShouldBe(Count.Zero);
        row.IsMissing(StatisticsField.Passed).ShouldBeTrue();
        row.ToFigures().Passed.ShouldBeNull();
        row.ToFigures().PassedByLevel.IsEmpty.ShouldBeTrue();
    }

    [Theory]
    [InlineData("81.79%", 81.79, 2)]
    [InlineData("81.79", 81.79, 2)]
    [InlineData("100.00%", 100.00, 2)]
    [InlineData("80%", 80, 0)]
    [InlineData("８１．７９％", 81.79, 2)]
    [InlineData(" 81.79 % ", 81.79, 2)]
    public void Percentages_read_with_their_printed_precision(string text, double expected, int decimals)
    {
        CellText.TryParsePercent(text, out var v, out var d).ShouldBeTrue();
        v.ShouldBe((decimal)expected);
        d.ShouldBe(decimals);
    }

    [Theory]
    [InlineData("292", 292)]
    [InlineData("1,333", 1333)]
    [InlineData("１３３３", 1333)]
    [InlineData("0", 0)]
    public void Counts_read_as_whole_numbers(string text, long expected)
    {
        CellText.TryParseInteger(text, out var v).ShouldBeTrue();
        v.ShouldBe(expected);
    }

    [Theory]
    [InlineData("12.5")]
    [InlineData("81%")]
    [InlineData("约300")]
    [InlineData("三百")]
    [InlineData("")]
    public void Non_integers_are_not_counts(string text) => CellText.TryParseInteger(text, out _).ShouldBeFalse();

    [Fact]
    public void Text_in_a_number_cell_is_an_error_naming_row_and_column()
    {
        var table = Read("| 1 | 甲 | 约300 | 8 | | 0 | 8 |");
        var f = table.ReadFindings.ShouldHaveSingleItem();
        f.Kind.ShouldBe(FindingKind.NonNumericCell);
        f.Severity.ShouldBe(FindingSeverity.Error);
        f.Line.ShouldBe(3);
        f.RowNumber.ShouldBe("1");
        f.RowName.ShouldBe("甲");
        f.Column.ShouldBe("组织评价 (人)");
        f.ColumnIndex.ShouldBe(2);
        f.Stated.ShouldBe("约300");
        f.Message.ShouldContain("第3行");
        f.Message.ShouldContain("组织评价");
        table.Rows.Single().Cell(StatisticsField.Assessed)!.State.ShouldBe(CellState.Invalid);
    }

    [Fact]
    public void Text_in_a_rate_cell_is_an_error()
    {
        var f = Read("| 1 | 甲 | 10 | 8 | 八成 | 0 | 8 |").ReadFindings.ShouldHaveSingleItem();
        f.Kind.ShouldBe(FindingKind.NonNumericCell);
        f.Column.ShouldBe("评价合格率 (%)");
    }

    [Fact]
    public void Negative_count_is_rejected_with_a_finding()
    {
        var table = Read("| 1 | 甲 | 10 | -3 | | 0 | 0 |");
        var f = table.ReadFindings.ShouldHaveSingleItem();
        f.Kind.ShouldBe(FindingKind.NegativeCount);
        f.Stated.ShouldBe("-3");
        f.Column.ShouldBe("评价合格 (人)");
        table.Rows.Single().Cell(StatisticsField.Passed)!.State.ShouldBe(CellState.Invalid);
    }

    [Fact]
    public void Invalid_cells_do_not_cascade_into_other_findings()
    {
        var findings = StatisticsValidator.Validate(Read("| 1 | 甲 | 10 | x | 80.00% | 0 | 8 |"));
        findings.ShouldHaveSingleItem().Kind.ShouldBe(FindingKind.NonNumericCell);
    }

    [Fact]
    public void Unknown_header_is_an_error_naming_the_column()
    {
        var ex = Should.Throw<StatisticsTableException>(() =>
            StatisticsTableReader.Read("| 序号 | 机构名称 | 组织评价 | 培训人数 |\n|---|---|---|---|\n| 1 | 甲 | 10 | 20 |"));
        ex.ColumnIndex.ShouldBe(3);
        ex.Header.ShouldBe("培训人数");
        ex.Message.ShouldContain("培训人数");
        ex.Message.ShouldContain("第4列");
    }

    [Fact]
    public void Duplicated_column_is_an_error()
    {
        Should.Throw<StatisticsTableException>(() =>
            StatisticsTableReader.Read("| 组织评价 | 组织评价 (人) |\n|---|---|\n| 1 | 2 |")).ColumnIndex.ShouldBe(1);
    }

    [Fact]
    public void A_table_without_an_assessed_column_is_not_a_statistics_table()
    {
        Should.Throw<StatisticsTableException>(() => StatisticsTableReader.Read("| 序号 | 机构名称 |\n|---|---|\n| 1 | 甲 |"));
    }

    [Fact]
    public void Data_under_no_header_that_no_shift_explains_is_an_error()
    {
        var ex = Should.Throw<StatisticsTableException>(() =>
            StatisticsTableReader.Read("| 序号 | 组织评价 | | 评价合格 |\n|---|---|---|---|\n| 1 | 10 | 7 | 8 |"));
        ex.ColumnIndex.ShouldBe(2);
        ex.Message.ShouldContain("没有表头");
    }

    [Fact]
    public void Unlabelled_empty_column_is_ignored()
    {
        var table = StatisticsTableReader.Read("| 序号 | 组织评价 | |\n|---|---|---|\n| 1 | 10 | |");
        table.Columns.Count.ShouldBe(2);
        table.ReadFindings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("其中：初级 (人)", StatisticsField.PassedAtLevel, Level.Level5)]
    [InlineData("其中：高级 (人)", StatisticsField.PassedAtLevel, Level.Level3)]
    [InlineData("技师", StatisticsField.PassedAtLevel, Level.Level2)]
    [InlineData("高级技师", StatisticsField.PassedAtLevel, Level.Level1)]
    public void Level_headers_are_recognised(string header, StatisticsField field, Level level)
    {
        StatisticsTableReader.Recognise(header).ShouldBe((field, (Level?)level));
    }

    [Theory]
    [InlineData("组织评价 (人)", StatisticsField.Assessed)]
    [InlineData("评价合格 (人)", StatisticsField.Passed)]
    [InlineData("评价合格率 (%)", StatisticsField.PassRate)]
    [InlineData("评价机构 自评得分 (分)", StatisticsField.SelfScore)]
    [InlineData("考核小组 打分情况 (分)", StatisticsField.PanelScore)]
    [InlineData("机构名称", StatisticsField.BodyName)]
    [InlineData("序号", StatisticsField.RowNumber)]
    [InlineData("领取补贴人数", StatisticsField.SubsidyRecipients)]
    [InlineData("批次", StatisticsField.Batches)]
    [InlineData("人次", StatisticsField.Assessed)]
    public void Summary_and_form_headers_are_recognised(string header, StatisticsField field)
    {
        StatisticsTableReader.Recognise(header)!.Value.Field.ShouldBe(field);
    }

    [Fact]
    public void Level_under_the_certified_group_is_a_certified_count()
    {
        StatisticsTableReader.Recognise("初级", ["评价情况", "已发证人数"]).ShouldBe((StatisticsField.CertifiedAtLevel, (Level?)Level.Level5));
        StatisticsTableReader.Recognise("小计", ["已发证人数"])!.Value.Field.ShouldBe(StatisticsField.Certified);
        StatisticsTableReader.Recognise("小计").ShouldBeNull();
    }
}
