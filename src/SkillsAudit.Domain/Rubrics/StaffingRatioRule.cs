using System.Globalization;

namespace SkillsAudit.Domain.Rubrics;

/// <summary>A share such as 2/3, compared exactly (no rounding).</summary>
public readonly record struct Share
{
    public Share(int numerator, int denominator)
    {
        if (denominator <= 0) throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "denominator must be positive");
        if (numerator <= 0 || numerator > denominator) throw new ArgumentOutOfRangeException(nameof(numerator), numerator, "a share is in (0, 1]");
        Numerator = numerator;
        Denominator = denominator;
    }

    public int Numerator { get; }
    public int Denominator { get; }

    /// <summary>own/total &lt; this share, exactly.</summary>
    public bool IsAbove(int own, int total) => (long)own * Denominator < (long)Numerator * total;

    public static bool TryParse(string text, out Share share)
    {
        share = default;
        var parts = text.Split('/');
        if (parts.Length != 2) return false;
        if (!int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        if (!int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d)) return false;
        if (d <= 0 || n <= 0 || n > d) return false;
        share = new Share(n, d);
        return true;
    }

    public override string ToString() => $"{Numerator}/{Denominator}";
}

/// <summary>A deduction when an occupation's own examiners are below a share of its examiners.</summary>
public sealed record StaffingBand
{
    public StaffingBand(Share below, decimal deduct)
    {
        if (deduct <= 0) throw new ArgumentOutOfRangeException(nameof(deduct), deduct, "a deduction must be positive");
        Below = below;
        Deduct = deduct;
    }

    public Share Below { get; }
    public decimal Deduct { get; }
}

/// <summary>
/// Seed 001 考评人员数量符合规定 (5分): "已开展评价的每个职业（工种），自有考评员不足2/3的扣0.5分，不足1/3的扣1分，
/// 无自有考评员的扣1.5分" — for each occupation assessed, the most severe band that applies; summed; floored at 0.
/// </summary>
public sealed class StaffingRatioRule : ScoringRule
{
    public StaffingRatioRule(decimal full, decimal noneDeduct, IReadOnlyList<StaffingBand> bands)
    {
        if (full < 0) throw new ArgumentOutOfRangeException(nameof(full), full, "full points cannot be negative");
        if (noneDeduct <= 0) throw new ArgumentOutOfRangeException(nameof(noneDeduct), noneDeduct, "the deduction for no own examiners must be positive");
        if (bands.Count == 0) throw new ArgumentException("a staffing rule needs at least one band", nameof(bands));
        if (bands.Select(b => (b.Below.Numerator * 1m) / b.Below.Denominator).Distinct().Count() != bands.Count)
            throw new ArgumentException("two staffing bands share a threshold", nameof(bands));
        Full = full;
        NoneDeduct = noneDeduct;
        // Most severe (lowest share) first.
        Bands = bands.OrderBy(b => (decimal)b.Below.Numerator / b.Below.Denominator).ToArray();
    }

    public decimal Full { get; }
    public decimal NoneDeduct { get; }
    public IReadOnlyList<StaffingBand> Bands { get; }
    public override string KindName => "staffingRatio";
    public override decimal MaxPoints => Full;

    /// <summary>The deduction for one occupation: none → NoneDeduct; else the lowest band the share is below; else 0.</summary>
    public decimal DeductionFor(int ownExaminers, int examiners)
    {
        if (ownExaminers == 0) return NoneDeduct;
        foreach (var band in Bands)
        {
            if (band.Below.IsAbove(ownExaminers, examiners)) return band.Deduct;
        }
        return 0m;
    }

    internal override decimal Evaluate(IndicatorAnswer answer, UnansweredDefault whenMissing, List<string>? explanation)
    {
        if (answer is not StaffingAnswer sa) throw Mismatch(answer, KindName);
        decimal deducted = 0m;
        foreach (var occ in sa.Occupations)
        {
            var d = DeductionFor(occ.OwnExaminers, occ.Examiners);
            if (d == 0) continue;
            deducted += d;
            if (explanation is null) continue;
            var why = occ.OwnExaminers == 0 ? "无自有考评员"
                : "自有考评员不足" + Bands.First(b => b.Below.IsAbove(occ.OwnExaminers, occ.Examiners)).Below;
            explanation.Add($"{occ.Occupation}：自有考评员{occ.OwnExaminers}/{occ.Examiners}人，{why}，扣{P(d)}分");
        }
        if (deducted <= Full) return Full - deducted;
        explanation?.Add($"合计应扣{P(deducted)}分，超过满分{P(Full)}分，扣完为止，得0分");
        return 0m;
    }
}
