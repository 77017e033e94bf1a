namespace SkillsAudit.Domain.Statistics;

/// <summary>A row of a sheet as its cells were stored: a number (read without a round trip through text) or text.</summary>
public interface IStatisticsSheetRow
{
    /// <summary>Is the cell a number (not text, not blank)? Its text is the round-trip form of the double.</summary>
    bool IsNumber(int column, out double value);

    /// <summary>The cell's text ("" when blank or beyond the row).</summary>
    string Text(int column);
}

/// <summary>
/// Reads the data rows of a table whose header is known straight from a sheet's cells, accepting only a row on which
/// <see cref="StatisticsTableReader"/> and <see cref="StatisticsValidator"/> would find nothing at all: a data row (no
/// 合计/小计 label), every cell readable (<see cref="CellFigure.Read"/>, the reader's own), no rule of
/// <see cref="StatisticsRowRules"/> broken, and, for a table read whole, 序号 in sequence. For any other row it says no,
/// and the caller reads the table the ordinary way, so that every issue is found and worded by the reader and the
/// validator alone. Tables whose header has a column without a leaf title (which the reader may realign by the data,
/// seed 000 附件2) are never read this way.
/// </summary>
public sealed class StatisticsCleanRows
{
    private readonly StatisticsColumn[] _columns;
    private readonly int[] _sheetColumn;
    private readonly int _firstSheetColumn;
    private readonly int _number = -1;
    private readonly int[] _labels;
    private readonly CellFigure[] _figures;
    private readonly string?[] _texts;

    private StatisticsCleanRows(StatisticsTable table, IReadOnlyList<int> sheetColumns)
    {
        Form = table.Form;
        Rules = new StatisticsRowRules(table.Columns);
        _columns = [.. table.Columns];
        _sheetColumn = _columns.Select(c => sheetColumns[c.Index]).ToArray();
        _firstSheetColumn = sheetColumns[0]; // the reader also looks for 合计 in the first column
        _number = Array.FindIndex(_columns, c => c.Field == StatisticsField.RowNumber);
        _labels = Enumerable.Range(0, _columns.Length)
            .Where(i => _columns[i].Field is StatisticsField.RowNumber or StatisticsField.BodyName or StatisticsField.OccupationName).ToArray();
        _figures = new CellFigure[_columns.Length];
        _texts = new string?[_columns.Length];
    }

    public StatisticsForm Form { get; }
    public StatisticsRowRules Rules { get; }
    public IReadOnlyList<StatisticsColumn> Columns => _columns;

    /// <summary>The figures of the row last accepted, one per column.</summary>
    public ReadOnlySpan<CellFigure> Figures => _figures;

    /// <summary>The text of a column of the row last accepted, when it is not a figure and not blank.</summary>
    public string? TextOf(int column) => _texts[column];

    /// <summary>The text of the first column of a field in the row last accepted (机构名称, 职业名称…), or null.</summary>
    public string? TextOf(StatisticsField field)
    {
        for (var i = 0; i < _columns.Length; i++)
            if (_columns[i].Field == field) return _texts[i];
        return null;
    }

    /// <summary>
    /// For a table's header rows (tab-separated, as the reader parses them) and the sheet column of each of their
    /// columns: a clean-row reader, or null when the header is not one this reader can take (see the class).
    /// </summary>
    public static StatisticsCleanRows? For(IReadOnlyList<string> headerLines, IReadOnlyList<int> sheetColumns)
    {
        ArgumentNullException.ThrowIfNull(headerLines);
        ArgumentNullException.ThrowIfNull(sheetColumns);
        if (headerLines.Count == 0 || sheetColumns.Count == 0 || headerLines.Any(h => h.Trim().Length == 0) || headerLines[0].TrimStart().StartsWith('|')) return null;
        StatisticsTable table;
        try
        {
            table = StatisticsTableReader.Read(TextTableParser.Parse(string.Join("\n", headerLines) + "\n", 1, headerLines.Count));
        }
        catch (Exception e) when (e is FormatException or StatisticsTableException)
        {
            return null; // an unknown header, say: the ordinary path reports it
        }
        if (table.Source.ColumnCount != sheetColumns.Count || table.Source.Headers.Any(h => !h.HasLeaf) || table.ReadFindings.Count > 0) return null;
        return new StatisticsCleanRows(table, sheetColumns);
    }

    /// <param name="whole">The table is read whole, so 序号 is checked (the validator checks it only then).</param>
    /// <param name="expectedNumber">The 序号 the row must carry when <paramref name="whole"/>; advanced when it does.</param>
    public bool TryRead<TRow>(TRow row, bool whole, ref int expectedNumber) where TRow : IStatisticsSheetRow
    {
        ArgumentNullException.ThrowIfNull(row);
        var allEmpty = true;
        for (var i = 0; i < _columns.Length; i++)
        {
            var col = _columns[i];
            var c = _sheetColumn[i];
            _texts[i] = null;
            if (row.IsNumber(c, out var d) && col.IsCount && d >= 0 && d < 1e15 && Math.Floor(d) == d)
            {
                // a whole double below 1e15 renders as its digits, which the reader reads as this count
                _figures[i] = CellFigure.OfCount((long)d);
            }
            else
            {
                var text = row.Text(c);
                _figures[i] = CellFigure.Read(col, text, out _, out _);
                if (_figures[i].State == CellState.Invalid) return false; // NonNumericCell or NegativeCount
                if (!col.IsFigure && text.Length > 0) _texts[i] = text;
            }
            if (_figures[i].State != CellState.Empty && i != _number) allEmpty = false;
        }
        if (allEmpty) return false; // a template row, skipped by the reader
        // 合计/总计/小计 rows (checked against the rows they total) are for the reader
        foreach (var i in _labels)
            if (_texts[i] is { } label && label.Contains('计', StringComparison.Ordinal)) return false;
        if (row.Text(_firstSheetColumn).Contains('计', StringComparison.Ordinal)) return false;

        var faults = new StatisticsRowRules.AnyFault();
        Rules.Check(_figures, isTotals: false, ref faults);
        if (faults.Found) return false;
        if (whole && _number >= 0)
        {
            // 序号 is checked only when the table is read whole (StatisticsValidator's numbering rule, for data rows in order)
            if (_texts[_number] is not { Length: > 0 } stated || !CellText.TryParseInteger(stated, out var n) || n != expectedNumber) return false;
            expectedNumber++;
        }
        return true;
    }

    /// <summary>A count column's figure as stored: the count when stated (a value or "-"), else unknown.</summary>
    public long? Known(int column) => column >= 0 && _figures[column].IsStated ? _figures[column].Count : null;

}
