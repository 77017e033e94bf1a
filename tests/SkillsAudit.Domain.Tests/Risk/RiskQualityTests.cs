using SkillsAudit.Bench.Risk;
using SkillsAudit.Domain.Risk;
using Xunit;
using Xunit.Abstractions;

namespace SkillsAudit.Domain.Tests.Risk;

/// <summary>
/// Precision and recall of every signal on a generated province (the bench's generator, same shape, smaller): each planted
/// anomaly kind is found at ≥ 90% of the bodies it was planted at, and each signal raises at ≤ 5% of the clean bodies.
/// Removing or breaking a signal fails its recall.
/// </summary>
public sealed class RiskQualityTests(ITestOutputHelper output)
{
    private static readonly Lazy<(GeneratedProvince Province, RiskResult Result)> Run = new(() =>
    {
        var p = RiskGenerator.Generate(filings: 400, years: 5, occupations: 10, seed: 17, anomalyShare: 0.05);
        return (p, RiskEngine.Compute(p.Input, new RiskConfig()));
    });

    public static TheoryData<RiskSignalKind> Kinds => [.. RiskNames.AllSignals];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_signal_finds_nine_in_ten_planted_anomalies_and_flags_at_most_five_percent_of_clean_bodies(RiskSignalKind kind)
    {
        var (province, result) = Run.Value;
        var byFiling = result.Filings.ToDictionary(f => f.FilingId);
        var planted = province.Planted.Where(a => a.Kind == kind).Select(a => a.FilingId).ToHashSet();
        var anyPlanted = province.Planted.Select(a => a.FilingId).ToHashSet();
        var clean = result.Filings.Where(f => !anyPlanted.Contains(f.FilingId)).ToList();
        Assert.True(planted.Count >= 10, $"only {planted.Count} planted");
        var found = planted.Count(id => byFiling[id].Signals.Single(s => s.Kind == kind).Raised);
        var falseAlarms = clean.Count(f => f.Signals.Single(s => s.Kind == kind).Raised);
        var recall = (decimal)found / planted.Count;
        var falseRate = (decimal)falseAlarms / clean.Count;
        output.WriteLine($"{kind}: recall {found}/{planted.Count} = {recall:P1}; clean flagged {falseAlarms}/{clean.Count} = {falseRate:P2}");
        foreach (var missed in planted.Where(id => !byFiling[id].Signals.Single(s => s.Kind == kind).Raised).Take(3))
        {
            output.WriteLine($"  missed {missed}: {byFiling[missed].Signals.Single(s => s.Kind == kind).Summary}");
            foreach (var p in result.Points.Where(p => p.FilingId == missed)) output.WriteLine("    " + PassRateSignal.Describe(p));
        }
        foreach (var f in clean.Where(f => f.Signals.Single(s => s.Kind == kind).Raised).Take(3))
            output.WriteLine($"  clean flagged {f.FilingId}: {f.Signals.Single(s => s.Kind == kind).Summary}");
        Assert.True(recall >= 0.9m, $"{kind.Chinese()}: recall {recall:P1} below 90%");
        Assert.True(falseRate <= 0.05m, $"{kind.Chinese()}: {falseRate:P1} of clean bodies flagged");
    }

    [Fact]
    public void Planted_bodies_rank_above_clean_ones_by_level()
    {
        var (province, result) = Run.Value;
        var anyPlanted = province.Planted.Select(a => a.FilingId).ToHashSet();
        var cleanNotLow = result.Filings.Count(f => !anyPlanted.Contains(f.FilingId) && f.Level != RiskLevel.Low);
        var plantedNotLow = result.Filings.Count(f => anyPlanted.Contains(f.FilingId) && f.Level != RiskLevel.Low);
        output.WriteLine($"planted not low {plantedNotLow}/{anyPlanted.Count}; clean not low {cleanNotLow}/{result.Filings.Count - anyPlanted.Count}");
        Assert.True(plantedNotLow >= anyPlanted.Count * 9 / 10);
        Assert.True(cleanNotLow <= (result.Filings.Count - anyPlanted.Count) / 20);
    }
}
