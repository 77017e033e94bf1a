namespace SkillsAudit.Domain.Rubrics;

/// <summary>The three outcome styles of the seeds: A–D grades (000/002), star ratings (004), pass/fail (001).</summary>
public enum OutcomeKind
{
    Grades,
    Stars,
    PassFail,
}

/// <summary>Which number the bands are applied to.</summary>
public enum OutcomeBasis
{
    /// <summary>Base plus bonus (seed 002: A–D on the 120-point total).</summary>
    Total,
    /// <summary>Base points only.</summary>
    Base,
}

/// <summary>A half-open band: Min ≤ score &lt; Below. A null Min is unbounded below, a null Below unbounded above.</summary>
public sealed record OutcomeBand
{
    public OutcomeBand(string label, decimal? min, decimal? below)
    {
        if (string.IsNullOrWhiteSpace(label)) throw new ArgumentException("a band needs a label", nameof(label));
        if (min is { } lo && below is { } hi && lo >= hi) throw new ArgumentException($"band {label}: min {lo} must be below {hi}");
        Label = label;
        Min = min;
        Below = below;
    }

    public string Label { get; }
    public decimal? Min { get; }
    public decimal? Below { get; }

    public bool Contains(decimal score) => (Min is not { } lo || score >= lo) && (Below is not { } hi || score < hi);

    public override string ToString() => $"{Label} [{(Min?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-∞")}, {(Below?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "+∞")})";
}

/// <summary>
/// Bands that cover every score exactly once (no overlap, no gap; the constructor refuses anything else), plus the label
/// given whenever a veto is found, whatever the points (seed 002 备注3 "有1项直接取消评价资格").
/// </summary>
public sealed class OutcomeScheme
{
    public OutcomeScheme(OutcomeKind kind, OutcomeBasis basis, IReadOnlyList<OutcomeBand> bands, string vetoLabel)
    {
        if (string.IsNullOrWhiteSpace(vetoLabel)) throw new ArgumentException("a scheme needs a veto label", nameof(vetoLabel));
        var problems = BandProblems(bands);
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(bands));
        Kind = kind;
        Basis = basis;
        Bands = bands.OrderBy(b => b.Min ?? decimal.MinValue).ToArray();
        VetoLabel = vetoLabel;
    }

    public OutcomeKind Kind { get; }
    public OutcomeBasis Basis { get; }
    /// <summary>Bands in ascending order.</summary>
    public IReadOnlyList<OutcomeBand> Bands { get; }
    public string VetoLabel { get; }

    /// <summary>The band label for a score (no veto).</summary>
    public string Classify(decimal score)
    {
        for (var i = 0; i < Bands.Count; i++)
        {
            if (Bands[i].Contains(score)) return Bands[i].Label;
        }
        throw new InvalidOperationException($"no band contains {score}"); // unreachable: bands cover every score
    }

    public string Classify(decimal score, bool vetoed) => vetoed ? VetoLabel : Classify(score);

    /// <summary>The score the bands are applied to (the grading basis, one home): the total (base + bonus), or the base points alone.</summary>
    public decimal GradedScore(decimal baseTotal, decimal total) => Basis == OutcomeBasis.Total ? total : baseTotal;

    /// <summary>Overlaps and gaps between bands, in words; empty when the bands tile the number line.</summary>
    public static IReadOnlyList<string> BandProblems(IReadOnlyList<OutcomeBand> bands)
    {
        var problems = new List<string>();
        if (bands.Count == 0)
        {
            problems.Add("no bands");
            return problems;
        }
        var labels = bands.GroupBy(b => b.Label).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        foreach (var l in labels) problems.Add($"band label '{l}' is used twice");
        var sorted = bands.OrderBy(b => b.Min ?? decimal.MinValue).ThenBy(b => b.Below ?? decimal.MaxValue).ToArray();
        if (sorted[0].Min is { } first && first > 0) problems.Add($"gap: scores below {first} fall in no band"); // scores are never negative
        for (var i = 1; i < sorted.Length; i++)
        {
            var prev = sorted[i - 1];
            var cur = sorted[i];
            if (prev.Below is not { } prevHi)
            {
                problems.Add($"overlap: {prev} is unbounded above and overlaps {cur}");
                continue;
            }
            var curLo = cur.Min ?? decimal.MinValue;
            if (curLo < prevHi) problems.Add($"overlap: {prev} and {cur}");
            else if (curLo > prevHi) problems.Add($"gap: scores in [{prevHi}, {curLo}) fall in no band");
        }
        if (sorted[^1].Below is { } last) problems.Add($"gap: scores from {last} up fall in no band");
        return problems;
    }
}
