using Spectre.Console;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Cli;

/// <summary>
/// A board bulk action (BoardOperations) stepped to its end, with a progress bar (bodies done of the total) when a person
/// watches the console, and quietly otherwise (redirected output, tests) — as FileProgress does for files.
/// </summary>
public static class BulkProgress
{
    public static async Task<BulkOperationView> RunAsync(CliContext ctx, BulkOperationView op, Func<BulkOperationView, Task<BulkOperationView>> step)
    {
        if (!ReferenceEquals(ctx.Out, Console.Out) || Console.IsOutputRedirected)
        {
            while (!op.Finished) op = await step(op);
            return op;
        }
        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progressCtx =>
            {
                var task = progressCtx.AddTask($"{op.ActionName}（{op.Total} 个机构）", maxValue: Math.Max(1, op.Total));
                while (!op.Finished)
                {
                    op = await step(op);
                    task.Value = op.Done;
                }
                task.Value = task.MaxValue;
                return op;
            });
    }
}
