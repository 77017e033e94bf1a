namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// One import of a file: who imported it and when, the file's name and SHA-256, what was read and written, and which
/// filing-years it replaced. Every row it wrote carries its id (<see cref="StatisticsRecord.ImportBatchId"/>), and
/// the audit log has one entry for it, so that "who put this figure here" is answered by the row's batch.
/// </summary>
public sealed class ImportBatch
{
    public int Id { get; set; }
    /// <summary>What was imported: "StatisticsRecord".</summary>
    public string Kind { get; set; } = "";
    public string FileName { get; set; } = "";
    /// <summary>The SHA-256 of the file's bytes, lower-case hex.</summary>
    public string Sha256 { get; set; } = "";
    public string Actor { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public int Rows { get; set; }
    public int Written { get; set; }
    public int Replaced { get; set; }
    /// <summary>The filing-years replaced, by year: "2023: 1-48, 52" (filing ids), one year a line; null when none.</summary>
    public string? ReplacedRanges { get; set; }
}
