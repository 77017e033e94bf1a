using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SkillsAudit.Data.Platform;

/// <summary>
/// SQLite's own busy timeout on every connection EF Core opens (SQLite only). Microsoft.Data.Sqlite waits out a busy
/// database by retrying, except when it finishes a statement that returned rows, such as the INSERT … RETURNING with
/// which EF Core saves every new row: there a commit that met another connection's read failed at once with
/// "database is locked", which reached the user as a server error (efcore issue 36295, fixed only in EF Core 11). With
/// SQLite's own timeout set, SQLite itself waits for the reader, up to the connection's timeout (30 s by default).
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();

    private SqliteBusyTimeout()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>A setting of the open connection's handle (kept while the pool reuses it): a plain call, no statement.</summary>
    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } sqlite)
            SQLitePCL.raw.sqlite3_busy_timeout(handle, checked(sqlite.DefaultTimeout * 1000));
    }
}
