using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// The import's INSERT as a SQLite prepared statement on the connection's own handle (so inside its transaction),
/// bound by position from <see cref="StatisticsColumns"/> and reset after each row. Values are stored as
/// Microsoft.Data.Sqlite stores them, so rows read back through EF exactly as before: integers as INTEGER, decimals as
/// TEXT "0.0###…".
/// <para>
/// SQLite keeps a statement's bindings across a reset, so a value equal to the one bound for the previous row (the
/// year, the batch, an occupation, a column the sheet leaves blank) is not bound again; text is bound from its UTF-16
/// characters (SQLite converts it to the database's UTF-8 itself) and a rate is formatted into a reused buffer, so
/// that a row costs no allocation here.
/// </para>
/// </summary>
internal sealed class SqliteInserts : IDisposable
{
    private readonly SqliteConnection _conn;
    private readonly sqlite3_stmt _insert;
    private readonly StoredColumn[] _columns = StatisticsColumns.All;
    // what is bound now, per column: an integer (or null) / a text / a rate; _bound false until the first bind
    private readonly long?[] _ints;
    private readonly string?[] _texts;
    private readonly decimal?[] _rates;
    private readonly bool[] _bound;
    private readonly char[] _rate = new char[64];

    private readonly sqlite3_stmt _rollup;

    public SqliteInserts(SqliteConnection conn)
    {
        _conn = conn;
        Check(raw.sqlite3_prepare_v2(_conn.Handle, StatisticsColumns.InsertSql, out _insert));
        Check(raw.sqlite3_prepare_v2(_conn.Handle, StatisticsRollups.InsertValuesSql, out _rollup));
        _ints = new long?[_columns.Length];
        _texts = new string?[_columns.Length];
        _rates = new decimal?[_columns.Length];
        _bound = new bool[_columns.Length];
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE)) throw new SqliteException(raw.sqlite3_errmsg(_conn.Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_conn.Handle));
    }

    private void Bind(int i, long? value)
    {
        if (_bound[i] && _ints[i] == value) return;
        Check(value is { } v ? raw.sqlite3_bind_int64(_insert, i + 1, v) : raw.sqlite3_bind_null(_insert, i + 1));
        _ints[i] = value;
        _bound[i] = true;
    }

    private void Bind(int i, string? value)
    {
        if (_bound[i] && string.Equals(_texts[i], value, StringComparison.Ordinal)) return;
        Check(value is null ? raw.sqlite3_bind_null(_insert, i + 1) : raw.sqlite3_bind_text16(_insert, i + 1, value.AsSpan()));
        _texts[i] = value;
        _bound[i] = true;
    }

    private void Bind(int i, decimal? value)
    {
        if (_bound[i] && _rates[i] == value) return;
        if (value is { } d && d.TryFormat(_rate, out var n, "0.0###########################", CultureInfo.InvariantCulture))
            Check(raw.sqlite3_bind_text16(_insert, i + 1, _rate.AsSpan(0, n)));
        else if (value is { } other) Check(raw.sqlite3_bind_text(_insert, i + 1, other.ToString("0.0###########################", CultureInfo.InvariantCulture)));
        else Check(raw.sqlite3_bind_null(_insert, i + 1));
        _rates[i] = value;
        _bound[i] = true;
    }

    public void Insert(StatisticsRecord r)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            var c = _columns[i];
            switch (c.Kind)
            {
                case StoredKind.Int or StoredKind.Count: Bind(i, c.GetCount(r)); break;
                case StoredKind.Text: Bind(i, c.GetText(r)); break;
                case StoredKind.Rate: Bind(i, c.GetRate(r)); break;
            }
        }
        var rc = raw.sqlite3_step(_insert);
        raw.sqlite3_reset(_insert);
        Check(rc);
    }

    /// <summary>One StatisticsRollups row, its values in <see cref="StatisticsRollups.Columns"/> order.</summary>
    public void InsertRollup(ReadOnlySpan<long> values)
    {
        for (var i = 0; i < values.Length; i++) Check(raw.sqlite3_bind_int64(_rollup, i + 1, values[i]));
        var rc = raw.sqlite3_step(_rollup);
        raw.sqlite3_reset(_rollup);
        Check(rc);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _rollup.Dispose();
    }
}
