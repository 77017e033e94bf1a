using System.Globalization;
using System.Text;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>One body's line of an annex table: a filing's figures for the year, summed over its occupations.</summary>
public sealed record AnnexLine(string Name, StatisticsFigures Figures);

/// <summary>An annex table as seed 000 prints 附件1 (省属机构) and 附件2 (忻州市属): title, lines, totals.</summary>
public sealed record AnnexTable(string Label, string Title, int Year, IReadOnlyList<AnnexLine> Lines, IReadOnlyList<Level> Levels)
{
    public StatisticsFigures Totals => StatisticsFigures.Sum(Lines.Select(l => l.Figures));
}

/// <summary>
/// Writes statistics the way seed 000 publishes them: per supervision (附件1 省属, 附件2 市属) a table with 序号, 机构名称 and
/// the group "{year}年职业技能等级认定评价概况" over 组织评价 (人), 评价合格 (人), 评价合格率 (%), 其中：初级 (人)… — a two-row
/// merged header — then one line per body and a 合计 row. The rate is derived (Passed/Assessed, 2 decimals), never the
/// stated one. xlsx: one sheet per table, merged headers, % format; csv: the tables one after another. Both import back.
/// </summary>
public static class StatisticsExport
{
    public static IReadOnlyList<AnnexTable> BuildAnnexTables(IReadOnlyList<StatisticsRecordRow> rows, int year, string regionName)
    {
        var tables = new List<AnnexTable>();
        var groups = new (Supervision? Supervision, string Label, string Suffix)[]
        {
            (Supervision.Province, "附件1", "省属机构"),
            (Supervision.City, "附件2", $"{regionName}属"),
            (null, "附件3", "监管未注明"),
        };
        var n = 0;
        foreach (var (sup, _, suffix) in groups)
        {
            var mine = rows.Where(r => r.Year == year && r.Supervision == sup).ToList();
            if (mine.Count == 0) continue;
            var lines = mine.GroupBy(r => r.FilingId)
                .Select(g => new AnnexLine(g.First().FilingName, StatisticsFigures.Sum(g.Select(r => r.ToFigures()))))
                .ToList();
            var levels = Levels.All.Where(l => lines.Any(x => x.Figures.PassedByLevel[l] is not null)).ToList();
            n++;
            tables.Add(new AnnexTable($"附件{n}", $"{year}年度职业技能等级评价机构基本情况（{suffix}）", year, lines, levels));
        }
        return tables;
    }

    private static string[] Headers(AnnexTable t) =>
        ["序号", "机构名称", "组织评价 (人)", "评价合格 (人)", "评价合格率 (%)", .. t.Levels.Select(l => $"其中：{l.ShortName()} (人)")];

    /// <summary>"制表：忻州市人力资源和社会保障局　制表日期：2024年1月25日" for a region's export; null without a region.</summary>
    public static string? Maker(string? region, DateOnly madeOn) =>
        region is { Length: > 0 } && SkillsAudit.Domain.Registry.Regions.Find(region) is { } r
            ? $"制表：{r.Name}人力资源和社会保障局　制表日期：{madeOn.Year}年{madeOn.Month}月{madeOn.Day}日" : null;

    /// <param name="maker">The 制表 line as the seed's annexes print it above the table (制表单位 and date), or null for none.</param>
    public static void WriteXlsx(Stream output, IReadOnlyList<AnnexTable> tables, string? maker = null)
    {
        using var w = new XlsxWriter(output);
        if (tables.Count == 0)
        {
            w.AddSheet("统计", [new XCell[] { "没有符合条件的统计数据" }]);
            return;
        }
        foreach (var t in tables)
        {
            var headers = Headers(t);
            var last = TabularReader.ColumnName(headers.Length - 1);
            var top = maker is null ? 1 : 2;
            var rows = new List<IReadOnlyList<XCell>> { Pad([new XCell(t.Title, CellStyle.Title)], headers.Length, CellStyle.Plain) };
            if (maker is not null) rows.Add(Pad([new XCell(maker, CellStyle.Plain)], headers.Length, CellStyle.Plain));
            rows.Add(Pad([new XCell("序号", CellStyle.Header), new XCell("机构名称", CellStyle.Header), new XCell($"{t.Year}年职业技能等级认定评价概况", CellStyle.Header)], headers.Length, CellStyle.Header));
            rows.Add(Pad([new XCell(null, CellStyle.Header), new XCell(null, CellStyle.Header), .. headers.Skip(2).Select(h => new XCell(h, CellStyle.Header))], headers.Length, CellStyle.Header));
            var i = 0;
            foreach (var line in t.Lines) rows.Add(Line(++i, line.Name, line.Figures, t.Levels, CellStyle.Text));
            rows.Add(Line(null, "合计", t.Totals, t.Levels, CellStyle.Bold));
            int h1 = top + 1, h2 = top + 2;
            var merges = new List<string> { $"A1:{last}1", $"A{h1}:A{h2}", $"B{h1}:B{h2}", $"C{h1}:{last}{h1}" };
            if (maker is not null) merges.Add($"A2:{last}2");
            w.AddSheet($"{t.Label} {t.Title}".Replace('/', ' '), rows, merges,
                widths: [6, 34, .. Enumerable.Repeat(12.0, headers.Length - 2)], frozenRows: h2, headerRows: (h1, h2),
                rowHeights: new Dictionary<int, double> { [1] = 30, [h2] = 32 });
        }
    }

    private static List<XCell> Pad(List<XCell> cells, int width, CellStyle style)
    {
        while (cells.Count < width) cells.Add(new XCell(null, style));
        return cells;
    }

    private static List<XCell> Line(int? number, string name, StatisticsFigures f, IReadOnlyList<Level> levels, CellStyle text)
    {
        var cells = new List<XCell>
        {
            number is { } n ? new(n, CellStyle.WholeNumber) : new(null, text), new(name, text), new(f.Assessed.Value, CellStyle.WholeNumber),
            f.Passed is { } p ? new XCell(p.Value, CellStyle.WholeNumber) : new XCell(null, CellStyle.WholeNumber),
            f.PassRate is { } r ? new XCell(r / 100m, CellStyle.Percent2) : new XCell(null, CellStyle.Percent2),
        };
        foreach (var l in levels) cells.Add(f.PassedByLevel[l] is { } c ? new XCell(c.Value, CellStyle.WholeNumber) : new XCell(null, CellStyle.WholeNumber));
        return cells;
    }

    public static void WriteCsv(Stream output, IReadOnlyList<AnnexTable> tables)
    {
        using var w = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        var first = true;
        foreach (var t in tables)
        {
            if (!first) w.WriteLine();
            first = false;
            var headers = Headers(t);
            WriteRow(w, [t.Title]);
            WriteRow(w, ["序号", "机构名称", $"{t.Year}年职业技能等级认定评价概况", .. Enumerable.Repeat("", headers.Length - 3)]);
            WriteRow(w, ["", "", .. headers.Skip(2)]);
            var i = 0;
            foreach (var line in t.Lines) WriteRow(w, CsvLine((++i).ToString(CultureInfo.InvariantCulture), line.Name, line.Figures, t.Levels));
            WriteRow(w, CsvLine("", "合计", t.Totals, t.Levels));
        }
    }

    private static string[] CsvLine(string number, string name, StatisticsFigures f, IReadOnlyList<Level> levels) =>
        [number, name, f.Assessed.ToString(), f.Passed?.ToString() ?? "", f.PassRate is { } r ? Rates.FormatPercent(r) : "",
         .. levels.Select(l => f.PassedByLevel[l]?.ToString() ?? "")];

    private static void WriteRow(StreamWriter w, IEnumerable<string> cells) =>
        w.WriteLine(string.Join(",", cells.Select(c => c.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : c)));
}
