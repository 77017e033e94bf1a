using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkillsAudit.Data;
using SkillsAudit.Data.Access;
using SkillsAudit.Data.Features.Risk;
using SkillsAudit.Domain.Risk;

namespace SkillsAudit.Bench.Risk;

/// <summary>
/// Every risk signal for a whole generated province (target: under 2 s), on SQLite or PostgreSQL:
/// <code>
///   dotnet bench/SkillsAudit.Bench/bin/Release/net10.0/SkillsAudit.Bench.dll risk "Data Source=/tmp/risk.db" [filings years occupations]
///   dotnet bench/SkillsAudit.Bench/bin/Release/net10.0/SkillsAudit.Bench.dll risk "Host=127.0.0.1;Port=55432;Username=postgres;Database=sa_risk_bench"
/// </code>
/// Default province: 1,000 filings × 10 years × 20 occupations × 5 levels with rosters (RiskGenerator). The database is
/// created fresh and filled (RiskProvinceWriter); then loading and computing every signal (RiskHandlers.ComputeAsync:
/// the set-based queries and RiskEngine) is timed three times. Prints the precision and recall of each signal too.
/// </summary>
public static class RiskTimed
{
    public static int Run(string[] args)
    {
        if (args.Length < 2) { Console.Error.WriteLine("usage: risk CONNECTION-STRING [filings years occupations]"); return 2; }
        int Arg(int i, int d) => args.Length > i ? int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture) : d;
        return RunAsync(args[1], Arg(2, 1000), Arg(3, 10), Arg(4, 20), args.Contains("--reuse")).GetAwaiter().GetResult();
    }

    /// <param name="reuse">Keep a database an earlier run filled with the same arguments (times the signals only).</param>
    private static async Task<int> RunAsync(string cs, int filings, int years, int occupations, bool reuse)
    {
        await using var sp = BenchHost.Services(cs);
        var engine = cs.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "SQLite";

        var sw = Stopwatch.StartNew();
        var province = RiskGenerator.Generate(filings, years, occupations);
        var certificates = province.Input.Certificates.Sum(c => c.Count);
        Console.WriteLine($"generated {filings} filings × {years} years × {occupations} occupations × 5 levels: {province.Input.Records.Count} statistics records, {certificates} certificates, {province.Input.Reviews.Count} reviews, {province.Planted.Count} planted anomalies ({sw.ElapsedMilliseconds} ms)");
        sw.Restart();
        using (var scope = sp.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            if (reuse) goto written;
            await BenchHost.RecreateAsync(db);
            await RiskProvinceWriter.WriteAsync(db, province, progress: Console.WriteLine);
        written:;
        }
        Console.WriteLine($"written to {engine} in {sw.ElapsedMilliseconds} ms");

        for (var round = 1; round <= 3; round++)
        {
            sw.Restart();
            var inMemory = RiskEngine.Compute(province.Input, new RiskConfig());
            Console.WriteLine($"engine alone (in memory, no database), round {round}: {inMemory.Filings.Count} filings in {sw.ElapsedMilliseconds} ms");
        }
        RiskResult? result = null;
        var times = new List<long>();
        for (var round = 1; round <= 3; round++)
        {
            using var scope = sp.CreateScope();
            var h = scope.ServiceProvider.GetRequiredService<RiskHandlers>();
            sw.Restart();
            result = await h.ComputeAsync("14", province.Input.Year, trace: Console.WriteLine);
            sw.Stop();
            times.Add(sw.ElapsedMilliseconds);
            Console.WriteLine($"round {round}: every signal for {result.Filings.Count} filings, year {result.Year}, in {sw.ElapsedMilliseconds} ms — {engine}");
        }
        Console.WriteLine($"@risk.{engine.ToLowerInvariant()}.ms {times.Min()}");

        // Quality at full size: the stored ids follow the generated ones in order.
        var stored = result!.Filings.OrderBy(f => f.FilingId).ToList();
        var byGenerated = province.Input.Filings.Select((f, i) => (f.FilingId, stored[i])).ToDictionary(x => x.FilingId, x => x.Item2);
        var planted = province.Planted.Select(a => a.FilingId).ToHashSet();
        foreach (var kind in RiskNames.AllSignals)
        {
            var mine = province.Planted.Where(a => a.Kind == kind).Select(a => a.FilingId).Distinct().ToList();
            var found = mine.Count(id => byGenerated[id].Signals.Single(s => s.Kind == kind).Raised);
            var clean = byGenerated.Where(kv => !planted.Contains(kv.Key)).ToList();
            var alarms = clean.Count(kv => kv.Value.Signals.Single(s => s.Kind == kind).Raised);
            Console.WriteLine($"{kind.Chinese()}: recall {found}/{mine.Count} = {100.0 * found / mine.Count:0.0}%, clean flagged {alarms}/{clean.Count} = {100.0 * alarms / clean.Count:0.00}%");
        }
        return times.Min() < 2000 ? 0 : 1;
    }
}
