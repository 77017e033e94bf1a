using System.Data;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>What a stored statistics column holds, and so how it is bound and written to the audit JSON.</summary>
internal enum StoredKind { Int, Count, Text, Rate }

/// <summary>Writes a record's text into <paramref name="into"/>: its length, or -1 when it has none to write this way.</summary>
internal delegate int TextFormatter(StatisticsRecord r, Span<char> into);

/// <summary>
/// One column of StatisticsRecords: its name, what it holds, the table column it is read from (field and level), and
/// how to get and set it on a <see cref="StatisticsRecord"/>. Only the matching getter/setter pair is set.
/// </summary>
internal sealed record StoredColumn(string Name, StoredKind Kind, StatisticsField? Field = null, Level? Level = null)
{
    public Func<StatisticsRecord, long?> GetCount { get; init; } = _ => null;
    public Action<StatisticsRecord, long?> SetCount { get; init; } = (_, _) => { };
    public Func<StatisticsRecord, string?> GetText { get; init; } = _ => null;
    public Action<StatisticsRecord, string?> SetText { get; init; } = (_, _) => { };
    public Func<StatisticsRecord, decimal?> GetRate { get; init; } = _ => null;
    /// <summary>A text written into a buffer (at least <see cref="StatisticsRecord.SourceRoom"/> long) instead of made as a string: its length, or -1 to use <see cref="GetText"/>.</summary>
    public TextFormatter? FormatText { get; init; }

    public DbType DbType => Kind switch
    {
        StoredKind.Int => DbType.Int32,
        StoredKind.Text => DbType.String,
        StoredKind.Rate => DbType.Decimal,
        _ => DbType.Int64,
    };

    /// <summary>The value as ADO.NET binds it (boxed: used only where a provider needs objects).</summary>
    public object? Value(StatisticsRecord r) => Kind switch
    {
        StoredKind.Int => (int?)GetCount(r),
        StoredKind.Text => GetText(r),
        StoredKind.Rate => GetRate(r),
        _ => GetCount(r),
    };
}

/// <summary>
/// THE list of StatisticsRecords' columns that an import writes. It drives the INSERT (its SQL, parameter types and
/// the values bound on both databases), the mapping of a table's cells to a record on both read paths (clean rows
/// and rows through the validator), and the batch's column list; adding a statistics column means adding it here
/// (and to the entity and a migration). The validator's rules are keyed by the same <see cref="StatisticsField"/>.
/// </summary>
internal static class StatisticsColumns
{
    public static readonly StoredColumn[] All =
    [
        new("FilingId", StoredKind.Int) { GetCount = r => r.FilingId },
        new("Year", StoredKind.Int) { GetCount = r => r.Year },
        new("OccupationKey", StoredKind.Text) { GetText = r => r.OccupationKey },
        Text("OccupationName", StatisticsField.OccupationName, r => r.OccupationName, (r, v) => r.OccupationName = v),
        Text("OccupationCode", StatisticsField.OccupationCode, r => r.OccupationCode, (r, v) => r.OccupationCode = v),
        Text("Trade", StatisticsField.Trade, r => r.Trade, (r, v) => r.Trade = v),
        Count("Batches", StatisticsField.Batches, null, r => r.Batches, (r, v) => r.Batches = v),
        Count("Assessed", StatisticsField.Assessed, null, r => r.Assessed, (r, v) => r.Assessed = v ?? 0),
        Count("Passed", StatisticsField.Passed, null, r => r.Passed, (r, v) => r.Passed = v),
        Count("PassedL5", StatisticsField.PassedAtLevel, Level.Level5, r => r.PassedL5, (r, v) => r.PassedL5 = v),
        Count("PassedL4", StatisticsField.PassedAtLevel, Level.Level4, r => r.PassedL4, (r, v) => r.PassedL4 = v),
        Count("PassedL3", StatisticsField.PassedAtLevel, Level.Level3, r => r.PassedL3, (r, v) => r.PassedL3 = v),
        Count("PassedL2", StatisticsField.PassedAtLevel, Level.Level2, r => r.PassedL2, (r, v) => r.PassedL2 = v),
        Count("PassedL1", StatisticsField.PassedAtLevel, Level.Level1, r => r.PassedL1, (r, v) => r.PassedL1 = v),
        Count("Certified", StatisticsField.Certified, null, r => r.Certified, (r, v) => r.Certified = v),
        Count("CertifiedL5", StatisticsField.CertifiedAtLevel, Level.Level5, r => r.CertifiedL5, (r, v) => r.CertifiedL5 = v),
        Count("CertifiedL4", StatisticsField.CertifiedAtLevel, Level.Level4, r => r.CertifiedL4, (r, v) => r.CertifiedL4 = v),
        Count("CertifiedL3", StatisticsField.CertifiedAtLevel, Level.Level3, r => r.CertifiedL3, (r, v) => r.CertifiedL3 = v),
        Count("CertifiedL2", StatisticsField.CertifiedAtLevel, Level.Level2, r => r.CertifiedL2, (r, v) => r.CertifiedL2 = v),
        Count("CertifiedL1", StatisticsField.CertifiedAtLevel, Level.Level1, r => r.CertifiedL1, (r, v) => r.CertifiedL1 = v),
        Count("SubsidyRecipients", StatisticsField.SubsidyRecipients, null, r => r.SubsidyRecipients, (r, v) => r.SubsidyRecipients = v),
        new("StatedRate", StoredKind.Rate, StatisticsField.PassRate) { GetRate = r => r.StatedRate },
        new("Source", StoredKind.Text) { GetText = r => r.SourceText, FormatText = (r, into) => r.SourcePrefix is null ? -1 : r.FormatSource(into) },
        new("Findings", StoredKind.Text) { GetText = r => r.Findings },
        new("ImportBatchId", StoredKind.Int) { GetCount = r => r.ImportBatchId },
    ];

    private static StoredColumn Count(string name, StatisticsField field, Level? level, Func<StatisticsRecord, long?> get, Action<StatisticsRecord, long?> set) =>
        new(name, StoredKind.Count, field, level) { GetCount = get, SetCount = set };

    private static StoredColumn Text(string name, StatisticsField field, Func<StatisticsRecord, string?> get, Action<StatisticsRecord, string?> set) =>
        new(name, StoredKind.Text, field) { GetText = get, SetText = set };

    public static string InsertSql { get; } =
        $"INSERT INTO \"StatisticsRecords\" ({string.Join(", ", All.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", All.Select(c => "@" + c.Name))})";

    /// <summary>The INSERT of <paramref name="rows"/> rows at once, its parameters by position (?1, ?2, …), row after row.</summary>
    public static string InsertRowsSql(int rows) =>
        $"INSERT INTO \"StatisticsRecords\" ({string.Join(", ", All.Select(c => $"\"{c.Name}\""))}) VALUES "
        + string.Join(", ", Enumerable.Range(0, rows).Select(r =>
            "(" + string.Join(", ", All.Select((_, i) => "?" + (r * All.Length + i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")"));

    /// <summary>
    /// For a table's columns, the stored column each one fills (null for 序号, 机构名称, scores, remarks); occupation
    /// columns only on the per-occupation form (seed 001 附件2), as the summary form has one record per filing.
    /// </summary>
    public static StoredColumn?[] For(IReadOnlyList<StatisticsColumn> columns, StatisticsForm form) =>
        columns.Select(c => All.FirstOrDefault(s => s.Field == c.Field && s.Level == c.Level
            && (form == StatisticsForm.Detailed || s.Kind != StoredKind.Text))).ToArray();

    /// <summary>
    /// A record from a row's figures and texts, one per table column: counts when stated (a value or "-", else unknown),
    /// the printed rate when given, occupation texts when not blank. The same on both read paths.
    /// </summary>
    public static StatisticsRecord Record(StoredColumn?[] stored, ReadOnlySpan<CellFigure> figures, Func<int, string?> text, RecordPool? pool = null)
    {
        var r = pool?.Rent() ?? new StatisticsRecord();
        for (var i = 0; i < stored.Length; i++)
        {
            if (stored[i] is not { } s) continue;
            switch (s.Kind)
            {
                case StoredKind.Count:
                    s.SetCount(r, figures[i].IsStated ? figures[i].Count : null);
                    break;
                case StoredKind.Text:
                    s.SetText(r, text(i) is { Length: > 0 } t ? t : null);
                    break;
                case StoredKind.Rate:
                    r.StatedRate = figures[i] is { State: CellState.Value, Number: { } rate } ? rate : null;
                    break;
            }
        }
        return r;
    }
}
