using System.Globalization;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Risk;

/// <summary>自评明显高于考核 (seed 000: self-scores 10 to 47 points above the panel's) and 考核结果与检查发现.</summary>
public static class ReviewSignals
{
    /// <summary>Self minus panel over the bodies of one campaign with both scores: how many, the median and the MAD.</summary>
    public sealed record GapDistribution(int Count, decimal Median, decimal Mad);

    /// <summary>The distribution of self minus panel in each campaign, computed once per campaign.</summary>
    public static IReadOnlyDictionary<int, GapDistribution> CampaignGaps(IEnumerable<RiskReview> reviews) =>
        reviews.Where(r => r.Self is not null && r.Panel is not null).GroupBy(r => r.CampaignId)
            .ToDictionary(g => g.Key, g =>
            {
                var gaps = g.Select(r => r.Self!.Value - r.Panel!.Value).ToArray();
                return new GapDistribution(gaps.Length, RobustStats.Median(gaps)!.Value, RobustStats.Mad(gaps)!.Value);
            });

    /// <summary>
    /// Raised when self − panel is at least the minimum points and, in a campaign of at least the minimum size, at least the
    /// campaign's median + K × max(1.4826 × MAD, minimum spread) — so a body is compared with how everybody scored itself.
    /// </summary>
    public static RiskSignal SelfInflation(int year, IReadOnlyList<RiskReview> reviewsOfFiling, IReadOnlyDictionary<int, GapDistribution> campaignGaps, RiskConfig c)
    {
        var scored = reviewsOfFiling.Where(r => r.Year == year && r.Self is not null && r.Panel is not null).ToList();
        if (scored.Count == 0) return RiskSignal.Quiet(RiskSignalKind.SelfInflation, $"{year} 年度没有同时有自评和考核小组打分的考核");
        RiskSignal? quiet = null;
        foreach (var r in scored)
        {
            var gap = r.Self!.Value - r.Panel!.Value;
            var all = campaignGaps.TryGetValue(r.CampaignId, out var g) ? g : new GapDistribution(1, gap, 0m);
            var median = all.Median;
            var spread = Math.Max(RobustStats.MadToSigma * all.Mad, c.InflationMinSpread);
            var threshold = all.Count >= c.InflationMinPeers ? Math.Max(c.InflationMinPoints, median + c.InflationMadK * spread) : c.InflationMinPoints;
            var text = string.Create(CultureInfo.InvariantCulture,
                $"{r.CampaignTitle}：自评 {r.Self:0.00} 分，考核小组 {r.Panel:0.00} 分，高出 {gap:0.00} 分；本次考核 {all.Count} 家机构差值中位数 {median:0.00} 分，判定线 {Rates.Round2(threshold):0.00} 分");
            if (gap >= threshold) return new RiskSignal(RiskSignalKind.SelfInflation, true, text, [text]);
            quiet ??= RiskSignal.Quiet(RiskSignalKind.SelfInflation, text);
        }
        return quiet!;
    }

    /// <summary>
    /// Vetoes and C/D grades in the year's review (or, without one, the year before); rectifications open at the year's end
    /// (or today), overdue ones named as such, and failed re-checks; complaints upheld and adverse inspection findings of the year.
    /// </summary>
    public static RiskSignal Outcomes(RiskInput input, IReadOnlyList<RiskReview> reviews, IReadOnlyList<RiskRectification> rectifications,
        IReadOnlyList<RiskComplaint> complaints, IReadOnlyList<RiskInspectionFinding> findings)
    {
        var year = input.Year;
        var asOf = input.AsOf;
        var figures = new List<string>();
        var lastYear = reviews.Where(r => r.Year <= year && r.Year >= year - 1 && (r.Panel is not null || r.Vetoed || r.Outcome is not null)).Select(r => (int?)r.Year).Max();
        foreach (var r in reviews.Where(r => r.Year == lastYear))
        {
            if (r.Vetoed) figures.Add($"{r.CampaignTitle}：触及否决项");
            if (RiskRules.IsPoorOutcome(r.Outcome)) figures.Add($"{r.CampaignTitle}：考核结果为 {r.Outcome}");
        }
        foreach (var x in rectifications.Where(x => x.IssuedOn <= asOf).OrderBy(x => x.Due))
        {
            var open = x.ClosedOn is null || x.ClosedOn > asOf;
            if (open && x.Due < asOf) figures.Add($"整改逾期未完成：期限 {x.Due:yyyy-MM-dd}，截至 {asOf:yyyy-MM-dd} 已逾期 {asOf.DayNumber - x.Due.DayNumber} 天");
            else if (open) figures.Add($"整改进行中：{x.IssuedOn:yyyy-MM-dd} 下达，期限 {x.Due:yyyy-MM-dd}");
            else if (x.Failed && x.ClosedOn!.Value.Year == year) figures.Add($"整改复查未通过（{x.ClosedOn:yyyy-MM-dd}）");
        }
        foreach (var x in complaints.Where(x => x.Upheld && x.FiledOn.Year == year)) figures.Add($"投诉举报经查属实（{x.FiledOn:yyyy-MM-dd}）：{x.Summary}");
        foreach (var x in findings.Where(x => x.RecordedOn.Year == year && RiskRules.IsAdverseFinding(x.Text))) figures.Add($"{x.DrawTitle}发现问题（{x.RecordedOn:yyyy-MM-dd}）：{x.Text}");
        return figures.Count == 0
            ? RiskSignal.Quiet(RiskSignalKind.Outcomes, "没有否决项、C/D 等级、未完成整改、属实投诉或检查发现的问题")
            : new RiskSignal(RiskSignalKind.Outcomes, true, figures[0] + (figures.Count > 1 ? $"；共 {figures.Count} 项" : ""), figures);
    }
}
