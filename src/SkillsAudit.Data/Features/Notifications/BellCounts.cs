using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using SkillsAudit.Data.Platform;

namespace SkillsAudit.Data.Features.Notifications;

/// <summary>
/// The unread count the layout's bell shows on every page, kept per user for at most Notifications:BellCacheSeconds
/// (default 5; 0 turns it off). A notification written or read through this process shows at once (ChangeCounters);
/// one written by another server shows within the bound. The notification list and /api/notifications/unread-count
/// always read the database.
/// </summary>
public sealed class BellCounts(TimeProvider clock, IConfiguration? config = null)
{
    private const int MaxUsers = 10_000;
    private readonly TimeSpan _bound = TimeSpan.FromSeconds(Math.Max(0, config?.GetValue("Notifications:BellCacheSeconds", 5.0) ?? 5.0));
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(int Count, long Version, DateTimeOffset At);

    public async Task<int> GetAsync(string userName, Func<CancellationToken, Task<int>> load, CancellationToken ct)
    {
        if (_bound <= TimeSpan.Zero) return await load(ct);
        var version = ChangeCounters.Notifications; // read before the query: a write during it makes the entry stale
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(userName, out var e) && e.Version == version && now >= e.At && now - e.At < _bound) return e.Count;
        var count = await load(ct);
        if (_entries.Count >= MaxUsers) _entries.Clear();
        _entries[userName] = new Entry(count, version, now);
        return count;
    }
}
