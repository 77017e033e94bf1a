using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Statistics;

/// <summary>
/// The annual figures of one scope (a filing, an occupation within a filing, a group of filings):
/// 批次 Batches, 组织评价/人次 Assessed, 评价合格 Passed, 已发证 Certified, both split by level where known,
/// and 领取补贴人数 SubsidyRecipients (seed 001 附件2; seed 000 附件1/附件2).
/// A figure that is null is unknown (not reported); zero is a reported zero.
/// The pass rate is always derived from the counts (<see cref="PassRate"/>), never stored.
/// Figures are not required to be consistent (published tables are not); <see cref="StatisticsValidator"/> says where they are not.
/// </summary>
public sealed record StatisticsFigures
{
    public Count Assessed { get; init; }
    public Count? Passed { get; init; }
    public LevelCounts PassedByLevel { get; init; } = LevelCounts.Empty;
    public Count? Certified { get; init; }
    public LevelCounts CertifiedByLevel { get; init; } = LevelCounts.Empty;
    public Count? Batches { get; init; }
    public Count? SubsidyRecipients { get; init; }

    public static StatisticsFigures None { get; } = new();

    /// <summary>
    /// Builds figures from raw numbers; any negative number is refused with <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public static StatisticsFigures Of(
        long assessed,
        long? passed = null,
        LevelCounts? passedByLevel = null,
        long? certified = null,
        LevelCounts? certifiedByLevel = null,
        long? batches = null,
        long? subsidyRecipients = null) => new()
        {
            Assessed = Count.Of(assessed),
            Passed = passed is { } p ? Count.Of(p) : null,
            PassedByLevel = passedByLevel ?? LevelCounts.Empty,
            Certified = certified is { } c ? Count.Of(c) : null,
            CertifiedByLevel = certifiedByLevel ?? LevelCounts.Empty,
            Batches = batches is { } b ? Count.Of(b) : null,
            SubsidyRecipients = subsidyRecipients is { } s ? Count.Of(s) : null,
        };

    /// <summary>评价合格率: Passed / Assessed as a percentage to 2 decimals; null when passed is unknown or nobody was assessed.</summary>
    public decimal? PassRate => Passed is { } p ? Rates.Percent(p.Value, Assessed.Value) : null;

    /// <summary>
    /// Whether the scope conducted assessments: at least one person assessed (seed 000 二 "已开展评价工作" vs "未开展").
    /// </summary>
    public bool Conducted => Assessed.Value > 0;

    /// <summary>
    /// Sums figures. Assessed is summed; an optional figure is the sum of the known values and null only when none is
    /// known, so a scope that did not report passed counts contributes its assessed persons but no passed ones
    /// (this is how seed 000 附件2's totals row treats its row 5).
    /// </summary>
    public static StatisticsFigures Sum(IEnumerable<StatisticsFigures> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var list = figures.ToList();
        return new StatisticsFigures
        {
            Assessed = list.Select(f => f.Assessed).Sum(),
            Passed = list.Select(f => f.Passed).SumKnown(),
            PassedByLevel = list.Aggregate(LevelCounts.Empty, (acc, f) => acc.Add(f.PassedByLevel)),
            Certified = list.Select(f => f.Certified).SumKnown(),
            CertifiedByLevel = list.Aggregate(LevelCounts.Empty, (acc, f) => acc.Add(f.CertifiedByLevel)),
            Batches = list.Select(f => f.Batches).SumKnown(),
            SubsidyRecipients = list.Select(f => f.SubsidyRecipients).SumKnown(),
        };
    }
}

/// <summary>One occupation (职业/工种) line of a filing's annual statistics (seed 001 附件2 one row).</summary>
public sealed record OccupationStatistics
{
    public OccupationStatistics(string occupationName, string? occupationCode, string? trade, StatisticsFigures figures)
    {
        if (string.IsNullOrWhiteSpace(occupationName) && string.IsNullOrWhiteSpace(occupationCode))
            throw new ArgumentException("职业名称和职业代码不能都为空 (an occupation needs a name or a code).", nameof(occupationName));
        ArgumentNullException.ThrowIfNull(figures);
        OccupationName = occupationName?.Trim() ?? "";
        OccupationCode = string.IsNullOrWhiteSpace(occupationCode) ? null : occupationCode.Trim();
        Trade = string.IsNullOrWhiteSpace(trade) ? null : trade.Trim();
        Figures = figures;
    }

    public string OccupationName { get; }
    public string? OccupationCode { get; }
    /// <summary>工种/职业方向.</summary>
    public string? Trade { get; }
    public StatisticsFigures Figures { get; }

    /// <summary>The grouping key for an occupation: its code when known, otherwise its name.</summary>
    public string Key => OccupationCode ?? OccupationName;
}

/// <summary>
/// A filing's statistics for one calendar year ("截至12月底", seed 000 一): the filing's totals and, where known,
/// the occupation lines. The filing id is whatever key the caller uses for a filing (e.g. the filing number).
/// </summary>
public sealed record AnnualStatistics
{
    public AnnualStatistics(string filingId, int year, StatisticsFigures figures, IReadOnlyList<OccupationStatistics>? occupations = null)
    {
        if (string.IsNullOrWhiteSpace(filingId)) throw new ArgumentException("备案标识不能为空 (filing id is required).", nameof(filingId));
        if (year is < 1949 or > 9999) throw new ArgumentOutOfRangeException(nameof(year), year, "统计年度不合理 (implausible year).");
        ArgumentNullException.ThrowIfNull(figures);
        FilingId = filingId;
        Year = year;
        Figures = figures;
        Occupations = occupations ?? [];
    }

    public string FilingId { get; }
    public int Year { get; }
    public StatisticsFigures Figures { get; }
    public IReadOnlyList<OccupationStatistics> Occupations { get; }

    /// <summary>A filing-year whose totals are the sum of its occupation lines.</summary>
    public static AnnualStatistics FromOccupations(string filingId, int year, IReadOnlyList<OccupationStatistics> occupations)
    {
        ArgumentNullException.ThrowIfNull(occupations);
        return new AnnualStatistics(filingId, year, StatisticsFigures.Sum(occupations.Select(o => o.Figures)), occupations);
    }
}
