namespace SkillsAudit.Data.Features.Reviews;

/// <summary>
/// An uploaded evidence file (PDF, PNG or JPEG), stored on disk under Evidence:Directory by its SHA-256 content hash;
/// this row says who uploaded it, when, under which name and for what (an indicator of a self-assessment, a
/// rectification response, or an officer's finding).
/// </summary>
public sealed class EvidenceFile
{
    public int Id { get; set; }
    /// <summary>Lower-case hex SHA-256 of the content; also the file name on disk.</summary>
    public string Sha256 { get; set; } = "";
    public string OriginalName { get; set; } = "";
    /// <summary>From the content's magic bytes, not from the name or the browser: application/pdf, image/png, image/jpeg.</summary>
    public string MediaType { get; set; } = "";
    public long Size { get; set; }
    public int FilingId { get; set; }
    public int? AssessmentId { get; set; }
    /// <summary>The indicator the file supports (self-assessment evidence).</summary>
    public string? IndicatorCode { get; set; }
    public int? RectificationId { get; set; }
    public int? CampaignId { get; set; }
    public string UploadedBy { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
    /// <summary>Seed 003 第二十条 (电子材料不少于5年): null means the upload date plus five years.</summary>
    public DateOnly? KeepUntil { get; set; }
}
