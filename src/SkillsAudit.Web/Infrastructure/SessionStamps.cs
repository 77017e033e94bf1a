using System.Collections.Concurrent;
using SkillsAudit.Data.Platform;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// The account row's security stamp and version that the cookie check compares on every signed-in request, kept per
/// account for at most Session:StampCheckSeconds (default 5; 0 reads the database on every request). A sign-out
/// everywhere, a disabled account, a reset password or a changed role made through this instance takes effect at the
/// next request (ChangeCounters); one made on another server or with the CLI within that bound (docs/operations.md).
/// </summary>
public sealed class SessionStamps(IConfiguration config, TimeProvider clock)
{
    private const int MaxAccounts = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public TimeSpan Bound { get; } = TimeSpan.FromSeconds(Math.Max(0, config.GetValue("Session:StampCheckSeconds", 5.0)));

    /// <summary>The account's stamps; null when there is no such account.</summary>
    public sealed record Stamps(string? SecurityStamp, string? ConcurrencyStamp);

    private sealed record Entry(Stamps? Stamps, long Version, DateTimeOffset At);

    public async Task<Stamps?> GetAsync(string userId, Func<CancellationToken, Task<Stamps?>> load, CancellationToken ct)
    {
        if (Bound <= TimeSpan.Zero) return await load(ct);
        var version = ChangeCounters.Accounts; // read before the query: a write during it makes the entry stale
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(userId, out var e) && e.Version == version && now >= e.At && now - e.At < Bound) return e.Stamps;
        var stamps = await load(ct);
        if (_entries.Count >= MaxAccounts) _entries.Clear();
        _entries[userId] = new Entry(stamps, version, now);
        return stamps;
    }
}
