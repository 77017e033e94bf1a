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
    private readonly CounterBoundCache<string, int> _cache = new(CounterBoundCache.Bound(config, "Notifications:BellCacheSeconds", 5),
        () => ChangeCounters.Notifications, clock, maxEntries: 10_000, StringComparer.Ordinal);

    public Task<int> GetAsync(string userName, Func<CancellationToken, Task<int>> load, CancellationToken ct) => _cache.GetAsync(userName, load, ct);
}
