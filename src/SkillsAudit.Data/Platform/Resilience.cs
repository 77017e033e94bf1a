using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace SkillsAudit.Data.Platform;

/// <summary>
/// Transient faults (a PostgreSQL restart, a dropped connection, a deadlock) are retried; conflicts become
/// <see cref="Domain.Common.ConflictException"/> and are answered 409 with a Chinese message.
/// </summary>
public static class Resilience
{
    /// <summary>admin_shutdown, crash_shutdown, cannot_connect_now, and the connection-exception class.</summary>
    private static readonly HashSet<string> TransientStates = ["57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004", "40001", "40P01", "53300"];

    public static bool IsTransient(Exception? e)
    {
        // Socket and stream errors count only under a database exception (never a file-system IOException).
        var underNpgsql = false;
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case PostgresException pg when TransientStates.Contains(pg.SqlState) || pg.IsTransient:
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException n when n.IsTransient:
                    return true;
                case NpgsqlException:
                    underNpgsql = true;
                    break;
                case SocketException or EndOfStreamException or IOException when underNpgsql:
                    return true;
            }
        }
        return false;
    }

    /// <summary>After a restart every pooled connection is dead: drop them all so the retry opens a fresh one.</summary>
    public static void OnTransientFailure(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is NpgsqlException)
            {
                NpgsqlConnection.ClearAllPools();
                return;
            }
        }
    }

    /// <summary>A unique index refused the row (two writers raced): PostgreSQL 23505, SQLite constraint 2067/1555.</summary>
    public static bool IsUniqueViolation(Exception? e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is PostgresException { SqlState: "23505" }) return true;
            if (x is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }) return true;
        }
        return false;
    }

    /// <summary>
    /// A write reached a read-only database: a PostgreSQL hot standby or a database set to
    /// default_transaction_read_only (25006), or a read-only SQLite file (SQLITE_READONLY, 8).
    /// </summary>
    public static bool IsReadOnly(Exception? e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is PostgresException { SqlState: "25006" }) return true;
            if (x is SqliteException { SqliteErrorCode: 8 }) return true;
        }
        return false;
    }

    /// <summary>Someone else changed or deleted the row meanwhile, or raced for the same unique value.</summary>
    public static bool IsConflict(Exception? e) =>
        e is DbUpdateConcurrencyException || (e is DbUpdateException && IsUniqueViolation(e)) || IsUniqueViolation(e) || e is PostgresException { SqlState: "40001" or "40P01" };

    /// <summary>
    /// Runs <paramref name="work"/> in one explicit transaction under the context's execution strategy: on a transient fault
    /// the tracked changes are dropped and the whole unit runs again, so <paramref name="work"/> must read what it needs itself.
    /// Inside a caller's transaction it simply runs once: the caller's unit is the one to repeat.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this AppDb db, Func<CancellationToken, Task<T>> work, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null) return work(ct);
        var attempt = 0;
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            if (attempt++ > 0) db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(token);
            var result = await work(token);
            await tx.CommitAsync(token);
            return result;
        }, ct);
    }

    /// <inheritdoc cref="InTransactionAsync{T}(AppDb, Func{CancellationToken, Task{T}}, CancellationToken)"/>
    public static Task InTransactionAsync(this AppDb db, Func<CancellationToken, Task> work, CancellationToken ct = default) =>
        db.InTransactionAsync(async t => { await work(t); return true; }, ct);
}

/// <summary>
/// Npgsql's retrying strategy, which also allows explicit transactions: inside one it runs each operation once (the
/// caller wraps the whole transaction with <see cref="Resilience.InTransactionAsync{T}"/> where it can be repeated);
/// outside, reads and saves are retried after a fault, with the connection pool cleared first.
/// </summary>
public sealed class PgExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount: 6, maxRetryDelay: TimeSpan.FromSeconds(5), errorCodesToAdd: ["57P01", "57P02", "57P03"])
{
    private bool InTransaction => Dependencies.CurrentContext.Context.Database.CurrentTransaction is not null;

    protected override void OnFirstExecution()
    {
        if (InTransaction) ExceptionsEncountered.Clear();
        else base.OnFirstExecution();
    }

    protected override bool ShouldRetryOn(Exception? exception)
    {
        if (InTransaction) return false;
        var retry = base.ShouldRetryOn(exception) || Resilience.IsTransient(exception);
        if (retry && exception is not null) Resilience.OnTransientFailure(exception);
        return retry;
    }

    protected override TimeSpan? GetNextDelay(Exception lastException)
    {
        var d = base.GetNextDelay(lastException);
        // The first retry after a restart should not wait long: the server usually answers again within a second.
        return d is { } x && ExceptionsEncountered.Count <= 1 ? TimeSpan.FromMilliseconds(Math.Min(x.TotalMilliseconds, 250)) : d;
    }
}
