namespace SkillsAudit.Domain.Common;

// The one error model. Every refusal the system gives a user is a RefusalException of one of five kinds; the web app maps
// the kinds once (problem details for the API, styled error pages for browsers), the CLI prints the message and exits 1.
// Messages are in Chinese, for the user.

/// <summary>Where an input went wrong: the field (camelCase, as the API and the import columns know it) and, where known, the file, row and column.</summary>
public sealed record InputError(string Field, string Message, int? Row = null, string? Column = null, string? File = null)
{
    /// <summary>The message with its place in front, e.g. "第3行 人次：不能为负数".</summary>
    public string Located()
    {
        var where = string.Concat(
            File is { Length: > 0 } f ? f + " " : "",
            Row is { } r ? $"第{r}行 " : "",
            Column is { Length: > 0 } c ? c + "：" : "");
        return where + Message;
    }
}

/// <summary>The base of every refusal: the request cannot be done as asked. <see cref="Exception.Message"/> is Chinese.</summary>
public abstract class RefusalException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Bad input (400): each error names the field and, where known, the file, row and column.</summary>
public abstract class InvalidInputException(string message, Exception? inner = null) : RefusalException(message, inner)
{
    public abstract IReadOnlyList<InputError> InputErrors { get; }

    /// <summary>Messages by field, each with its row and column where known, as problem details carry them in <c>errors</c>.</summary>
    public IDictionary<string, string[]> ToDictionary() =>
        InputErrors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Located()).ToArray());
}

/// <summary>The record does not exist, or the user may not know of it (404).</summary>
public sealed class NotFoundException(string message) : RefusalException(message);

/// <summary>The user sees the record but may not take this action on it (403).</summary>
public sealed class ForbiddenException(string message) : RefusalException(message);

/// <summary>The record changed meanwhile, or is in a state that does not allow the action (409).</summary>
public sealed class ConflictException(string message, Exception? inner = null) : RefusalException(message, inner);

/// <summary>A part the action needs is not available now (503), e.g. the PDF renderer.</summary>
public sealed class UnavailableException(string message, Exception? inner = null) : RefusalException(message, inner);

/// <summary>
/// A rule was broken. <see cref="Field"/> names the input the rule is about (camelCase, as the API and the
/// import columns know it), so a caller can say where; <see cref="Exception.Message"/> is in Chinese, for the user.
/// </summary>
public sealed class DomainException(string field, string message) : InvalidInputException(message)
{
    public string Field { get; } = field;

    /// <summary>1-based row of the file or form, where known.</summary>
    public int? Row { get; init; }

    /// <summary>The column as the file's header names it, where known.</summary>
    public string? Column { get; init; }

    /// <summary>The file name, where the input came from a file.</summary>
    public string? File { get; init; }

    public InputError Error => new(Field, Message, Row, Column, File);

    public override IReadOnlyList<InputError> InputErrors => [Error];
}

/// <summary>
/// Several broken rules at once, so a form or an import row can report all of them. The message is the rules' own
/// (Chinese) messages, for a page or the console; the field names are for the API (<see cref="InputErrors"/>), never shown.
/// </summary>
public sealed class DomainValidationException(IReadOnlyList<DomainException> errors)
    : InvalidInputException(string.Join("；", errors.Select(e => e.Message)))
{
    public IReadOnlyList<DomainException> Errors { get; } = errors;

    public override IReadOnlyList<InputError> InputErrors => [.. Errors.Select(e => e.Error)];
}
