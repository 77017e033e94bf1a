using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Bench.Risk;
using SkillsAudit.Data;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// StatisticsRecords has no index but its key (filing, year, occupation) since M0021: the reads of a year's records
/// across a region's filings (risk, the certificate cross-check, the statistics rows, the default year) must reach
/// them through that key, filing by filing, never by reading the whole table. Every statement these requests send
/// is captured and, on SQLite, its plan asked for (EXPLAIN QUERY PLAN), with the statement's own parameters.
/// </summary>
public sealed partial class StatisticsYearReadTests : IAsyncLifetime
{
    private readonly AppFactory _factory = new();
    private readonly Capture _capture = new();
    private readonly GeneratedProvince _province = RiskGenerator.Generate(filings: 40, years: 3, occupations: 4, seed: 7);
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        _ = _factory.Server;
        using (var scope = _factory.Services.CreateScope())
            await RiskProvinceWriter.WriteAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), _province);
        _app = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureDbContext<AppDb>(o => o.AddInterceptors(_capture))));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task A_years_records_are_read_by_their_key_never_by_scanning_the_table()
    {
        var officer = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        (await officer.PostAsJsonAsync("/api/auth/login", new { userName = "officer", password = "Officer#2026" })).EnsureSuccessStatusCode();
        _capture.On = true;
        foreach (var url in new[]
                 {
                     "/api/risk", // the default year
                     "/api/risk?year=2025",
                     "/api/risk?year=2025&occupation=" + Uri.EscapeDataString(_province.Occupations[0].Code),
                     "/api/certificates/crosscheck?year=2025",
                     "/api/statistics?year=2025&region=" + Uri.EscapeDataString("忻州市"),
                 })
        {
            var response = await officer.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        }
        _capture.On = false;

        var reads = _capture.Commands.Where(c => c.Sql.Contains("\"StatisticsRecords\"", StringComparison.Ordinal)).ToList();
        // the risk list, the occupation filter, the cross-check and the rows: each reads records of the year
        reads.Count.ShouldBeGreaterThanOrEqualTo(4);
        _capture.Commands.ShouldContain(c => c.Sql.Contains("\"StatisticsRollups\"", StringComparison.Ordinal) && c.Sql.Contains("MAX(", StringComparison.OrdinalIgnoreCase));
        if (AppFactory.UsePostgres) return; // PostgreSQL plans by statistics: on a table this small it scans, whatever the indexes

        await using var conn = new SqliteConnection(_factory.ConnectionString);
        await conn.OpenAsync();
        foreach (var read in reads)
        {
            var alias = RecordsAlias().Match(read.Sql).Groups[1].Value;
            alias.ShouldNotBeEmpty(read.Sql);
            await using var explain = conn.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + read.Sql;
            foreach (var (name, value) in read.Parameters) explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
                while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
            var text = string.Join("\n", plan);
            // "SCAN s" or "SCAN s USING COVERING INDEX …" reads every record; "SEARCH s USING INDEX … (FilingId=? AND Year=?)" does not
            plan.ShouldNotContain(line => Regex.IsMatch(line, $"^SCAN {alias}( |$)"), read.Sql + "\n" + text);
            plan.ShouldContain(line => Regex.IsMatch(line, $"^SEARCH {alias} .*FilingId=\\?"), read.Sql + "\n" + text);
        }
    }

    [GeneratedRegex("\"StatisticsRecords\" AS \"(\\w+)\"")]
    private static partial Regex RecordsAlias();

    private sealed class Capture : DbCommandInterceptor
    {
        public volatile bool On;
        public List<(string Sql, List<(string Name, object? Value)> Parameters)> Commands { get; } = [];

        private void Keep(DbCommand command)
        {
            if (!On) return;
            lock (Commands)
                Commands.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value is DBNull ? null : p.Value)).ToList()));
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Keep(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Keep(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Keep(command);
            return ValueTask.FromResult(result);
        }
    }
}
