using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// The import's INSERT as a SQLite prepared statement on the connection's own handle (so inside its transaction),
/// bound by position from <see cref="StatisticsColumns"/> and reset after each row. Values are stored as
/// Microsoft.Data.Sqlite stores them, so rows read back through EF exactly as before: integers as INTEGER, decimals as
/// TEXT "0.0###…".
/// </summary>
internal sealed class SqliteInserts : IDisposable
{
    private readonly SqliteConnection _conn;
    private readonly sqlite3_stmt _insert;
    private readonly StoredColumn[] _columns = StatisticsColumns.All;

    public SqliteInserts(SqliteConnection conn)
    {
        _conn = conn;
        Check(raw.sqlite3_prepare_v2(_conn.Handle, StatisticsColumns.InsertSql, out _insert));
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE)) throw new SqliteException(raw.sqlite3_errmsg(_conn.Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_conn.Handle));
    }

    private void Bind(int i, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(_insert, i, v) : raw.sqlite3_bind_null(_insert, i));

    private void Bind(int i, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_insert, i) : raw.sqlite3_bind_text(_insert, i, value));

    public void Insert(StatisticsRecord r)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            var c = _columns[i];
            switch (c.Kind)
            {
                case StoredKind.Int or StoredKind.Count: Bind(i + 1, c.GetCount(r)); break;
                case StoredKind.Text: Bind(i + 1, c.GetText(r)); break;
                case StoredKind.Rate: Bind(i + 1, c.GetRate(r)?.ToString("0.0###########################", CultureInfo.InvariantCulture)); break;
            }
        }
        var rc = raw.sqlite3_step(_insert);
        raw.sqlite3_reset(_insert);
        Check(rc);
    }

    public void Dispose() => _insert.Dispose();
}
