using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkillsAudit.Data;
using SkillsAudit.Data.Demo;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Bench;

/// <summary>
/// The home page's to-do list at real scale: the 48-body Xinzhou campaign open, half of the results confirmed, on SQLite
/// or PostgreSQL. Times TodoList.ForAsync for the officer, the expert and the body (median and worst of 20 each), the
/// bell's unread count, and one deadline-reminders run:
/// <code>
///   dotnet run -c Release --project bench/SkillsAudit.Bench -- todo "Data Source=/tmp/todo.db"
///   dotnet run -c Release --project bench/SkillsAudit.Bench -- todo "Host=127.0.0.1;Port=55432;Username=postgres;Database=sa_todo_bench"
/// </code>
/// </summary>
public static class TodoTimed
{
    public static int Run(string[] args)
    {
        if (args.Length < 2) { Console.Error.WriteLine("usage: todo CONNECTION-STRING"); return 2; }
        return RunAsync(args[1]).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string cs)
    {
        var root = BenchHost.Root;
        await using var sp = BenchHost.Services(cs);
        int targets;
        using (var scope = sp.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            await BenchHost.RecreateAsync(db); // dropped again at the end
            await scope.ServiceProvider.GetRequiredService<DemoLoader>().LoadAsync(Path.Combine(root, "demo"));
            var campaigns = scope.ServiceProvider.GetRequiredService<CampaignHandlers>();
            var who = ReviewUser.Operator("bench");
            var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            string D(int n) => day.AddDays(n).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var c = await campaigns.CreateAsync(who, new CampaignInput
            {
                Title = "忻州市年度绩效考核（待办基准）", Authority = "忻州市人力资源和社会保障局", Year = day.Year, Region = "忻州市", Rubric = "xinzhou-2023",
                Stages = [new("SelfAssessment", D(-10), D(1)), new("PanelReview", D(2), D(3))],
            });
            await campaigns.ApplyTargetsAsync(who, c.Id, day);
            // Accounts (the demo registry has none): an expert on the panel and a body user bound to a target.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var r in new[] { Roles.Expert, Roles.BodyUser }) if (!await roles.RoleExistsAsync(r)) await roles.CreateAsync(new IdentityRole(r));
            var e = new AppUser { UserName = "expert", DisplayName = "基准专家" };
            await users.CreateAsync(e);
            await users.AddToRoleAsync(e, Roles.Expert);
            var b = new AppUser { UserName = "body", DisplayName = "基准机构" };
            await users.CreateAsync(b);
            await users.AddToRoleAsync(b, Roles.BodyUser);
            await campaigns.AddMemberAsync(who, c.Id, "expert", "PanelLead", null);
            await campaigns.OpenAsync(who, c.Id);
            var all = await db.Assessments.Where(a => a.CampaignId == c.Id).OrderBy(a => a.Id).ToListAsync();
            foreach (var a in all.Where((_, i) => i % 2 == 0)) a.RecordHistorical(null, 80m, "B", "bench", db.Now, "基准");
            db.UserFilings.Add(new UserFiling { UserId = b.Id, FilingId = all[1].FilingId }); // a body whose result is not in yet
            await db.SaveChangesAsync();
            targets = all.Count;
        }
        var provider = cs.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "SQLite";
        var officer = new ReviewUser("officer", false, true, false, false, "140900", new HashSet<int>());
        var expert = new ReviewUser("expert", false, false, true, false, null, new HashSet<int>());
        HashSet<int> bodyFilings;
        using (var scope = sp.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            bodyFilings = (await db.UserFilings.Join(db.Users.Where(u => u.UserName == "body"), f => f.UserId, u => u.Id, (f, _) => f.FilingId).ToListAsync()).ToHashSet();
        }
        var body = new ReviewUser("body", false, false, false, true, null, bodyFilings);
        foreach (var (name, u) in new[] { ("officer", officer), ("expert", expert), ("body", body) })
        {
            var times = new List<double>();
            IReadOnlyList<TodoItem> items = [];
            for (var i = 0; i < 21; i++)
            {
                using var scope = sp.CreateScope();
                var sw = Stopwatch.StartNew();
                items = await scope.ServiceProvider.GetRequiredService<TodoList>().ForAsync(u);
                sw.Stop();
                if (i > 0) times.Add(sw.Elapsed.TotalMilliseconds); // the first run compiles the queries
            }
            times.Sort();
            Console.WriteLine($"todo {name,-7}: median {times[times.Count / 2]:0.0} ms, worst {times[^1]:0.0} ms over {times.Count} runs; " +
                $"{string.Join("；", items.Select(t => $"{t.Title} {t.Count}"))} — {targets} targets, {provider}");
        }
        using (var scope = sp.CreateScope())
        {
            var sw = Stopwatch.StartNew();
            var unread = await scope.ServiceProvider.GetRequiredService<NotificationHandlers>().UnreadCountAsync("body");
            Console.WriteLine($"bell (unread count): {sw.Elapsed.TotalMilliseconds:0.0} ms ({unread} unread)");
        }
        using (var scope = sp.CreateScope())
        {
            var sw = Stopwatch.StartNew();
            var run = await scope.ServiceProvider.GetRequiredService<DeadlineReminders>().RunAsync();
            Console.WriteLine($"deadline-reminders: {sw.ElapsedMilliseconds} ms — {run.Message}");
        }
        using (var scope = sp.CreateScope()) await scope.ServiceProvider.GetRequiredService<AppDb>().Database.EnsureDeletedAsync();
        return 0;
    }
}
