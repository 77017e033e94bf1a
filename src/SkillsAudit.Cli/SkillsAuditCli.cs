using System.CommandLine;
using SkillsAudit.Cli.Commands;
using SkillsAudit.Data;
using SkillsAudit.Data.Demo;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Cli;

/// <summary>The `skillsaudit` command line. Tests call <see cref="RunAsync"/> in-process with their own writers.</summary>
public static class SkillsAuditCli
{
    public static RootCommand BuildRoot(CliContext ctx)
    {
        var root = new RootCommand("SkillsAudit：职业技能等级评价机构监管系统命令行");
        foreach (var c in DbCommands.Build(ctx)) root.Subcommands.Add(c);
        var filings = FilingCommands.Build(ctx);
        foreach (var c in RulesCommands.FilingSubcommands(ctx)) filings.Subcommands.Add(c);
        root.Subcommands.Add(filings);
        foreach (var c in RubricCommands.Build(ctx)) root.Subcommands.Add(c);
        root.Subcommands.Add(StatisticsCommands.Build(ctx));
        root.Subcommands.Add(AuditNoticeCommands.Build(ctx));
        root.Subcommands.Add(NoticeCommands.Build(ctx));
        foreach (var c in ReviewCommands.Build(ctx)) root.Subcommands.Add(c);
        foreach (var c in RulesCommands.Build(ctx)) root.Subcommands.Add(c);
        root.Subcommands.Add(RiskCommands.Build(ctx));
        root.Subcommands.Add(UserCommands.Build(ctx));
        root.Subcommands.Add(UserCommands.Roster(ctx));
        root.Subcommands.Add(NotifyCommands.Build(ctx));
        return root;
    }

    /// <summary>Runs a command; refusals print one clear line and exit 1, never a stack trace.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext ctx)
    {
        var root = BuildRoot(ctx);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // A usage error (unknown option, bad value): exit 2, as every command documents.
            foreach (var e in parse.Errors) ctx.Error.WriteLine(e.Message);
            return 2;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = ctx.Out, Error = ctx.Error, EnableDefaultExceptionHandler = false });
        }
        // A refusal (bad input, not found, forbidden, conflict, unavailable) or a start-up or backup failure: one line, exit 1.
        catch (Exception e) when (e is RefusalException or DatabaseStartupException or DemoDataException or SkillsAudit.Data.Platform.BackupException)
        {
            ctx.Error.WriteLine(e.Message);
            return 1;
        }
        catch (Exception e) when (SkillsAudit.Data.Platform.Resilience.IsConflict(e))
        {
            ctx.Error.WriteLine("与同时进行的其他操作冲突（记录已被修改，或同一编号已被占用），未保存。请重新运行。");
            return 1;
        }
        catch (Exception e) when (SkillsAudit.Data.Platform.Resilience.IsTransient(e))
        {
            ctx.Error.WriteLine("数据库暂时无法访问，请稍后重新运行：" + e.GetBaseException().Message);
            return 1;
        }
    }

    /// <summary>rubrics/ and demo/ beside the program (copied at build), else the repository root.</summary>
    public static string FindContentRoot() =>
        Directory.Exists(Path.Combine(AppContext.BaseDirectory, "demo")) ? AppContext.BaseDirectory : DbSetup.FindRepositoryRoot() ?? AppContext.BaseDirectory;
}
