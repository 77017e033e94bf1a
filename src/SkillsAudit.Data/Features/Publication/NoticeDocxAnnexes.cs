using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>The annex tables in the .docx: column widths from the text, portrait or landscape, and the table itself.</summary>
public static partial class NoticeDocx
{
    /// <summary>Whether an annex table is wider than the portrait 版心 and gets a landscape page.</summary>
    public static bool IsWide(NoticeAnnex a)
    {
        ColumnWidths(a, out var landscape);
        return landscape;
    }

    /// <summary>
    /// Column widths in twips from the text: the name column as wide as the longest name, the 序号 column two characters,
    /// figure columns as wide as their widest value or a three-character header line; landscape when the sum exceeds
    /// the portrait 版心, and the remaining width shared out so the table fills the 版心.
    /// </summary>
    public static int[] ColumnWidths(NoticeAnnex a, out bool landscape)
    {
        const int pt = TableHalfPoints * 10; // one 五号 character in twips
        var cols = a.Headers.Count;
        var need = new double[cols];
        for (var c = 0; c < cols; c++)
        {
            // The 合计 row is set in bold, which is wider: measured with a sixth more.
            var widest = a.Rows.Select(r => c < r.Count ? NoticeLines.Ems(r[c]) * (IsTotal(r) ? BoldWidth : 1) : 0)
                .Append(c == 0 ? NoticeLines.Ems("序号") : 0).Max();
            var headerMin = c == 1 ? 4 : Math.Min(NoticeLines.Ems(a.Headers[c]), 3);
            need[c] = Math.Max(widest, headerMin) * pt + 2 * TableCellMargin + 30;
        }
        var sum = need.Sum();
        landscape = sum > PortraitWidth;
        var total = landscape ? LandscapeWidth : PortraitWidth;
        var extra = total - sum;
        // Share the rest out: half to the name column, half over the figure columns.
        var widths = need.Select(w => (int)w).ToArray();
        if (extra > 0)
        {
            var toName = cols > 1 ? (int)(extra / 2) : 0;
            if (cols > 1) widths[1] += toName;
            var others = Enumerable.Range(0, cols).Where(c => c != 1).ToList();
            var each = (int)((extra - toName) / others.Count);
            foreach (var c in others) widths[c] += each;
        }
        widths[^1] += total - widths.Sum();
        return widths;
    }

    private const double BoldWidth = 7 / 6d;

    private static bool IsTotal(IReadOnlyList<string> row) => row.Count > 1 && row[1] == "合计";

    private static Table Table(NoticeAnnex a, int[] widths)
    {
        var t = new Table();
        var line = new Func<OpenXmlElement[]>(() =>
        [
            new TopBorder { Val = BorderValues.Single, Size = 4, Color = "000000" }, new LeftBorder { Val = BorderValues.Single, Size = 4, Color = "000000" },
            new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "000000" }, new RightBorder { Val = BorderValues.Single, Size = 4, Color = "000000" },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "000000" }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Color = "000000" },
        ]);
        t.Append(new TableProperties
        {
            TableWidth = new TableWidth { Type = TableWidthUnitValues.Dxa, Width = widths.Sum().ToString(CultureInfo.InvariantCulture) },
            TableJustification = new TableJustification { Val = TableRowAlignmentValues.Center },
            TableBorders = new TableBorders(line()),
            TableLayout = new TableLayout { Type = TableLayoutValues.Fixed },
            TableCellMarginDefault = new TableCellMarginDefault(
                new TableCellLeftMargin { Width = TableCellMargin, Type = TableWidthValues.Dxa },
                new TableCellRightMargin { Width = TableCellMargin, Type = TableWidthValues.Dxa }),
            TableLook = new TableLook { Val = "04A0", FirstRow = true, LastRow = false, FirstColumn = false, LastColumn = false, NoHorizontalBand = false, NoVerticalBand = true },
        });
        var grid = new TableGrid();
        foreach (var w in widths) grid.Append(new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) });
        t.Append(grid);

        TableCell Cell(int col, string text, bool bold = false, int span = 1, MergedCellValues? vmerge = null, bool left = false)
        {
            var w = widths.Skip(col).Take(span).Sum();
            var tcp = new TableCellProperties { TableCellWidth = new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = w.ToString(CultureInfo.InvariantCulture) } };
            if (span > 1) tcp.GridSpan = new GridSpan { Val = span };
            if (vmerge is { } vm) tcp.VerticalMerge = new VerticalMerge { Val = vm };
            tcp.TableCellVerticalAlignment = new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center };
            var pp = new ParagraphProperties { ParagraphStyleId = new ParagraphStyleId { Val = "TableText" } };
            if (left) pp.Justification = new Justification { Val = JustificationValues.Left };
            var p = new Paragraph(pp);
            if (text.Length > 0) p.Append(bold ? Run(text, null, true) : Run(text));
            return new TableCell(tcp, p);
        }
        TableRow HeaderRow() => new(new TableRowProperties(new CantSplit(), new TableHeader()));
        // Two header rows as seed 000 prints them: 序号 | 机构名称 | {year}年…概况 (spanning the figures) | scores.
        var extra = a.Headers.Count - 2 - a.GroupColumns;
        var r1 = HeaderRow();
        r1.Append(Cell(0, "序号", true, vmerge: MergedCellValues.Restart), Cell(1, "机构名称", true, vmerge: MergedCellValues.Restart), Cell(2, a.GroupTitle, true, a.GroupColumns));
        for (var i = 0; i < extra; i++) r1.Append(Cell(2 + a.GroupColumns + i, a.Headers[2 + a.GroupColumns + i], true, vmerge: MergedCellValues.Restart));
        var r2 = HeaderRow();
        r2.Append(Cell(0, "", vmerge: MergedCellValues.Continue), Cell(1, "", vmerge: MergedCellValues.Continue));
        var k = 2;
        foreach (var h in a.Headers.Skip(2).Take(a.GroupColumns)) r2.Append(Cell(k++, h, true));
        for (var i = 0; i < extra; i++) r2.Append(Cell(2 + a.GroupColumns + i, "", vmerge: MergedCellValues.Continue));
        t.Append(r1, r2);
        foreach (var row in a.Rows)
        {
            var tr = new TableRow(new TableRowProperties(new CantSplit()));
            var total = IsTotal(row);
            for (var c = 0; c < a.Headers.Count; c++) tr.Append(Cell(c, c < row.Count ? row[c] : "", total, left: c == 1 && !total));
            t.Append(tr);
        }
        return t;
    }
}
