using SkillsAudit.Domain.Statistics;
using Shouldly;
using Xunit;

namespace SkillsAudit.Domain.Tests.Statistics;

public class TextTableParserTests
{
    [Fact]
    public void Markdown_table_skips_the_separator_and_keeps_source_line_numbers()
    {
        var t = TextTableParser.Parse("| 序号 | 机构名称 | 组织评价 (人) |\n|---|---|---|\n| 1 | 甲 | 12 |\n| 2 | 乙 | 3 |", firstLineNumber: 10);
        t.Format.ShouldBe(TextTableFormat.Markdown);
        t.HeaderRows.Count.ShouldBe(1);
        t.DataRows.Select(r => r.Line).ShouldBe([12, 13]);
        t.DataRows[0][1].Text.ShouldBe("甲");
        t.ColumnCount.ShouldBe(3);
    }

    [Fact]
    public void Markdown_second_header_row_after_the_separator_is_a_header_with_the_group_title_above()
    {
        // seed 000 附件1: the group title row, |---|, then the leaf row
        var t = TextTableParser.Parse(
            "| 序号 | 机构名称 | 概况 | | |\n|--|--|--|--|--|\n| | | 组织评价 (人) | 评价合格 (人) | |\n| 1 | 甲 | 10 | 9 | |");
        t.HeaderRows.Count.ShouldBe(2);
        t.DataRows.Count.ShouldBe(1);
        t.Headers[0].Leaf.ShouldBe("序号");
        t.Headers[0].Groups.ShouldBeEmpty();
        t.Headers[2].Leaf.ShouldBe("组织评价 (人)");
        t.Headers[2].Groups.ShouldBe(["概况"]);
        t.Headers[3].Groups.ShouldBe(["概况"]); // the merged title spans the following empty cells
        t.Headers[4].HasLeaf.ShouldBeFalse();
    }

    [Fact]
    public void Markdown_trailing_empty_cell_and_escaped_pipe_are_kept_as_cells()
    {
        var t = TextTableParser.Parse("| a | b | |\n|---|---|---|\n| x \\| y | 1 | |");
        t.DataRows[0].Cells.Select(c => c.Text).ShouldBe(["x | y", "1", ""]);
    }

    [Fact]
    public void Tab_separated_form_with_three_merged_header_rows_gives_leaves_and_groups()
    {
        // seed 001 附件2, lines 161–164
        var form = Seeds.Read("001_").Split('\n')[160..164];
        var t = TextTableParser.Parse(string.Join("\n", form), firstLineNumber: 161);
        t.Format.ShouldBe(TextTableFormat.TabSeparated);
        t.HeaderRows.Count.ShouldBe(3);
        t.DataRows.Single().Line.ShouldBe(164);
        t.Headers.Select(h => h.Leaf).ShouldBe(["序号", "职业名称", "职业代码", "工种/职业方向", "批次", "人次", "小计", "初级", "中级", "高级", "技师", "领取补贴人数", "高级技师"]);
        t.Headers[4].Groups.ShouldBe(["组织认定"]);
        t.Headers[6].Groups.ShouldBe(["评价情况", "已发证人数"]);
        t.Headers[12].Groups.ShouldBe(["已发证人数"]); // 领取补贴人数 is a leaf (nothing below it), not a group
    }

    [Fact]
    public void Header_rows_are_detected_up_to_the_first_row_with_a_figure()
    {
        var t = TextTableParser.Parse("A\tB\nC\tD\n1\t2\n文字\t3");
        t.HeaderRows.Count.ShouldBe(2);
        t.DataRows.Count.ShouldBe(2);
    }

    [Fact]
    public void A_table_without_figures_has_one_header_row()
    {
        var t = TextTableParser.Parse("名称\t类型\n甲\t企业\n乙\t院校");
        t.HeaderRows.Count.ShouldBe(1);
        t.DataRows.Count.ShouldBe(2);
    }

    [Fact]
    public void Header_row_count_can_be_given()
    {
        var t = TextTableParser.Parse("A\tB\nC\tD\nE\tF", headerRows: 2);
        t.HeaderRows.Count.ShouldBe(2);
        t.DataRows.Single()[0].Text.ShouldBe("E");
    }

    [Fact]
    public void Windows_line_endings_and_blank_lines_are_handled()
    {
        var t = TextTableParser.Parse("\r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n");
        t.StartLine.ShouldBe(2);
        t.DataRows.Single().Line.ShouldBe(4);
    }

    [Fact]
    public void Empty_text_is_refused()
    {
        Should.Throw<FormatException>(() => TextTableParser.Parse("  \n \n"));
    }

    [Fact]
    public void Find_tables_in_seed_001_finds_the_statistics_form_with_its_title()
    {
        var tables = TextTableParser.FindTables(Seeds.Read("001_"));
        var form = tables.Single(t => t.AnnexLabel == "附件2");
        form.Title.ShouldBe("职业技能等级认定机构工作情况统计表");
        form.StartLine.ShouldBe(161);
        form.Format.ShouldBe(TextTableFormat.TabSeparated);
    }

    [Fact]
    public void Short_rows_read_as_empty_cells_beyond_their_end()
    {
        var t = TextTableParser.Parse("| a | b | c |\n|---|---|---|\n| 1 |");
        t.DataRows[0][2].IsEmpty.ShouldBeTrue();
    }
}
