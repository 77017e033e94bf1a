using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkillsAudit.Data;
using SkillsAudit.Data.Demo;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Reviews;

namespace SkillsAudit.Bench;

/// <summary>
/// Deciding every finalised body of the 48-body Xinzhou campaign at once (target: under 2 s), on SQLite or PostgreSQL:
/// <code>
///   dotnet run -c Release --project bench/SkillsAudit.Bench -- decide "Data Source=/tmp/decide.db"
///   dotnet run -c Release --project bench/SkillsAudit.Bench -- decide "Host=127.0.0.1;Port=55432;Username=postgres;Database=sa_decide_bench"
/// </code>
/// The database is created fresh (demo registry of seed 002's 48 bodies), a campaign opened on every target, each result
/// finalised, then one DecideAsync over all of them is timed; three rounds, each on a new campaign.
/// </summary>
public static class DecideTimed
{
    public static int Run(string[] args)
    {
        if (args.Length < 2) { Console.Error.WriteLine("usage: decide CONNECTION-STRING"); return 2; }
        return RunAsync(args[1]).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string cs)
    {
        var root = BenchHost.Root;
        await using var sp = BenchHost.Services(cs);
        using (var scope = sp.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            await BenchHost.RecreateAsync(db);
            await scope.ServiceProvider.GetRequiredService<DemoLoader>().LoadAsync(Path.Combine(root, "demo"));
        }
        for (var round = 1; round <= 3; round++)
        {
            int campaignId, targets;
            using (var scope = sp.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                var campaigns = scope.ServiceProvider.GetRequiredService<CampaignHandlers>();
                var who = ReviewUser.Operator("bench");
                var day = DateOnly.FromDateTime(DateTime.UtcNow);
                string D(int n) => day.AddDays(n).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                var c = await campaigns.CreateAsync(who, new CampaignInput
                {
                    Title = $"忻州市年度绩效考核（基准 {round}）", Authority = "忻州市人力资源和社会保障局", Year = day.Year, Region = "忻州市", Rubric = "xinzhou-2023",
                    Stages = [new("SelfAssessment", D(-20), D(-10)), new("PanelReview", D(-9), D(0))],
                });
                await campaigns.ApplyTargetsAsync(who, c.Id, day);
                await campaigns.OpenAsync(who, c.Id);
                var all = await db.Assessments.Where(a => a.CampaignId == c.Id).ToListAsync();
                var n = 0;
                foreach (var a in all) a.RecordHistorical(null, 70m + n++ % 25, "B", "bench", db.Now, "基准");
                await db.SaveChangesAsync();
                (campaignId, targets) = (c.Id, all.Count);
            }
            using (var scope = sp.CreateScope())
            {
                var h = scope.ServiceProvider.GetRequiredService<DecisionHandlers>();
                var sw = Stopwatch.StartNew();
                var result = await h.DecideAsync(ReviewUser.Operator("bench"), campaignId, new DecideRequest());
                sw.Stop();
                Console.WriteLine($"round {round}: {result.Decided.Count} of {targets} targets decided in {sw.ElapsedMilliseconds} ms (skipped {result.Skipped.Count}) — {(cs.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "SQLite")}");
            }
        }
        using (var scope = sp.CreateScope()) await scope.ServiceProvider.GetRequiredService<AppDb>().Database.EnsureDeletedAsync();
        return 0;
    }
}
