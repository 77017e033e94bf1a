using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Reviews;

/// <summary>How a campaign turns several experts' sheets into one panel score.</summary>
public enum ConsolidationRule
{
    /// <summary>The mean of the experts, per indicator and in total.</summary>
    Mean = 1,
    /// <summary>The lead expert's consensus sheet stands for the panel.</summary>
    LeadConsensus = 2,
}

/// <summary>One expert's submitted sheet: points per indicator code (null where not applicable), totals and vetoes.</summary>
public sealed record ExpertSheet(string Expert, bool IsLead, IReadOnlyDictionary<string, decimal?> Points, decimal BaseTotal, decimal BonusTotal, bool Vetoed)
{
    public decimal Total => BaseTotal + BonusTotal;
}

public sealed record Disagreement(string? IndicatorCode, decimal Lowest, decimal Highest, decimal Threshold, string Message)
{
    public decimal Spread => Highest - Lowest;
}

public sealed record PanelScore(IReadOnlyDictionary<string, decimal?> Points, decimal BaseTotal, decimal BonusTotal, bool Vetoed, ConsolidationRule Rule, int Experts)
{
    public decimal Total => BaseTotal + BonusTotal;
}

public static class PanelConsolidation
{
    /// <summary>
    /// Consolidates submitted sheets. With <see cref="ConsolidationRule.Mean"/> every figure is the experts' mean
    /// rounded half away from zero to 2 decimals; a veto found by any expert stands (a veto is a finding of fact, and
    /// a split panel is flagged by <see cref="Disagreements"/>). With <see cref="ConsolidationRule.LeadConsensus"/>
    /// exactly one lead sheet is required, and it is the panel's.
    /// </summary>
    public static PanelScore Consolidate(IReadOnlyList<ExpertSheet> sheets, ConsolidationRule rule)
    {
        if (sheets.Count == 0) throw new DomainException("panel", "尚无专家提交评分");
        if (sheets.Select(s => s.Expert).Distinct().Count() != sheets.Count) throw new DomainException("panel", "同一专家提交了多份评分表");
        if (rule == ConsolidationRule.LeadConsensus)
        {
            var leads = sheets.Where(s => s.IsLead).ToList();
            if (leads.Count != 1) throw new DomainException("panel", leads.Count == 0 ? "按组长合议规则汇总时须有组长的合议评分表" : "只能有一名组长");
            var lead = leads[0];
            return new PanelScore(lead.Points, lead.BaseTotal, lead.BonusTotal, lead.Vetoed, rule, sheets.Count);
        }
        var codes = sheets.SelectMany(s => s.Points.Keys).Distinct().Order(StringComparer.Ordinal);
        var points = new Dictionary<string, decimal?>();
        foreach (var code in codes)
        {
            var given = sheets.Select(s => s.Points.GetValueOrDefault(code)).Where(p => p is not null).Select(p => p!.Value).ToList();
            points[code] = given.Count == 0 ? null : Rates.Round2(given.Average());
        }
        return new PanelScore(points, Rates.Round2(sheets.Average(s => s.BaseTotal)), Rates.Round2(sheets.Average(s => s.BonusTotal)), sheets.Any(s => s.Vetoed), rule, sheets.Count);
    }

    /// <summary>Indicators and totals on which the experts differ by more than the thresholds, and split vetoes.</summary>
    public static IReadOnlyList<Disagreement> Disagreements(IReadOnlyList<ExpertSheet> sheets, decimal indicatorThreshold, decimal totalThreshold)
    {
        var result = new List<Disagreement>();
        if (sheets.Count < 2) return result;
        foreach (var code in sheets.SelectMany(s => s.Points.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var given = sheets.Select(s => s.Points.GetValueOrDefault(code)).ToList();
            if (given.Any(g => g is null) && given.Any(g => g is not null))
            {
                result.Add(new(code, 0, 0, indicatorThreshold, $"指标 {code}：有专家判为不适用，有专家打分"));
                continue;
            }
            var values = given.Where(g => g is not null).Select(g => g!.Value).ToList();
            if (values.Count < 2) continue;
            var (lo, hi) = (values.Min(), values.Max());
            if (hi - lo > indicatorThreshold) result.Add(new(code, lo, hi, indicatorThreshold, $"指标 {code}：专家打分相差 {hi - lo}（{lo}–{hi}），超过 {indicatorThreshold}"));
        }
        var totals = sheets.Select(s => s.Total).ToList();
        if (totals.Max() - totals.Min() > totalThreshold)
            result.Add(new(null, totals.Min(), totals.Max(), totalThreshold, $"总分相差 {totals.Max() - totals.Min()}（{totals.Min()}–{totals.Max()}），超过 {totalThreshold}"));
        if (sheets.Any(s => s.Vetoed) && !sheets.All(s => s.Vetoed))
            result.Add(new(null, 0, 0, 0, "否决项意见不一致：部分专家认定存在否决情形"));
        return result;
    }
}
