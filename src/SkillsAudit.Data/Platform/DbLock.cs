using System.Collections.Concurrent;
using Npgsql;

namespace SkillsAudit.Data.Platform;

/// <summary>
/// A lock every instance sees: on PostgreSQL a session-level pg_advisory_lock held on its own connection; on SQLite
/// (one server by design) a lock within the process. Disposing releases it.
/// </summary>
public sealed class DbLock : IAsyncDisposable
{
    /// <summary>Migrations, reference data, the first key and the demo load.</summary>
    public const long Startup = 0x534B_494C_4C53_0001;

    /// <summary>One key per scheduled job.</summary>
    public static long ForJob(string job) => 0x534B_494C_4C53_1000 + (uint)StableHash(job);

    /// <summary>Certificate serial numbers of one filing, year (prefix).</summary>
    public static long ForName(string name) => 0x534B_494C_4C53_2000 + (uint)StableHash(name);

    private static readonly ConcurrentDictionary<long, SemaphoreSlim> Local = new();
    private readonly NpgsqlConnection? _connection;
    private readonly SemaphoreSlim? _local;
    private readonly long _key;

    private DbLock(NpgsqlConnection? connection, SemaphoreSlim? local, long key) => (_connection, _local, _key) = (connection, local, key);

    /// <summary>Waits for the lock (calling <paramref name="waiting"/> once if another holder has it); null only when <paramref name="wait"/> is false and it is taken.</summary>
    public static async Task<DbLock?> AcquireAsync(string connectionString, long key, bool wait, Action? waiting = null, CancellationToken ct = default)
    {
        if (DbSetup.DetectProvider(connectionString) == DbSetup.Provider.Sqlite)
        {
            var sem = Local.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
            if (await sem.WaitAsync(0, ct)) return new DbLock(null, sem, key);
            if (!wait) return null;
            waiting?.Invoke();
            await sem.WaitAsync(ct);
            return new DbLock(null, sem, key);
        }
        // Its own unpooled connection, so that closing it always ends the session and with it the lock.
        var cs = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30, CommandTimeout = 0 }.ToString();
        var conn = new NpgsqlConnection(cs);
        try
        {
            await conn.OpenAsync(ct);
            await using (var tryCmd = new NpgsqlCommand("SELECT pg_try_advisory_lock(@k)", conn))
            {
                tryCmd.Parameters.AddWithValue("k", key);
                if ((bool)(await tryCmd.ExecuteScalarAsync(ct))!) return new DbLock(conn, null, key);
            }
            if (!wait) { await conn.DisposeAsync(); return null; }
            waiting?.Invoke();
            await using var cmd = new NpgsqlCommand("SELECT pg_advisory_lock(@k)", conn);
            cmd.Parameters.AddWithValue("k", key);
            await cmd.ExecuteNonQueryAsync(ct);
            return new DbLock(conn, null, key);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_local is not null) { _local.Release(); return; }
        if (_connection is null) return;
        try
        {
            await using var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", _connection);
            cmd.Parameters.AddWithValue("k", _key);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
        {
            // The session is gone (server restart): the lock went with it.
        }
        await _connection.DisposeAsync();
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in s) h = (h ^ c) * 16777619;
            return h & 0x0FFF_FFFF;
        }
    }
}
