namespace SkillsAudit.Domain.Risk;

/// <summary>The statistics the signals rest on: median, MAD and the binomial upper tail. Empty input gives null, never a division by zero.</summary>
public static class RobustStats
{
    /// <summary>1.4826 × MAD estimates the standard deviation of normal data, robust to the outliers being looked for.</summary>
    public const decimal MadToSigma = 1.4826m;

    public static decimal? Median(IReadOnlyCollection<decimal> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2m;
    }

    /// <summary>Median absolute deviation from the median.</summary>
    public static decimal? Mad(IReadOnlyCollection<decimal> values) =>
        Median(values) is { } m ? Median(values.Select(v => Math.Abs(v - m)).ToArray()) : null;

    /// <summary>
    /// P(X ≥ k) for X ~ Binomial(n, p): how likely at least <paramref name="k"/> passes of <paramref name="n"/> are if the
    /// body passed people at the peers' rate <paramref name="p"/>. Summed in log space, so 1,200 of 1,200 does not underflow
    /// to a division; exact for small counts (20 of 20 at 75% is 0.32%, not “impossible”).
    /// </summary>
    public static double BinomialUpperTail(long k, long n, double p)
    {
        if (n <= 0 || k <= 0) return 1d;
        if (k > n) return 0d;
        if (p <= 0d) return 0d;
        if (p >= 1d) return 1d;
        double logP = Math.Log(p), logQ = Math.Log(1 - p), sum = 0d;
        var logFirst = LogChoose(n, k) + k * logP + (n - k) * logQ;
        // pmf(i+1)/pmf(i) = (n-i)/(i+1) · p/q; stop when the terms no longer matter
        var term = 0d;
        for (var i = k; i <= n; i++)
        {
            term = i == k ? 0d : term + Math.Log((double)(n - i + 1) / i) + logP - logQ;
            var add = Math.Exp(logFirst + term);
            sum += add;
            if (i > k && add < sum * 1e-15) break;
        }
        return Math.Min(1d, sum);
    }

    private static double LogChoose(long n, long k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    private static double LogFactorial(long n)
    {
        if (n < 2) return 0d;
        if (n < 256)
        {
            var s = 0d;
            for (var i = 2; i <= n; i++) s += Math.Log(i);
            return s;
        }
        // Stirling's series: error below 1e-12 from n = 256
        double x = n;
        return x * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI * x) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }
}
