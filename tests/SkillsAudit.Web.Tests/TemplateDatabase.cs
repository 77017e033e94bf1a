using Microsoft.Data.Sqlite;
using Npgsql;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// One migrated, demo-loaded database per test run, made by starting the app once; each eligible <see cref="AppFactory"/>
/// starts from a copy of it (SQLite: a file copy of a VACUUM INTO snapshot; PostgreSQL: CREATE DATABASE … TEMPLATE).
/// A database that is no longer empty when its app starts (a test ran the CLI on it first) is left as it is.
/// </summary>
internal static class TemplateDatabase
{
    private static readonly Lock Gate = new();
    private static string? _sqliteTemplate;
    private static string? _pgTemplate;

    public static void CopyInto(string connectionString, string? pgDatabase, string? sqliteFile)
    {
        if (sqliteFile is not null)
        {
            if (File.Exists(sqliteFile) && new FileInfo(sqliteFile).Length > 0) return;
            File.Copy(SqliteTemplate(), sqliteFile, overwrite: true);
            return;
        }
        if (pgDatabase is null) return;
        var template = PgTemplate();
        var server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ToString();
        using var conn = new NpgsqlConnection(server);
        conn.Open();
        using (var probe = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString()))
        {
            probe.Open();
            using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", probe);
            if ((long)tables.ExecuteScalar()! > 0) return;
        }
        using var drop = new NpgsqlCommand($"DROP DATABASE {pgDatabase} WITH (FORCE)", conn);
        drop.ExecuteNonQuery();
        using var create = new NpgsqlCommand($"CREATE DATABASE {pgDatabase} TEMPLATE {template}", conn);
        create.ExecuteNonQuery();
    }

    private static string SqliteTemplate()
    {
        lock (Gate)
        {
            if (_sqliteTemplate is not null) return _sqliteTemplate;
            var target = Path.Combine(Path.GetTempPath(), "skillsaudit-template-" + Guid.NewGuid().ToString("N") + ".db");
            using (var app = new AppFactory { UseTemplate = false })
            {
                app.CreateClient().Dispose(); // starts the app: migrations, reference data, keys, demo load
                using var conn = new SqliteConnection(app.ConnectionString);
                conn.Open();
                using var cmd = new SqliteCommand($"VACUUM INTO '{target}'", conn);
                cmd.ExecuteNonQuery();
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(target);
            return _sqliteTemplate = target;
        }
    }

    private static string PgTemplate()
    {
        lock (Gate)
        {
            if (_pgTemplate is not null) return _pgTemplate;
            string name;
            using (var app = new AppFactory { UseTemplate = false })
            {
                app.CreateClient().Dispose();
                name = new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!;
            }
            // The template must have no open connections when it is copied.
            NpgsqlConnection.ClearAllPools();
            return _pgTemplate = name;
        }
    }
}
