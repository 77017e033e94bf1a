using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Platform;

/// <summary>
/// Brings a database to what this version needs, with N instances starting at once: (1) connect, telling "cannot
/// connect" apart from everything after; (2) read the state without any lock; (3) only when something is missing,
/// take the start-up lock (pg_advisory_lock), re-check and do it there — migrations, reference data, the first
/// Data Protection key, the ID-hash key, and whatever the caller adds (the demo load). Everything is idempotent.
/// </summary>
public static class DbStartup
{
    /// <summary>
    /// The web app's start-up: everything, with the key ring and the ID-hash key checked (refuses on mismatch). With
    /// <paramref name="demoLoad"/>, the demo is loaded when the database has no filing or no user yet.
    /// </summary>
    public static async Task RunAsync(IServiceProvider services, bool migrateOnStart, Func<IServiceProvider, CancellationToken, Task>? demoLoad,
        Action<string> log, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDb>();
        var certificates = sp.GetRequiredService<CertificateOptions>();
        await PrepareAsync(db, migrateOnStart, extraNeeded: s =>
                !s.Keys || !s.Fingerprint || !(certificates.ConfiguredKey is { Length: > 0 } || s.Key) || (demoLoad is not null && (!s.Filings || !s.Users)),
            underLock: async t =>
            {
                KeyRing.EnsureKey(sp, sp.GetRequiredService<TimeProvider>());
                await IdHashKeys.LoadAsync(db, sp.GetRequiredService<IDataProtectionProvider>(), certificates, mayCreate: true, t);
                if (demoLoad is not null) await demoLoad(sp, t);
            }, log, ct);
        // Fast path, or after the locked work: load and check the ID-hash key (refuses to start on a mismatch).
        if (certificates.IdHashKey is null)
            await IdHashKeys.LoadAsync(db, sp.GetRequiredService<IDataProtectionProvider>(), certificates, mayCreate: false, ct);
    }

    /// <summary>
    /// What start-up checks, read in one query: reference data (regions, roles), the key ring, the ID-hash key, and
    /// whether there are filings and users (the demo check). Null when the regions table is empty.
    /// </summary>
    public sealed record State(int Regions, int Roles, bool Keys, bool Fingerprint, bool Key, bool Filings, bool Users);

    public static async Task<State?> StateAsync(AppDb db, CancellationToken ct)
    {
        // Written by hand (the tables' names from the model): the first LINQ query of the process costs about 0.3 s of
        // start-up to compile, and this one runs on every start (issue 16). StartupStateTests checks it against the model.
        string Table<T>() => db.Model.FindEntityType(typeof(T))!.GetTableName()!;
        var conn = db.Database.GetDbConnection();
        var close = conn.State != System.Data.ConnectionState.Open;
        if (close) await conn.OpenAsync(ct);
        try
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"""
                SELECT (SELECT COUNT(*) FROM "{Table<Region>()}"), (SELECT COUNT(*) FROM "{Table<Microsoft.AspNetCore.Identity.IdentityRole>()}"),
                  (SELECT COUNT(*) FROM (SELECT 1 FROM "{Table<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>()}" LIMIT 1) k),
                  (SELECT COUNT(*) FROM "{Table<AppSecret>()}" WHERE "Name" = '{IdHashKeys.FingerprintName}'),
                  (SELECT COUNT(*) FROM "{Table<AppSecret>()}" WHERE "Name" = '{IdHashKeys.KeyName}'),
                  (SELECT COUNT(*) FROM (SELECT 1 FROM "{Table<Filing>()}" LIMIT 1) f),
                  (SELECT COUNT(*) FROM (SELECT 1 FROM "{Table<AppUser>()}" LIMIT 1) u)
                """;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            long At(int i) => Convert.ToInt64(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            return At(0) == 0 ? null : new State((int)At(0), (int)At(1), At(2) > 0, At(3) > 0, At(4) > 0, At(5) > 0, At(6) > 0);
        }
        finally
        {
            if (close) await conn.CloseAsync();
        }
    }

    public static Task PrepareAsync(AppDb db, bool migrate, Func<CancellationToken, Task>? underLock, Action<string>? log, CancellationToken ct) =>
        PrepareAsync(db, migrate, null, underLock, log, ct);

    private static async Task PrepareAsync(AppDb db, bool migrate, Func<State, bool>? extraNeeded, Func<CancellationToken, Task>? underLock,
        Action<string>? log, CancellationToken ct)
    {
        var cs = db.Database.GetConnectionString() ?? "";
        var where = DbSetup.Describe(cs);
        var provider = DbSetup.DetectProvider(cs);
        await CheckConnectionAsync(db, provider, where, ct);
        try
        {
            if (!await NeedsWorkAsync(db, provider, extraNeeded, ct)) return;
            var pending = await PendingMigrationsAsync(db, provider, ct);
            if (pending.Count > 0 && !migrate)
                throw new DatabaseStartupException(
                    $"数据库 {where} 需要升级（{pending.Count} 个迁移待执行），而 Database:MigrateOnStart=false：请先运行 skillsaudit db migrate，再启动应用。");
            await using var held = await DbLock.AcquireAsync(cs, DbLock.Startup, wait: true,
                () => log?.Invoke("另一实例正在升级数据库，等待其完成…"), ct);
            // Re-check under the lock: another instance may have done it all meanwhile.
            if ((await PendingMigrationsAsync(db, provider, ct)).Count > 0)
            {
                log?.Invoke($"正在升级数据库 {where}…");
                // EF Core's migrator first reads its history table, and on a new PostgreSQL database it logs that failed
                // read as an error ("Failed executing DbCommand … __EFMigrationsHistory", efcore issue 37328), which an
                // operator would take for a fault: the table is created first (its own idempotent script), so a first
                // start logs no error.
                await ExecuteAsync(db, db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
                await db.Database.MigrateAsync(ct);
            }
            await ReferenceData.EnsureAsync(db, ct);
            if (underLock is not null) await underLock(ct);
        }
        catch (DatabaseStartupException)
        {
            throw;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11)
        {
            throw new DatabaseStartupException($"数据库文件已损坏或不是 SQLite 数据库：{where}（{e.Message}）。请恢复备份或换用新文件。", e);
        }
        catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            var cause = Innermost(e);
            if (Resilience.IsTransient(e) && e is not PostgresException)
                throw new DatabaseStartupException($"已连接数据库 {where}，但升级过程中连接中断：{cause}", e);
            throw new DatabaseStartupException($"已连接数据库 {where}，但数据库迁移或初始化失败：{cause}", e);
        }
    }

    /// <summary>SQL as it is (no formatting of braces), on the context's connection.</summary>
    private static async Task ExecuteAsync(AppDb db, string sql, CancellationToken ct)
    {
        var conn = db.Database.GetDbConnection();
        var close = conn.State != System.Data.ConnectionState.Open;
        if (close) await conn.OpenAsync(ct);
        try
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            if (close) await conn.CloseAsync();
        }
    }

    /// <summary>Whether a migration of this build is missing from the database (<see cref="PendingMigrationsAsync"/>).</summary>
    public static async Task<bool> AnyPendingMigrationsAsync(AppDb db, DbSetup.Provider provider, CancellationToken ct = default) =>
        (await PendingMigrationsAsync(db, provider, ct)).Count > 0;

    /// <summary>
    /// The migrations of this build missing from the database, in order: the same answer as EF Core's
    /// GetPendingMigrationsAsync, read straight from its history table once its existence is checked. EF Core's own
    /// reading first builds a model of that table, about 0.3 s of every start (issue 16), and on a new PostgreSQL
    /// database logs its failed read of the missing table as an error.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PendingMigrationsAsync(AppDb db, DbSetup.Provider provider, CancellationToken ct = default)
    {
        var known = Migrations.MigrationIds.All;
        var conn = db.Database.GetDbConnection();
        var close = conn.State != System.Data.ConnectionState.Open;
        if (close) await conn.OpenAsync(ct);
        try
        {
            await using (var exists = conn.CreateCommand())
            {
                exists.CommandText = provider == DbSetup.Provider.Sqlite
                    ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'"
                    : "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = '__EFMigrationsHistory' AND schemaname = current_schema()";
                if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0) return [.. known];
            }
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));
            return [.. known.Where(k => !applied.Contains(k))];
        }
        finally
        {
            if (close) await conn.CloseAsync();
        }
    }

    /// <summary>
    /// Migrations, reference data and the caller's checks, read without taking any lock: the applied migrations (the
    /// history table) and then everything else in one query (<see cref="StateAsync"/>).
    /// </summary>
    private static async Task<bool> NeedsWorkAsync(AppDb db, DbSetup.Provider provider, Func<State, bool>? extraNeeded, CancellationToken ct)
    {
        if (await AnyPendingMigrationsAsync(db, provider, ct)) return true;
        var state = await StateAsync(db, ct);
        if (state is null || state.Regions < Regions.All.Count || state.Roles < Roles.All.Count) return true;
        return extraNeeded is not null && extraNeeded(state);
    }

    private static async Task CheckConnectionAsync(AppDb db, DbSetup.Provider provider, string where, CancellationToken ct)
    {
        try
        {
            // Straight on the connection, not through the retrying strategy: an unreachable server is reported at once.
            var conn = db.Database.GetDbConnection();
            await conn.OpenAsync(ct);
            await conn.CloseAsync();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11)
        {
            throw new DatabaseStartupException($"数据库文件已损坏或不是 SQLite 数据库：{where}（{e.Message}）。请恢复备份或换用新文件。", e);
        }
        catch (SqliteException e)
        {
            throw new DatabaseStartupException($"无法打开 SQLite 数据库 {where}：{e.Message}", e);
        }
        catch (PostgresException e) when (e.SqlState == "3D000")
        {
            throw new DatabaseStartupException($"无法连接 PostgreSQL {where}：数据库不存在（请先创建，例如 createdb），{e.MessageText}", e);
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("28", StringComparison.Ordinal))
        {
            throw new DatabaseStartupException($"无法连接 PostgreSQL {where}：用户名或密码被拒绝（{e.MessageText}）", e);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException && provider == DbSetup.Provider.Postgres)
        {
            throw new DatabaseStartupException($"无法连接 PostgreSQL {where}：{Innermost(e)}", e);
        }
    }

    private static string Innermost(Exception e)
    {
        var x = e;
        while (x.InnerException is not null && x is not PostgresException) x = x.InnerException;
        return x is PostgresException pg ? $"{pg.SqlState} {pg.MessageText}" : x.Message;
    }
}
