using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Statistics;

/// <summary>What a statistics column holds.</summary>
public enum StatisticsField
{
    /// <summary>序号.</summary>
    RowNumber,
    /// <summary>机构名称.</summary>
    BodyName,
    /// <summary>职业名称.</summary>
    OccupationName,
    /// <summary>职业代码.</summary>
    OccupationCode,
    /// <summary>工种/职业方向.</summary>
    Trade,
    /// <summary>批次.</summary>
    Batches,
    /// <summary>组织评价 (人) / 人次.</summary>
    Assessed,
    /// <summary>评价合格 (人).</summary>
    Passed,
    /// <summary>评价合格率 (%), printed; kept only to be checked.</summary>
    PassRate,
    /// <summary>其中：初级/中级/高级… (人) — passed persons at one level.</summary>
    PassedAtLevel,
    /// <summary>已发证人数 小计.</summary>
    Certified,
    /// <summary>已发证人数 初级…高级技师.</summary>
    CertifiedAtLevel,
    /// <summary>领取补贴人数.</summary>
    SubsidyRecipients,
    /// <summary>评价机构自评得分 (分).</summary>
    SelfScore,
    /// <summary>考核小组打分情况 (分).</summary>
    PanelScore,
    /// <summary>备注.</summary>
    Remarks,
}

/// <summary>Which form a statistics table is.</summary>
public enum StatisticsForm
{
    /// <summary>Per body, no occupations: seed 000 附件1/附件2 (组织评价, 评价合格, 评价合格率, 其中：初级…).</summary>
    Summary,
    /// <summary>Per occupation: seed 001 附件2 (职业名称, 职业代码, 工种, 批次, 人次, 已发证人数 by level, 领取补贴人数).</summary>
    Detailed,
}

/// <summary>
/// A recognised column. <see cref="Index"/> is where its data cells are; <see cref="HeaderIndex"/> where its header
/// was printed (they differ only when the reader realigned a shifted header, see <see cref="FindingKind.HeaderMisaligned"/>).
/// </summary>
public sealed record StatisticsColumn(int Index, int HeaderIndex, string Header, StatisticsField Field, Level? Level)
{
    public bool IsCount => Field is StatisticsField.Batches or StatisticsField.Assessed or StatisticsField.Passed
        or StatisticsField.PassedAtLevel or StatisticsField.Certified or StatisticsField.CertifiedAtLevel or StatisticsField.SubsidyRecipients;

    public bool IsScore => Field is StatisticsField.SelfScore or StatisticsField.PanelScore;

    /// <summary>Counts, the printed rate and scores: cells that must hold numbers.</summary>
    public bool IsFigure => IsCount || IsScore || Field == StatisticsField.PassRate;
}

public enum CellState
{
    /// <summary>A readable value.</summary>
    Value,
    /// <summary>"-": stated as none; a count reads as 0.</summary>
    Dash,
    /// <summary>Blank: nothing printed; a count reads as 0 but the cell is flagged as missing.</summary>
    Empty,
    /// <summary>Not readable as the column's kind of figure, or a negative count; reported when read.</summary>
    Invalid,
}

/// <summary>A cell of a statistics row: its text, how it read, and the number if it is a figure.</summary>
public sealed record StatisticsCell(StatisticsColumn Column, string Text, CellState State, decimal? Number, int Decimals)
{
    /// <summary>The cell as a count: the value, or 0 for "-", blank or invalid.</summary>
    public Count AsCount => State == CellState.Value && Column.IsCount && Number is { } n ? Count.Of((long)n) : Count.Zero;

    /// <summary>Stated (a value or "-"), as opposed to blank or invalid.</summary>
    public bool IsStated => State is CellState.Value or CellState.Dash;
}

public enum RowKind
{
    Data,
    /// <summary>合计/总计: totals of all data rows.</summary>
    Total,
    /// <summary>小计: totals of the data rows since the previous 小计.</summary>
    Subtotal,
}

/// <summary>A row of a statistics table as read, cell by cell, with its source line.</summary>
public sealed class StatisticsRow
{
    internal StatisticsRow(int line, RowKind kind, IReadOnlyList<StatisticsCell> cells)
    {
        Line = line;
        Kind = kind;
        Cells = cells;
    }

    public int Line { get; }
    public RowKind Kind { get; }
    public bool IsTotals => Kind != RowKind.Data;
    public IReadOnlyList<StatisticsCell> Cells { get; }

    /// <summary>The cell of a field (and level), or null when the table has no such column.</summary>
    public StatisticsCell? Cell(StatisticsField field, Level? level = null) =>
        Cells.FirstOrDefault(c => c.Column.Field == field && c.Column.Level == level);

    /// <summary>序号 as printed, or null when blank.</summary>
    public string? Number => Text(StatisticsField.RowNumber);

    /// <summary>The name cell: 机构名称, else 职业名称; "合计" on a totals row.</summary>
    public string? Name => Text(StatisticsField.BodyName) ?? Text(StatisticsField.OccupationName);

    public string? OccupationCode => Text(StatisticsField.OccupationCode);
    public string? Trade => Text(StatisticsField.Trade);

    /// <summary>A count cell read as the brief's rule: value, or 0 for "-", blank or invalid; 0 when the column is absent.</summary>
    public Count CountOf(StatisticsField field, Level? level = null) => Cell(field, level)?.AsCount ?? Count.Zero;

    /// <summary>Whether the cell exists and was left blank.</summary>
    public bool IsMissing(StatisticsField field, Level? level = null) => Cell(field, level)?.State == CellState.Empty;

    public Count Assessed => CountOf(StatisticsField.Assessed);
    public Count Passed => CountOf(StatisticsField.Passed);
    public Count Certified => CountOf(StatisticsField.Certified);
    public Count Batches => CountOf(StatisticsField.Batches);
    public Count SubsidyRecipients => CountOf(StatisticsField.SubsidyRecipients);

    /// <summary>The printed pass rate in percent (81.79 for "81.79%"), or null when not printed.</summary>
    public decimal? StatedRate => NumberOf(StatisticsField.PassRate);
    public decimal? SelfScore => NumberOf(StatisticsField.SelfScore);
    public decimal? PanelScore => NumberOf(StatisticsField.PanelScore);

    /// <summary>Passed persons by level, for the level columns the table has (blank or "-" read as 0).</summary>
    public LevelCounts PassedByLevel => LevelsOf(StatisticsField.PassedAtLevel, includeUnstated: true);
    public LevelCounts CertifiedByLevel => LevelsOf(StatisticsField.CertifiedAtLevel, includeUnstated: true);

    /// <summary>
    /// The row as domain figures. Unlike the count accessors, a blank or invalid cell becomes unknown (null / an absent
    /// level) rather than 0, so sums can tell "not reported" from "none". "-" is a stated 0.
    /// </summary>
    public StatisticsFigures ToFigures() => new()
    {
        Assessed = Assessed,
        Passed = Known(StatisticsField.Passed),
        PassedByLevel = LevelsOf(StatisticsField.PassedAtLevel, includeUnstated: false),
        Certified = Known(StatisticsField.Certified),
        CertifiedByLevel = LevelsOf(StatisticsField.CertifiedAtLevel, includeUnstated: false),
        Batches = Known(StatisticsField.Batches),
        SubsidyRecipients = Known(StatisticsField.SubsidyRecipients),
    };

    private Count? Known(StatisticsField field) => Cell(field) is { IsStated: true } c ? c.AsCount : null;

    private LevelCounts LevelsOf(StatisticsField field, bool includeUnstated) => LevelCounts.Of(
        Cells.Where(c => c.Column.Field == field && c.Column.Level is not null && (includeUnstated || c.IsStated))
             .Select(c => KeyValuePair.Create(c.Column.Level!.Value, c.AsCount)));

    private string? Text(StatisticsField field) => Cell(field) is { Text.Length: > 0 } c ? c.Text : null;

    private decimal? NumberOf(StatisticsField field) => Cell(field) is { State: CellState.Value, Number: { } n } ? n : null;

    public override string ToString() => $"第{Line}行 {Number} {Name}";
}

/// <summary>A statistics table as read from a <see cref="TextTable"/>: recognised columns, rows, and what reading found.</summary>
public sealed class StatisticsTable
{
    internal StatisticsTable(TextTable source, StatisticsForm form, IReadOnlyList<StatisticsColumn> columns, IReadOnlyList<StatisticsRow> rows,
        IReadOnlyList<int> skippedBlankLines, IReadOnlyList<StatisticsFinding> readFindings)
    {
        Source = source;
        Form = form;
        Columns = columns;
        Rows = rows;
        SkippedBlankLines = skippedBlankLines;
        ReadFindings = readFindings;
    }

    public TextTable Source { get; }
    public StatisticsForm Form { get; }
    public IReadOnlyList<StatisticsColumn> Columns { get; }
    /// <summary>All rows in source order, totals rows included.</summary>
    public IReadOnlyList<StatisticsRow> Rows { get; }
    public IEnumerable<StatisticsRow> DataRows => Rows.Where(r => r.Kind == RowKind.Data);
    public IEnumerable<StatisticsRow> TotalsRows => Rows.Where(r => r.IsTotals);
    /// <summary>Lines of template rows with nothing filled in but a number (seed 001 附件2's "1", "2", "3", "....."), not read as rows.</summary>
    public IReadOnlyList<int> SkippedBlankLines { get; }
    /// <summary>Problems met while reading: unreadable or negative cells, a realigned header. <see cref="StatisticsValidator.Validate(StatisticsTable)"/> includes them.</summary>
    public IReadOnlyList<StatisticsFinding> ReadFindings { get; }

    public bool Has(StatisticsField field, Level? level = null) => Columns.Any(c => c.Field == field && c.Level == level);

    /// <summary>The figures of the data rows summed (see <see cref="StatisticsFigures.Sum"/>); totals rows are not included.</summary>
    public StatisticsFigures SumOfDataRows() => StatisticsFigures.Sum(DataRows.Select(r => r.ToFigures()));

    /// <summary>
    /// A detailed (附件2 form) table as one filing's statistics for a year: one occupation per data row, totals derived
    /// from the rows. Occupation rows without a name or code are refused.
    /// </summary>
    public AnnualStatistics ToAnnualStatistics(string filingId, int year)
    {
        var occupations = DataRows.Select(r => new OccupationStatistics(r.Name ?? "", r.OccupationCode, r.Trade, r.ToFigures())).ToList();
        return AnnualStatistics.FromOccupations(filingId, year, occupations);
    }
}

/// <summary>A table that cannot be mapped at all: an unknown header, a duplicated or a required column missing.</summary>
public sealed class StatisticsTableException(string message, int? columnIndex = null, string? header = null, int? line = null, string? reason = null)
    : InvalidInputException(message)
{
    /// <summary>What is wrong, without where: for a caller that names the column itself (an import's cell address).</summary>
    public string Reason { get; } = reason ?? message;

    /// <summary>0-based column index.</summary>
    public int? ColumnIndex { get; } = columnIndex;
    public string? Header { get; } = header;
    public int? Line { get; } = line;

    // The message already names the column; the line is where the table starts.
    public override IReadOnlyList<InputError> InputErrors => [new("table", Message, Line)];
}
