using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data;
using SkillsAudit.Data.Demo;

namespace SkillsAudit.Cli.Commands;

public static class DbCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var db = new Command("db", "数据库");
        var migrate = new Command("migrate", "创建或升级数据库（与 Web 应用相同的 ConnectionStrings:Default）");
        migrate.SetAction(async (_, ct) =>
        {
            await using var sp = CliServices.Build(ctx);
            using var scope = sp.CreateScope();
            await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
            ctx.Out.WriteLine("数据库已是最新版本。");
            return 0;
        });
        db.Subcommands.Add(migrate);

        var demo = new Command("demo", "演示数据");
        var load = new Command("load", "向空数据库加载由 seeds 转录的演示数据及演示账号");
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
        return [db, demo];
    }
}
