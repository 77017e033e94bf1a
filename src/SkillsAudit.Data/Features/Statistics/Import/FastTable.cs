using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>A row read on the fast path: its figures (and occupation, stated rate) in a record not yet keyed.</summary>
internal readonly record struct FastRow(RawRow Raw, StatisticsRecord Record, string? Name, string Key);

/// <summary>
/// The fast path of a sheet table: rows read straight from the cell values (numbers as doubles, no text round trip)
/// by the domain's <see cref="StatisticsCleanRows"/>, which accepts only a row on which the reader and the validator
/// would find nothing, checking it with the validator's own rules (<see cref="StatisticsRowRules"/>). Accepted rows
/// become records through <see cref="StatisticsColumns"/>, as rows read the ordinary way do.
/// </summary>
internal sealed class FastTable
{
    private readonly StatisticsCleanRows _rows;
    private readonly StoredColumn?[] _stored;
    private readonly Func<int, string?> _text;

    private FastTable(StatisticsCleanRows rows)
    {
        _rows = rows;
        _stored = StatisticsColumns.For(rows.Columns, rows.Form);
        _text = rows.TextOf;
        var body = rows.Columns.ToList().FindIndex(c => c.Field == StatisticsField.BodyName);
        NameColumn = body >= 0 ? rows.Columns[body] : null;
    }

    public StatisticsColumn? NameColumn { get; }

    /// <param name="headerLines">The header rows as the import projects them (tab-separated, 备案号/年度 left out).</param>
    /// <param name="kept">The sheet column of each projected column.</param>
    public static FastTable? TryCreate(IReadOnlyList<string> headerLines, int[] kept) =>
        StatisticsCleanRows.For(headerLines, kept) is { } rows ? new FastTable(rows) : null;

    public bool TryRead(RawRow raw, bool whole, ref int expectedNumber, RecordPool? pool, out FastRow row)
    {
        row = default;
        if (!_rows.TryRead(raw, whole, ref expectedNumber)) return false;
        var record = StatisticsColumns.Record(_stored, _rows.Figures, _text, pool);
        row = new FastRow(raw, record, _rows.TextOf(StatisticsField.BodyName), OccupationKey(record, _rows.Form));
        return true;
    }

    /// <summary>职业代码 when stated, else 职业名称; "" for the summary form (one record per filing).</summary>
    public static string OccupationKey(StatisticsRecord r, StatisticsForm form) =>
        form == StatisticsForm.Detailed ? (r.OccupationCode ?? r.OccupationName ?? "").Trim() : "";
}
