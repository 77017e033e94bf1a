using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Risk;

/// <summary>A filing as the signals need it. <paramref name="Scope"/> is empty when the filing states no scope (then nothing is out of scope).</summary>
public sealed record RiskFiling(int FilingId, string Name, string? Number, string RegionCode, bool Active, int? FiledYear, IReadOnlySet<ScopeEntry> Scope);

/// <summary>One statistics record: a filing's year for one occupation (or "" for the filing as a whole). Null is "not stated".</summary>
public sealed record RiskRecord(int FilingId, int Year, string OccupationKey, string? OccupationName, long Assessed, long? Passed,
    long? PassedL5 = null, long? PassedL4 = null, long? PassedL3 = null, long? PassedL2 = null, long? PassedL1 = null)
{
    public long? PassedAt(Level level) => level switch
    {
        Level.Level5 => PassedL5,
        Level.Level4 => PassedL4,
        Level.Level3 => PassedL3,
        Level.Level2 => PassedL2,
        _ => PassedL1,
    };

    /// <summary>The level most of the record's passes are at (its peer group); null when no level figure is stated.</summary>
    public Level? MainLevel => Levels.All.Where(l => PassedAt(l) is > 0).OrderByDescending(l => PassedAt(l)).ThenBy(l => (int)l).Cast<Level?>().FirstOrDefault();
}

/// <summary>Certificates on a filing's rosters for one year, occupation and level.</summary>
public sealed record RiskCertificates(int FilingId, int Year, string OccupationCode, Level Level, long Count);

/// <summary>A filing's review in a campaign: self and panel totals (null when absent), veto and outcome (A–D, stars, 合格…).</summary>
public sealed record RiskReview(int FilingId, int CampaignId, string CampaignTitle, int Year, decimal? Self, decimal? Panel, bool Vetoed, string? Outcome);

public sealed record RiskRectification(int FilingId, DateOnly IssuedOn, DateOnly Due, bool Failed, DateOnly? ClosedOn);

/// <summary>A closed complaint naming the body, upheld or not; an inspection finding at the body.</summary>
public sealed record RiskComplaint(int FilingId, DateOnly FiledOn, bool Upheld, string Summary);

public sealed record RiskInspectionFinding(int FilingId, DateOnly RecordedOn, string Text, string DrawTitle);

/// <summary>Everything the signals of one province and year read, loaded once.</summary>
public sealed record RiskInput(
    int Year,
    DateOnly AsOf,
    IReadOnlyList<RiskFiling> Filings,
    IReadOnlyList<RiskRecord> Records,
    IReadOnlyList<RiskCertificates> Certificates,
    IReadOnlyList<RiskReview> Reviews,
    IReadOnlyList<RiskRectification> Rectifications,
    IReadOnlyList<RiskComplaint> Complaints,
    IReadOnlyList<RiskInspectionFinding> Findings);
