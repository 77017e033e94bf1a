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
        var root = new RootCommand("SkillsAudit：职业技能等级评价机构监管系统命令行。\n退出码：0 完成；1 拒绝（输入有误、不存在、无权限、冲突、数据库不可用），一行说明原因，未写入任何内容；"
            + "2 用法错误（未知选项、取值不对、输出文件无法写入）；3 新增职业条件不符合（scope check/apply）；4 按公布种子复核结果不一致（inspect verify）；5 未查到该证书（certs lookup）。\n查询、列出类命令都可加 --json，以 JSON 输出到标准输出（提示和错误在标准错误）。");
        foreach (var c in DbCommands.Build(ctx)) root.Subcommands.Add(c);
        var filings = FilingCommands.Build(ctx);
        foreach (var c in RulesCommands.FilingSubcommands(ctx)) filings.Subcommands.Add(c);
        root.Subcommands.Add(filings);
        foreach (var c in RubricCommands.Build(ctx)) root.Subcommands.Add(c);
        root.Subcommands.Add(StatisticsCommands.Build(ctx));
        root.Subcommands.Add(AuditNoticeCommands.Build(ctx));
        root.Subcommands.Add(NoticeCommands.Build(ctx));
        foreach (var c in ReviewCommands.Build(ctx)) root.Subcommands.Add(c);
        BoardCommands.Extend(root, ctx);
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
        // An output file that cannot be written (no such folder, a folder given, no permission): one line, exit 2, before any work.
        var output = OutputFile(parse);
        if (output is not null && OutputProblem(output) is { } problem)
        {
            ctx.Error.WriteLine(problem);
            return 2;
        }
        // Every file a command reads has its time budget (Files:ReadSeconds); a file over it is a refusal like any other.
        using var budget = ReadBudget.Use(ctx.ReadSeconds is { } rs ? TimeSpan.FromSeconds(rs) : ReadBudget.DefaultLimit, CancellationToken.None);
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
        catch (Exception e) when (output is not null && e is IOException or UnauthorizedAccessException)
        {
            ctx.Error.WriteLine($"无法写入输出文件 {output.FullName}：{(e is UnauthorizedAccessException ? "没有写入权限" : "磁盘或文件错误")}。");
            return 2;
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

    /// <summary>The file a command writes: its --out option, or an argument described as 输出文件 (`filings export FILE.xlsx`).</summary>
    private static FileInfo? OutputFile(ParseResult parse)
    {
        foreach (var child in parse.CommandResult.Children)
        {
            if (child is System.CommandLine.Parsing.OptionResult { Option.Name: "--out" } o && o.GetValueOrDefault<FileInfo?>() is { } f) return f;
            if (child is System.CommandLine.Parsing.ArgumentResult a && a.Argument.Description?.StartsWith("输出", StringComparison.Ordinal) == true
                && a.GetValueOrDefault<FileInfo?>() is { } g) return g;
        }
        return null;
    }

    /// <summary>Why the output file cannot be written, in one Chinese line; null when it can.</summary>
    public static string? OutputProblem(FileInfo target)
    {
        if (Directory.Exists(target.FullName)) return $"输出路径 {target.FullName} 是一个文件夹，请给出文件名（如 {Path.Combine(target.FullName, "结果.xlsx")}）。";
        var dir = target.Directory;
        if (dir is null || !dir.Exists) return $"无法写入输出文件 {target.FullName}：文件夹 {dir?.FullName ?? "（无）"} 不存在，请先创建或换一个路径。";
        return null;
    }

    /// <summary>rubrics/ and demo/ beside the program (copied at build), else the repository root.</summary>
    public static string FindContentRoot() =>
        Directory.Exists(Path.Combine(AppContext.BaseDirectory, "demo")) ? AppContext.BaseDirectory : DbSetup.FindRepositoryRoot() ?? AppContext.BaseDirectory;
}
