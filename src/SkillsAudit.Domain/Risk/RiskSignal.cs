using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Risk;

/// <summary>
/// One signal for one filing and year: raised or not, a one-line Chinese summary with the figures, and the figures behind
/// it line by line (one per occupation, review, rectification… that counted).
/// </summary>
public sealed record RiskSignal(RiskSignalKind Kind, bool Raised, string Summary, IReadOnlyList<string> Figures)
{
    public string Name => Kind.Chinese();
    public static RiskSignal Quiet(RiskSignalKind kind, string summary) => new(kind, false, summary, []);
}

/// <summary>A body's pass rate in one occupation and level, against its peers (the scatter of pass rate against volume).</summary>
public sealed record PassRatePoint(int FilingId, string OccupationKey, string? OccupationName, Level? Level, long Assessed, long Passed, decimal Rate,
    decimal? PeerMedian, decimal? PeerPooled, int Peers, double? PValue, bool Outlier, decimal? Screen = null)
{
    public string GroupLabel => (OccupationName ?? (OccupationKey.Length == 0 ? "全部职业" : OccupationKey)) + (Level is { } l ? " " + l.ShortName() : "");
}

/// <summary>A filing's risk in one year: its signals, score (sum of the raised signals' weights) and level.</summary>
public sealed record FilingRisk(int FilingId, int Year, decimal Score, RiskLevel Level, IReadOnlyList<RiskSignal> Signals)
{
    public IEnumerable<RiskSignal> Raised => Signals.Where(s => s.Raised);

    /// <summary>The reasons as kept with a level change: the raised signals' summaries.</summary>
    public string Reasons => Raised.Any() ? string.Join("\n", Raised.Select(s => $"{s.Name}：{s.Summary}")) : "未发现风险信号";
}

public sealed record RiskResult(int Year, IReadOnlyList<FilingRisk> Filings, IReadOnlyList<PassRatePoint> Points);
