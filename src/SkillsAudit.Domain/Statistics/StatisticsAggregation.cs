using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Statistics;

/// <summary>The summed figures of a group of records.</summary>
/// <param name="Records">How many records were summed.</param>
/// <param name="RecordsWithoutPassed">Records that assessed someone but did not report how many passed (seed 000 附件2 row 5):
/// their assessed persons are in <see cref="Figures"/>, their passed persons are not known.</param>
public sealed record StatisticsGroup<TKey>(TKey Key, int Records, int RecordsWithoutPassed, StatisticsFigures Figures);

/// <summary>One level's passed and certified persons.</summary>
public sealed record LevelTotal(Level Level, Count Passed, Count Certified);

/// <summary>Filings that conducted assessments in a year and those that did not (seed 000 二: 已开展 25 个、未开展 23 个).</summary>
public sealed record ConductedSplit(int Year, IReadOnlyList<string> Conducted, IReadOnlyList<string> NotConducted);

/// <summary>
/// Totals and breakdowns over statistics records. Grouping keys (region, supervision 省属/市属, filing type, …) are
/// whatever the caller supplies: the domain does not know where a filing sits, the caller does.
/// </summary>
public static class StatisticsAggregation
{
    /// <summary>The total of some figures (see <see cref="StatisticsFigures.Sum"/> for how unknown figures add).</summary>
    public static StatisticsGroup<string> Total(IEnumerable<StatisticsFigures> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var list = figures.ToList();
        return new StatisticsGroup<string>("合计", list.Count, list.Count(MissesPassed), StatisticsFigures.Sum(list));
    }

    /// <summary>The total of filing-year records.</summary>
    public static StatisticsGroup<string> Total(IEnumerable<AnnualStatistics> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Total(records.Select(r => r.Figures));
    }

    /// <summary>
    /// Groups any records by a caller-supplied key and sums their figures, in order of first appearance.
    /// E.g. <c>By(rows, r =&gt; supervisionOf[r.Name], r =&gt; r.ToFigures())</c>.
    /// </summary>
    public static IReadOnlyList<StatisticsGroup<TKey>> By<TRecord, TKey>(IEnumerable<TRecord> records, Func<TRecord, TKey> key, Func<TRecord, StatisticsFigures> figures)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(figures);
        return records.GroupBy(key)
            .Select(g =>
            {
                var f = g.Select(figures).ToList();
                return new StatisticsGroup<TKey>(g.Key, f.Count, f.Count(MissesPassed), StatisticsFigures.Sum(f));
            })
            .ToList();
    }

    /// <summary>Filing-year records grouped by a caller-supplied key (region, supervision, filing type…).</summary>
    public static IReadOnlyList<StatisticsGroup<TKey>> By<TKey>(IEnumerable<AnnualStatistics> records, Func<AnnualStatistics, TKey> key) where TKey : notnull =>
        By(records, key, r => r.Figures);

    public static IReadOnlyList<StatisticsGroup<int>> ByYear(IEnumerable<AnnualStatistics> records) =>
        By(records, r => r.Year).OrderBy(g => g.Key).ToList();

    public static IReadOnlyList<StatisticsGroup<string>> ByFiling(IEnumerable<AnnualStatistics> records) =>
        By(records, r => r.FilingId);

    /// <summary>Occupation lines of all records grouped by occupation (code when known, else name).</summary>
    public static IReadOnlyList<StatisticsGroup<string>> ByOccupation(IEnumerable<AnnualStatistics> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return By(records.SelectMany(r => r.Occupations), o => o.Key, o => o.Figures);
    }

    /// <summary>Passed and certified persons per level, 初级 first; levels known in no record are left out.</summary>
    public static IReadOnlyList<LevelTotal> ByLevel(IEnumerable<StatisticsFigures> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var sum = StatisticsFigures.Sum(figures);
        return Levels.All
            .Where(l => sum.PassedByLevel[l] is not null || sum.CertifiedByLevel[l] is not null)
            .Select(l => new LevelTotal(l, sum.PassedByLevel[l] ?? Count.Zero, sum.CertifiedByLevel[l] ?? Count.Zero))
            .ToList();
    }

    /// <summary>
    /// Splits filings into those that conducted assessments in <paramref name="year"/> (assessed &gt; 0, seed 000 二)
    /// and those that did not, including filings with no record for that year. Order follows <paramref name="filingIds"/>.
    /// </summary>
    public static ConductedSplit SplitByConducted(IEnumerable<string> filingIds, IEnumerable<AnnualStatistics> records, int year)
    {
        ArgumentNullException.ThrowIfNull(filingIds);
        ArgumentNullException.ThrowIfNull(records);
        var assessed = records.Where(r => r.Year == year)
            .GroupBy(r => r.FilingId)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Figures.Assessed).Sum());
        var conducted = new List<string>();
        var notConducted = new List<string>();
        foreach (var id in filingIds.Distinct())
        {
            (assessed.TryGetValue(id, out var a) && a.Value > 0 ? conducted : notConducted).Add(id);
        }
        return new ConductedSplit(year, conducted, notConducted);
    }

    private static bool MissesPassed(StatisticsFigures f) => f.Passed is null && f.Conducted;
}
