using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;
using Shouldly;
using Xunit;

namespace SkillsAudit.Domain.Tests.Statistics;

/// <summary>Seed 001 附件2 (职业技能等级认定机构工作情况统计表): the per-occupation form, tab-separated, three header rows.</summary>
public class Seed001FormTests
{
    private static readonly string[] SeedLines = Seeds.Read("001_").Split('\n');
    private static string HeaderLines => string.Join("\n", SeedLines[160..163]); // lines 161–163

    private static StatisticsTable ReadFilled(params string[] rows) =>
        StatisticsTableReader.Read(HeaderLines + "\n" + string.Join("\n", rows), firstLineNumber: 161);

    // column order as the form prints it: 序号 职业名称 职业代码 工种 批次 人次 小计 初级 中级 高级 技师 领取补贴人数 高级技师
    private const string Housekeeping = "1\t家政服务员\t4-10-01-06\t家政服务员\t3\t120\t100\t40\t60\t0\t0\t35\t0";
    private const string Cook = "2\t中式烹调师\t4-03-02-01\t\t2\t80\t70\t0\t50\t20\t0\t0\t0";

    [Fact]
    public void Blank_seed_form_is_recognised_as_the_detailed_form_with_its_template_rows_skipped()
    {
        var table = StatisticsTableReader.Read(TextTableParser.FindTables(Seeds.Read("001_")).Single(t => t.AnnexLabel == "附件2"));
        table.Form.ShouldBe(StatisticsForm.Detailed);
        table.Rows.ShouldBeEmpty();
        table.SkippedBlankLines.ShouldBe([164, 165, 166, 167]);
        table.Columns.Select(c => (c.Field, c.Level)).ShouldBe(
        [
            (StatisticsField.RowNumber, null), (StatisticsField.OccupationName, null), (StatisticsField.OccupationCode, null), (StatisticsField.Trade, null),
            (StatisticsField.Batches, null), (StatisticsField.Assessed, null), (StatisticsField.Certified, null),
            (StatisticsField.CertifiedAtLevel, Level.Level5), (StatisticsField.CertifiedAtLevel, Level.Level4), (StatisticsField.CertifiedAtLevel, Level.Level3),
            (StatisticsField.CertifiedAtLevel, Level.Level2), (StatisticsField.SubsidyRecipients, null), (StatisticsField.CertifiedAtLevel, (Level?)Level.Level1),
        ]);
        StatisticsValidator.Validate(table).ShouldBeEmpty();
    }

    [Fact]
    public void Filled_form_becomes_a_filing_year_with_occupation_lines()
    {
        var table = ReadFilled(Housekeeping, Cook);
        StatisticsValidator.Validate(table).ShouldBeEmpty();
        var year = table.ToAnnualStatistics("S000014000123", 2023);
        year.Occupations.Select(o => o.Key).ShouldBe(["4-10-01-06", "4-03-02-01"]);
        year.Occupations[1].Trade.ShouldBeNull();
        year.Figures.Batches!.Value.Value.ShouldBe(5);
        year.Figures.Assessed.Value.ShouldBe(200);
        year.Figures.Certified!.Value.Value.ShouldBe(170);
        year.Figures.CertifiedByLevel[Level.Level5]!.Value.Value.ShouldBe(40);
        year.Figures.CertifiedByLevel[Level.Level4]!.Value.Value.ShouldBe(110);
        year.Figures.CertifiedByLevel[Level.Level3]!.Value.Value.ShouldBe(20);
        year.Figures.CertifiedByLevel[Level.Level1]!.Value.Value.ShouldBe(0);
        year.Figures.SubsidyRecipients!.Value.Value.ShouldBe(35);
        year.Figures.Passed.ShouldBeNull(); // the form has no 评价合格 column
        year.Figures.PassRate.ShouldBeNull();
    }

    [Fact]
    public void Certified_levels_that_do_not_add_up_to_the_subtotal_are_flagged()
    {
        var f = StatisticsValidator.Validate(ReadFilled("1\t家政服务员\t4-10-01-06\t\t3\t120\t100\t40\t50\t0\t0\t0\t0")).ShouldHaveSingleItem();
        f.Kind.ShouldBe(FindingKind.LevelsDoNotAddUp);
        (f.Stated, f.Computed, f.Line).ShouldBe(("100", "90", 164));
    }

    [Fact]
    public void Certified_above_persons_assessed_is_flagged()
    {
        var f = StatisticsValidator.Validate(ReadFilled("1\t家政服务员\t4-10-01-06\t\t3\t90\t100\t40\t60\t0\t0\t0\t0")).ShouldHaveSingleItem();
        f.Kind.ShouldBe(FindingKind.CertifiedExceedsAssessed);
    }

    [Fact]
    public void Blank_figures_are_flagged_because_the_form_asks_for_0()
    {
        // seed 001 附件2 备注2: 没有开展评价的职业（工种），评价情况填写"0"
        var findings = StatisticsValidator.Validate(ReadFilled("1\t家政服务员\t4-10-01-06\t\t0\t0\t0\t0\t0\t0\t0\t\t"));
        findings.Select(f => (f.Kind, f.Column)).ShouldBe([(FindingKind.MissingCell, "领取补贴人数"), (FindingKind.MissingCell, "高级技师")]);
    }

    [Fact]
    public void Totals_row_of_the_form_is_checked_against_its_rows()
    {
        var findings = StatisticsValidator.Validate(ReadFilled(Housekeeping, Cook, "合计\t\t\t\t5\t200\t170\t40\t110\t20\t0\t36\t0"));
        var f = findings.ShouldHaveSingleItem();
        f.Kind.ShouldBe(FindingKind.TotalsMismatch);
        (f.Column, f.Stated, f.Computed).ShouldBe(("领取补贴人数", "36", "35"));
    }
}
