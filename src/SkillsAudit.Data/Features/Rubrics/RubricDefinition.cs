namespace SkillsAudit.Data.Features.Rubrics;

/// <summary>
/// An imported rubric, kept as rubric YAML (docs/rubric-format.md) so that <c>RubricLoader</c> reads it like a shipped
/// file. Rows are never changed: a new import of the same id is the next version.
/// </summary>
public sealed class RubricDefinition
{
    /// <summary>The rubric id inside the YAML, e.g. xinzhou-2023.</summary>
    public string RubricId { get; set; } = "";
    /// <summary>1, 2, …; the shipped file of the same id (if any) counts as version 1.</summary>
    public int Version { get; set; }
    public string Title { get; set; } = "";
    public string Yaml { get; set; } = "";
    public string ImportedBy { get; set; } = "";
    public DateTimeOffset ImportedAt { get; set; }
    /// <summary>The uploaded file's name, e.g. 忻州评估表2024.xlsx.</summary>
    public string SourceFileName { get; set; } = "";
}
