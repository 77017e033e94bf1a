using SkillsAudit.Domain.Common;
using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data;
using SkillsAudit.Data.Demo;
using SkillsAudit.Data.Platform;

namespace SkillsAudit.Cli.Commands;

public static class DbCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var db = new Command("db", "数据库");
        var migrate = new Command("migrate", "创建或升级数据库（与 Web 应用相同的 ConnectionStrings:Default）");
        migrate.SetAction(async (_, ct) =>
        {
            // The deployment step (Database:MigrateOnStart=false): migrations, reference data, the first key and the
            // ID-hash key, under the same database lock as the web app's start-up.
            await using var sp = CliServices.Build(ctx);
            await DbStartup.RunAsync(sp, migrateOnStart: true, demoLoad: null, log: ctx.Out.WriteLine, ct: ct);
            ctx.Out.WriteLine("数据库已是最新版本。");
            return 0;
        });
        db.Subcommands.Add(migrate);

        var fileArg = new Argument<FileInfo>("FILE") { Description = "备份文件（zip：数据库、密钥环、身份证号哈希密钥、证明材料）" };
        var backup = new Command("backup", "备份全部数据到一个文件（SQLite 用 VACUUM INTO；PostgreSQL 用 pg_dump -Fc，路径见 Backup:PgDump）") { fileArg };
        backup.SetAction(async (p, ct) =>
        {
            await using var sp = CliServices.Build(ctx);
            using var scope = sp.CreateScope();
            var file = p.GetValue(fileArg)!.FullName;
            var m = await scope.ServiceProvider.GetRequiredService<BackupService>().BackupAsync(file, ctx.Out.WriteLine, ct);
            ctx.Out.WriteLine($"已备份到 {file}（{new FileInfo(file).Length / 1024.0 / 1024.0:0.0} MB；数据库 {m.Provider}，版本 {m.LastMigration}；材料存于{(m.EvidenceStore == "database" ? "数据库" : $"目录，{m.EvidenceFiles} 个文件")}）");
            return 0;
        });
        db.Subcommands.Add(backup);

        var restoreArg = new Argument<FileInfo>("FILE") { Description = "skillsaudit db backup 生成的备份文件" };
        var force = new Option<bool>("--force") { Description = "目标数据库不是空的时也恢复（替换其中的全部数据；请先停止所有实例）" };
        var restore = new Command("restore", "从备份文件恢复到 ConnectionStrings:Default 指向的数据库（应为新建的空数据库）") { restoreArg, force };
        restore.SetAction(async (p, ct) =>
        {
            await using var sp = CliServices.Build(ctx);
            using var scope = sp.CreateScope();
            var file = p.GetValue(restoreArg)!.FullName;
            var m = await scope.ServiceProvider.GetRequiredService<BackupService>().RestoreAsync(file, p.GetValue(force), ctx.Out.WriteLine, ct);
            ctx.Out.WriteLine($"已从 {file} 恢复（备份时间 {m.CreatedAt.ToChinaMinutes()}，版本 {m.LastMigration}）。启动应用时会按需升级数据库。");
            return 0;
        });
        db.Subcommands.Add(restore);

        var demo = new Command("demo", "演示数据");
        var load = new Command("load", "向空数据库加载由已发布文件转录的演示数据及演示账号");
        load.SetAction(async (_, ct) =>
        {
            await using var sp = CliServices.Build(ctx);
            using var scope = sp.CreateScope();
            var appDb = scope.ServiceProvider.GetRequiredService<AppDb>();
            await DbSetup.MigrateAsync(appDb, ct);
            var created = await DemoData.LoadAsync(scope.ServiceProvider, ctx.DemoDirectory, ctx.Out.WriteLine, w => ctx.Error.WriteLine("注意：" + w), ct);
            foreach (var a in created) ctx.Out.WriteLine($"演示账号 {a.UserName} / {a.Password}（{Roles.Chinese(a.Role)}）");
            return 0;
        });
        demo.Subcommands.Add(load);

        var jobs = new Command("jobs", "定时任务（每日在 Web 应用中自动运行；此处可手动运行）");
        var json = new Option<bool>("--json") { Description = "输出 JSON：{ jobs: [{ name, title }], runs: [...] }（与 GET /api/admin/jobs 相同）" };
        var list = new Command("list", "列出定时任务及最近的运行记录") { json };
        list.SetAction(async (p, ct) =>
        {
            await using var sp = CliServices.Build(ctx);
            using (var scope = sp.CreateScope()) await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
            var runner = sp.GetRequiredService<JobRunner>();
            if (p.GetValue(json))
            {
                ctx.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(
                    new { jobs = runner.Jobs.Select(j => new { j.Name, j.Title }), runs = await runner.RecentAsync(20, ct) }, FilingCommands.Json));
                return 0;
            }
            foreach (var j in runner.Jobs) ctx.Out.WriteLine($"{j.Name,-20} {j.Title}");
            ctx.Out.WriteLine("最近的运行：");
            foreach (var r in await runner.RecentAsync(20, ct))
                ctx.Out.WriteLine($"  {r.StartedAt.ToChinaSeconds()}  {r.Job,-20} {r.Trigger}  {r.OutcomeName}  {r.Instance}  {r.Message}");
            return 0;
        });
        var jobName = new Argument<string>("NAME") { Description = "任务名（见 jobs list）" };
        var run = new Command("run", "立即运行一个定时任务（另一实例正在运行时等待其完成）") { jobName };
        run.SetAction(async (p, ct) =>
        {
            await using var sp = CliServices.Build(ctx);
            using (var scope = sp.CreateScope()) await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
            var r = await sp.GetRequiredService<JobRunner>().RunNowAsync(p.GetValue(jobName)!, "cli:" + Environment.UserName, ct);
            ctx.Out.WriteLine($"{r.Title}：{r.OutcomeName}。{r.Message}");
            return 0;
        });
        jobs.Subcommands.Add(list);
        jobs.Subcommands.Add(run);
        return [db, demo, jobs];
    }
}
