using System.Collections.Concurrent;
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
    private const int MaxPages = 1_000;
    private readonly TimeSpan _bound = TimeSpan.FromSeconds(Math.Max(0, config?.GetValue("Registry:ListCacheSeconds", 2.0) ?? 2.0));
    private readonly ConcurrentDictionary<FilingQuery, Entry> _entries = new();

    private sealed record Entry(Paged<FilingRow> Page, long Version, DateTimeOffset At);

    public async Task<Paged<FilingRow>> GetAsync(FilingQuery query, Func<CancellationToken, Task<Paged<FilingRow>>> load, CancellationToken ct)
    {
        if (_bound <= TimeSpan.Zero) return await load(ct);
        var version = ChangeCounters.Registry; // read before the query: a write during it makes the entry stale
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(query, out var e) && e.Version == version && now >= e.At && now - e.At < _bound) return e.Page;
        var page = await load(ct);
        if (_entries.Count >= MaxPages) _entries.Clear();
        _entries[query] = new Entry(page, version, now);
        return page;
    }
}
