using System.Text.RegularExpressions;

namespace SkillsAudit.Domain.Statistics;

public enum TextTableFormat
{
    /// <summary>Markdown pipe table, as seed 000 prints its annexes.</summary>
    Markdown,
    /// <summary>Tab-separated lines, as seed 001 prints its annex forms.</summary>
    TabSeparated,
}

/// <summary>One cell as printed, trimmed. Interpretation (count, percentage, score) is left to the reader.</summary>
public sealed record TextCell(int Column, string Text)
{
    public bool IsEmpty => Text.Length == 0;

    /// <summary>A dash written for "none": "-", "－", "—", "–", "/" (seed 000 附件1 uses "-").</summary>
    public bool IsDash => CellText.IsDash(Text);
}

/// <summary>A row with the 1-based line number it was read from.</summary>
public sealed class TextRow
{
    internal TextRow(int line, IReadOnlyList<TextCell> cells)
    {
        Line = line;
        Cells = cells;
    }

    public int Line { get; }
    public IReadOnlyList<TextCell> Cells { get; }

    /// <summary>The cell at a column; an empty cell beyond the end of a short row.</summary>
    public TextCell this[int column] => column < Cells.Count ? Cells[column] : new TextCell(column, "");

    public bool IsBlank => Cells.All(c => c.IsEmpty);
}

/// <summary>
/// A column's header as printed over possibly several header rows (seed 000: a group title row and a leaf row;
/// seed 001 附件2: three rows with merged cells). <see cref="Leaf"/> is the lowest non-empty header cell in the
/// column itself; <see cref="Groups"/> are the titles of merged group cells above it, outermost first.
/// </summary>
public sealed record TextColumnHeader(int Column, string Leaf, IReadOnlyList<string> Groups)
{
    public bool HasLeaf => Leaf.Length > 0;
    public string FullText => string.Join(" / ", Groups.Append(Leaf).Where(s => s.Length > 0));
}

/// <summary>
/// A table read from text, neutral about what it means: header rows, data rows with their source lines, cells.
/// </summary>
public sealed class TextTable
{
    internal TextTable(TextTableFormat format, int startLine, IReadOnlyList<TextRow> headerRows, IReadOnlyList<TextRow> dataRows, IReadOnlyList<string> precedingLines)
    {
        Format = format;
        StartLine = startLine;
        HeaderRows = headerRows;
        DataRows = dataRows;
        ColumnCount = headerRows.Concat(dataRows).Select(r => r.Cells.Count).DefaultIfEmpty(0).Max();
        PrecedingLines = precedingLines;
        AnnexLabel = precedingLines.Select(l => AnnexPattern.Match(l)).LastOrDefault(m => m.Success)?.Value.Replace(" ", "", StringComparison.Ordinal);
        Title = FindTitle(precedingLines);
        Headers = Enumerable.Range(0, ColumnCount).Select(BuildHeader).ToList();
    }

    private static readonly Regex AnnexPattern = new(@"^附件\s*\d+", RegexOptions.CultureInvariant);

    public TextTableFormat Format { get; }
    /// <summary>The line of the first header row.</summary>
    public int StartLine { get; }
    public IReadOnlyList<TextRow> HeaderRows { get; }
    public IReadOnlyList<TextRow> DataRows { get; }
    public int ColumnCount { get; }
    public IReadOnlyList<TextColumnHeader> Headers { get; }

    /// <summary>Non-empty lines printed just before the table (since the previous table), e.g. "附件1" and the title.</summary>
    public IReadOnlyList<string> PrecedingLines { get; }
    /// <summary>"附件1", "附件2" … when the lines before the table name the annex.</summary>
    public string? AnnexLabel { get; }
    /// <summary>The first line after the annex label (or the first preceding line), e.g. the table's title.</summary>
    public string? Title { get; }

    private static string? FindTitle(IReadOnlyList<string> lines)
    {
        var annexAt = -1;
        for (var i = 0; i < lines.Count; i++) if (AnnexPattern.IsMatch(lines[i])) annexAt = i;
        var start = annexAt + 1;
        return start < lines.Count ? lines[start] : null;
    }

    private TextColumnHeader BuildHeader(int column)
    {
        var leaf = "";
        var leafRow = -1;
        for (var r = HeaderRows.Count - 1; r >= 0; r--)
        {
            if (!HeaderRows[r][column].IsEmpty) { leaf = HeaderRows[r][column].Text; leafRow = r; break; }
        }
        // A group title is a header cell with something printed below it in its own column; as a merged cell it
        // covers the following columns whose cell in that row is empty.
        var groups = new List<string>();
        var groupRows = leafRow < 0 ? HeaderRows.Count : leafRow;
        for (var r = 0; r < groupRows; r++)
        {
            for (var c = column; c >= 0; c--)
            {
                var cell = HeaderRows[r][c];
                if (cell.IsEmpty) continue;
                if (c == column || HasTextBelow(r, c)) groups.Add(cell.Text);
                break;
            }
        }
        // OCR sometimes repeats a vertically merged header in each row it covers ("序号" over "序号"): not a group.
        if (leafRow >= 0 && groups.Count > 0 && groups[^1] == leaf) groups.RemoveAt(groups.Count - 1);
        return new TextColumnHeader(column, leaf, groups);
    }

    private bool HasTextBelow(int row, int column)
    {
        for (var r = row + 1; r < HeaderRows.Count; r++) if (!HeaderRows[r][column].IsEmpty) return true;
        return false;
    }
}

/// <summary>
/// Reads tables printed as text: markdown pipe tables (seed 000) and tab-separated lines (seed 001).
/// </summary>
public static class TextTableParser
{
    private static readonly Regex SeparatorCell = new(@"^:?-{1,}:?$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Parses one table. The format is markdown when the first non-empty line starts with "|", otherwise tab-separated.
    /// Header rows: the first row, then (markdown) the separator line, then every following row that comes before the
    /// first row with a figure in it and has no figure itself (seed 000's second header row sits after the separator;
    /// seed 001 附件2 has three header rows). Pass <paramref name="headerRows"/> to override the detection.
    /// </summary>
    /// <param name="firstLineNumber">The line number of the first line of <paramref name="text"/> in its document.</param>
    public static TextTable Parse(string text, int firstLineNumber = 1, int? headerRows = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = SplitLines(text);
        var first = lines.FindIndex(l => l.Trim().Length > 0);
        if (first < 0) throw new FormatException("没有表格内容 (the text holds no table).");
        var markdown = lines[first].TrimStart().StartsWith('|');
        var rows = new List<(int Line, string Text)>();
        for (var i = first; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            rows.Add((firstLineNumber + i, lines[i]));
        }
        return Build(markdown ? TextTableFormat.Markdown : TextTableFormat.TabSeparated, rows, [], headerRows);
    }

    /// <summary>
    /// Finds every table in a document: each run of consecutive lines starting with "|" is a markdown table, each run
    /// of consecutive lines holding a tab is a tab-separated table. Line numbers are the document's (1-based).
    /// </summary>
    public static IReadOnlyList<TextTable> FindTables(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var lines = SplitLines(document);
        var tables = new List<TextTable>();
        var preceding = new List<string>();
        var i = 0;
        while (i < lines.Count)
        {
            var line = lines[i];
            var isMd = line.TrimStart().StartsWith('|');
            var isTsv = !isMd && line.Contains('\t', StringComparison.Ordinal);
            if (!isMd && !isTsv)
            {
                if (line.Trim().Length > 0) preceding.Add(line.Trim());
                i++;
                continue;
            }
            var rows = new List<(int, string)>();
            while (i < lines.Count && (isMd ? lines[i].TrimStart().StartsWith('|') : lines[i].Contains('\t', StringComparison.Ordinal)))
            {
                rows.Add((i + 1, lines[i]));
                i++;
            }
            tables.Add(Build(isMd ? TextTableFormat.Markdown : TextTableFormat.TabSeparated, rows, preceding.TakeLast(6).ToList(), null));
            preceding.Clear();
        }
        return tables;
    }

    private static List<string> SplitLines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').ToList();

    private static TextTable Build(TextTableFormat format, List<(int Line, string Text)> lines, IReadOnlyList<string> preceding, int? headerRowCount)
    {
        var rows = new List<TextRow>();
        foreach (var (line, text) in lines)
        {
            var cells = format == TextTableFormat.Markdown ? SplitMarkdown(text) : text.Split('\t').Select(s => s.Trim()).ToList();
            if (format == TextTableFormat.Markdown && cells.Count > 0 && cells.All(c => c.Length == 0 || SeparatorCell.IsMatch(c)) && cells.Any(c => c.Length > 0))
                continue; // the |---|---| line
            rows.Add(new TextRow(line, cells.Select((c, i) => new TextCell(i, c)).ToList()));
        }
        if (rows.Count == 0) throw new FormatException("没有表格内容 (the text holds no table).");

        int headerCount;
        if (headerRowCount is { } n)
        {
            if (n < 0 || n > rows.Count) throw new ArgumentOutOfRangeException(nameof(headerRowCount), n, "表头行数超出表格行数 (more header rows than rows).");
            headerCount = n;
        }
        else
        {
            var firstWithFigure = rows.FindIndex(r => r.Cells.Any(c => CellText.LooksNumeric(c.Text)));
            headerCount = firstWithFigure <= 0 ? 1 : firstWithFigure;
        }
        var startLine = rows[0].Line;
        return new TextTable(format, startLine, rows.Take(headerCount).ToList(), rows.Skip(headerCount).ToList(), preceding);
    }

    private static List<string> SplitMarkdown(string line)
    {
        var t = line.Trim();
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < t.Length; i++)
        {
            var ch = t[i];
            if (ch == '\\' && i + 1 < t.Length && t[i + 1] == '|') { current.Append('|'); i++; continue; }
            if (ch == '|') { cells.Add(current.ToString().Trim()); current.Clear(); continue; }
            current.Append(ch);
        }
        cells.Add(current.ToString().Trim());
        // "| a | b |" splits into "", "a", "b", "": drop the outer empties made by the leading and trailing pipes.
        if (t.StartsWith('|')) cells.RemoveAt(0);
        if (t.EndsWith('|') && cells.Count > 0) cells.RemoveAt(cells.Count - 1);
        return cells;
    }
}
