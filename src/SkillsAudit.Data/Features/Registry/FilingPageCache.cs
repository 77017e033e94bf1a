using Microsoft.Extensions.Configuration;
using SkillsAudit.Data.Platform;

namespace SkillsAudit.Data.Features.Registry;

/// <summary>
/// Registry list pages (the same for every reader: the registry is public) kept for at most Registry:ListCacheSeconds
/// (default 2; 0 turns it off), keyed by the whole query. A filing, body, alias, scope or occupation written through
/// this process empties it at once (ChangeCounters); one written on another server shows within the bound. The web app
/// registers it; the CLI reads the database every time.
/// </summary>
public sealed class FilingPageCache(TimeProvider clock, IConfiguration? config = null)
{
    private readonly CounterBoundCache<FilingQuery, Paged<FilingRow>> _cache = new(CounterBoundCache.Bound(config, "Registry:ListCacheSeconds", 2),
        () => ChangeCounters.Registry, clock, maxEntries: 1_000);

    public Task<Paged<FilingRow>> GetAsync(FilingQuery query, Func<CancellationToken, Task<Paged<FilingRow>>> load, CancellationToken ct) => _cache.GetAsync(query, load, ct);
}
