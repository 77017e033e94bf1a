using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace SkillsAudit.Data.Platform;

/// <summary>
/// A short in-memory cache of a database read, the one mechanism behind the session check (SessionStamps), the bell
/// (BellCounts) and registry list pages (FilingPageCache). An entry is used for at most its bound after it was read,
/// and only while the change counter it was read under (ChangeCounters) has not moved: a write through this process
/// shows at the next call, one made by another server or the CLI within the bound (docs/operations.md). A bound of
/// zero reads on every call. At most <c>maxEntries</c> are kept; when full, the cache is emptied.
/// </summary>
public sealed class CounterBoundCache<TKey, TValue>(TimeSpan bound, Func<long> counter, TimeProvider clock, int maxEntries, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new(comparer);

    private sealed record Entry(TValue Value, long Version, DateTimeOffset At);

    public async Task<TValue> GetAsync(TKey key, Func<CancellationToken, Task<TValue>> load, CancellationToken ct)
    {
        if (bound <= TimeSpan.Zero) return await load(ct);
        var version = counter(); // read before the query: a write during it makes the entry stale
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var e) && e.Version == version && now >= e.At && now - e.At < bound) return e.Value;
        var value = await load(ct);
        if (_entries.Count >= maxEntries) _entries.Clear();
        _entries[key] = new Entry(value, version, now);
        return value;
    }
}

public static class CounterBoundCache
{
    /// <summary>A cache's bound from the setting <paramref name="key"/>, in seconds (negative: 0).</summary>
    public static TimeSpan Bound(IConfiguration? config, string key, double defaultSeconds) =>
        TimeSpan.FromSeconds(Math.Max(0, config?.GetValue(key, defaultSeconds) ?? defaultSeconds));
}
