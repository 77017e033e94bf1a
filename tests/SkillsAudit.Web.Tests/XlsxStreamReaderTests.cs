using System.IO.Compression;
using System.Text;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Data.Files;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>The streaming xlsx reader on hand-made workbooks: what Excel writes (shared strings, styles), and its limits.</summary>
public class XlsxStreamReaderTests
{
    private const string Ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>A workbook of one sheet "统计" with the given sheetData (and optional shared strings and a prologue).</summary>
    private static MemoryStream Workbook(string sheetData, string sharedStrings = "", string prologue = "")
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Put(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                w.Write(text);
            }
            Put("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Put("xl/workbook.xml", $"<workbook xmlns=\"{Ns}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"统计\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            Put("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
            Put("xl/styles.xml", $"<styleSheet xmlns=\"{Ns}\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/></numFmts>"
                + "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"10\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>");
            if (sharedStrings.Length > 0) Put("xl/sharedStrings.xml", $"<sst xmlns=\"{Ns}\">{sharedStrings}</sst>");
            Put("xl/worksheets/sheet1.xml", $"{prologue}<worksheet xmlns=\"{Ns}\"><dimension ref=\"A1:E3\"/><sheetData>{sheetData}</sheetData></worksheet>");
        }
        ms.Position = 0;
        return ms;
    }

    [Fact]
    public void Shared_strings_styles_and_rows_left_out_read_as_the_spreadsheet_shows_them()
    {
        var shared = "<si><t>组织评价</t></si><si><r><t>评价</t></r><r><t xml:space=\"preserve\">合格 </t></r><rPh sb=\"0\" eb=\"2\"><t>ピンイン</t></rPh></si>";
        var data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"D1\"><v>292</v></c></row>"
            + "<row r=\"3\"><c r=\"A3\" s=\"1\"><v>0.81789999999999996</v></c><c r=\"B3\" s=\"2\"><v>45000</v></c><c r=\"C3\" t=\"b\"><v>1</v></c>"
            + "<c r=\"D3\" t=\"inlineStr\"><is><t>山西工程\t职业学院</t></is></c><c r=\"E3\" s=\"3\"><f>B1</f><v>0.5</v></c></row>";
        var rows = StatisticsSources.ReadSheets(Workbook(data, shared), "表.xlsx").ToList();
        rows.Select(r => r.Row.Line).ShouldBe([1, 2, 3]);
        rows.ShouldAllBe(r => r.Sheet == "统计");
        rows[0].Row.Cells.ShouldBe(["组织评价", "评价合格", "", "292"]);
        rows[0].Row.IsNumber(3, out var n).ShouldBeTrue();
        n.ShouldBe(292);
        rows[1].Row.NonEmpty.ShouldBe(0);
        rows[2].Row.Cells.ShouldBe(["81.79%", "2023-03-15", "TRUE", "山西工程 职业学院", "50.0%"]);

        // the generic reader pads rows that hold something to the sheet's width, as ExcelDataReader did; an empty row
        // costs nothing (a sheet of a million empty rows must not cost a million arrays)
        var generic = TabularReader.ReadRows(Workbook(data, shared), "表.xlsx").ToList();
        generic.Where(r => !r.IsEmpty).ShouldAllBe(r => r.Cells.Length == 5);
        generic[1].Cells.ShouldBeEmpty();
        generic[2].Cells[1].ShouldBe("2023-03-15");
    }

    [Fact]
    public void A_document_type_definition_is_refused_naming_the_file()
    {
        var e = Should.Throw<FileReadException>(() => StatisticsSources.ReadSheets(
            Workbook("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", prologue: "<!DOCTYPE x [<!ENTITY a \"aaaaaaaa\">]>"), "炸弹.xlsx").ToList());
        e.Message.ShouldContain("炸弹.xlsx");
        e.Message.ShouldContain("DTD");
    }

    [Theory]
    [InlineData("rows", "行数超过上限 2 行")]
    [InlineData("columns", "列数超过上限 3 列")]
    [InlineData("cell", "超过 10 个字符的上限")]
    [InlineData("entry", "超过上限 400 字节")]
    [InlineData("strings", "共享字符串超过上限 3 个")]
    [InlineData("chars", "共享字符串总长度超过上限 5 个字符")]
    public void Each_limit_refuses_the_file_naming_it_and_the_limit(string limit, string expected)
    {
        var data = limit switch
        {
            "rows" => "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"/><row r=\"3\"><c r=\"A3\"><v>3</v></c></row>",
            "columns" => "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"D1\"><v>4</v></c></row>",
            "cell" => "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>一二三四五六七八九十十一</t></is></c></row>",
            _ => string.Concat(Enumerable.Range(1, 50).Select(i => $"<row r=\"{i}\"><c r=\"A{i}\"><v>{i}</v></c></row>")),
        };
        var limits = new XlsxReadLimits { MaxRows = 2, MaxColumns = 3, MaxCellChars = 10, MaxEntryBytes = limit == "entry" ? 400 : 1 << 20 };
        if (limit == "rows") limits = new XlsxReadLimits { MaxRows = 2 };
        if (limit == "strings") limits = new XlsxReadLimits { MaxSharedStrings = 3 };
        if (limit == "chars") limits = new XlsxReadLimits { MaxSharedStringChars = 5 };
        var shared = limit is "strings" or "chars" ? "<si><t>一二三</t></si><si><t>四五六</t></si><si><t>七</t></si><si><t>八</t></si>" : null;
        var e = Should.Throw<FileReadException>(() => StatisticsSources.ReadSheets(shared is null ? Workbook(data) : Workbook(data, shared), "统计.xlsx", limits).ToList());
        e.Message.ShouldContain("统计.xlsx");
        e.Message.ShouldContain(expected);
    }
}
