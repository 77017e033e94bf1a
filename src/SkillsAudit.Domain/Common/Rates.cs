namespace SkillsAudit.Domain.Common;

/// <summary>Rates and points arithmetic shared by every area.</summary>
public static class Rates
{
    /// <summary>
    /// A percentage rounded half away from zero to 2 decimals, e.g. 7266/8884 → 81.79 (seed 000 一(一)).
    /// Returns null when there is nothing to divide by: a rate of "no one assessed" is undefined, not 0.
    /// </summary>
    public static decimal? Percent(long numerator, long denominator)
    {
        if (denominator == 0) return null;
        return Round2(numerator * 100m / denominator);
    }

    /// <summary>Round half away from zero to 2 decimals, the rounding every seed's printed figures use.</summary>
    public static decimal Round2(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>Formats a percentage the way the seeds print it: "81.79%".</summary>
    public static string FormatPercent(decimal? percent) => percent is { } p ? p.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";
}
