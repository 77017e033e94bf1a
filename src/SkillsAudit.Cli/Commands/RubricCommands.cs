using System.CommandLine;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Cli.Commands;

/// <summary>
/// rubric list | rubric show ID [--json] | rubric validate FILE [--json] | score ID --answers FILE.json [--default full|zero] [--json].
/// Exit codes: 0 success, 1 validation errors or bad answers, 2 usage errors (unknown rubric, missing file, bad option).
/// The logic lives in SkillsAudit.Domain.Rubrics; this file only wires arguments to it.
/// </summary>
public static class RubricCommands
{
    public const int Success = 0;
    public const int Invalid = 1;
    public const int UsageError = 2;

    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var rubric = new Command("rubric", "评估表: list, show and validate rubric definitions");
        rubric.Subcommands.Add(ListCommand(ctx));
        rubric.Subcommands.Add(ShowCommand(ctx));
        rubric.Subcommands.Add(ValidateCommand(ctx));
        return [rubric, ScoreCommand(ctx)];
    }

    private static Command ListCommand(CliContext ctx)
    {
        var command = new Command("list", "List the rubrics in the rubrics folder");
        command.SetAction(_ =>
        {
            if (!TryCatalog(ctx, out var catalog)) return UsageError;
            RubricReports.WriteList(catalog.Rubrics, ctx.Out);
            foreach (var failure in catalog.Failures)
            {
                foreach (var e in failure.Errors) ctx.Error.WriteLine(e);
            }
            return catalog.Failures.Count > 0 ? Invalid : Success;
        });
        return command;
    }

    private static Command ShowCommand(CliContext ctx)
    {
        var id = new Argument<string>("id") { Description = "Rubric id, e.g. xinzhou-2023" };
        var json = new Option<bool>("--json") { Description = "Write JSON (camelCase)" };
        var command = new Command("show", "Show a rubric's sections and indicators");
        command.Arguments.Add(id);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var rubric = FindRubric(ctx, parse.GetValue(id), out var code);
            if (rubric is null) return code;
            if (parse.GetValue(json)) ctx.Out.WriteLine(RubricJson.Serialize(rubric.ToView()));
            else RubricReports.WriteTree(rubric, ctx.Out);
            return Success;
        });
        return command;
    }

    private static Command ValidateCommand(CliContext ctx)
    {
        var file = new Argument<string>("file") { Description = "Path of a rubric YAML file" };
        var json = new Option<bool>("--json") { Description = "Write JSON (camelCase)" };
        var command = new Command("validate", "Validate a rubric file: errors refuse it, warnings report seed inconsistencies");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file);
            if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            {
                ctx.Error.WriteLine($"file not found: {path}");
                return UsageError;
            }
            var report = RubricValidator.ValidateFile(path);
            if (parse.GetValue(json)) ctx.Out.WriteLine(RubricJson.Serialize(report.ToView()));
            else RubricReports.WriteValidation(report, ctx.Out);
            return report.IsValid ? Success : Invalid;
        });
        return command;
    }

    private static Command ScoreCommand(CliContext ctx)
    {
        var id = new Argument<string>("id") { Description = "Rubric id, e.g. xinzhou-2023" };
        var answers = new Option<string>("--answers") { Description = "Answers file (JSON, see docs/rubric-format.md)", Required = true };
        var defaultOption = new Option<string>("--default")
        {
            Description = "Points for unanswered indicators: full or zero",
            DefaultValueFactory = _ => "full",
        };
        defaultOption.AcceptOnlyFromAmong("full", "zero");
        var json = new Option<bool>("--json") { Description = "Write JSON (camelCase)" };
        var command = new Command("score", "Score an answers file against a rubric");
        command.Arguments.Add(id);
        command.Options.Add(answers);
        command.Options.Add(defaultOption);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            UnansweredDefault? whenUnanswered = parse.GetValue(defaultOption) switch
            {
                "full" or null => UnansweredDefault.Full,
                "zero" => UnansweredDefault.Zero,
                _ => null,
            };
            if (whenUnanswered is null)
            {
                ctx.Error.WriteLine("--default must be full or zero");
                return UsageError;
            }
            var rubric = FindRubric(ctx, parse.GetValue(id), out var code);
            if (rubric is null) return code;
            var path = parse.GetValue(answers);
            if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            {
                ctx.Error.WriteLine($"answers file not found: {path}");
                return UsageError;
            }
            var parsed = AnswerSheetJson.ParseFile(path);
            var outcome = parsed.Sheet is { } sheet ? RubricScorer.Score(rubric, sheet, whenUnanswered.Value) : null;
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
        });
        return command;
    }

    private static bool TryCatalog(CliContext ctx, out RubricCatalog catalog)
    {
        try
        {
            catalog = RubricCatalog.Load(ctx.RubricsDirectory);
            return true;
        }
        catch (DirectoryNotFoundException e)
        {
            ctx.Error.WriteLine(e.Message);
            catalog = null!;
            return false;
        }
    }

    private static Rubric? FindRubric(CliContext ctx, string? id, out int exitCode)
    {
        exitCode = UsageError;
        if (!TryCatalog(ctx, out var catalog)) return null;
        if (id is not null && catalog.Find(id) is { } rubric)
        {
            exitCode = Success;
            return rubric;
        }
        var failed = catalog.Failures.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f.File) == id);
        if (failed is not null)
        {
            foreach (var e in failed.Errors) ctx.Error.WriteLine(e);
            exitCode = Invalid;
            return null;
        }
        ctx.Error.WriteLine($"unknown rubric '{id}'; known: {string.Join(", ", catalog.Rubrics.Select(r => r.Id))}");
        return null;
    }
}
