using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The app on a fresh database: SQLite in a temp file, or a new database on the PostgreSQL server that test.sh
/// starts (SKILLSAUDIT_TEST_PROVIDER=postgres, SKILLSAUDIT_TEST_PG=…). Demo data loads as on a first start.
/// </summary>
public sealed class AppFactory : WebApplicationFactory<Program>
{
    public string ConnectionString { get; }
    private readonly string? _pgDatabase;
    private readonly string? _sqliteFile;

    public static bool UsePostgres => Environment.GetEnvironmentVariable("SKILLSAUDIT_TEST_PROVIDER") == "postgres";

    public AppFactory()
    {
        (ConnectionString, _pgDatabase, _sqliteFile) = NewDatabase();
    }

    /// <summary>A context of its own on a connection string, configured as the app configures it (without the app).</summary>
    public static SkillsAudit.Data.AppDb OpenDb(string connectionString, bool compiledModel = true)
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<SkillsAudit.Data.AppDb>();
        SkillsAudit.Data.DbSetup.Configure(options, connectionString, compiledModel);
        return new SkillsAudit.Data.AppDb(options.Options);
    }

    public static (string ConnectionString, string? PgDatabase, string? SqliteFile) NewDatabase()
    {
        if (UsePostgres)
        {
            var server = Environment.GetEnvironmentVariable("SKILLSAUDIT_TEST_PG")
                ?? throw new InvalidOperationException("SKILLSAUDIT_TEST_PG is not set: run the PostgreSQL suite through ./test.sh");
            var name = "sa_" + Guid.NewGuid().ToString("N")[..12];
            using (var conn = new NpgsqlConnection(server))
            {
                conn.Open();
                using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
                cmd.ExecuteNonQuery();
            }
            return (new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString(), name, null);
        }
        var file = Path.Combine(Path.GetTempPath(), "skillsaudit-test-" + Guid.NewGuid().ToString("N") + ".db");
        return ($"Data Source={file}", null, file);
    }

    /// <summary>
    /// Demo:LoadOnEmpty for this app: true (the existing tests need the demo, on PostgreSQL too); null leaves the
    /// setting unset, so the app's own default decides (SQLite yes, PostgreSQL no).
    /// </summary>
    public bool? LoadDemo { get; set; } = true;

    /// <summary>Set before the server starts to run the app on a fake clock (AppDb.Now, stages of review campaigns).</summary>
    public FakeClock? Clock { get; set; }

    /// <summary>Extra configuration for this app (e.g. session lifetimes for tests that move the fake clock by days).</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>Where uploaded evidence goes (a fresh temp folder per app).</summary>
    public string EvidenceDirectory { get; } = Path.Combine(Path.GetTempPath(), "skillsaudit-evidence-" + Guid.NewGuid().ToString("N"));

    /// <summary>False for the factory that builds the template itself, and for tests that want the real first start.</summary>
    /// <remarks>SKILLSAUDIT_TEST_NO_TEMPLATE=1 turns the template off for the whole run (to measure what it saves).</remarks>
    public bool UseTemplate { get; set; } = Environment.GetEnvironmentVariable("SKILLSAUDIT_TEST_NO_TEMPLATE") != "1";

    /// <summary>
    /// A demo-loaded app on the real clock with no start-up settings of its own starts from a copy of one migrated,
    /// demo-loaded template database (made once per test run) instead of migrating and loading the demo again.
    /// </summary>
    private bool TemplateEligible =>
        UseTemplate && LoadDemo == true && Clock is null
        && !Settings.Keys.Any(k => k.StartsWith("Certificates:", StringComparison.Ordinal) || k.StartsWith("Demo:", StringComparison.Ordinal)
                                   || k.StartsWith("Database:", StringComparison.Ordinal) || k.StartsWith("Evidence:", StringComparison.Ordinal));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (TemplateEligible) TemplateDatabase.CopyInto(ConnectionString, _pgDatabase, _sqliteFile);
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Evidence:Directory", EvidenceDirectory);
        if (LoadDemo is { } demo) builder.UseSetting("Demo:LoadOnEmpty", demo ? "true" : "false");
        // The daily jobs would change the demo data under the tests' feet; tests run them by hand.
        builder.UseSetting("Jobs:Enabled", "false");
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(s =>
            {
                foreach (var d in s.Where(d => d.ServiceType == typeof(TimeProvider)).ToList()) s.Remove(d);
                s.AddSingleton<TimeProvider>(clock);
            });
        }
    }

    public async Task<HttpClient> SignedInAsync(string user, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var res = await client.PostAsJsonAsync("/api/auth/login", new { userName = user, password });
        res.EnsureSuccessStatusCode();
        return client;
    }

    public Task<HttpClient> OfficerAsync() => SignedInAsync("officer", "Officer#2026");
    public Task<HttpClient> AdminAsync() => SignedInAsync("admin", "Admin#2026");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(EvidenceDirectory)) Directory.Delete(EvidenceDirectory, recursive: true);
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" }) File.Delete(f);
        }
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
