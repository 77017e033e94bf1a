using System.Diagnostics;

namespace SkillsAudit.Domain.Common;

/// <summary>
/// The time one file may take to be read and parsed (issue 12, bounded resource use): every reader of an uploaded or
/// imported file (xlsx, xls, csv, docx, yaml, json, evidence images) starts a budget for the file and checks it as it
/// goes, so a file that is slow to unpack or parse is refused, naming the file and the limit, instead of holding a
/// server thread. The limit and the cancellation of the request (or the CLI command) are set once for the whole
/// request by <see cref="Use"/> (Files:ReadSeconds); readers outside any such scope get <see cref="DefaultLimit"/>.
/// </summary>
public sealed class ReadBudget
{
    /// <summary>Files:ReadSeconds when nothing configures it: two minutes per file.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(120);

    private sealed record Scope(TimeSpan Limit, CancellationToken Token);
    private static readonly AsyncLocal<Scope?> Ambient = new();

    /// <summary>Sets the limit per file and the cancellation for everything read below (a request, a CLI command).</summary>
    public static IDisposable Use(TimeSpan limit, CancellationToken token)
    {
        var previous = Ambient.Value;
        Ambient.Value = new Scope(limit <= TimeSpan.Zero ? DefaultLimit : limit, token);
        return new Restore(previous);
    }

    /// <summary>The limit in force here.</summary>
    public static TimeSpan CurrentLimit => Ambient.Value?.Limit ?? DefaultLimit;

    /// <summary>Starts the budget of one file, now.</summary>
    public static ReadBudget Start(string fileName)
    {
        var scope = Ambient.Value;
        return new ReadBudget(fileName, scope?.Limit ?? DefaultLimit, scope?.Token ?? CancellationToken.None);
    }

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly CancellationToken _token;

    private ReadBudget(string fileName, TimeSpan limit, CancellationToken token) => (FileName, Limit, _token) = (fileName, limit, token);

    public string FileName { get; }
    public TimeSpan Limit { get; }

    /// <summary>Throws <see cref="ReadBudgetExceededException"/> once the file has taken longer than its limit; cancellation as such.</summary>
    public void Check()
    {
        _token.ThrowIfCancellationRequested();
        if (Stopwatch.GetElapsedTime(_started) > Limit) throw new ReadBudgetExceededException(FileName, Limit);
    }

    private sealed class Restore(Scope? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}

/// <summary>A file took longer to read than its budget (400): the message names the file and the limit.</summary>
public sealed class ReadBudgetExceededException(string fileName, TimeSpan limit)
    : InvalidInputException($"{fileName}：读取用时超过上限 {Seconds(limit)} 秒（文件过大或结构过于复杂），未读取；请拆分文件或另存为普通表格后重试")
{
    public string FileName { get; } = fileName;

    public override IReadOnlyList<InputError> InputErrors => [new("file", Message)];

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(t.TotalSeconds >= 1 ? "0.#" : "0.###", System.Globalization.CultureInfo.InvariantCulture);
}
