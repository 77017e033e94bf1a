using nietras.SeparatedValues;

namespace SkillsAudit.Domain.Common;

/// <summary>One data row of a CSV file: its first line number in the file (the header is line 1) and its cells, in the order the caller asked for.</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string> Cells)
{
    public string this[int index] => Cells[index];
}

/// <summary>
/// Reads a small comma-separated file with a header row by RFC 4180 rules, with Sep: a quoted field may hold commas,
/// doubled quotes and line breaks. Columns are found by their header names, in any order; blank lines are skipped.
/// A malformed file is a <see cref="FormatException"/> whose Chinese message names the file, the line and the column.
/// </summary>
public static class CsvTable
{
    public static IReadOnlyList<CsvRow> Read(TextReader text, string source, IReadOnlyList<string> columns)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(text);
        var header = reader.Header.ColNames;
        if (header.Count == 0) throw new FormatException($"{source}：文件为空，应有表头 {string.Join(",", columns)}");
        var indexes = new int[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            indexes[c] = IndexOf(header, columns[c]);
            if (indexes[c] < 0) throw new FormatException($"{source} 第1行：缺少列“{columns[c]}”，表头应为 {string.Join(",", columns)}");
        }
        var rows = new List<CsvRow>();
        foreach (var row in reader)
        {
            if (row.ColCount == 1 && row[0].Span.IsWhiteSpace()) continue;
            if (row.ColCount != header.Count)
                throw new FormatException($"{source} 第{row.LineNumberFrom}行：应有 {header.Count} 列（{string.Join(",", header)}），实际 {row.ColCount} 列；含逗号的内容请用英文双引号括起");
            var cells = new string[columns.Count];
            for (var c = 0; c < cells.Length; c++) cells[c] = row[indexes[c]].ToString().Trim();
            rows.Add(new CsvRow(row.LineNumberFrom, cells));
        }
        return rows;
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }
}
