using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Rubrics;

public enum IssueSeverity
{
    Warning,
    Error,
}

/// <summary>
/// A finding about a rubric file. Errors refuse the file (malformed YAML, unknown rule kind, negative max, overlapping
/// bands…); warnings keep the seed's declaration and say where it disagrees with what its indicators add up to.
/// </summary>
public sealed record ValidationIssue
{
    public ValidationIssue(IssueSeverity severity, string code, string location, string message,
        decimal? declared = null, decimal? computed = null, string? file = null, int? line = null, int? column = null)
    {
        if (string.IsNullOrWhiteSpace(code)) throw new ArgumentException("an issue needs a code", nameof(code));
        if (string.IsNullOrWhiteSpace(message)) throw new ArgumentException("an issue needs a message", nameof(message));
        Severity = severity;
        Code = code;
        Location = location;
        Message = message;
        Declared = declared;
        Computed = computed;
        File = file;
        Line = line;
        Column = column;
    }

    public IssueSeverity Severity { get; }
    /// <summary>Stable machine name, e.g. section-points, total-base, rule-max, unknown-rule-kind, yaml.</summary>
    public string Code { get; }
    /// <summary>Where in the rubric, e.g. "1.3 考场确定和设置" or "sections[0].indicators[2].rule".</summary>
    public string Location { get; }
    public string Message { get; }
    public decimal? Declared { get; }
    public decimal? Computed { get; }
    public string? File { get; }
    public int? Line { get; }
    public int? Column { get; }

    public override string ToString()
    {
        var where = File is null ? "" : Line is { } l ? $"{File}:{l}:{Column ?? 1}: " : $"{File}: ";
        var sev = Severity == IssueSeverity.Error ? "error" : "warning";
        var nums = Declared is not null || Computed is not null
            ? $" (declared {Fmt(Declared)}, computed {Fmt(Computed)})"
            : "";
        return $"{where}{sev} {Code}: {Location}: {Message}{nums}";
    }

    private static string Fmt(decimal? d) => d is { } x ? RubricText.Points(x) : "—";
}

/// <summary>The errors and warnings for one rubric file.</summary>
public sealed record ValidationReport(string? File, IReadOnlyList<ValidationIssue> Errors, IReadOnlyList<ValidationIssue> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>A rubric file was refused; <see cref="Errors"/> carry the path and line of each problem.</summary>
public sealed class RubricLoadException(IReadOnlyList<ValidationIssue> errors)
    : InvalidInputException(errors.Count == 0 ? "评估表文件有误" : string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ValidationIssue> Errors { get; } = errors;

    public override IReadOnlyList<InputError> InputErrors =>
        [.. Errors.Select(i => new InputError(i.Location is { Length: > 0 } l ? l : "file", i.Message, i.Line, i.Column is { } c ? $"第{c}列" : null, i.File))];
}
