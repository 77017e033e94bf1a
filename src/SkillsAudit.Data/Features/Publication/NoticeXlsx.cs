using System.Globalization;
using SkillsAudit.Data.Files;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>
/// The annex tables as .xlsx in the layout of StatisticsExport, one sheet per annex, as seed 000 prints them: the title,
/// the 制表 line and the date, the merged two-row header, one line per body with its 序号 as a number, and the 合计 row
/// in bold. The writer gives every sheet its page setup (A4, one page wide, header rows repeated).
/// </summary>
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
            List<XCell> Pad(List<XCell> cells, CellStyle style = CellStyle.Header) { while (cells.Count < width) cells.Add(new XCell(null, style)); return cells; }
            var extra = width - 2 - a.GroupColumns;
            var rows = new List<IReadOnlyList<XCell>>
            {
                Pad([new XCell(a.Title, CellStyle.Title)], CellStyle.Plain),
                Pad([new XCell(a.Maker, CellStyle.Plain)], CellStyle.Plain),
                Pad([new XCell(n.DateText, CellStyle.Plain)], CellStyle.Plain),
                Pad([new XCell("序号", CellStyle.Header), new XCell("机构名称", CellStyle.Header), new XCell(a.GroupTitle, CellStyle.Header),
                    .. Enumerable.Repeat(new XCell(null, CellStyle.Header), a.GroupColumns - 1), .. a.Headers.Skip(2 + a.GroupColumns).Select(h => new XCell(h, CellStyle.Header))]),
                Pad([new XCell(null, CellStyle.Header), new XCell(null, CellStyle.Header), .. a.Headers.Skip(2).Take(a.GroupColumns).Select(h => new XCell(h, CellStyle.Header))]),
            };
            foreach (var row in a.Rows)
            {
                var total = row.Count > 1 && row[1] == "合计";
                rows.Add(row.Select((c, i) => Cell(c, i, total)).ToList());
            }
            var merges = new List<string> { $"A1:{last}1", $"A2:{last}2", $"A3:{last}3", "A4:A5", "B4:B5", $"C4:{TabularReader.ColumnName(1 + a.GroupColumns)}4" };
            for (var k = 0; k < extra; k++) { var col = TabularReader.ColumnName(2 + a.GroupColumns + k); merges.Add($"{col}4:{col}5"); }
            var name = $"{a.Label} {a.Title}".Replace('/', ' ');
            w.AddSheet(name.Length > 31 ? name[..31] : name, rows, merges, [6, 34, .. Enumerable.Repeat(12.0, width - 2)], frozenRows: 5, headerRows: (4, 5),
                rowHeights: new Dictionary<int, double> { [1] = 30, [4] = 30, [5] = 45 });
        }
    }

    private static XCell Cell(string text, int column, bool total)
    {
        // 序号 is a number, so the sheet sorts and sums (the 合计 row's empty 序号 stays empty).
        if (column == 0 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var serial)) return new XCell(serial, CellStyle.WholeNumber);
        if (column < 2 || text.Length == 0) return new XCell(text.Length == 0 ? null : text, total ? CellStyle.Bold : CellStyle.Text);
        if (text.EndsWith('%') && decimal.TryParse(text[..^1], NumberStyles.Number, CultureInfo.InvariantCulture, out var pct)) return new XCell(pct / 100m, CellStyle.Percent2);
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return new XCell(l, CellStyle.WholeNumber);
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return new XCell(d, CellStyle.Decimal2);
        return new XCell(text, CellStyle.Text);
    }
}
