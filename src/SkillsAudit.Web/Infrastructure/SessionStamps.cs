using SkillsAudit.Data.Platform;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// The account row's security stamp and version that the cookie check compares on every signed-in request, kept per
/// account and session for at most Session:StampCheckSeconds (default 5; 0 reads the database on every request). A sign-out (EndedSession), a sign-out
/// everywhere, a disabled account, a reset password or a changed role made through this instance takes effect at the
/// next request (ChangeCounters); one made on another server or with the CLI within that bound (docs/operations.md).
/// </summary>
public sealed class SessionStamps(IConfiguration config, TimeProvider clock)
{
    /// <summary>The account's stamps, and whether this session was ended by 退出; null when there is no such account.</summary>
    public sealed record Stamps(string? SecurityStamp, string? ConcurrencyStamp, bool Ended);

    private readonly CounterBoundCache<string, Stamps?> _cache = new(CounterBoundCache.Bound(config, "Session:StampCheckSeconds", 5),
        () => ChangeCounters.Accounts, clock, maxEntries: 10_000, StringComparer.Ordinal);

    /// <summary>Kept per account and session (a session id is empty for a cookie issued before sessions had ids).</summary>
    public Task<Stamps?> GetAsync(string userId, string sessionId, Func<CancellationToken, Task<Stamps?>> load, CancellationToken ct) =>
        _cache.GetAsync(userId + "\n" + sessionId, load, ct);
}
