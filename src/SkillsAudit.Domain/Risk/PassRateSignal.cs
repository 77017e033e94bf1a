using System.Globalization;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Risk;

/// <summary>
/// 合格率异常偏高 (seed 001 四(一): certificates without a real assessment show as pass rates that are too good). Each
/// record of the year is compared with the other bodies of the same province assessing the same occupation at the same
/// level (the level most of its passes are at) that year. Raised only when both hold:
/// <list type="bullet">
/// <item>robust screen: rate ≥ peers' median + K × spread, where the spread is the between-body spread of the peers
/// (1.4826 × MAD, less their typical sampling noise) plus this body's own sampling noise at its count, never below the
/// minimum — so a body is judged against the spread of real bodies, and a small body needs a larger lead;</item>
/// <item>binomial test: at the peers' pooled rate, at least this many passes has probability ≤ α — so 20 of 20 at a small
/// body (0.3% at a 75% peer rate) is not treated like 1,200 of 1,200.</item>
/// </list>
/// Fewer peers than the minimum, nobody assessed, or passes not stated: no judgement (no flag).
/// </summary>
public static class PassRateSignal
{
    private sealed record Entry(RiskRecord Record, decimal Rate);

    public static IReadOnlyList<PassRatePoint> Points(IEnumerable<RiskRecord> recordsOfYear, RiskConfig c)
    {
        var points = new List<PassRatePoint>();
        var groups = recordsOfYear
            .Where(r => r.Assessed > 0 && r.Passed is { } p && p >= 0 && p <= r.Assessed)
            .GroupBy(r => (r.OccupationKey, r.MainLevel));
        foreach (var g in groups)
        {
            var entries = g.Select(r => new Entry(r, Rates.Percent(r.Passed!.Value, r.Assessed)!.Value)).ToList();
            long sumPassed = entries.Sum(e => e.Record.Passed!.Value), sumAssessed = entries.Sum(e => e.Record.Assessed);
            var rates = entries.Select(x => x.Rate).Order().ToArray();
            // The typical sampling variance of a peer's rate is q(1−q)·10⁴ × the median of 1/n over the peers: sorted once per group.
            var inverseSizes = entries.Select(x => 1m / x.Record.Assessed).Order().ToArray();
            foreach (var e in entries)
            {
                // one record per filing and occupation: the peers are the group without this entry
                var peers = Without(rates, e.Rate);
                var peerAssessed = sumAssessed - e.Record.Assessed;
                var peerPassed = sumPassed - e.Record.Passed!.Value;
                var median = RobustStats.Median(peers);
                decimal? pooled = peerAssessed > 0 ? Rates.Percent(peerPassed, peerAssessed) : null;
                double? pValue = null;
                decimal? screen = null;
                var outlier = false;
                if (peers.Length >= c.PassRateMinPeers && median is { } m && pooled is { } p0)
                {
                    // Spread between bodies: the peers' robust variance (1.4826 × MAD)² less the typical sampling variance of
                    // a peer's rate; then this body's own sampling variance added back, so that a small body needs a larger
                    // lead than a large one. Never below the minimum spread.
                    var q = (double)peerPassed / peerAssessed;
                    var robust = (double)(RobustStats.MadToSigma * RobustStats.Mad(peers)!.Value);
                    var peerSampling = (decimal)(q * (1 - q) * 10000) * (RobustStats.Median(Without(inverseSizes, 1m / e.Record.Assessed)) ?? 0m);
                    var between = Math.Max(robust * robust - (double)peerSampling, 0d);
                    var spread = Math.Max((decimal)Math.Sqrt(between + q * (1 - q) * 10000 / e.Record.Assessed), c.PassRateMinSpread);
                    screen = Rates.Round2(m + c.PassRateMadK * spread);
                    if (e.Rate >= screen && e.Rate > p0 && p0 < 100m)
                    {
                        pValue = RobustStats.BinomialUpperTail(e.Record.Passed!.Value, e.Record.Assessed, q);
                        outlier = pValue <= (double)c.PassRateAlpha;
                    }
                }
                points.Add(new PassRatePoint(e.Record.FilingId, e.Record.OccupationKey, e.Record.OccupationName, g.Key.MainLevel, e.Record.Assessed,
                    e.Record.Passed!.Value, e.Rate, median, pooled, peers.Length, pValue, outlier, screen));
            }
        }
        return points;
    }

    /// <summary>The sorted values with one occurrence of <paramref name="value"/> removed.</summary>
    private static decimal[] Without(decimal[] sorted, decimal value)
    {
        var i = Array.BinarySearch(sorted, value);
        var result = new decimal[sorted.Length - 1];
        Array.Copy(sorted, 0, result, 0, i);
        Array.Copy(sorted, i + 1, result, i, sorted.Length - i - 1);
        return result;
    }

    public static RiskSignal Judge(IReadOnlyList<PassRatePoint> pointsOfFiling, RiskConfig c)
    {
        if (pointsOfFiling.Count == 0) return RiskSignal.Quiet(RiskSignalKind.HighPassRate, "本年度没有可比较的评价人数与合格人数");
        var outliers = pointsOfFiling.Where(p => p.Outlier).OrderBy(p => p.PValue).ToList();
        if (outliers.Count == 0)
        {
            var judged = pointsOfFiling.Where(p => p.Peers >= c.PassRateMinPeers).ToList();
            return RiskSignal.Quiet(RiskSignalKind.HighPassRate, judged.Count == 0
                ? $"同省同职业同等级的机构不足 {c.PassRateMinPeers} 家，无法比较"
                : $"{judged.Count} 个职业等级的合格率均在同类机构的正常范围内");
        }
        var worst = outliers[0];
        return new RiskSignal(RiskSignalKind.HighPassRate, true,
            Describe(worst) + (outliers.Count > 1 ? $"；另有 {outliers.Count - 1} 个职业等级同样偏高" : ""),
            outliers.Select(Describe).ToList());
    }

    public static string Describe(PassRatePoint p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.GroupLabel}：合格率 {Rates.FormatPercent(p.Rate)}（{p.Passed}/{p.Assessed}），同省同职业同等级 {p.Peers} 家机构中位数 {Rates.FormatPercent(p.PeerMedian)}、合计合格率 {Rates.FormatPercent(p.PeerPooled)}，按其人数的异常线 {Rates.FormatPercent(p.Screen)}；按合计合格率，出现 {p.Passed} 人及以上合格的概率为 {Chance(p.PValue)}");

    /// <summary>A probability in words a reader can weigh: "0.32%", "小于百万分之一".</summary>
    public static string Chance(double? p) => p switch
    {
        null => "—",
        < 1e-6 => "小于百万分之一",
        _ => Rates.Round2((decimal)p.Value * 100m) is var pct && pct > 0 ? Rates.FormatPercent(pct) : ((decimal)p.Value * 100m).ToString("0.####", CultureInfo.InvariantCulture) + "%",
    };
}
