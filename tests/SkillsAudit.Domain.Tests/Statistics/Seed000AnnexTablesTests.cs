using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;
using Shouldly;
using Xunit;

namespace SkillsAudit.Domain.Tests.Statistics;

/// <summary>
/// Seed 000 (Xinzhou 2023 results notice): its two annex tables read straight from the seed file, checked against the
/// figures the notice's text states in 一(一)–(三), and their real inconsistencies reported — and nothing else.
/// </summary>
public class Seed000AnnexTablesTests
{
    private static readonly IReadOnlyList<TextTable> Tables = TextTableParser.FindTables(Seeds.Read("000_"));
    private static StatisticsTable Province => StatisticsTableReader.Read(Tables.Single(t => t.AnnexLabel == "附件1"));
    private static StatisticsTable City => StatisticsTableReader.Read(Tables.Single(t => t.AnnexLabel == "附件2"));

    [Fact]
    public void The_notice_holds_two_markdown_tables_labelled_as_its_annexes()
    {
        Tables.Count.ShouldBe(2);
        Tables.ShouldAllBe(t => t.Format == TextTableFormat.Markdown);
        Tables[0].AnnexLabel.ShouldBe("附件1");
        Tables[0].Title.ShouldBe("2023年度职业技能等级评价机构绩效考核基本情况（省属机构）");
        Tables[1].AnnexLabel.ShouldBe("附件2");
        Tables[0].HeaderRows.Count.ShouldBe(2); // group title row, then the row after the |---| line
        Tables[0].DataRows.Count.ShouldBe(13);
        Tables[1].DataRows.Count.ShouldBe(14);
        Tables[0].DataRows[0].Line.ShouldBe(67);
        Tables[1].DataRows[^1].Line.ShouldBe(105);
    }

    [Fact]
    public void Province_table_data_rows_add_up_to_the_notice_figures()
    {
        // seed 000 一(二): 4691 人，合格 3831 人，合格率 81.67%，初级 62、中级 1039、高级 2730
        var t = StatisticsAggregation.Total(Province.DataRows.Select(r => r.ToFigures()));
        t.Records.ShouldBe(12);
        t.Figures.Assessed.Value.ShouldBe(4691);
        t.Figures.Passed!.Value.Value.ShouldBe(3831);
        t.Figures.PassRate.ShouldBe(81.67m);
        t.Figures.PassedByLevel[Level.Level5]!.Value.Value.ShouldBe(62);
        t.Figures.PassedByLevel[Level.Level4]!.Value.Value.ShouldBe(1039);
        t.Figures.PassedByLevel[Level.Level3]!.Value.Value.ShouldBe(2730);
        t.RecordsWithoutPassed.ShouldBe(0);
    }

    [Fact]
    public void City_table_adds_up_to_the_notice_figures_counting_row_5_assessed_but_not_passed()
    {
        // seed 000 一(三): 4193 人，合格 3435 人，合格率 81.92%，初级 452、中级 2983 (高级 0)
        // Row 5 (忻州市实用技术职业学校) prints only 组织评价 292: its 292 are in 4193, and 3435/4193 = 81.92% only
        // if none of them is counted as passed (leaving the row out would give 3435/3901 = 88.05%).
        var t = StatisticsAggregation.Total(City.DataRows.Select(r => r.ToFigures()));
        t.Records.ShouldBe(13);
        t.RecordsWithoutPassed.ShouldBe(1);
        t.Figures.Assessed.Value.ShouldBe(4193);
        t.Figures.Passed!.Value.Value.ShouldBe(3435);
        t.Figures.PassRate.ShouldBe(81.92m);
        t.Figures.PassedByLevel[Level.Level5]!.Value.Value.ShouldBe(452);
        t.Figures.PassedByLevel[Level.Level4]!.Value.Value.ShouldBe(2983);
        t.Figures.PassedByLevel[Level.Level3]!.Value.Value.ShouldBe(0);
        var withoutRow5 = StatisticsFigures.Sum(City.DataRows.Where(r => r.Number != "5").Select(r => r.ToFigures()));
        withoutRow5.PassRate.ShouldBe(88.05m);
    }

    [Fact]
    public void Both_tables_together_give_the_city_wide_figures()
    {
        // seed 000 一(一): 全市共组织评价 8884 人，合格 7266 人，合格率 81.79%。其中：初级 514 人、中级 4022 人、高级 2730 人
        var all = Province.DataRows.Concat(City.DataRows).Select(r => r.ToFigures()).ToList();
        var t = StatisticsAggregation.Total(all);
        t.Figures.Assessed.Value.ShouldBe(8884);
        t.Figures.Passed!.Value.Value.ShouldBe(7266);
        t.Figures.PassRate.ShouldBe(81.79m);
        StatisticsAggregation.ByLevel(all).Select(l => (l.Level, l.Passed.Value)).ShouldBe(
            [(Level.Level5, 514L), (Level.Level4, 4022L), (Level.Level3, 2730L)]);
    }

    [Fact]
    public void The_notice_statements_agree_with_the_tables()
    {
        var province = Province.SumOfDataRows();
        var city = City.SumOfDataRows();
        var all = StatisticsFigures.Sum([province, city]);
        StatisticsValidator.CheckStatement(new StatedFigures(8884, 7266, 81.79m, LevelCounts.Of(level5: 514, level4: 4022, level3: 2730)), all, "一(一)全市").ShouldBeEmpty();
        StatisticsValidator.CheckStatement(new StatedFigures(4691, 3831, 81.67m, LevelCounts.Of(level5: 62, level4: 1039, level3: 2730)), province, "一(二)省属").ShouldBeEmpty();
        StatisticsValidator.CheckStatement(new StatedFigures(4193, 3435, 81.92m, LevelCounts.Of(level5: 452, level4: 2983)), city, "一(三)市属").ShouldBeEmpty();
    }

    [Fact]
    public void Totals_rows_state_the_same_figures_as_their_rows_sum()
    {
        var p = Province.TotalsRows.Single();
        (p.Assessed.Value, p.Passed.Value, p.StatedRate).ShouldBe((4691L, 3831L, (decimal?)81.67m));
        var c = City.TotalsRows.Single();
        (c.Assessed.Value, c.Passed.Value, c.StatedRate).ShouldBe((4193L, 3435L, (decimal?)81.92m));
        StatisticsValidator.Validate(Province).ShouldNotContain(f => f.Kind == FindingKind.TotalsMismatch);
        StatisticsValidator.Validate(City).ShouldNotContain(f => f.Kind == FindingKind.TotalsMismatch);
    }

    [Fact]
    public void Province_table_has_exactly_one_finding_its_totals_row_numbered_11()
    {
        var f = StatisticsValidator.Validate(Province).ShouldHaveSingleItem();
        f.Kind.ShouldBe(FindingKind.TotalsRowNumbered);
        f.Line.ShouldBe(79);
        f.Stated.ShouldBe("11");
        f.Column.ShouldBe("序号");
        f.Message.ShouldContain("重复");
    }

    [Fact]
    public void City_table_findings_are_the_shifted_header_the_blank_cells_of_row_5_and_the_totals_row_numbered_12()
    {
        var findings = StatisticsValidator.Validate(City);
        findings.Select(f => (f.Kind, f.Line, f.Column)).ShouldBe(
        [
            (FindingKind.HeaderMisaligned, 89, "评价机构 自评得分 (分)"),
            (FindingKind.MissingCell, 96, "评价合格 (人)"),
            (FindingKind.MissingCell, 96, "评价合格率 (%)"),
            (FindingKind.MissingCell, 96, "其中：初级 (人)"),
            (FindingKind.MissingCell, 96, "其中：中级 (人)"),
            (FindingKind.MissingCell, 96, "其中：高级 (人)"),
            (FindingKind.TotalsRowNumbered, 105, "序号"),
        ]);
        findings.Where(f => f.Kind == FindingKind.MissingCell).ShouldAllBe(f => f.RowName == "忻州市实用技术职业学校" && f.RowNumber == "5");
        findings.Single(f => f.Kind == FindingKind.TotalsRowNumbered).Stated.ShouldBe("12");
    }

    [Fact]
    public void Every_printed_rate_in_both_tables_matches_its_counts()
    {
        foreach (var row in Province.Rows.Concat(City.Rows).Where(r => r.StatedRate is not null))
            row.ToFigures().PassRate.ShouldBe(row.StatedRate, row.ToString());
        StatisticsValidator.Validate(Province).Concat(StatisticsValidator.Validate(City))
            .ShouldNotContain(f => f.Kind == FindingKind.RateMismatch || f.Kind == FindingKind.LevelsDoNotAddUp || f.Kind == FindingKind.PassedExceedsAssessed);
    }

    [Fact]
    public void City_table_scores_are_read_under_the_right_headers_after_realignment()
    {
        var row1 = City.DataRows.First();
        row1.SelfScore.ShouldBe(103.00m);
        row1.PanelScore.ShouldBe(79.75m);
        // seed 000 三(三): B(70-89分)的12个；C(60-69分)的1个 — only true of the panel scores as realigned
        var panel = City.DataRows.Select(r => r.PanelScore!.Value).ToList();
        panel.Count(s => s is >= 70m and < 90m).ShouldBe(12);
        panel.Count(s => s is >= 60m and < 70m).ShouldBe(1);
        City.DataRows.Single(r => r.PanelScore == 68.00m).Name.ShouldBe("忻州市实用技术职业学校");
        City.DataRows.Max(r => r.SelfScore).ShouldBe(115.00m);
    }

    [Fact]
    public void Dashes_in_the_province_table_read_as_stated_zero_not_missing()
    {
        var row = Province.DataRows.First(); // | 1 | 红马甲集团股份有限公司 | 112 | 80 | 71.43% | - | 80 | - |
        row.Cell(StatisticsField.PassedAtLevel, Level.Level5)!.State.ShouldBe(CellState.Dash);
        row.PassedByLevel[Level.Level5]!.Value.Value.ShouldBe(0);
        row.IsMissing(StatisticsField.PassedAtLevel, Level.Level5).ShouldBeFalse();
    }

    [Fact]
    public void Both_tables_are_summary_form_with_their_columns_recognised()
    {
        Province.Form.ShouldBe(StatisticsForm.Summary);
        Province.Columns.Select(c => c.Field).ShouldBe(
        [
            StatisticsField.RowNumber, StatisticsField.BodyName, StatisticsField.Assessed, StatisticsField.Passed, StatisticsField.PassRate,
            StatisticsField.PassedAtLevel, StatisticsField.PassedAtLevel, StatisticsField.PassedAtLevel,
        ]);
        City.Columns.Select(c => c.Field).ShouldContain(StatisticsField.SelfScore);
        City.Columns.Select(c => c.Field).ShouldContain(StatisticsField.PanelScore);
    }

    [Fact]
    public void Twenty_five_bodies_conducted_assessments()
    {
        // seed 000 二: 已开展评价工作的 25 个 (12 省属 + 13 市属)
        var records = Province.DataRows.Concat(City.DataRows).Select(r => new AnnualStatistics(r.Name!, 2023, r.ToFigures())).ToList();
        var split = StatisticsAggregation.SplitByConducted(records.Select(r => r.FilingId), records, 2023);
        split.Conducted.Count.ShouldBe(25);
        split.NotConducted.ShouldBeEmpty();
    }
}
