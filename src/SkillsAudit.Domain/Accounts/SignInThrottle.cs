namespace SkillsAudit.Domain.Accounts;

/// <summary>
/// Failed sign-ins slow further attempts down instead of locking the account (ASVS V2.2.1): a stranger who guesses
/// an account's password can make its owner wait at most <see cref="AccountMaxDelay"/> between attempts, never lock it;
/// one client address that keeps failing waits longer and longer, up to <see cref="AddressMaxDelay"/>.
/// The account is counted by the name that was typed, whether or not such an account exists, so that a known and an
/// unknown name are throttled alike (no account enumeration). Counts are forgotten after a quiet period.
/// </summary>
public static class SignInThrottle
{
    /// <summary>Failures of one account name before any delay.</summary>
    public const int AccountFreeFailures = 5;
    /// <summary>Failures from one client address before any delay (an office behind one address signs in many people).</summary>
    public const int AddressFreeFailures = 10;

    public static readonly TimeSpan AccountMaxDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan AddressMaxDelay = TimeSpan.FromMinutes(15);
    /// <summary>A count with no failure for this long starts again from zero.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromHours(1);

    public static string AccountKey(string? userName)
    {
        var name = (userName ?? "").Trim().ToLowerInvariant();
        return "account:" + (name.Length > 100 ? name[..100] : name);
    }

    public static string AddressKey(string? clientAddress) => "address:" + (string.IsNullOrEmpty(clientAddress) ? "-" : clientAddress);

    /// <summary>The wait after the <paramref name="failures"/>-th failure: none up to the free failures, then 1 s, 2 s, 4 s … up to the cap.</summary>
    public static TimeSpan DelayAfter(int failures, bool isAddress)
    {
        var free = isAddress ? AddressFreeFailures : AccountFreeFailures;
        var max = isAddress ? AddressMaxDelay : AccountMaxDelay;
        if (failures < free) return TimeSpan.Zero;
        var exponent = Math.Min(failures - free, 20);
        var seconds = Math.Min(Math.Pow(2, exponent), max.TotalSeconds);
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Whether an old count still applies at <paramref name="now"/>.</summary>
    public static bool StillCounts(DateTimeOffset lastFailureAt, DateTimeOffset now) => now - lastFailureAt < QuietPeriod;

    /// <summary>The Chinese refusal while throttled; the same text whatever the name typed.</summary>
    public static string Refusal(TimeSpan wait) =>
        $"登录尝试过于频繁，请 {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} 秒后再试。";
}
