using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Rules;

/// <summary>One stratum of a risk-weighted draw: its name (高/中/低), inspection ratio and the bodies it is drawn from.</summary>
public sealed record DrawStratum(string Name, decimal Ratio, IReadOnlyList<DrawBody> Pool)
{
    /// <summary>How many bodies the stratum gives: the ratio of its pool, rounded up (a ratio is a floor, not a cap), never more than the pool.</summary>
    public int Count => Pool.Count == 0 || Ratio <= 0 ? 0 : Math.Min(Pool.Count, (int)Math.Ceiling(Ratio * Pool.Count));
}

public sealed record StratumResult(string Name, decimal Ratio, int PoolSize, IReadOnlyList<string> Drawn);

/// <summary>
/// 差异化监管 on top of 双随机、一公开 (seed 003 第二十九条): bodies with higher risk are inspected more often. Each stratum
/// (risk level) has its own ratio; its bodies are drawn exactly as <see cref="RandomDraw"/> draws a pool, with stream
/// "bodies/{stratum name}" (sorted by key, SHA-256 counter-mode, Fisher–Yates, first ⌈ratio × pool⌉); then each drawn
/// body, strata in the order given, gets its inspectors as in a plain draw (回避 applies). Verifiable from the published
/// seed, strata, ratios and pools (docs/random-inspection.md).
/// </summary>
public static class StratifiedDraw
{
    public const int AlgorithmVersion = 2;

    public static (DrawResult Result, IReadOnlyList<StratumResult> Strata) Draw(string seed, IReadOnlyList<DrawStratum> strata, IReadOnlyList<DrawInspector> roster, int inspectorsPerBody, bool excludeSameCounty)
    {
        var errors = new List<DomainException>();
        if (string.IsNullOrWhiteSpace(seed)) errors.Add(new("seed", "须公布随机种子"));
        if (strata.Count == 0) errors.Add(new("strata", "请至少设置一个风险等级的抽查比例"));
        if (strata.Select(s => s.Name).Distinct().Count() != strata.Count) errors.Add(new("strata", "风险等级重复"));
        foreach (var s in strata.Where(s => s.Ratio is < 0 or > 1)) errors.Add(new("ratio", $"“{s.Name}”的抽查比例应在 0 至 100% 之间"));
        var keys = strata.SelectMany(s => s.Pool).Select(b => b.Key).ToList();
        if (keys.Distinct().Count() != keys.Count) errors.Add(new("pool", "同一机构出现在多个风险等级中"));
        if (strata.Sum(s => s.Count) == 0) errors.Add(new("bodies", "按所设比例一个机构也抽不到：请提高比例"));
        if (inspectorsPerBody < 1) errors.Add(new("inspectors", "每个机构至少派 1 名检查人员"));
        if (roster.Select(i => i.Key).Distinct().Count() != roster.Count) errors.Add(new("roster", "检查人员名录中有重复"));
        if (errors.Count > 0) throw new DomainValidationException(errors);

        var sortedRoster = roster.OrderBy(i => i.Key, StringComparer.Ordinal).ToList();
        var assignments = new List<DrawAssignment>();
        var results = new List<StratumResult>();
        foreach (var s in strata)
        {
            var sorted = s.Pool.OrderBy(b => b.Key, StringComparer.Ordinal).ToList();
            var drawn = RandomDraw.Shuffle(sorted, seed, "bodies/" + s.Name).Take(s.Count).ToList();
            results.Add(new StratumResult(s.Name, s.Ratio, s.Pool.Count, drawn.Select(b => b.Key).ToList()));
            assignments.AddRange(drawn.Select(b => RandomDraw.Assign(seed, b, sortedRoster, inspectorsPerBody, excludeSameCounty)));
        }
        return (new DrawResult(seed, AlgorithmVersion, assignments), results);
    }
}
