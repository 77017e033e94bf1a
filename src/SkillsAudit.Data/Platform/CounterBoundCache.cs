using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace SkillsAudit.Data.Platform;

/// <summary>
/// A short in-memory cache, the one mechanism behind the session check (SessionStamps), the bell (BellCounts),
/// registry list pages (FilingPageCache) and the web app's decrypted session cookies and form tokens (TokenCaches).
/// An entry is used for at most its bound after it was stored, and only while the change counter it was stored under
/// (ChangeCounters) has not moved: a write through this process shows at the next call, one made by another server or
/// the CLI within the bound (docs/operations.md). Values that are a pure function of their key (what a cookie decrypts
/// to) need no counter: pass one that never moves. A bound of zero keeps nothing. At most <c>maxEntries</c> are kept;
/// when full, the cache is emptied.
/// </summary>
public sealed class CounterBoundCache<TKey, TValue>(TimeSpan bound, Func<long> counter, TimeProvider clock, int maxEntries, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new(comparer);

    private sealed record Entry(TValue Value, long Version, DateTimeOffset At);

    /// <summary>Whether anything is kept (a positive bound and room for an entry).</summary>
    public bool Enabled => bound > TimeSpan.Zero && maxEntries > 0;

    /// <summary>The change counter now: read it before computing a value to keep with <see cref="Set"/>.</summary>
    public long Version => counter();

    public int Count => _entries.Count;

    /// <summary>The value kept for <paramref name="key"/>, or else <paramref name="load"/>'s, which is then kept.</summary>
    public async Task<TValue> GetAsync(TKey key, Func<CancellationToken, Task<TValue>> load, CancellationToken ct)
    {
        if (!Enabled) return await load(ct);
        var version = Version; // read before the query: a write during it makes the entry stale
        if (TryGet(key, out var held)) return held;
        var value = await load(ct);
        Set(key, value, version);
        return value;
    }

    /// <summary>The value kept for <paramref name="key"/>, if it is within its bound and its counter has not moved.</summary>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        value = default;
        if (!Enabled || !_entries.TryGetValue(key, out var e)) return false;
        var now = clock.GetUtcNow();
        if (e.Version == counter() && now >= e.At && now - e.At < bound)
        {
            value = e.Value;
            return true;
        }
        _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, e));
        return false;
    }

    /// <summary>Keeps <paramref name="value"/>, computed under the counter <paramref name="version"/> (<see cref="Version"/> read before).</summary>
    public void Set(TKey key, TValue value, long version)
    {
        if (!Enabled) return;
        if (_entries.Count >= maxEntries) _entries.Clear();
        _entries[key] = new Entry(value, version, clock.GetUtcNow());
    }
}

public static class CounterBoundCache
{
    /// <summary>A cache's bound from the setting <paramref name="key"/>, in seconds (negative: 0).</summary>
    public static TimeSpan Bound(IConfiguration? config, string key, double defaultSeconds) =>
        TimeSpan.FromSeconds(Math.Max(0, config?.GetValue(key, defaultSeconds) ?? defaultSeconds));

    /// <summary>The counter of a cache whose values are a pure function of their keys: it never moves.</summary>
    public static long Unchanging() => 0;
}
