using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Rubrics;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Cli.Commands;

/// <summary>
/// rubric list | show ID[@v] | validate FILE | import FILE.xlsx | compare A B, and score ID[@v] --answers FILE.json.
/// Rubrics come from the same library as the web app: the files in rubrics/ (version 1) and imported versions in the
/// database. Exit codes: 0 success, 1 validation errors or bad answers, 2 usage errors (unknown rubric, missing file, bad option).
/// </summary>
public static class RubricCommands
{
    public const int Success = 0;
    public const int Invalid = 1;
    public const int UsageError = 2;

    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var rubric = new Command("rubric", "评估表：列出、查看、校验、导入、比较");
        rubric.Subcommands.Add(ListCommand(ctx));
        rubric.Subcommands.Add(ShowCommand(ctx));
        rubric.Subcommands.Add(ValidateCommand(ctx));
        rubric.Subcommands.Add(ImportCommand(ctx));
        rubric.Subcommands.Add(CompareCommand(ctx));
        return [rubric, ScoreCommand(ctx)];
    }

    private static async Task<T> WithLibrary<T>(CliContext ctx, Func<IServiceProvider, Task<T>> action, CancellationToken ct)
    {
        await using var sp = CliServices.Build(ctx);
        using var scope = sp.CreateScope();
        await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
        return await action(scope.ServiceProvider);
    }

    private static Command ListCommand(CliContext ctx)
    {
        var all = new Option<bool>("--all-versions") { Description = "列出每个评估表的所有版本" };
        var json = new Option<bool>("--json") { Description = "输出 JSON 数组（camelCase）：编号、版本、标题、来源等" };
        var command = new Command("list", "列出评估表（rubrics/ 中的文件及导入的版本）") { all, json };
        command.SetAction((parse, ct) => WithLibrary(ctx, async sp =>
        {
            var library = sp.GetRequiredService<RubricLibrary>();
            var entries = await library.ListAsync(parse.GetValue(all), ct);
            if (parse.GetValue(json)) ctx.Out.WriteLine(RubricJson.Serialize(entries));
            else foreach (var e in entries) ctx.Out.WriteLine($"{e.Label}\t{e.Title}\t{e.Origin}");
            var failures = sp.GetRequiredService<RubricFiles>().Failures;
            foreach (var failure in failures)
            {
                foreach (var e in failure.Errors) ctx.Error.WriteLine(e);
            }
            return failures.Count > 0 ? Invalid : Success;
        }, ct));
        return command;
    }

    private static Command ShowCommand(CliContext ctx)
    {
        var id = new Argument<string>("id") { Description = "评估表编号，可带版本，如 xinzhou-2023 或 xinzhou-2023@2" };
        var json = new Option<bool>("--json") { Description = "输出 JSON（camelCase）" };
        var command = new Command("show", "查看评估表的部分与指标") { id, json };
        command.SetAction((parse, ct) => WithLibrary(ctx, async sp =>
        {
            var found = await Find(ctx, sp, parse.GetValue(id), ct);
            if (found is null) return UsageError;
            if (parse.GetValue(json)) ctx.Out.WriteLine(RubricJson.Serialize(found.Rubric.ToView()));
            else RubricReports.WriteTree(found.Rubric, ctx.Out);
            return Success;
        }, ct));
        return command;
    }

    private static Command ValidateCommand(CliContext ctx)
    {
        var file = new Argument<string>("file") { Description = "评估表 YAML 文件路径" };
        var json = new Option<bool>("--json") { Description = "输出 JSON（camelCase）" };
        var command = new Command("validate", "校验评估表文件：错误拒收，警告报告原表自身数字不符之处") { file, json };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file);
            if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            {
                ctx.Error.WriteLine($"找不到文件：{path}");
                return UsageError;
            }
            var report = RubricValidator.ValidateFile(path);
            if (parse.GetValue(json)) ctx.Out.WriteLine(RubricJson.Serialize(report.ToView()));
            else RubricReports.WriteValidation(report, ctx.Out);
            // The report (on standard output) lists each error; the refusal itself is one line.
            if (!report.IsValid) ctx.Error.WriteLine($"{Path.GetFileName(path)}：有 {report.Errors.Count} 处错误，未通过校验。");
            return report.IsValid ? Success : Invalid;
        });
        return command;
    }

    private static Command ImportCommand(CliContext ctx)
    {
        var file = new Argument<FileInfo>("FILE.xlsx") { Description = "按已发布评估表的表格版式排列（评估类别、评估项目、评估内容、标准分值、评分标准各列）" };
        var id = new Option<string>("--id") { Description = "评估表编号，如 xinzhou-2024", Required = true };
        var title = new Option<string>("--title") { Description = "标题", Required = true };
        var year = new Option<int?>("--year") { Description = "年度" };
        var outcome = new Option<string?>("--outcome") { Description = "结果方案：grades、stars 或 passFail" };
        var issuer = new Option<string?>("--issuer") { Description = "发文机关" };
        var document = new Option<string?>("--document-number") { Description = "文号" };
        var check = new Option<bool>("--check") { Description = "只校验，不保存" };
        var json = new Option<bool>("--json") { Description = "输出校验报告 JSON" };
        var command = new Command("import", "从 xlsx 导入评估表：先校验，无错误才保存为新版本") { file, id, title, year, outcome, issuer, document, check, json };
        command.SetAction((parse, ct) => WithLibrary(ctx, async sp =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                ctx.Error.WriteLine($"找不到文件：{path.FullName}");
                return UsageError;
            }
            if (path.Length > RubricXlsxImport.MaxBytes)
            {
                ctx.Error.WriteLine($"{path.Name}：文件大小 {path.Length} 字节，超过上限 {RubricXlsxImport.MaxBytes} 字节");
                return Invalid;
            }
            var meta = new RubricImportMetadata(parse.GetValue(id), parse.GetValue(title), parse.GetValue(year), parse.GetValue(outcome), parse.GetValue(issuer), parse.GetValue(document));
            await using var stream = path.OpenRead();
            var (result, version) = await sp.GetRequiredService<RubricXlsxImport>().ImportAsync(stream, path.Name, meta, parse.GetValue(check), ct);
            var report = result.ToReport(path.Name);
            if (parse.GetValue(json)) ctx.Out.WriteLine(RubricJson.Serialize(report.ToView()));
            else RubricReports.WriteValidation(report, ctx.Out);
            if (result.JudgementRows.Count > 0)
                ctx.Out.WriteLine($"以下行的评分标准未能识别为结构化规则，按“直接给分”处理：第 {string.Join("、", result.JudgementRows)} 行");
            if (!result.Succeeded)
            {
                ctx.Error.WriteLine($"{path.Name}：有错误，未保存。");
                return Invalid;
            }
            ctx.Out.WriteLine(version is { } v ? $"已保存为 {meta.Id}@{v}" : "校验通过（未保存）。");
            return Success;
        }, ct));
        return command;
    }

    private static Command CompareCommand(CliContext ctx)
    {
        var left = new Argument<string>("left") { Description = "较早的版本，如 xinzhou-2023@1" };
        var right = new Argument<string>("right") { Description = "较新的版本，如 xinzhou-2023@2" };
        var json = new Option<bool>("--json") { Description = "输出 JSON" };
        var command = new Command("compare", "比较两个评估表版本：新增、删除、修改的指标") { left, right, json };
        command.SetAction((parse, ct) => WithLibrary(ctx, async sp =>
        {
            var a = await Find(ctx, sp, parse.GetValue(left), ct);
            var b = await Find(ctx, sp, parse.GetValue(right), ct);
            if (a is null || b is null) return UsageError;
            var diff = RubricDiff.Compare(a.Rubric, b.Rubric);
            if (parse.GetValue(json))
            {
                ctx.Out.WriteLine(RubricJson.Serialize(diff.ToView(a.Label, b.Label)));
                return Success;
            }
            foreach (var i in diff.Added) ctx.Out.WriteLine($"+ {i.Code} {i.Content} ({i.MaxPoints}分)");
            foreach (var i in diff.Removed) ctx.Out.WriteLine($"- {i.Code} {i.Content} ({i.MaxPoints}分)");
            foreach (var p in diff.Pairs.Where(p => p.IsChanged))
            {
                ctx.Out.WriteLine($"~ {p.Left.Code} → {p.Right.Code} ({p.MatchedBy})");
                foreach (var c in p.Changes) ctx.Out.WriteLine($"    {c.Field}: {c.Before} → {c.After}");
            }
            ctx.Out.WriteLine($"新增 {diff.Added.Count}，删除 {diff.Removed.Count}，修改 {diff.Pairs.Count(p => p.IsChanged)}");
            return Success;
        }, ct));
        return command;
    }

    private static Command ScoreCommand(CliContext ctx)
    {
        var id = new Argument<string>("id") { Description = "评估表编号，可带版本，如 xinzhou-2023" };
        var answers = new Option<string>("--answers") { Description = "答卷文件（JSON：各指标编号及其得分或发现的情形）", Required = true };
        var defaultOption = new Option<string>("--default")
        {
            Description = "未作答指标的得分：full（满分）或 zero（零分）",
            DefaultValueFactory = _ => "full",
        };
        defaultOption.AcceptOnlyFromAmong("full", "zero");
        var json = new Option<bool>("--json") { Description = "输出 JSON（camelCase）" };
        var command = new Command("score", "按评估表为答卷计分") { id, answers, defaultOption, json };
        command.SetAction((parse, ct) => WithLibrary(ctx, async sp =>
        {
            var whenUnanswered = parse.GetValue(defaultOption) == "zero" ? UnansweredDefault.Zero : UnansweredDefault.Full;
            var path = parse.GetValue(answers);
            if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            {
                ctx.Error.WriteLine($"找不到答卷文件：{path}");
                return UsageError;
            }
            var found = await Find(ctx, sp, parse.GetValue(id), ct);
            if (found is null) return UsageError;
            var parsed = AnswerSheetJson.ParseFile(path);
            var outcome = parsed.Sheet is { } sheet ? RubricScorer.Score(found.Rubric, sheet, whenUnanswered) : null;
            var errors = outcome?.Errors ?? parsed.Errors;
            if (errors.Count > 0)
            {
                if (parse.GetValue(json)) ctx.Out.WriteLine(RubricJson.Serialize(new { errors = errors.Select(e => e.ToView()).ToArray() }));
                foreach (var e in errors) ctx.Error.WriteLine($"{path}: {e}");
                return Invalid;
            }
            var result = outcome!.Result!;
            if (parse.GetValue(json)) ctx.Out.WriteLine(RubricJson.Serialize(result.ToView()));
            else RubricReports.WriteScore(result, ctx.Out);
            return Success;
        }, ct));
        return command;
    }

    private static async Task<LibraryRubric?> Find(CliContext ctx, IServiceProvider sp, string? text, CancellationToken ct)
    {
        if (!RubricRef.TryParse(text, out var r))
        {
            ctx.Error.WriteLine($"无法识别的评估表编号“{text}”（应为 id 或 id@版本）");
            return null;
        }
        var library = sp.GetRequiredService<RubricLibrary>();
        var found = await library.FindAsync(r, ct);
        if (found is not null) return found;
        var failed = sp.GetRequiredService<RubricFiles>().Failures.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f.File) == r.Id);
        if (failed is not null) foreach (var e in failed.Errors) ctx.Error.WriteLine(e);
        else ctx.Error.WriteLine($"未知的评估表“{r}”；已有：{string.Join("、", (await library.ListAsync(false, ct)).Select(e => e.Label))}");
        return null;
    }
}
