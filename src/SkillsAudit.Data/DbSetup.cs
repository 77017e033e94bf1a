using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data;

/// <summary>The database could not be opened or migrated; the message is one line for the console.</summary>
public sealed class DatabaseStartupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One setting, ConnectionStrings:Default, serves the web app and the CLI: "Data Source=…" is SQLite,
/// "Host=…" is PostgreSQL (docs/decisions/0001-storage-and-migrations.md).
/// </summary>
public static class DbSetup
{
    public enum Provider { Sqlite, Postgres }

    /// <summary>The folder that holds SkillsAudit.slnx, when running from a source checkout.</summary>
    public static string? FindRepositoryRoot(string? start = null)
    {
        var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SkillsAudit.slnx"))) return dir.FullName;
            dir = dir.Parent;
        }
        return null;
    }

    /// <summary>SQLite in data/skillsaudit.db under the repository (or beside the program when installed).</summary>
    public static string DefaultConnectionString() =>
        "Data Source=" + Path.Combine(FindRepositoryRoot() ?? AppContext.BaseDirectory, "data", "skillsaudit.db");

    public static Provider DetectProvider(string connectionString)
    {
        var cs = connectionString.TrimStart();
        if (cs.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase) || cs.StartsWith("DataSource=", StringComparison.OrdinalIgnoreCase) || cs.StartsWith("Filename=", StringComparison.OrdinalIgnoreCase))
            return Provider.Sqlite;
        if (cs.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || cs.StartsWith("Server=", StringComparison.OrdinalIgnoreCase))
            return Provider.Postgres;
        throw new DatabaseStartupException("无法识别数据库连接字符串 ConnectionStrings:Default：应以 \"Data Source=\"（SQLite）或 \"Host=\"（PostgreSQL）开头。");
    }

    public static void Configure(DbContextOptionsBuilder options, string connectionString)
    {
        switch (DetectProvider(connectionString))
        {
            case Provider.Sqlite:
                options.UseSqlite(PrepareSqlite(connectionString));
                break;
            case Provider.Postgres:
                // Transient faults (a server restart, a dropped connection) are retried (Platform.Resilience).
                options.UseNpgsql(connectionString, o => o.ExecutionStrategy(d => new Platform.PgExecutionStrategy(d)));
                break;
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> PreparedSqlite = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes a relative SQLite path absolute and creates its folder, so a missing file is simply created. Done once per
    /// connection string: the options are built for every request's context, and this looks at the file system.
    /// </summary>
    private static string PrepareSqlite(string connectionString) => PreparedSqlite.GetOrAdd(connectionString, PrepareSqliteOnce);

    private static string PrepareSqliteOnce(string connectionString)
    {
        var b = new SqliteConnectionStringBuilder(connectionString);
        if (b.DataSource is { Length: > 0 } path && path != ":memory:" && !path.StartsWith("file:", StringComparison.Ordinal) && b.Mode != SqliteOpenMode.Memory)
        {
            var full = Path.GetFullPath(path, FindRepositoryRoot() ?? AppContext.BaseDirectory);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            b.DataSource = full;
        }
        return b.ToString();
    }

    public static IServiceCollection AddSkillsAuditData(this IServiceCollection services, string connectionString)
    {
        DetectProvider(connectionString);
        // The options are built once (they depend on the connection string only), not for every request's context.
        services.AddDbContext<AppDb>(o => Configure(o, connectionString), optionsLifetime: ServiceLifetime.Singleton);
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Applies the migrations and the reference data, safe with any number of instances or CLI runs at once: the state is
    /// read first without any lock, and only when something is missing is the work done under the start-up lock
    /// (pg_advisory_lock on PostgreSQL), re-checked there, with idempotent inserts. Failures become a
    /// <see cref="DatabaseStartupException"/> saying in one line whether the server could not be reached or was reached
    /// and the migration failed, with the real cause.
    /// </summary>
    public static async Task MigrateAsync(AppDb db, CancellationToken ct = default) =>
        await Platform.DbStartup.PrepareAsync(db, migrate: true, underLock: null, log: null, ct);

    /// <summary>The connection string's server and database (or file), for messages.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            return DetectProvider(connectionString) == Provider.Sqlite
                ? new SqliteConnectionStringBuilder(connectionString).DataSource
                : new NpgsqlConnectionStringBuilder(connectionString) is var b ? $"{b.Host}:{b.Port}/{b.Database}" : "";
        }
        catch (DatabaseStartupException)
        {
            return "(未知)";
        }
    }
}
/// <summary>Reference data every installation has: the GB/T 2260 regions and the roles.</summary>
public static class ReferenceData
{
    /// <summary>One query: are all regions and roles there?</summary>
    public static async Task<bool> CompleteAsync(AppDb db, CancellationToken ct = default)
    {
        var counts = await db.Regions.Take(1).Select(_ => new { Regions = db.Regions.Count(), Roles = db.Roles.Count() }).FirstOrDefaultAsync(ct);
        return counts is not null && counts.Regions >= Regions.All.Count && counts.Roles >= Roles.All.Count;
    }

    /// <summary>Adds what is missing; run under the start-up lock, and a row added meanwhile by another process is skipped.</summary>
    public static async Task EnsureAsync(AppDb db, CancellationToken ct = default)
    {
        var known = (await db.Regions.Select(r => r.Code).ToListAsync(ct)).ToHashSet();
        var missing = Regions.All.Where(r => !known.Contains(r.Code)).ToList();
        if (missing.Count > 0)
        {
            db.Regions.AddRange(missing.Select(r => new Region(r.Code, r.Name, r.Level, r.ParentCode)));
        }
        var roles = (await db.Roles.Select(r => r.Name).ToListAsync(ct)).ToHashSet();
        foreach (var role in Roles.All.Where(r => !roles.Contains(r)))
        {
            db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() });
        }
        if (!db.ChangeTracker.HasChanges()) return;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Platform.Resilience.IsUniqueViolation(e))
        {
            // Another process (without the lock: an older version, or a CLI on SQLite) inserted them first: take theirs.
            db.ChangeTracker.Clear();
        }
    }
}
