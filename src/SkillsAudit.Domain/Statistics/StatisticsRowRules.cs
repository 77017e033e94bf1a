namespace SkillsAudit.Domain.Statistics;

/// <summary>
/// A cell as its figure: how it read (<see cref="CellState"/>), the number when it is a value, the decimals printed
/// (rates) and the cell as a count (the value, or 0 for "-", blank, invalid or a column that is not a count).
/// </summary>
public readonly record struct CellFigure(CellState State, decimal? Number, int Decimals, long Count)
{
    public static readonly CellFigure Empty = new(CellState.Empty, null, 0, 0);
    public static readonly CellFigure Dash = new(CellState.Dash, null, 0, 0);
    public static readonly CellFigure Invalid = new(CellState.Invalid, null, 0, 0);

    /// <summary>Stated (a value or "-"), as opposed to blank or invalid.</summary>
    public bool IsStated => State is CellState.Value or CellState.Dash;

    /// <summary>A count read as a number: a whole, non-negative value.</summary>
    public static CellFigure OfCount(long count) => new(CellState.Value, count, 0, count);

    public static CellFigure Of(StatisticsCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return new(cell.State, cell.Number, cell.Decimals, cell.AsCount.Value);
    }

    /// <summary>
    /// Reads a cell's text as its column's kind of figure (counts, the printed rate, scores; any other column is text:
    /// a value unless blank). <paramref name="problem"/> says why an invalid cell is invalid, in Chinese;
    /// <paramref name="negative"/> tells a negative count from text.
    /// </summary>
    public static CellFigure Read(StatisticsColumn column, string text, out string? problem, out bool negative)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        negative = false;
        if (text.Length == 0) return Empty;
        if (!column.IsFigure) return new(CellState.Value, null, 0, 0);
        if (CellText.IsDash(text)) return Dash;
        if (column.IsCount)
        {
            if (!CellText.TryParseInteger(text, out var v)) problem = "不是整数人数";
            else if (v < 0) { problem = "人数不能为负数"; negative = true; }
            else return OfCount(v);
        }
        else if (column.Field == StatisticsField.PassRate)
        {
            if (!CellText.TryParsePercent(text, out var rate, out var decimals)) problem = "不是百分数";
            else if (rate < 0) problem = "合格率不能为负数";
            else return new(CellState.Value, rate, decimals, 0);
        }
        else
        {
            if (!CellText.TryParseDecimal(text, out var score)) problem = "不是分数";
            else if (score < 0) problem = "得分不能为负数";
            else return new(CellState.Value, score, 0, 0);
        }
        return Invalid;
    }
}

/// <summary>Receives the faults <see cref="StatisticsRowRules.Check"/> finds; returns false to stop at this one.</summary>
public interface IRowFaults
{
    bool Fault(FindingKind kind, int cell);
}

/// <summary>
/// The row rules of <see cref="StatisticsValidator"/>, written once, over a row's cells as figures: required cells not
/// blank, levels adding up to their total, passed and certified not above assessed, the printed rate right
/// (seed 000 附件1/附件2 and seed 001 附件2 print these figures; DOMAIN: documents contain errors, so each is checked).
/// The validator words each fault it is told of; the import's clean-row reader only asks whether there is any.
/// Built once per table from its columns, so a row is checked without looking a column up.
/// </summary>
public sealed class StatisticsRowRules
{
    private readonly StatisticsColumn[] _columns;
    private readonly int _assessed = -1, _passed = -1, _certified = -1, _rate = -1;
    private readonly int[] _passedLevels, _certifiedLevels;
    private readonly bool[] _requiredInData, _requiredInTotals;

    public StatisticsRowRules(IReadOnlyList<StatisticsColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = [.. columns];
        var passedLevels = new List<int>();
        var certifiedLevels = new List<int>();
        _requiredInData = new bool[_columns.Length];
        _requiredInTotals = new bool[_columns.Length];
        for (var i = 0; i < _columns.Length; i++)
        {
            var c = _columns[i];
            // the first column of a field without a level, as StatisticsRow.Cell finds it
            if (c.Level is null)
            {
                switch (c.Field)
                {
                    case StatisticsField.Assessed when _assessed < 0: _assessed = i; break;
                    case StatisticsField.Passed when _passed < 0: _passed = i; break;
                    case StatisticsField.Certified when _certified < 0: _certified = i; break;
                    case StatisticsField.PassRate when _rate < 0: _rate = i; break;
                }
            }
            if (c.Field == StatisticsField.PassedAtLevel) passedLevels.Add(i);
            if (c.Field == StatisticsField.CertifiedAtLevel) certifiedLevels.Add(i);
            // a totals row has no name, scores or remarks
            _requiredInTotals[i] = c.IsCount || c.Field == StatisticsField.PassRate;
            _requiredInData[i] = c.IsFigure || c.Field is StatisticsField.BodyName or StatisticsField.OccupationName;
        }
        _passedLevels = [.. passedLevels];
        _certifiedLevels = [.. certifiedLevels];
    }

    public IReadOnlyList<StatisticsColumn> Columns => _columns;

    /// <summary>The level columns whose sum a total column must equal (passed → 其中 levels, certified → 已发证 levels).</summary>
    public IReadOnlyList<int> LevelsOf(int total) => total == _certified ? _certifiedLevels : _passedLevels;

    /// <summary>
    /// Checks one row, telling <paramref name="faults"/> of each fault in the validator's order: blank required cells
    /// (column order), passed levels, certified levels, passed above assessed, certified above assessed, the rate.
    /// </summary>
    public void Check<T>(ReadOnlySpan<CellFigure> cells, bool isTotals, ref T faults) where T : struct, IRowFaults
    {
        if (cells.Length != _columns.Length) throw new ArgumentException("one figure per column", nameof(cells));
        var required = isTotals ? _requiredInTotals : _requiredInData;
        // nobody assessed: no rate can be printed, so a blank rate cell is right
        var noneAssessed = _assessed >= 0 && cells[_assessed].IsStated && cells[_assessed].Count == 0;
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i].State != CellState.Empty || !required[i]) continue;
            if (i == _rate && noneAssessed) continue;
            if (!faults.Fault(FindingKind.MissingCell, i)) return;
        }
        if (!LevelsAddUp(cells, _passed, _passedLevels) && !faults.Fault(FindingKind.LevelsDoNotAddUp, _passed)) return;
        if (!LevelsAddUp(cells, _certified, _certifiedLevels) && !faults.Fault(FindingKind.LevelsDoNotAddUp, _certified)) return;
        if (Above(cells, _passed) && !faults.Fault(FindingKind.PassedExceedsAssessed, _passed)) return;
        if (Above(cells, _certified) && !faults.Fault(FindingKind.CertifiedExceedsAssessed, _certified)) return;
        if (RateFault(cells) is { } rateFault) faults.Fault(rateFault, _rate);
    }

    /// <summary>A stated total with any stated level must equal their sum (an invalid level leaves the sum unknown).</summary>
    private static bool LevelsAddUp(ReadOnlySpan<CellFigure> cells, int total, int[] levels)
    {
        if (total < 0 || levels.Length == 0 || !cells[total].IsStated) return true;
        var sum = 0L;
        var anyFilled = false;
        foreach (var i in levels)
        {
            if (cells[i].State == CellState.Invalid) return true;
            if (cells[i].State != CellState.Empty) anyFilled = true;
            sum += cells[i].Count;
        }
        return !anyFilled || sum == cells[total].Count;
    }

    private bool Above(ReadOnlySpan<CellFigure> cells, int column) =>
        column >= 0 && cells[column].State == CellState.Value && _assessed >= 0 && cells[_assessed].State != CellState.Invalid
        && cells[column].Count > cells[_assessed].Count;

    private FindingKind? RateFault(ReadOnlySpan<CellFigure> cells)
    {
        if (_rate < 0 || _passed < 0 || _assessed < 0) return null;
        var rate = cells[_rate];
        if (rate is not { State: CellState.Value, Number: { } stated }) return null;
        if (cells[_passed].State is CellState.Invalid or CellState.Empty || cells[_assessed].State == CellState.Invalid) return null;
        var assessed = cells[_assessed].Count;
        if (assessed == 0) return FindingKind.RateWithoutAssessed;
        // Compared at the precision printed; the seeds print 2 decimals, rounded half away from zero (Rates.Percent).
        var atPrinted = Math.Round(cells[_passed].Count * 100m / assessed, Math.Min(rate.Decimals, 10), MidpointRounding.AwayFromZero);
        return atPrinted == stated ? null : FindingKind.RateMismatch;
    }

    /// <summary>A fault sink that stops at the first fault and remembers there was one.</summary>
    public struct AnyFault : IRowFaults
    {
        public bool Found { get; private set; }

        public bool Fault(FindingKind kind, int cell)
        {
            Found = true;
            return false;
        }
    }
}
