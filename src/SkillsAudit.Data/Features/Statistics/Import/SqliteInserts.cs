using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// The import's INSERT as a SQLite prepared statement on the connection's own handle (so inside its transaction),
/// bound by position from <see cref="StatisticsColumns"/>. Values are stored as Microsoft.Data.Sqlite stores them, so
/// rows read back through EF exactly as before: integers as INTEGER, decimals as TEXT "0.0###…".
/// <para>
/// Rows go in <see cref="RowsPerStatement"/> at a time, one multi-row INSERT … VALUES (…), (…), …: SQLite opens its
/// cursors on the table and its key once per statement, not once per row (the filings are not checked row by row:
/// StatisticsImport checks them all at once before the commit), and the
/// statement is stepped and reset once per group. Rows still waiting when the import ends (<see cref="Flush"/>) go one
/// by one through the one-row INSERT.
/// </para>
/// <para>
/// Values are bound straight on the statement's handle (<see cref="NativeMethods"/>): a million rows make some twelve
/// million binds, and their 200,000 rollups six million more, and SQLitePCL's own bind counted the handle's references
/// and left managed code for each. Together with the multi-row INSERT: the writer thread's processor time about 10 %
/// lower (bench, a million rows, alternating runs; the whole import's 1–5 %, within the shared machine's noise).
/// </para>
/// <para>
/// SQLite keeps a statement's bindings across a reset, so a value equal to the one bound for the previous row (the
/// year, the batch, an occupation, a column the sheet leaves blank) is not bound again; text is bound from its UTF-16
/// characters (SQLite converts it to the database's UTF-8 itself) and a rate is formatted into a reused buffer, so
/// that a row costs no allocation here.
/// </para>
/// </summary>
internal sealed class SqliteInserts : IDisposable
{
    /// <summary>Rows per multi-row INSERT (25 columns each: 400 parameters, far below SQLite's limit of 32,766).</summary>
    internal const int RowsPerStatement = 16;
    private readonly SqliteConnection _conn;
    private readonly sqlite3_stmt _single;
    private readonly sqlite3_stmt _multi;
    private readonly StoredColumn[] _columns = StatisticsColumns.All;
    private readonly int _width;
    // the records bound into _multi and not yet stepped
    private readonly StatisticsRecord[] _waiting = new StatisticsRecord[RowsPerStatement];
    private int _waitingCount;
    // what is bound now, per parameter of _multi (then of _single): an integer (or null) / a text / a rate; _bound false until the first bind
    private readonly long?[] _ints;
    private readonly string?[] _texts;
    private readonly decimal?[] _rates;
    private readonly bool[] _bound;
    private readonly char[] _rate = new char[64];
    private readonly char[] _text = new char[StatisticsRecord.SourceRoom];

    private readonly sqlite3_stmt _rollup;
    // the statements' own handles, for the binds (the SafeHandles above keep them alive and free them)
    private readonly IntPtr _singlePointer, _multiPointer, _rollupPointer;

    public SqliteInserts(SqliteConnection conn)
    {
        _conn = conn;
        _width = _columns.Length;
        Check(raw.sqlite3_prepare_v2(_conn.Handle, StatisticsColumns.InsertSql, out _single));
        Check(raw.sqlite3_prepare_v2(_conn.Handle, StatisticsColumns.InsertRowsSql(RowsPerStatement), out _multi));
        Check(raw.sqlite3_prepare_v2(_conn.Handle, StatisticsRollups.InsertValuesSql, out _rollup));
        _singlePointer = _single.DangerousGetHandle();
        _multiPointer = _multi.DangerousGetHandle();
        _rollupPointer = _rollup.DangerousGetHandle();
        var slots = _width * (RowsPerStatement + 1);
        _ints = new long?[slots];
        _texts = new string?[slots];
        _rates = new decimal?[slots];
        _bound = new bool[slots];
    }

    // Straight to the library only when it is the one SQLitePCL uses (e_sqlite3, the bundle this project references):
    // with any other provider a handle of one library would reach another, so the binds then go through SQLitePCL.
    private static readonly bool Direct = string.Equals(raw.GetNativeLibraryName(), "e_sqlite3", StringComparison.Ordinal);

    private IntPtr Pointer(sqlite3_stmt stmt) => stmt == _multi ? _multiPointer : stmt == _single ? _singlePointer : _rollupPointer;

    private int BindInt64(sqlite3_stmt stmt, int p, long value) =>
        Direct ? NativeMethods.BindInt64(Pointer(stmt), p, value) : raw.sqlite3_bind_int64(stmt, p, value);

    private int BindNull(sqlite3_stmt stmt, int p) => Direct ? NativeMethods.BindNull(Pointer(stmt), p) : raw.sqlite3_bind_null(stmt, p);

    /// <summary>Text bound from its UTF-16 characters, copied by SQLite (SQLITE_TRANSIENT); "" is bound as "" (a pointer to its terminator), not NULL.</summary>
    private int BindText(sqlite3_stmt stmt, int p, ReadOnlySpan<char> text) => Direct
        ? NativeMethods.BindText16(Pointer(stmt), p, ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(text.Length > 0 ? text : "\0".AsSpan())), text.Length * 2, NativeMethods.Transient)
        : raw.sqlite3_bind_text16(stmt, p, text);

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE)) throw new SqliteException(raw.sqlite3_errmsg(_conn.Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_conn.Handle));
    }

    // i: the slot (parameter index - 1 of _multi, or after those the parameters of _single), p: the parameter index
    private void Bind(sqlite3_stmt stmt, int i, int p, long? value)
    {
        if (_bound[i] && _ints[i] == value) return;
        Check(value is { } v ? BindInt64(stmt, p, v) : BindNull(stmt, p));
        _ints[i] = value;
        _bound[i] = true;
    }

    private void Bind(sqlite3_stmt stmt, int i, int p, string? value)
    {
        if (_bound[i] && string.Equals(_texts[i], value, StringComparison.Ordinal)) return;
        Check(value is null ? BindNull(stmt, p) : BindText(stmt, p, value.AsSpan()));
        _texts[i] = value;
        _bound[i] = true;
    }

    private void Bind(sqlite3_stmt stmt, int i, int p, decimal? value)
    {
        if (_bound[i] && _rates[i] == value) return;
        if (value is { } d && d.TryFormat(_rate, out var n, "0.0###########################", CultureInfo.InvariantCulture))
            Check(BindText(stmt, p, _rate.AsSpan(0, n)));
        else if (value is { } other) Check(raw.sqlite3_bind_text(stmt, p, other.ToString("0.0###########################", CultureInfo.InvariantCulture)));
        else Check(BindNull(stmt, p));
        _rates[i] = value;
        _bound[i] = true;
    }

    /// <summary>
    /// Binds a record into the next row of the multi-row INSERT, which is stepped once it holds
    /// <see cref="RowsPerStatement"/> rows. <see cref="Flush"/> writes what is left.
    /// </summary>
    public void Insert(StatisticsRecord r)
    {
        BindRow(_multi, _waitingCount * _width, r);
        _waiting[_waitingCount++] = r;
        if (_waitingCount < RowsPerStatement) return;
        Step(_multi);
        Array.Clear(_waiting);
        _waitingCount = 0;
    }

    /// <summary>Writes the rows bound but not yet written, one by one (the rows of an unfinished group).</summary>
    public void Flush()
    {
        for (var k = 0; k < _waitingCount; k++)
        {
            BindRow(_single, RowsPerStatement * _width, _waiting[k]);
            Step(_single);
        }
        Array.Clear(_waiting);
        _waitingCount = 0;
    }

    private void BindRow(sqlite3_stmt stmt, int first, StatisticsRecord r)
    {
        var p = stmt == _multi ? first + 1 : 1;
        for (var i = 0; i < _columns.Length; i++)
        {
            var c = _columns[i];
            switch (c.Kind)
            {
                case StoredKind.Int or StoredKind.Count: Bind(stmt, first + i, p + i, c.GetCount(r)); break;
                case StoredKind.Text when c.FormatText?.Invoke(r, _text) is >= 0 and var n:
                    // a text made in the buffer (the import's source) is bound as it is, and differs from row to row
                    Check(BindText(stmt, p + i, _text.AsSpan(0, n)));
                    _bound[first + i] = false;
                    break;
                case StoredKind.Text: Bind(stmt, first + i, p + i, c.GetText(r)); break;
                case StoredKind.Rate: Bind(stmt, first + i, p + i, c.GetRate(r)); break;
            }
        }
    }

    private void Step(sqlite3_stmt stmt)
    {
        var rc = raw.sqlite3_step(stmt);
        raw.sqlite3_reset(stmt);
        Check(rc);
    }

    /// <summary>One StatisticsRollups row, its values in <see cref="StatisticsRollups.Columns"/> order.</summary>
    public void InsertRollup(ReadOnlySpan<long> values)
    {
        for (var i = 0; i < values.Length; i++) Check(BindInt64(_rollup, i + 1, values[i]));
        var rc = raw.sqlite3_step(_rollup);
        raw.sqlite3_reset(_rollup);
        Check(rc);
    }

    public void Dispose()
    {
        _single.Dispose();
        _multi.Dispose();
        _rollup.Dispose();
    }
}

/// <summary>
/// SQLite's bind calls for the import's INSERT, called directly on the statement's handle: a million rows make some
/// fourteen million of them, and through SQLitePCL each also counted the handle's references (two interlocked
/// operations) and switched the thread out of managed code. Each of these only copies a value into the statement (no
/// I/O, no callback, no lock held by anyone else: the connection is the writer's alone while it writes), so they are
/// called without that switch (<see cref="SuppressGCTransitionAttribute"/>). The library is the one SQLitePCL loads.
/// </summary>
internal static class NativeMethods
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_TRANSIENT: SQLite copies the value before the call returns.</summary>
    public static readonly IntPtr Transient = new(-1);

    [DllImport(Library, EntryPoint = "sqlite3_bind_int64", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    public static extern int BindInt64(IntPtr stmt, int index, long value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_null", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    public static extern int BindNull(IntPtr stmt, int index);

    [DllImport(Library, EntryPoint = "sqlite3_bind_text16", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    public static extern int BindText16(IntPtr stmt, int index, ref byte text, int bytes, IntPtr destructor); // text: UTF-16 (byte is blittable: pinned, not copied)
}
