namespace SkillsAudit.Domain.Common;

/// <summary>
/// A rule was broken. <see cref="Field"/> names the input the rule is about (camelCase, as the API and the
/// import columns know it), so a caller can say where; <see cref="Message"/> is in Chinese, for the user.
/// </summary>
public sealed class DomainException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>Several broken rules at once, so a form or an import row can report all of them.</summary>
public sealed class DomainValidationException(IReadOnlyList<DomainException> errors)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<DomainException> Errors { get; } = errors;

    public IDictionary<string, string[]> ToDictionary() =>
        Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
}
