using System.Globalization;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Risk;

/// <summary>The six risk signals (差异化监管: the reasons a body is inspected more often).</summary>
public enum RiskSignalKind
{
    HighPassRate = 1,
    VolumeJump = 2,
    Certificates = 3,
    SelfInflation = 4,
    Outcomes = 5,
    ReportingGaps = 6,
}

/// <summary>低 / 中 / 高.</summary>
public enum RiskLevel
{
    Low = 1,
    Medium = 2,
    High = 3,
}

public static class RiskNames
{
    public static readonly IReadOnlyList<RiskSignalKind> AllSignals = Enum.GetValues<RiskSignalKind>();

    public static string Chinese(this RiskSignalKind kind) => kind switch
    {
        RiskSignalKind.HighPassRate => "合格率异常偏高",
        RiskSignalKind.VolumeJump => "评价人数骤增",
        RiskSignalKind.Certificates => "发证与合格不符",
        RiskSignalKind.SelfInflation => "自评明显高于考核",
        RiskSignalKind.Outcomes => "考核结果与检查发现",
        RiskSignalKind.ReportingGaps => "统计报送缺失",
        _ => kind.ToString(),
    };

    public static string Chinese(this RiskLevel level) => level switch
    {
        RiskLevel.High => "高",
        RiskLevel.Medium => "中",
        _ => "低",
    };

    public static RiskLevel? ParseLevel(string? text) => text?.Trim() switch
    {
        "高" or "High" or "high" => RiskLevel.High,
        "中" or "Medium" or "medium" => RiskLevel.Medium,
        "低" or "Low" or "low" => RiskLevel.Low,
        _ => null,
    };
}

/// <summary>
/// Weights, thresholds and test parameters of the risk signals: data an administrator edits (stored in the database,
/// every version kept). Defaults are the values the generated-province quality test was tuned against.
/// </summary>
public sealed record RiskConfig
{
    /// <summary>Binomial test: flag only when the chance of so many passes at the peers' pooled rate is at most this.</summary>
    public decimal PassRateAlpha { get; init; } = 0.001m;
    /// <summary>Robust screen: flag only when the rate is at least the peers' median + K × the spread expected at the body's count (PassRateSignal).</summary>
    public decimal PassRateMadK { get; init; } = 2m;
    /// <summary>Smallest robust spread, in percentage points (a MAD of 0 among identical peers would flag everything).</summary>
    public decimal PassRateMinSpread { get; init; } = 2m;
    /// <summary>At least this many peer bodies (same occupation, level, year, province) with figures.</summary>
    public int PassRateMinPeers { get; init; } = 5;

    /// <summary>Volume jump: this year's assessed persons at least Factor × the median of earlier years…</summary>
    public decimal VolumeFactor { get; init; } = 3m;
    /// <summary>…and at least this many persons more.</summary>
    public long VolumeMinIncrease { get; init; } = 100;
    /// <summary>Earlier years with statistics needed before a jump can be judged (looking back at most 5 years).</summary>
    public int VolumeMinHistoryYears { get; init; } = 2;

    /// <summary>Certificates on the rosters may exceed the reported passes by at most this many per occupation and level.</summary>
    public long CertificateTolerance { get; init; }

    /// <summary>Self minus panel at least this many points…</summary>
    public decimal InflationMinPoints { get; init; } = 10m;
    /// <summary>…and at least the campaign's median + K × 1.4826 × MAD of the same difference.</summary>
    public decimal InflationMadK { get; init; } = 3m;
    public decimal InflationMinSpread { get; init; } = 2m;
    /// <summary>Below this many bodies with both scores, the campaign screen is not applied (the points threshold alone decides).</summary>
    public int InflationMinPeers { get; init; } = 5;

    public decimal WeightHighPassRate { get; init; } = 2m;
    public decimal WeightVolumeJump { get; init; } = 1m;
    public decimal WeightCertificates { get; init; } = 3m;
    public decimal WeightSelfInflation { get; init; } = 1m;
    public decimal WeightOutcomes { get; init; } = 2m;
    public decimal WeightReportingGaps { get; init; } = 1m;
    /// <summary>Score (sum of the weights of the raised signals) from which the level is 中 / 高.</summary>
    public decimal MediumFrom { get; init; } = 1m;
    public decimal HighFrom { get; init; } = 3m;

    /// <summary>Default inspection ratios per level for a risk-weighted draw (高 50%, 中 20%, 低 5%).</summary>
    public decimal DrawRatioHigh { get; init; } = 0.5m;
    public decimal DrawRatioMedium { get; init; } = 0.2m;
    public decimal DrawRatioLow { get; init; } = 0.05m;

    public decimal Weight(RiskSignalKind kind) => kind switch
    {
        RiskSignalKind.HighPassRate => WeightHighPassRate,
        RiskSignalKind.VolumeJump => WeightVolumeJump,
        RiskSignalKind.Certificates => WeightCertificates,
        RiskSignalKind.SelfInflation => WeightSelfInflation,
        RiskSignalKind.Outcomes => WeightOutcomes,
        RiskSignalKind.ReportingGaps => WeightReportingGaps,
        _ => 0m,
    };

    public RiskLevel LevelOf(decimal score) => score >= HighFrom ? RiskLevel.High : score >= MediumFrom ? RiskLevel.Medium : RiskLevel.Low;

    /// <summary>Refuses a configuration that cannot work, naming each field.</summary>
    public RiskConfig Validated()
    {
        var errors = new List<DomainException>();
        void Range(string field, string label, decimal v, decimal min, decimal max)
        {
            if (v < min || v > max) errors.Add(new(field, string.Create(CultureInfo.InvariantCulture, $"{label}应在 {min} 至 {max} 之间，而不是 {v}")));
        }
        Range("passRateAlpha", "合格率检验的显著性水平", PassRateAlpha, 0.0000001m, 0.2m);
        Range("passRateMadK", "合格率的中位数偏离倍数", PassRateMadK, 0m, 20m);
        Range("passRateMinSpread", "合格率的最小离散度", PassRateMinSpread, 0m, 50m);
        Range("passRateMinPeers", "合格率比较的最少同类机构数", PassRateMinPeers, 1, 1000);
        Range("volumeFactor", "评价人数骤增倍数", VolumeFactor, 1m, 100m);
        Range("volumeMinIncrease", "评价人数最少增加人数", VolumeMinIncrease, 0, 1_000_000);
        Range("volumeMinHistoryYears", "评价人数比较所需的往年数", VolumeMinHistoryYears, 1, 5);
        Range("certificateTolerance", "发证人数允许超出合格人数", CertificateTolerance, 0, 1_000_000);
        Range("inflationMinPoints", "自评高出考核的最少分数", InflationMinPoints, 0m, 200m);
        Range("inflationMadK", "自评差值的中位数偏离倍数", InflationMadK, 0m, 20m);
        Range("inflationMinSpread", "自评差值的最小离散度", InflationMinSpread, 0m, 100m);
        Range("inflationMinPeers", "自评比较的最少机构数", InflationMinPeers, 1, 1000);
        foreach (var k in RiskNames.AllSignals) Range("weight" + k, $"“{k.Chinese()}”的权重", Weight(k), 0m, 100m);
        Range("mediumFrom", "中风险起点分", MediumFrom, 0.01m, 1000m);
        Range("highFrom", "高风险起点分", HighFrom, 0.01m, 1000m);
        if (HighFrom < MediumFrom) errors.Add(new("highFrom", "高风险起点分不能低于中风险起点分"));
        Range("drawRatioHigh", "高风险抽查比例", DrawRatioHigh, 0m, 1m);
        Range("drawRatioMedium", "中风险抽查比例", DrawRatioMedium, 0m, 1m);
        Range("drawRatioLow", "低风险抽查比例", DrawRatioLow, 0m, 1m);
        if (errors.Count > 0) throw new DomainValidationException(errors);
        return this;
    }
}
