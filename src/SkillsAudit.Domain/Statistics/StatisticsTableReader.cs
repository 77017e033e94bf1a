using System.Globalization;
using System.Text.RegularExpressions;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Statistics;

/// <summary>
/// Maps a <see cref="TextTable"/> to statistics rows by recognising the Chinese headers of seed 000's annex tables
/// (序号, 机构名称, 组织评价, 评价合格, 评价合格率, 其中：初级/中级/高级, 评价机构自评得分, 考核小组打分情况) and of
/// seed 001's 附件2 form (职业名称, 职业代码, 工种/职业方向, 批次, 人次, 已发证人数 小计/初级…高级技师, 领取补贴人数).
/// </summary>
public static class StatisticsTableReader
{
    private static readonly Regex Units = new(@"[(（](人|%|％|分|人次|个)[)）]", RegexOptions.CultureInvariant);

    /// <summary>
    /// Reads a statistics table.
    /// Throws <see cref="StatisticsTableException"/> when a header is not recognised (naming the column), a column is
    /// given twice, no 组织评价/人次 column exists, or a column holds data under no header that cannot be explained.
    /// Cells that cannot be read (text in a number cell, a negative count) do not throw: each becomes a
    /// <see cref="FindingKind.NonNumericCell"/> or <see cref="FindingKind.NegativeCount"/> finding naming line and column,
    /// in <see cref="StatisticsTable.ReadFindings"/>, and the cell is <see cref="CellState.Invalid"/>.
    /// </summary>
    public static StatisticsTable Read(TextTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var findings = new List<StatisticsFinding>();
        var columns = MapColumns(table, findings);

        var form = columns.Any(c => c.Field is StatisticsField.OccupationName or StatisticsField.OccupationCode or StatisticsField.Batches
            or StatisticsField.Certified or StatisticsField.CertifiedAtLevel or StatisticsField.SubsidyRecipients)
            ? StatisticsForm.Detailed : StatisticsForm.Summary;

        var rows = new List<StatisticsRow>();
        var skipped = new List<int>();
        foreach (var textRow in table.DataRows)
        {
            if (columns.Where(c => c.Field != StatisticsField.RowNumber).All(c => textRow[c.Index].IsEmpty))
            {
                skipped.Add(textRow.Line); // a template row: "1", "2", "....." with nothing filled in (seed 001 附件2)
                continue;
            }
            var kind = KindOf(textRow, columns);
            var cells = columns.Select(c => ReadCell(textRow, c, columns, findings)).ToList();
            rows.Add(new StatisticsRow(textRow.Line, kind, cells));
        }
        return new StatisticsTable(table, form, columns, rows, skipped, findings);
    }

    /// <summary>Parses the text and reads it: <see cref="TextTableParser.Parse"/> then <see cref="Read(TextTable)"/>.</summary>
    public static StatisticsTable Read(string text, int firstLineNumber = 1) => Read(TextTableParser.Parse(text, firstLineNumber));

    /// <summary>
    /// Recognises one header text (the leaf of a column, with the titles of the merged cells above it).
    /// Returns null when the text is not a statistics header.
    /// </summary>
    public static (StatisticsField Field, Level? Level)? Recognise(string leaf, IReadOnlyList<string>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var t = NormalizeHeader(leaf);
        var underCertified = (groups ?? []).Any(g => NormalizeHeader(g).Contains("发证", StringComparison.Ordinal));
        if (t.Length == 0) return null;
        if (t == "序号") return (StatisticsField.RowNumber, null);
        if (t.Contains("自评", StringComparison.Ordinal)) return (StatisticsField.SelfScore, null);
        if (t.Contains("打分", StringComparison.Ordinal) || t.Contains("考核得分", StringComparison.Ordinal)) return (StatisticsField.PanelScore, null);
        if (t.Contains("合格率", StringComparison.Ordinal)) return (StatisticsField.PassRate, null);
        if (t.Contains("补贴", StringComparison.Ordinal)) return (StatisticsField.SubsidyRecipients, null);
        if (t == "职业名称" || t == "职业") return (StatisticsField.OccupationName, null);
        if (t == "职业代码" || t == "职业编码") return (StatisticsField.OccupationCode, null);
        if (t.StartsWith("工种", StringComparison.Ordinal)) return (StatisticsField.Trade, null);
        if (t.Contains("机构名称", StringComparison.Ordinal) || t == "评价机构" || t == "单位名称") return (StatisticsField.BodyName, null);
        if (t == "批次") return (StatisticsField.Batches, null);
        if (t is "组织评价" or "人次" or "评价人次" or "组织评价人数" or "参评人数" or "评价人数") return (StatisticsField.Assessed, null);
        if (t is "已发证人数" or "发证人数" or "已发证" || (t == "小计" && underCertified)) return (StatisticsField.Certified, null);
        if (t is "评价合格" or "合格" or "合格人数" or "评价合格人数") return (StatisticsField.Passed, null);
        if (t == "备注") return (StatisticsField.Remarks, null);
        if (Levels.TryParse(t, out var level))
            return (underCertified ? StatisticsField.CertifiedAtLevel : StatisticsField.PassedAtLevel, level);
        return null;
    }

    /// <summary>"其中：初级 (人)" → "初级"; "评价机构 自评得分 (分)" → "评价机构自评得分".</summary>
    public static string NormalizeHeader(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var t = CellText.Normalize(header);
        t = Units.Replace(t, "");
        foreach (var prefix in new[] { "其中：", "其中:", "其中" })
        {
            if (t.StartsWith(prefix, StringComparison.Ordinal)) { t = t[prefix.Length..]; break; }
        }
        return t;
    }

    private static List<StatisticsColumn> MapColumns(TextTable table, List<StatisticsFinding> findings)
    {
        var headers = table.Headers;
        var n = table.ColumnCount;
        bool HasData(int col) => table.DataRows.Any(r => !r[col].IsEmpty);

        // header index for each data column; identity unless the header is shifted (see below)
        var headerOf = Enumerable.Range(0, n).ToArray();
        var unlabelledWithData = Enumerable.Range(0, n).FirstOrDefault(c => !headers[c].HasLeaf && HasData(c), -1);
        if (unlabelledWithData >= 0)
        {
            // Seed 000 附件2: the group title "2023年职业技能等级认定评价概况" spans one column too many, so the header row
            // is one cell longer at that point than the data: the self-scores sit under no header, the panel scores under
            // 自评得分, and the last column (考核小组打分情况) is empty in every row. When exactly that pattern holds, read
            // each data column from that point under the next header, and say so (HeaderMisaligned); otherwise refuse.
            var i = unlabelledWithData;
            var shiftable = n >= 2 && i < n - 1 && headers[n - 1].HasLeaf && !HasData(n - 1)
                && Enumerable.Range(i, n - 1 - i).All(c => !HasData(c) || headers[c + 1].HasLeaf);
            var firstLine = table.DataRows.First(r => !r[i].IsEmpty).Line;
            if (!shiftable)
            {
                throw new StatisticsTableException(
                    $"第{i + 1}列没有表头却有数据（第{firstLine}行“{table.DataRows.First(r => !r[i].IsEmpty)[i].Text}”）。",
                    i, headers[i].FullText, firstLine);
            }
            for (var c = i; c < n - 1; c++) headerOf[c] = c + 1;
            headerOf[n - 1] = -1;
            findings.Add(new StatisticsFinding
            {
                Kind = FindingKind.HeaderMisaligned,
                Severity = FindingKind.HeaderMisaligned.DefaultSeverity(),
                Line = table.StartLine,
                Column = headers[i + 1].Leaf,
                ColumnIndex = i,
                Stated = $"第{i + 1}列无表头，第{n}列“{headers[n - 1].Leaf}”无数据",
                Computed = $"第{i + 1}–{n - 1}列数据对应第{i + 2}–{n}列表头",
                Message = $"表头与数据错位：第{i + 1}列有数据但没有表头，最后一列“{headers[n - 1].Leaf}”各行均无数据；"
                    + $"已按第{i + 1}列起数据对应其右侧一列表头（“{headers[i + 1].Leaf}”…）读取，请核对原表。",
            });
        }

        var columns = new List<StatisticsColumn>();
        for (var c = 0; c < n; c++)
        {
            var h = headerOf[c];
            if (h < 0 || !headers[h].HasLeaf) continue; // an unlabelled column without data: layout padding (seed 000's last column)
            var header = headers[h];
            var role = Recognise(header.Leaf, header.Groups)
                ?? throw new StatisticsTableException($"未识别的表头“{header.Leaf}”（第{h + 1}列）。", h, header.Leaf, table.StartLine, $"未识别的表头“{header.Leaf}”。");
            if (columns.Any(x => x.Field == role.Field && x.Level == role.Level && role.Field != StatisticsField.Remarks))
                throw new StatisticsTableException($"表头“{header.Leaf}”（第{h + 1}列）与前面的列重复。", h, header.Leaf, table.StartLine, $"表头“{header.Leaf}”与前面的列重复。");
            columns.Add(new StatisticsColumn(c, h, header.Leaf, role.Field, role.Level));
        }
        if (!columns.Any(c => c.Field == StatisticsField.Assessed))
            throw new StatisticsTableException("缺少“组织评价”或“人次”列，无法读作统计表。", null, null, table.StartLine);
        return columns;
    }

    private static readonly string[] TotalsWords = ["合计", "总计"];

    /// <summary>Whether a label cell (序号, 机构名称) marks a totals row (合计, 总计, 小计), not a row of its own.</summary>
    public static bool IsTotalsLabel(string text) => CellText.Normalize(text) is var l && (TotalsWords.Contains(l) || l == "小计");

    private static RowKind KindOf(TextRow row, List<StatisticsColumn> columns)
    {
        var labels = columns.Where(c => c.Field is StatisticsField.RowNumber or StatisticsField.BodyName or StatisticsField.OccupationName)
            .Select(c => CellText.Normalize(row[c.Index].Text)).Append(CellText.Normalize(row[0].Text)).ToList();
        if (labels.Any(l => TotalsWords.Contains(l))) return RowKind.Total;
        if (labels.Any(l => l == "小计")) return RowKind.Subtotal;
        return RowKind.Data;
    }

    private static StatisticsCell ReadCell(TextRow row, StatisticsColumn column, List<StatisticsColumn> columns, List<StatisticsFinding> findings)
    {
        var text = row[column.Index].Text;
        var figure = CellFigure.Read(column, text, out var problem, out var negative);
        if (problem is null) return new StatisticsCell(column, text, figure.State, figure.Number, figure.Decimals);

        var name = TextOf(StatisticsField.BodyName) ?? TextOf(StatisticsField.OccupationName);
        findings.Add(new StatisticsFinding
        {
            Kind = negative ? FindingKind.NegativeCount : FindingKind.NonNumericCell,
            Severity = FindingSeverity.Error,
            Line = row.Line,
            RowNumber = TextOf(StatisticsField.RowNumber),
            RowName = name,
            Column = column.Header,
            ColumnIndex = column.Index,
            Stated = text,
            Message = $"第{row.Line.ToString(CultureInfo.InvariantCulture)}行“{name}”的“{column.Header}”为“{text}”，{problem}。",
        });
        return new StatisticsCell(column, text, CellState.Invalid, null, 0);

        string? TextOf(StatisticsField field) => columns.FirstOrDefault(c => c.Field == field) is { } col && !row[col.Index].IsEmpty ? row[col.Index].Text : null;
    }
}
