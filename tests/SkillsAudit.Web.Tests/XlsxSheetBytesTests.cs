using System.Globalization;
using System.IO.Compression;
using System.Text;
using SkillsAudit.Data.Files;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The worksheet rows read from the part's bytes against the XmlReader path on the same workbooks: the same rows
/// (numbers bit for bit), formulas and widths, with every chunk boundary falling inside a tag, an entity or a
/// character; the same refusals, naming the row; the XmlReader path kept for the parts it alone reads.
/// </summary>
public class XlsxSheetBytesTests
{
    private const string Ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly int[] Chunks = [1, 2, 7, 64 * 1024];

    /// <summary>A workbook of one sheet "统计" whose worksheet part is <paramref name="part"/> (shared strings and styles as Excel writes them).</summary>
    private static byte[] Workbook(byte[] part)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Put(string name, byte[] bytes)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(bytes);
            }
            void PutText(string name, string text) => Put(name, Encoding.UTF8.GetBytes(text));
            PutText("xl/workbook.xml", $"<workbook xmlns=\"{Ns}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"统计\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            PutText("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
            PutText("xl/styles.xml", $"<styleSheet xmlns=\"{Ns}\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/></numFmts>"
                + "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"10\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>");
            PutText("xl/sharedStrings.xml", $"<sst xmlns=\"{Ns}\"><si><t>组织评价</t></si><si><r><t>评价</t></r><r><t>合格</t></r></si><si><t xml:space=\"preserve\"> </t></si></sst>");
            Put("xl/worksheets/sheet1.xml", part);
        }
        return ms.ToArray();
    }

    private static byte[] Sheet(string sheetData, string prologue = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n", string dimension = "<dimension ref=\"A1:E3\"/>") =>
        Encoding.UTF8.GetBytes($"{prologue}<worksheet xmlns=\"{Ns}\" xmlns:x14ac=\"urn:x14ac\">{dimension}<sheetData>{sheetData}</sheetData><pageMargins left=\"0.7\"/></worksheet>");

    /// <summary>The same sheet written with the prefix the Open XML SDK uses (x:), every element of the main namespace prefixed.</summary>
    private static byte[] PrefixedSheet(string sheetData) =>
        Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"utf-8\"?><x:worksheet xmlns:x=\"{Ns}\" xmlns:x14ac=\"urn:x14ac\"><x:sheetPr/><x:sheetData>"
            + System.Text.RegularExpressions.Regex.Replace(sheetData, @"<(/?)(row|c|v|f|is|t|r|rPr|rPh|b|sz|extLst|ext)([\s/>])", "<$1x:$2$3") + "</x:sheetData></x:worksheet>");

    /// <summary>What a reader makes of the workbook: each row (kinds, numbers as bits, texts, formats), widths, formulas, or its refusal.</summary>
    private sealed record Reading(List<string> Lines, bool FromBytes, string? Error);

    private static Reading Read(byte[] workbook, bool fromBytes, int chunk)
    {
        var lines = new List<string>();
        var bytes = false;
        try
        {
            using var reader = new XlsxStreamReader(new MemoryStream(workbook), "甲.xlsx") { RowsFromBytes = fromBytes, ChunkBytes = chunk };
            while (reader.NextSheet())
            {
                bytes |= reader.ReadingBytes;
                lines.Add($"sheet {reader.SheetName} width {reader.SheetWidth}");
                var row = reader.Row;
                while (reader.Read())
                {
                    var cells = new StringBuilder();
                    for (var c = 0; c < row.Width; c++)
                    {
                        var kind = row.Kind(c);
                        cells.Append(CultureInfo.InvariantCulture, $" [{c}:{kind}");
                        if (kind is XlsxCellKind.Number or XlsxCellKind.Boolean) cells.Append(CultureInfo.InvariantCulture, $" {BitConverter.DoubleToInt64Bits(row.NumberAt(c)):X} {row.Format(c)}");
                        if (kind is XlsxCellKind.Text or XlsxCellKind.Error) cells.Append(CultureInfo.InvariantCulture, $" «{row.TextAt(c)}»");
                        cells.Append(']');
                    }
                    lines.Add($"row {row.Number} width {row.Width} sheet width {reader.SheetWidth}:{cells}");
                }
                lines.Add($"end width {reader.SheetWidth}");
            }
            lines.AddRange(reader.Formulas.Select(f => $"formula {f.Sheet} {f.Cell} «{f.Formula}»"));
            return new Reading(lines, bytes, null);
        }
        catch (FileReadException e)
        {
            return new Reading(lines, bytes, e.Message);
        }
    }

    /// <summary>Reads the workbook both ways, at every chunk size: the same result; the byte path's reading (at 64 KiB).</summary>
    private static Reading Same(byte[] part)
    {
        var workbook = Workbook(part);
        var expected = Read(workbook, fromBytes: false, 0);
        Reading? fast = null;
        foreach (var chunk in Chunks)
        {
            fast = Read(workbook, fromBytes: true, chunk);
            if (expected.Error is null)
            {
                fast.Error.ShouldBeNull($"chunk {chunk}: {Encoding.UTF8.GetString(part)}");
                fast.Lines.ShouldBe(expected.Lines, $"chunk {chunk}: {Encoding.UTF8.GetString(part)}");
            }
            else
            {
                fast.Error.ShouldNotBeNull($"chunk {chunk}: the XmlReader path refused ({expected.Error}) but the byte path read {Encoding.UTF8.GetString(part)}");
                fast.Error.ShouldContain("甲.xlsx");
                if (expected.Error.Contains("上限", StringComparison.Ordinal)) fast.Error.ShouldBe(expected.Error);
                // the rows both read before the refusal are the same
                var both = Math.Min(fast.Lines.Count, expected.Lines.Count);
                fast.Lines.Take(both).ShouldBe(expected.Lines.Take(both), $"chunk {chunk}");
            }
        }
        return fast!;
    }

    private static readonly string[] Samples =
    [
        // values of every type, styles, shared strings, inline strings, formulas
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>7</v></c><c r=\"D1\"><v>292</v></c><c r=\"E1\" t=\"s\"><v>2</v></c></row>"
            + "<row r=\"3\"><c r=\"A3\" s=\"1\"><v>0.81789999999999996</v></c><c r=\"B3\" s=\"2\"><v>45000</v></c><c r=\"C3\" t=\"b\"><v>1</v></c>"
            + "<c r=\"D3\" t=\"inlineStr\"><is><t>山西工程\t职业学院</t></is></c><c r=\"E3\" s=\"3\"><f>B1</f><v>0.5</v></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c><c r=\"B1\" t=\"str\"><f>A1&amp;\"x\"</f><v>a&lt;b&gt;c&amp;d&quot;e&apos;f</v></c><c r=\"C1\" t=\"d\"><v>2023-03-15T00:00:00</v></c><c r=\"D1\" t=\"b\"><v>0</v></c><c r=\"E1\" t=\"b\"><v>true</v></c></row>",
        // shared formulas: the first cell's text, then "" for the copies
        "<row r=\"2\"><c r=\"C2\"><f t=\"shared\" ref=\"C2:C4\" si=\"0\">A2+B2</f><v>3</v></c></row><row r=\"3\"><c r=\"C3\"><f t=\"shared\" si=\"0\"/><v>5</v></c></row><row r=\"4\"><c r=\"C4\"><f t=\"shared\" si=\"0\"></f><v>7</v></c></row>",
        // numbers as written: exponents, signs, decimals, spaces, entities, too long, not numbers
        "<row><c><v>1E-3</v></c><c><v>-0.1</v></c><c><v>+12</v></c><c><v> 12 </v></c><c><v>&#49;2</v></c><c><v>1.7976931348623157E+308</v></c><c><v>1e400</v></c><c><v>NaN</v></c><c><v>12a</v></c><c><v></v></c><c><v/></c>"
            + "<c><v>000000000000000000000000000000000000000000000000000000000000000012</v></c><c><v>123456789012345678</v></c><c><v>0.1000000000000000055511151231257827021181583404541015625</v></c><c><v>4.9406564584124654E-324</v></c></row>",
        // comments, processing instructions and CDATA in and between values
        "<!-- c --><row r=\"1\"><?pi x?><c r=\"A1\"><v><!--n-->12</v></c><c r=\"B1\"><v>1<!--x-->2</v></c><c r=\"C1\"><v><![CDATA[12]]></v></c>"
            + "<c r=\"D1\" t=\"str\"><v>a<![CDATA[<b>&amp;]]>c<!-- -->d</v></c><c r=\"E1\" t=\"inlineStr\"><is><t><![CDATA[x]]]]><![CDATA[>y]]></t></is></c></row>",
        // line ends: CRLF and lone CR in texts become LF, a CR from a reference stays; in attributes, white space becomes spaces
        "<row r=\"1\"\r\n  spans=\"1:3\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\r\nb\rc\nd&#13;e&#10;f</t></is></c>\r\n<c r=\"B1\" t=\"str\"><v>x\r\n</v></c><c\tr=\"C1\"\r\nt=\"s\"><v>1</v></c><c r=\" D1\"><v>4</v></c></row>\r\n",
        // rich text: runs with properties, phonetic runs left out, an empty run, text outside t ignored
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><r><rPr><b/><sz val=\"11\"/></rPr><t>评价</t></r><r><t xml:space=\"preserve\"> 合格 </t></r><rPh sb=\"0\" eb=\"2\"><t>ピンイン</t></rPh><phoneticPr fontId=\"1\"/>loose<t/></is></c>"
            + "<c r=\"B1\" t=\"inlineStr\"><is/></c><c r=\"C1\" t=\"inlineStr\"><is><t>   </t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>a</t><extLst><t>b</t></extLst></is></c></row>",
        // rows left out, a row number that goes back, rows without r, self-closing rows and cells
        "<row r=\"2\"><c r=\"B2\"><v>1</v></c></row><row r=\"5\"/><row r=\"3\"><c><v>2</v></c><c/><c><v>3</v></c></row><row><c r=\"E9\"><v>4</v></c></row><row r=\"x\"><c><v>5</v></c></row><row r=\"9\"><c r=\"A9\"/></row>",
        // cells without r after cells with one; huge and lower-case column letters; a reference with no letters
        "<row r=\"1\"><c r=\"c1\"><v>1</v></c><c><v>2</v></c><c r=\"1\"><v>3</v></c><c r=\"XFD1\"><v>4</v></c><c r=\"AAAAAAAA1\"><v>5</v></c><c r=\"ZZZZZZZZZZZZZZZZZZ1\"><v>6</v></c></row>",
        // attributes in any order, single quotes, spaces around =, other attributes (prefixed ones declared), a type of more letters
        "<row spans='1:2' x14ac:dyDescent=\"0.25\" r = '1'><c s='1' t = 'n' r='A1'><v>0.5</v></c><c t=\"inlineStr\" r=\"B1\" s=\"9\"><is><t>x</t></is></c><c r=\"C1\" t=\"weird\"><v>y</v></c><c r=\"D1\" t=\"s\"><v>99</v></c><c r=\"E1\" t=\"s\"><v> 1</v></c></row>",
        // texts: CJK, emoji (surrogate pairs), references to them, quotes, ]] without >, >, white space only
        "<row r=\"1\"><c t=\"inlineStr\"><is><t>忻州市😀&#x1F600;&#128512;</t></is></c><c t=\"inlineStr\"><is><t>'\"]]a > b]</t></is></c><c t=\"inlineStr\"><is><t xml:space=\"preserve\">\t \n</t></is></c><c t=\"str\"><v/></c><c t=\"str\"><v></v></c></row>",
        // other elements inside a cell and a row: skipped with their content; a cell nested in another element of the row still counts
        "<row r=\"1\"><c r=\"A1\"><extLst><v>9</v><f>no</f></extLst><v>1</v></c><c r=\"B1\"><v>2</v><v>x</v></c><x14ac:foo><c r=\"C1\"><v>3</v></c></x14ac:foo><c r=\"D1\"><v><b/>4</v></c><c r=\"E1\" t=\"s\"><is><t>i</t></is></c></row>",
        // a value after a formula's text, formulas with entities and CDATA
        "<row r=\"1\"><c r=\"A1\"><f>IF(A2&gt;1,\"&lt;\",\"\")</f><v>1</v></c><c r=\"B1\"><f><![CDATA[A1&B1]]></f><v>2</v></c><c r=\"C1\"><f>\r\nX</f></c></row>",
        // a number of thousands of digits (its first 64 characters are what is read), a long text with entities and line ends
        $"<row r=\"1\"><c r=\"A1\"><v>{new string('7', 5000)}</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>{string.Concat(Enumerable.Repeat("甲&amp;]]\r\n", 3000))}</t></is></c></row>",
        // whitespace and pretty-printing everywhere
        "\r\n  <row r=\"1\" >\r\n    <c r=\"A1\" >\r\n      <v >1</v >\r\n    </c >\r\n    <c r=\"B1\" t=\"inlineStr\">\n<is>\n<t>a</t>\n</is>\n</c>\n  </row >\r\n",
    ];

    [Fact]
    public void Rows_read_from_the_bytes_are_those_the_XmlReader_reads_at_every_chunk_boundary()
    {
        foreach (var data in Samples)
        {
            Same(Sheet(data)).FromBytes.ShouldBeTrue(data);
            Same(PrefixedSheet(data)).FromBytes.ShouldBeTrue(data);
        }
    }

    [Fact]
    public void Generated_sheets_read_the_same_from_the_bytes_as_through_the_XmlReader()
    {
        var random = new Random(16);
        for (var n = 0; n < 60; n++)
        {
            var data = GeneratedSheet(random);
            Same(n % 3 == 0 ? PrefixedSheet(data) : Sheet(data, dimension: n % 4 == 0 ? "" : "<dimension ref=\"A1:C9\"/>")).FromBytes.ShouldBeTrue();
        }
    }

    private static string GeneratedSheet(Random random)
    {
        string Pick(params string[] options) => options[random.Next(options.Length)];
        string Q(string v) => random.Next(4) == 0 ? $"'{v}'" : $"\"{v}\"";
        string Space() => Pick("", "", "", " ", "\r\n", "\t");
        string Text() => Pick("忻州", "a&amp;b", "&lt;&gt;", "x\r\ny", " ", "", "😀", "&#x4E2D;", "<![CDATA[a<b]]>", "1<!--c-->2", "'\"", "S000014000001", "第一行\n第二行");
        var sb = new StringBuilder();
        var rowNumber = 0;
        for (var r = 0; r < 12; r++)
        {
            rowNumber += random.Next(1, 3);
            var rowAttributes = new List<string>();
            if (random.Next(5) > 0) rowAttributes.Add($"r={Q(rowNumber.ToString(CultureInfo.InvariantCulture))}");
            if (random.Next(3) == 0) rowAttributes.Add($"spans={Q("1:5")}");
            if (random.Next(3) == 0) rowAttributes.Add($"x14ac:dyDescent={Q("0.25")}");
            var attributes = string.Concat(rowAttributes.OrderBy(_ => random.Next()).Select(a => " " + a));
            if (random.Next(8) == 0) { sb.Append(CultureInfo.InvariantCulture, $"<row{attributes}/>{Space()}"); continue; }
            sb.Append(CultureInfo.InvariantCulture, $"<row{attributes}>{Space()}");
            var col = 0;
            for (var c = random.Next(0, 7); c > 0; c--)
            {
                col += random.Next(1, 3);
                var type = Pick("", "", "n", "s", "b", "e", "str", "inlineStr", "d");
                var cellAttributes = new List<string>();
                if (random.Next(4) > 0) cellAttributes.Add($"r={Q(Domain.Common.SpreadsheetColumns.Name(col - 1) + rowNumber.ToString(CultureInfo.InvariantCulture))}");
                if (type.Length > 0) cellAttributes.Add($"t{Space()}={Space()}{Q(type)}");
                if (random.Next(3) == 0) cellAttributes.Add($"s={Q(Pick("0", "1", "2", "3", "7"))}");
                var cellAttrs = string.Concat(cellAttributes.OrderBy(_ => random.Next()).Select(a => Pick(" ", "\r\n ", "\t") + a));
                if (random.Next(10) == 0) { sb.Append(CultureInfo.InvariantCulture, $"<c{cellAttrs}/>"); continue; }
                var formula = random.Next(6) switch { 0 => "<f>SUM(A1:B1)&amp;\"x\"</f>", 1 => "<f t=\"shared\" si=\"0\"/>", _ => "" };
                var value = type switch
                {
                    "inlineStr" => random.Next(3) == 0
                        ? $"<is><r><rPr><b/></rPr><t>{Text()}</t></r><r><t xml:space=\"preserve\">{Text()}</t></r><rPh sb=\"0\" eb=\"1\"><t>ピ</t></rPh></is>"
                        : $"<is><t>{Text()}</t></is>",
                    "s" => $"<v>{random.Next(0, 4)}</v>",
                    "b" => $"<v>{Pick("0", "1", "2")}</v>",
                    "e" => $"<v>{Pick("#DIV/0!", "#N/A", "#REF!")}</v>",
                    "str" or "d" => $"<v>{Text()}</v>",
                    _ => $"<v>{Pick("0", "12", "-3.5", "2.5E-3", "0.81789999999999996", "45000", "1&#48;", " 7 ", "", "x", "123456789012345678901", random.NextDouble().ToString("R", CultureInfo.InvariantCulture))}</v>",
                };
                sb.Append(CultureInfo.InvariantCulture, $"<c{cellAttrs}>{Space()}{formula}{value}{Space()}</c>{Space()}");
            }
            sb.Append(CultureInfo.InvariantCulture, $"</row{Space()}>{Space()}");
            if (random.Next(6) == 0) sb.Append("<!-- a comment -->");
        }
        return sb.ToString();
    }

    [Theory]
    [InlineData("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></row>", "第2行")] // mismatched
    [InlineData("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>a</t></is></c></row></c>", "第2行")] // stray end tag
    [InlineData("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a&nbsp;b</t></is></c></row>", "第1行")] // unknown entity
    [InlineData("<row r=\"1\"><c r=\"A1\"><v>&#0;</v></c></row>", "第1行")]
    [InlineData("<row r=\"1\"><c r=\"A1\"><v>&#xD800;</v></c></row>", "第1行")]
    [InlineData("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>&#X41;</v></c></row>", "第1行")]
    [InlineData("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a&amp</v></c></row>", "第1行")]
    [InlineData("<row r=\"1\"><c r=\"A&lt;1\"><v>1</v></c></row><row r=\"2\"><c r=\"<A2\"><v>1</v></c></row>", "第2行")] // < in an attribute
    [InlineData("<row r=\"1\"><c r=\"A1\" r=\"B1\"><v>1</v></c></row>", "第1行")] // duplicate attribute
    [InlineData("<row r=\"1\"><c r=A1><v>1</v></c></row>", "第1行")] // unquoted
    [InlineData("<row r=\"1\"><c r=\"A1\"t=\"s\"><v>1</v></c></row>", "第1行")] // no space between attributes
    [InlineData("<row r=\"1\"><y:c r=\"A1\"><v>1</v></y:c></row>", "第1行")] // undeclared prefix
    [InlineData("<row r=\"1\"><c y:r=\"A1\"><v>1</v></c></row>", "第1行")]
    [InlineData("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a]]>b</v></c></row>", "第1行")]
    [InlineData("<row r=\"1\"><c r=\"A1\"><v>1</v></c><!-- a -- b --></row>", "第1行")]
    [InlineData("<row r=\"1\"><c r=\"A1\"><f>A<b/>1</f><v>1</v></c></row>", "第1行")] // an element in a formula
    [InlineData("<row r=\"1\"><c r=\"A1\"><v>1</v></c><?xml version=\"1.0\"?></row>", "第1行")]
    [InlineData("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><1c/></row>", "第2行")] // invalid name
    [InlineData("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></row><!DOCTYPE x>", "第2行")]
    public void Malformed_sheet_data_is_refused_by_both_naming_the_row(string data, string row)
    {
        var fast = Same(Sheet(data));
        fast.FromBytes.ShouldBeTrue();
        fast.Error!.ShouldBe($"甲.xlsx 工作表“统计”{row}：无法读取，文件可能已损坏"); // the XML reader's English message is not for users
    }

    [Theory]
    [InlineData("end")] // the data ends inside a row
    [InlineData("utf8")] // invalid UTF-8 in a text
    [InlineData("control")] // a control character XML does not allow
    [InlineData("noncharacter")] // U+FFFF
    [InlineData("cut")] // a character cut by the end of the part
    [InlineData("second root")]
    public void Broken_bytes_are_refused_by_both_naming_the_row(string broken)
    {
        var good = Sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>甲乙</t></is></c></row>");
        var text = Encoding.UTF8.GetString(good);
        var at = text.IndexOf("甲乙", StringComparison.Ordinal);
        var cut = Encoding.UTF8.GetByteCount(text[..at]);
        byte[] part = broken switch
        {
            "end" => good[..(cut + 2)],
            "utf8" => [.. good[..cut], 0xFF, .. good[cut..]],
            "control" => [.. good[..cut], 0x01, .. good[cut..]],
            "noncharacter" => [.. good[..cut], 0xEF, 0xBF, 0xBF, .. good[cut..]],
            "cut" => [.. good[..(cut + 4)]],
            _ => [.. good, .. "<worksheet/>"u8],
        };
        var fast = Same(part);
        fast.FromBytes.ShouldBeTrue();
        fast.Error!.ShouldBe("甲.xlsx 工作表“统计”第2行：无法读取，文件可能已损坏");
    }

    [Fact]
    public void Parts_only_the_XmlReader_reads_are_read_by_it_with_the_same_result()
    {
        var data = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>abc</t></is></c><c r=\"B1\"><v>2</v></c></row>";
        // another encoding declared, a UTF-16 part, a document type declaration, a prefix declared below the root, no sheetData
        Same(Sheet(data, prologue: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>")).FromBytes.ShouldBeFalse();
        Same([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(Sheet(data, prologue: "<?xml version=\"1.0\" encoding=\"UTF-16\"?>")))]).FromBytes.ShouldBeFalse();
        var dtd = Same(Sheet(data, prologue: "<!DOCTYPE x [<!ENTITY a \"aaaaaaaa\">]>"));
        dtd.FromBytes.ShouldBeFalse();
        dtd.Error!.ShouldContain("DTD");
        Same(Encoding.UTF8.GetBytes($"<worksheet xmlns=\"{Ns}\"><y:sheetPr xmlns:y=\"urn:y\"/><sheetData>{data}</sheetData></worksheet>")).FromBytes.ShouldBeTrue();
        Same(Encoding.UTF8.GetBytes($"<worksheet xmlns=\"{Ns}\"><y:sheetPr/><sheetData>{data}</sheetData></worksheet>")).FromBytes.ShouldBeFalse();
        Same(Encoding.UTF8.GetBytes($"<worksheet xmlns=\"{Ns}\"><cols/></worksheet>")).FromBytes.ShouldBeFalse();
        // a byte order mark and a processing instruction before the root are fine for the byte path
        Same([.. Encoding.UTF8.GetPreamble(), .. Sheet(data, prologue: "<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?><!-- made by hand -->\n")]).FromBytes.ShouldBeTrue();
    }

    [Theory]
    [InlineData("rows", "行数超过上限 2 行")]
    [InlineData("columns", "列数超过上限 3 列")]
    [InlineData("cell", "超过 10 个字符的上限")]
    [InlineData("rich", "超过 10 个字符的上限")]
    [InlineData("cdata", "超过 10 个字符的上限")]
    [InlineData("long", "超过 10 个字符的上限")]
    public void Limits_refuse_rows_read_from_the_bytes_as_they_refuse_rows_read_through_the_XmlReader(string limit, string expected)
    {
        var data = limit switch
        {
            "rows" => "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"/><row r=\"3\"><c r=\"A3\"><v>3</v></c></row>",
            "columns" => "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"D1\"><v>4</v></c></row>",
            "cell" => "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>一二三四五六七八九十十一</t></is></c></row>",
            "long" => $"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>{new string('A', 300_000)}</t></is></c></row>",
            "rich" => "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><r><t>一二三四五六</t></r><r><t>七八九十十一</t></r></is></c></row>",
            _ => "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>一二三<![CDATA[四五六七八九十十一]]></v></c></row>",
        };
        var limits = limit == "rows" ? new XlsxReadLimits { MaxRows = 2 } : new XlsxReadLimits { MaxColumns = 3, MaxCellChars = 10 };
        var workbook = Workbook(Sheet(data));
        string Refusal(bool bytes, int chunk) => Should.Throw<FileReadException>(() =>
        {
            using var reader = new XlsxStreamReader(new MemoryStream(workbook), "统计.xlsx", limits) { RowsFromBytes = bytes, ChunkBytes = chunk };
            while (reader.NextSheet()) while (reader.Read()) { }
        }).Message;
        var expectedMessage = Refusal(false, 0);
        expectedMessage.ShouldContain(expected);
        foreach (var chunk in Chunks) Refusal(true, chunk).ShouldBe(expectedMessage);
    }

    [Fact]
    public void Sheets_the_application_writes_read_the_same_from_the_bytes()
    {
        var ms = new MemoryStream();
        using (var writer = new XlsxWriter(ms))
        {
            IEnumerable<IReadOnlyList<XCell>> Rows()
            {
                yield return new XCell[] { "备案号", "年度", "职业名称", "评价合格率", "人数" };
                for (var i = 0; i < 300; i++)
                    yield return new XCell[] { $"S000014{i:D6}", 2014 + i % 10, i % 7 == 0 ? "" : $"职业 & <{i}>", new(i / 301.0, CellStyle.Percent2), i * 1.25m };
                yield return new XCell[] { "合计", null, "", 0.5m, 123456789L };
            }
            writer.AddSheet("统计", Rows());
            writer.AddSheet("说明", [new XCell[] { "第一行\r\n第二行" }]);
        }
        var workbook = ms.ToArray();
        var expected = Read(workbook, fromBytes: false, 0);
        expected.Error.ShouldBeNull();
        expected.Lines.Count.ShouldBeGreaterThan(300);
        foreach (var chunk in new[] { 7, 64 * 1024 })
        {
            var fast = Read(workbook, fromBytes: true, chunk);
            fast.FromBytes.ShouldBeTrue();
            fast.Lines.ShouldBe(expected.Lines);
        }
    }
}
