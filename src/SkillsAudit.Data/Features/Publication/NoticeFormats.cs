using System.Globalization;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SkillsAudit.Data.Files;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>
/// Fonts for the notice (Publication:TitleFont, Publication:BodyFont): a comma-separated list, first the font the
/// bureau uses, then fallbacks. GB/T 9704 sets the title in 小标宋 and the body in 仿宋; machines without them fall back to
/// Noto Serif CJK SC. The .docx names the first as the font and the second as its alternative (w:altName); HTML/PDF use the list.
/// </summary>
public sealed class NoticeFonts
{
    public string TitleFont { get; set; } = "方正小标宋简体, FZXiaoBiaoSong-B05S, Noto Serif CJK SC";
    public string BodyFont { get; set; } = "仿宋_GB2312, 仿宋, FangSong, Noto Serif CJK SC";

    public static IReadOnlyList<string> Split(string list) => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    public static string Css(string list) => string.Join(", ", Split(list).Select(f => "'" + f.Replace("'", "", StringComparison.Ordinal) + "'")) + ", serif";
}

/// <summary>
/// The notice as .docx, laid out after GB/T 9704-2012 (党政机关公文格式): A4; margins top 37 mm, bottom 35 mm, left 28 mm,
/// right 26 mm (版心 156 × 225 mm); body 三号 (16 pt) 仿宋 at a fixed 28.95 pt line pitch — 22 lines of about 28 characters;
/// the title 二号 (22 pt) 小标宋, centred; the authority and date right-aligned under the body; each annex on a new page
/// headed "附件N", its title and table.
/// </summary>
public static class NoticeDocx
{
    private static UInt32Value Mm(double mm) => (uint)Math.Round(mm * 1440 / 25.4);
    private const string LinePitch = "579"; // 28.95 pt × 20

    public static void Write(Stream output, NoticeContent n, NoticeFonts fonts)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var title = NoticeFonts.Split(fonts.TitleFont);
            var body = NoticeFonts.Split(fonts.BodyFont);
            AddFontTable(main, title, body);
            var b = new Body();
            if (n.DocumentNumber is { Length: > 0 } docNo) b.Append(Para(docNo, body[0], 32, JustificationValues.Center, indent: false));
            b.Append(Para(n.FilledTitle, title[0], 44, JustificationValues.Center, indent: false));
            b.Append(Para("", body[0], 32, JustificationValues.Left, indent: false));
            foreach (var p in n.Paragraphs) b.Append(Para(p, body[0], 32, JustificationValues.Both, indent: true));
            b.Append(Para("", body[0], 32, JustificationValues.Left, indent: false));
            b.Append(Para(n.Authority, body[0], 32, JustificationValues.Right, indent: false));
            if (n.DateText.Length > 0) b.Append(Para(n.DateText, body[0], 32, JustificationValues.Right, indent: false));
            var i = 0;
            foreach (var a in n.Annexes)
            {
                i++;
                var head = Para($"附件{i}", body[0], 32, JustificationValues.Left, indent: false);
                head.ParagraphProperties!.PageBreakBefore = new PageBreakBefore();
                b.Append(head);
                b.Append(Para(a.Title, title[0], 30, JustificationValues.Center, indent: false));
                b.Append(Para(a.Maker + (n.DateText.Length > 0 ? "    " + n.DateText : ""), body[0], 21, JustificationValues.Left, indent: false));
                b.Append(Table(a, body[0]));
            }
            b.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = (int)(uint)Mm(37), Bottom = (int)(uint)Mm(35), Left = Mm(28), Right = Mm(26), Header = Mm(15), Footer = Mm(28), Gutter = 0 },
                new DocGrid { Type = DocGridValues.LinesAndChars, LinePitch = 579, CharacterSpace = 0 }));
            main.Document = new Document(b);
            main.Document.Save();
        }
        ms.Position = 0;
        ms.CopyTo(output);
    }

    private static void AddFontTable(MainDocumentPart main, IReadOnlyList<string> title, IReadOnlyList<string> body)
    {
        var part = main.AddNewPart<FontTablePart>();
        var fonts = new Fonts();
        foreach (var list in new[] { title, body })
        {
            var f = new Font { Name = list[0] };
            if (list.Count > 1) f.Append(new AltName { Val = list[^1] });
            f.Append(new FontCharSet { Val = "86" }); // GB2312
            fonts.Append(f);
        }
        part.Fonts = fonts;
    }

    private static RunProperties RunProps(string font, int halfPoints, bool bold = false)
    {
        var rp = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font });
        if (bold) rp.Append(new Bold());
        rp.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) }, new FontSizeComplexScript { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
        return rp;
    }

    private static Paragraph Para(string text, string font, int halfPoints, JustificationValues align, bool indent)
    {
        var pp = new ParagraphProperties(
            new SpacingBetweenLines { Line = halfPoints > 32 ? "760" : halfPoints < 32 ? "360" : LinePitch, LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
            new Justification { Val = align });
        // 首行缩进两个字 (2 × 16 pt = 640 twips).
        if (indent) pp.Append(new Indentation { FirstLine = "640" });
        var run = new Run(RunProps(font, halfPoints), new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return new Paragraph(pp, run);
    }

    private static Table Table(NoticeAnnex a, string font)
    {
        const int size = 18; // 9 pt: up to 11 columns across the 156 mm 版心
        var t = new Table();
        var border = BorderValues.Single;
        t.Append(new TableProperties(
            new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
            new TableBorders(new TopBorder { Val = border, Size = 4 }, new BottomBorder { Val = border, Size = 4 }, new LeftBorder { Val = border, Size = 4 },
                new RightBorder { Val = border, Size = 4 }, new InsideHorizontalBorder { Val = border, Size = 4 }, new InsideVerticalBorder { Val = border, Size = 4 }),
            new TableLayout { Type = TableLayoutValues.Autofit }));
        TableCell Cell(string text, bool bold = false, int span = 1, MergedCellValues? vmerge = null)
        {
            var tcp = new TableCellProperties(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center });
            if (span > 1) tcp.Append(new GridSpan { Val = span });
            if (vmerge is { } vm) tcp.Append(new VerticalMerge { Val = vm });
            var p = new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }, new SpacingBetweenLines { Before = "0", After = "0" }),
                new Run(RunProps(font, size, bold), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            return new TableCell(tcp, p);
        }
        // Two header rows as seed 000 prints them: 序号 | 机构名称 | {year}年…概况 (spanning the figures) | scores.
        var extra = a.Headers.Count - 2 - a.GroupColumns;
        var r1 = new TableRow(new TableRowProperties(new TableHeader()));
        r1.Append(Cell("序号", true, vmerge: MergedCellValues.Restart), Cell("机构名称", true, vmerge: MergedCellValues.Restart), Cell(a.GroupTitle, true, a.GroupColumns));
        for (var i = 0; i < extra; i++) r1.Append(Cell(a.Headers[2 + a.GroupColumns + i], true, vmerge: MergedCellValues.Restart));
        var r2 = new TableRow(new TableRowProperties(new TableHeader()));
        r2.Append(Cell("", vmerge: MergedCellValues.Continue), Cell("", vmerge: MergedCellValues.Continue));
        foreach (var h in a.Headers.Skip(2).Take(a.GroupColumns)) r2.Append(Cell(h, true));
        for (var i = 0; i < extra; i++) r2.Append(Cell("", vmerge: MergedCellValues.Continue));
        t.Append(r1, r2);
        foreach (var row in a.Rows)
        {
            var tr = new TableRow();
            var total = row.Count > 1 && row[1] == "合计";
            foreach (var c in row) tr.Append(Cell(c, total));
            t.Append(tr);
        }
        return t;
    }
}

/// <summary>
/// The notice as HTML: <see cref="Fragment"/> for the pages (public 公示 page, staff preview) and <see cref="Document"/>, a
/// standalone A4 page (the GB/T 9704 margins and sizes in CSS) that the PDF is printed from. Every text is encoded.
/// </summary>
public static class NoticeHtml
{
    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    public static string Fragment(NoticeContent n)
    {
        var sb = new StringBuilder();
        sb.Append("<article class=\"notice\">");
        if (n.DocumentNumber is { Length: > 0 } docNo) sb.Append("<p class=\"notice-docno\">").Append(E(docNo)).Append("</p>");
        sb.Append("<h1 class=\"notice-title\">").Append(E(n.FilledTitle)).Append("</h1>");
        foreach (var p in n.Paragraphs) sb.Append("<p class=\"notice-p\">").Append(E(p)).Append("</p>");
        sb.Append("<p class=\"notice-sign\">").Append(E(n.Authority)).Append("</p>");
        if (n.DateText.Length > 0) sb.Append("<p class=\"notice-sign\">").Append(E(n.DateText)).Append("</p>");
        sb.Append("</article>");
        var i = 0;
        foreach (var a in n.Annexes)
        {
            i++;
            sb.Append("<section class=\"notice-annex\"><p class=\"notice-annex-label\">附件").Append(i).Append("</p>");
            sb.Append("<h2 class=\"notice-annex-title\">").Append(E(a.Title)).Append("</h2>");
            sb.Append("<p class=\"notice-annex-maker\">").Append(E(a.Maker)).Append(n.DateText.Length > 0 ? "　" + E(n.DateText) : "").Append("</p>");
            sb.Append("<div class=\"table-responsive\"><table class=\"notice-table table table-sm table-bordered\"><thead><tr>");
            var extra = a.Headers.Count - 2 - a.GroupColumns;
            sb.Append("<th rowspan=\"2\">序号</th><th rowspan=\"2\">机构名称</th><th colspan=\"").Append(a.GroupColumns).Append("\">").Append(E(a.GroupTitle)).Append("</th>");
            for (var k = 0; k < extra; k++) sb.Append("<th rowspan=\"2\">").Append(E(a.Headers[2 + a.GroupColumns + k])).Append("</th>");
            sb.Append("</tr><tr>");
            foreach (var h in a.Headers.Skip(2).Take(a.GroupColumns)) sb.Append("<th>").Append(E(h)).Append("</th>");
            sb.Append("</tr></thead><tbody>");
            foreach (var row in a.Rows)
            {
                sb.Append(row.Count > 1 && row[1] == "合计" ? "<tr class=\"notice-total\">" : "<tr>");
                foreach (var c in row) sb.Append("<td>").Append(E(c)).Append("</td>");
                sb.Append("</tr>");
            }
            sb.Append("</tbody></table></div></section>");
        }
        return sb.ToString();
    }

    public static string Css(NoticeFonts fonts) => $$"""
        .notice, .notice-annex { font-family: {{NoticeFonts.Css(fonts.BodyFont)}}; font-size: 16pt; line-height: 28.95pt; }
        .notice-title { font-family: {{NoticeFonts.Css(fonts.TitleFont)}}; font-size: 22pt; line-height: 38pt; text-align: center; font-weight: normal; margin: 0 0 28.95pt; }
        .notice-docno { text-align: center; margin: 0; }
        .notice-p { text-indent: 2em; text-align: justify; margin: 0; }
        .notice-sign { text-align: right; margin: 0; }
        .notice-sign:first-of-type { margin-top: 28.95pt; }
        .notice-annex-label { margin: 0; }
        .notice-annex-title { font-family: {{NoticeFonts.Css(fonts.TitleFont)}}; font-size: 15pt; text-align: center; font-weight: normal; margin: 0; }
        .notice-annex-maker { font-size: 10.5pt; margin: 0; }
        .notice-table { border-collapse: collapse; font-size: 9pt; line-height: 1.3; width: 100%; }
        .notice-table th, .notice-table td { border: 1px solid #000; padding: 2px 3px; text-align: center; }
        .notice-total td { font-weight: bold; }
        """;

    public static string Document(NoticeContent n, NoticeFonts fonts) => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>{{E(n.FilledTitle)}}</title>
        <style>
        @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
        body { margin: 0; }
        .notice-annex { break-before: page; }
        {{Css(fonts)}}
        </style></head><body>
        {{Fragment(n)}}
        </body></html>
        """;
}

/// <summary>The annex tables as .xlsx in the layout of StatisticsExport (merged two-row header, 合计 row), one sheet per annex.</summary>
public static class NoticeXlsx
{
    public static void Write(Stream output, NoticeContent n)
    {
        using var w = new XlsxWriter(output);
        if (n.Annexes.Count == 0)
        {
            w.AddSheet("附件", [new XCell[] { "公告没有附件表格" }]);
            return;
        }
        foreach (var a in n.Annexes)
        {
            var width = a.Headers.Count;
            var last = TabularReader.ColumnName(width - 1);
            List<XCell> Pad(List<XCell> cells) { while (cells.Count < width) cells.Add(new XCell(null, CellStyle.Header)); return cells; }
            var extra = width - 2 - a.GroupColumns;
            var rows = new List<IReadOnlyList<XCell>>
            {
                Pad([new XCell(a.Title, CellStyle.Header)]),
                Pad([new XCell("序号", CellStyle.Header), new XCell("机构名称", CellStyle.Header), new XCell(a.GroupTitle, CellStyle.Header),
                    .. Enumerable.Repeat(new XCell(null, CellStyle.Header), a.GroupColumns - 1), .. a.Headers.Skip(2 + a.GroupColumns).Select(h => new XCell(h, CellStyle.Header))]),
                Pad([new XCell(null, CellStyle.Header), new XCell(null, CellStyle.Header), .. a.Headers.Skip(2).Take(a.GroupColumns).Select(h => new XCell(h, CellStyle.Header))]),
            };
            foreach (var row in a.Rows)
            {
                var total = row.Count > 1 && row[1] == "合计";
                rows.Add(row.Select((c, i) => Cell(c, i, total)).ToList());
            }
            var merges = new List<string> { $"A1:{last}1", "A2:A3", "B2:B3", $"C2:{TabularReader.ColumnName(1 + a.GroupColumns)}2" };
            for (var k = 0; k < extra; k++) { var col = TabularReader.ColumnName(2 + a.GroupColumns + k); merges.Add($"{col}2:{col}3"); }
            var name = $"{a.Label} {a.Title}".Replace('/', ' ');
            w.AddSheet(name.Length > 31 ? name[..31] : name, rows, merges, [6, 34, .. Enumerable.Repeat(12.0, width - 2)], frozenRows: 3);
        }
    }

    private static XCell Cell(string text, int column, bool total)
    {
        if (column < 2 || text.Length == 0) return new XCell(text.Length == 0 ? null : text, total ? CellStyle.Bold : CellStyle.Text);
        if (text.EndsWith('%') && decimal.TryParse(text[..^1], NumberStyles.Number, CultureInfo.InvariantCulture, out var pct)) return new XCell(pct / 100m, CellStyle.Percent2);
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return new XCell(l, CellStyle.WholeNumber);
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return new XCell(d, CellStyle.Decimal2);
        return new XCell(text, CellStyle.Text);
    }
}
