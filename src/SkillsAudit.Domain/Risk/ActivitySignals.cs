using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Risk;

/// <summary>A filing's assessed persons in one year (the summary record when there is one, else the sum of its occupations).</summary>
public sealed record YearVolume(int Year, long Assessed);

/// <summary>评价人数骤增 and 统计报送缺失: judged on a filing's own history.</summary>
public static class ActivitySignals
{
    /// <summary>One total per year that has statistics; a year without records is absent (unknown), never 0.</summary>
    public static IReadOnlyList<YearVolume> Volumes(IEnumerable<RiskRecord> recordsOfFiling) =>
        recordsOfFiling.GroupBy(r => r.Year)
            .Select(g => new YearVolume(g.Key, g.FirstOrDefault(r => r.OccupationKey.Length == 0) is { } whole ? whole.Assessed : g.Sum(r => r.Assessed)))
            .OrderBy(v => v.Year).ToList();

    /// <summary>
    /// This year's assessed persons against the median of the earlier years with statistics (at most five back): raised
    /// when it is at least Factor × that median and at least the minimum increase more. Too few earlier years: no judgement.
    /// </summary>
    public static RiskSignal VolumeJump(int year, IReadOnlyList<YearVolume> volumes, RiskConfig c)
    {
        var current = volumes.FirstOrDefault(v => v.Year == year);
        if (current is null) return RiskSignal.Quiet(RiskSignalKind.VolumeJump, $"{year} 年没有统计数据，无法比较");
        var history = volumes.Where(v => v.Year < year && v.Year >= year - 5).ToList();
        if (history.Count < c.VolumeMinHistoryYears)
            return RiskSignal.Quiet(RiskSignalKind.VolumeJump, $"往年统计只有 {history.Count} 年，不足 {c.VolumeMinHistoryYears} 年，无法比较");
        var median = RobustStats.Median(history.Select(h => (decimal)h.Assessed).ToArray())!.Value;
        var figures = history.Select(h => $"{h.Year} 年 {h.Assessed} 人").Append($"{year} 年 {current.Assessed} 人").ToList();
        var ratio = median > 0 ? Rates.Round2(current.Assessed / median) : (decimal?)null;
        var raised = current.Assessed >= c.VolumeFactor * median && current.Assessed - median >= c.VolumeMinIncrease;
        var text = FormattableString.Invariant($"{year} 年组织评价 {current.Assessed} 人，此前 {history.Count} 年中位数 {median:0.##} 人")
            + (ratio is { } r ? FormattableString.Invariant($"，为其 {r:0.00} 倍") : "")
            + (raised ? FormattableString.Invariant($"（增加 {current.Assessed - median:0.##} 人）") : "");
        return new RiskSignal(RiskSignalKind.VolumeJump, raised, text, figures);
    }

    /// <summary>
    /// 统计报送缺失: an active filing, filed before the year, with no statistics for the year; or with statistics showing nobody
    /// assessed in this year and the one before (seed 001 四(一)1: no assessments in two consecutive years). The one signal
    /// that missing data raises.
    /// </summary>
    public static RiskSignal ReportingGaps(int year, RiskFiling filing, IReadOnlyList<YearVolume> volumes)
    {
        if (!filing.Active) return RiskSignal.Quiet(RiskSignalKind.ReportingGaps, "备案不在有效期内，不要求报送");
        if (filing.FiledYear is { } filed && filed >= year) return RiskSignal.Quiet(RiskSignalKind.ReportingGaps, $"{filed} 年备案，{year} 年不要求完整年度统计");
        var figures = new List<string>();
        var current = volumes.FirstOrDefault(v => v.Year == year);
        var before = volumes.FirstOrDefault(v => v.Year == year - 1);
        if (current is null) figures.Add($"未报送 {year} 年统计数据");
        else if (current.Assessed == 0 && before is { Assessed: 0 }) figures.Add($"{year - 1} 年、{year} 年组织评价人数均为 0（连续两年未开展评价）");
        var missingEarlier = Enumerable.Range(year - 2, 2).Where(y => filing.FiledYear is null || y > filing.FiledYear).Where(y => volumes.All(v => v.Year != y)).ToList();
        if (figures.Count > 0 && missingEarlier.Count > 0) figures.Add($"另缺 {string.Join("、", missingEarlier)} 年统计数据");
        if (figures.Count == 0)
            return RiskSignal.Quiet(RiskSignalKind.ReportingGaps, $"{year} 年已报送统计，组织评价 {current!.Assessed} 人");
        return new RiskSignal(RiskSignalKind.ReportingGaps, true, figures[0], figures);
    }
}
