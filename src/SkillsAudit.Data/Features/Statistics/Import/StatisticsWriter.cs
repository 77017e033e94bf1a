using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// Writes records with a prepared INSERT inside the import's transaction, each carrying the import batch's id
/// (<see cref="ImportBatch"/>: who, when, which file; the batch has the one audit entry), and replaces a filing-year's
/// earlier records the first time that filing-year is met, remembering which were replaced for the batch.
/// <para>
/// The INSERT is prepared once and only its values change from row to row, the columns as
/// <see cref="StatisticsColumns"/> lists them. On SQLite it is SQLite's own prepared statement on the connection's
/// handle, bound by position (<see cref="SqliteInserts"/>); ADO.NET's per-execution binding by name, boxing and data
/// reader cost several times the insert itself at a million rows. On PostgreSQL it is a prepared DbCommand.
/// Rows are written in order on a thread of their own, so that checking rows and writing them overlap.
/// </para>
/// </summary>
internal sealed class StatisticsWriter : IDisposable
{
    private readonly AppDb _db;
    private readonly int _batchId;
    private readonly SqliteInserts? _sqlite;
    private readonly DbCommand? _insert;
    private readonly DbCommand _delete;
    private readonly DbCommand? _deleteRollup;
    private readonly Dictionary<int, HashSet<int>> _existing = [];
    private readonly HashSet<(int, int)> _done = [];
    private readonly List<(int FilingId, int Year)> _replacedPairs = [];
    private const int BatchSize = 512;
    // 2,048 records in flight at most: what waits in a queue outlives the collection of the youngest generation and is
    // copied into the next (deeper queues made nearly every collection a generation-1 one, for no gain in overlap)
    private readonly HandOff<List<StatisticsRecord>> _queue = new(4);
    private volatile bool _failed;
    private List<StatisticsRecord> _batch = new(BatchSize);
    // written records go back to the reading thread one batch late: SQLite's multi-row INSERT holds up to
    // RowsPerStatement - 1 of the last ones until it is stepped (RecordPool)
    private readonly RecordPool? _pool;
    private List<StatisticsRecord>? _written;
    private Task? _thread;
    // SQLite: the rollup of the filing-year being written, summed as its rows go by (StatisticsRollups.Columns order)
    private readonly long[] _sums = new long[StatisticsRollups.Columns.Length];
    private bool _summing;
    private readonly HashSet<(int, int)> _scattered = [];
    private static readonly StoredColumn[] Optional =
        [.. StatisticsRollups.Optional.Select(name => StatisticsColumns.All.Single(c => c.Name == name))];

    public int Written { get; private set; }
    /// <summary>Records deleted because their filing-year was imported again; complete after <see cref="Complete"/>.</summary>
    public int Replaced { get; private set; }
    /// <summary>The filing-years written (each replaced first if it held records).</summary>
    public IReadOnlyCollection<(int FilingId, int Year)> Pairs => _done;

    /// <summary>
    /// The filing-years whose rollup the writer did not write itself, to be rolled up from the records before the
    /// commit (<see cref="StatisticsRollups.RebuildAsync"/>): on PostgreSQL all of them; on SQLite only those whose rows
    /// were not all consecutive in the file (see <see cref="Roll"/>). Complete after <see cref="Complete"/>.
    /// </summary>
    public IReadOnlyCollection<(int FilingId, int Year)> PairsToRollUp => _sqlite is null ? _done : _scattered;
    /// <summary>The filing-years whose earlier records were replaced; complete after <see cref="Complete"/>.</summary>
    public IReadOnlyList<(int FilingId, int Year)> ReplacedPairs => _replacedPairs;

    public StatisticsWriter(AppDb db, DbTransaction tx, int batchId, RecordPool? pool = null)
    {
        _pool = pool;
        _db = db;
        _batchId = batchId;
        var conn = db.Database.GetDbConnection();
        if (conn is SqliteConnection sqlite)
        {
            _sqlite = new SqliteInserts(sqlite);
        }
        else
        {
            _insert = conn.CreateCommand();
            _insert.Transaction = tx;
            _insert.CommandText = StatisticsColumns.InsertSql;
            foreach (var c in StatisticsColumns.All)
            {
                var p = _insert.CreateParameter();
                p.ParameterName = "@" + c.Name;
                p.DbType = c.DbType;
                _insert.Parameters.Add(p);
            }
            _insert.Prepare();
        }
        _delete = conn.CreateCommand();
        _delete.Transaction = tx;
        _delete.CommandText = "DELETE FROM \"StatisticsRecords\" WHERE \"FilingId\" = @FilingId AND \"Year\" = @Year";
        Add(_delete, "@FilingId", DbType.Int32, 0);
        Add(_delete, "@Year", DbType.Int32, 0);
        if (_sqlite is not null)
        {
            _deleteRollup = conn.CreateCommand();
            _deleteRollup.Transaction = tx;
            _deleteRollup.CommandText = "DELETE FROM \"StatisticsRollups\" WHERE \"FilingId\" = @FilingId AND \"Year\" = @Year";
            Add(_deleteRollup, "@FilingId", DbType.Int32, 0);
            Add(_deleteRollup, "@Year", DbType.Int32, 0);
        }
    }

    private static void Add(DbCommand cmd, string name, DbType type, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.DbType = type;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    /// <summary>Queues a record for writing, on the writer thread (see <see cref="Complete"/>).</summary>
    public void Write(StatisticsRecord r)
    {
        r.ImportBatchId = _batchId;
        _batch.Add(r);
        Written++;
        if (_batch.Count >= BatchSize) Send();
    }

    private void Send()
    {
        if (_batch.Count == 0) return;
        _thread ??= Task.Factory.StartNew(WriteQueued, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!_queue.Add(_batch))
        {
            _thread.GetAwaiter().GetResult(); // the writer failed: its exception
            throw new OperationCanceledException();
        }
        _batch = new List<StatisticsRecord>(BatchSize);
    }

    /// <summary>Writes everything queued and waits for it; throws what the writer met (a constraint, a lost connection).</summary>
    public void Complete()
    {
        Send();
        _queue.Complete();
        _thread?.GetAwaiter().GetResult();
    }

    private void WriteQueued()
    {
        Thread.CurrentThread.Name = "import-write";
        try
        {
            while (_queue.TryTake(out var batch))
            {
                foreach (var r in batch)
                {
                    if (_failed) return;
                    if (_done.Add((r.FilingId, r.Year)))
                    {
                        ReplaceExisting(r.FilingId, r.Year);
                        if (_sqlite is not null) StartRollup(r.FilingId, r.Year);
                    }
                    if (_sqlite is not null) Roll(r);
                    if (_sqlite is not null) _sqlite.Insert(r);
                    else
                    {
                        var columns = StatisticsColumns.All;
                        for (var i = 0; i < columns.Length; i++) _insert!.Parameters[i].Value = columns[i].Value(r) ?? DBNull.Value;
                        _insert!.ExecuteNonQuery();
                    }
                }
                if (_written is not null) _pool?.Return(_written);
                _written = batch;
            }
            if (_failed || _queue.IsStopped) return;
            _sqlite?.Flush(); // the rows of an unfinished multi-row INSERT
            StartRollup(0, 0); // the last filing-year's rollup
        }
        catch
        {
            _failed = true;
            _queue.Stop();
            throw;
        }
    }

    /// <summary>Writes the rollup summed so far (if any) and starts summing the filing-year given.</summary>
    private void StartRollup(int filingId, int year)
    {
        if (_summing) _sqlite!.InsertRollup(_sums);
        Array.Clear(_sums);
        _sums[0] = filingId;
        _sums[1] = year;
        _summing = filingId != 0 || year != 0;
    }

    /// <summary>
    /// Adds a record to its filing-year's rollup, as <see cref="StatisticsRollups.InsertSelect"/> would sum it. Rows of a
    /// filing-year usually come one after another; one that comes back after another filing-year's rows is not summed
    /// here but listed (<see cref="PairsToRollUp"/>), and its rollup is computed again from the records at the end.
    /// </summary>
    private void Roll(StatisticsRecord r)
    {
        if (_sums[0] != r.FilingId || _sums[1] != r.Year || !_summing)
        {
            _scattered.Add((r.FilingId, r.Year));
            return;
        }
        _sums[2]++;
        _sums[3] += r.Assessed;
        if (r.Passed is null && r.Assessed > 0) _sums[4]++;
        for (var i = 0; i < Optional.Length; i++)
        {
            if (Optional[i].GetCount(r) is not { } v) continue;
            _sums[5 + 2 * i] += v;
            _sums[6 + 2 * i]++;
        }
    }

    private void ReplaceExisting(int filingId, int year)
    {
        if (!_existing.TryGetValue(year, out var filings))
        {
            // the year's filings with records are those with a rollup row of the year: every writer of records rolls them
            // up in its own transaction (StatisticsRollups), and the rollups are a fifth of the rows, with no need of an
            // index by year on the records (M0021); on SQLite the old rollup row goes with the records, as the writer
            // writes the new one itself
            filings = _db.StatisticsRollups.AsNoTracking().Where(x => x.Year == year).Select(x => x.FilingId).ToHashSet();
            _existing[year] = filings;
        }
        if (!filings.Contains(filingId)) return;
        _delete.Parameters[0].Value = filingId;
        _delete.Parameters[1].Value = year;
        var deleted = _delete.ExecuteNonQuery();
        if (_sqlite is not null)
        {
            _deleteRollup!.Parameters[0].Value = filingId;
            _deleteRollup.Parameters[1].Value = year;
            _deleteRollup.ExecuteNonQuery();
        }
        if (deleted == 0) return;
        Replaced += deleted;
        _replacedPairs.Add((filingId, year));
    }

    /// <summary>Stops the writer thread without waiting for what is queued (the import is rolled back or failed).</summary>
    public void Stop()
    {
        if (_thread is null || _thread.IsCompleted) return;
        _failed = true;
        _queue.Stop();
        try { _thread.Wait(); } catch (AggregateException) { } // rolled back anyway: its exception is of no interest
    }

    public void Dispose()
    {
        Stop();
        _sqlite?.Dispose();
        _insert?.Dispose();
        _delete.Dispose();
        _deleteRollup?.Dispose();
    }
}
