using Spectre.Console;

namespace SkillsAudit.Cli;

/// <summary>
/// Long file work with a progress bar (the share of the file read so far) when a person watches the console, and
/// quietly otherwise (redirected output, tests).
/// </summary>
public static class FileProgress
{
    /// <param name="work">Gets the open file and, when a bar is shown, a tick to call as rows are read.</param>
    public static async Task<T> RunAsync<T>(CliContext ctx, FileInfo path, string label, Func<Stream, Action?, Task<T>> work)
    {
        await using var stream = path.OpenRead();
        if (!ReferenceEquals(ctx.Out, Console.Out) || Console.IsOutputRedirected) return await work(stream, null);
        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progressCtx =>
            {
                var task = progressCtx.AddTask($"{label} {path.Name}", maxValue: Math.Max(1, path.Length));
                // The readers consume the file stream forward, so its position is how far they are.
                var result = await work(stream, () => task.Value = Math.Min(task.MaxValue, stream.Position));
                task.Value = task.MaxValue;
                return result;
            });
    }
}
