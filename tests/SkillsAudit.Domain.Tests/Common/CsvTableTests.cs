using Shouldly;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using Xunit;

namespace SkillsAudit.Domain.Tests.Common;

public sealed class CsvTableTests
{
    private static IReadOnlyList<CsvRow> Read(string text, params string[] columns) =>
        CsvTable.Read(new StringReader(text), "occupations.csv", columns);

    [Fact]
    public void A_quoted_field_keeps_its_commas_quotes_and_line_breaks()
    {
        var rows = Read("code,name,kind,levels\n" +
                        "4-03-02-01,\"焊工, 电焊\",SkillLevel,5/4/3\n" +
                        "4-03-02-02,\"他说\"\"好\"\"\",SkillLevel,5\n" +
                        "4-03-02-03,\"两行\n名称\",Special,\n",
            "code", "name", "kind", "levels");

        rows.Select(r => r[1]).ShouldBe(["焊工, 电焊", "他说\"好\"", "两行\n名称"]);
        rows[0].Cells.ShouldBe(["4-03-02-01", "焊工, 电焊", "SkillLevel", "5/4/3"]);
        rows[2][3].ShouldBe("");
    }

    [Fact]
    public void Columns_are_found_by_header_name_and_blank_lines_are_skipped_keeping_line_numbers()
    {
        var rows = Read("levels,code,name\n\n5,A1,甲\n\n4,B2,乙\n", "code", "levels");

        rows.Select(r => (r.Line, r[0], r[1])).ShouldBe([(3, "A1", "5"), (5, "B2", "4")]);
    }

    [Fact]
    public void A_missing_column_is_refused_naming_the_file_and_the_column()
    {
        var e = Should.Throw<FormatException>(() => Read("code,name\nA1,甲\n", "code", "name", "kind"));
        e.Message.ShouldBe("occupations.csv 第1行：缺少列“kind”，表头应为 code,name,kind");
    }

    [Fact]
    public void An_unquoted_comma_is_refused_naming_the_line_and_the_expected_columns()
    {
        var e = Should.Throw<FormatException>(() => Read("code,name\nA1,甲\nB2,焊工, 电焊\n", "code", "name"));
        e.Message.ShouldStartWith("occupations.csv 第3行：应有 2 列（code,name），实际 3 列");
    }

    [Fact]
    public void The_embedded_region_list_reads_through_the_csv_reader() =>
        Regions.Find("140900")!.Name.ShouldBe("忻州市");
}
