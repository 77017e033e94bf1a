namespace SkillsAudit.Data.Features.Risk;

/// <summary>One version of the risk configuration (weights, thresholds, draw ratios) as an administrator saved it; the latest is in force.</summary>
public sealed class RiskConfigVersion
{
    public int Id { get; set; }
    public string Json { get; set; } = "{}";
    public string ChangedBy { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
    public string? Note { get; set; }
}

/// <summary>A change of a filing's risk level for a year, with the reasons (the raised signals and their figures), so a body can be told why.</summary>
public sealed class RiskLevelChange
{
    public int Id { get; set; }
    public int FilingId { get; set; }
    public int Year { get; set; }
    /// <summary>Low, Medium or High.</summary>
    public string Level { get; set; } = "";
    public string? PreviousLevel { get; set; }
    public decimal Score { get; set; }
    public string Reasons { get; set; } = "";
    public string ChangedBy { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
}
