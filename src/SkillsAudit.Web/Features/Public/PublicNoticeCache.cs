using System.Diagnostics;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Web.Features.Publication;

namespace SkillsAudit.Web.Features.Public;

/// <summary>
/// What a server keeps of the public notices. An issued notice never changes; what its page shows changes only with its
/// version column (bumped by a withdrawal, a correction) and whether complaints are open today. So:
/// <list type="bullet">
/// <item>the stamp (id, version, 公示期) is read with one narrow query, at most every Public:NoticeRecheckSeconds (default 1)
/// per notice and server, and at once after this server's own change to a notice; every server reads the same column, so
/// a withdrawal shows on all of N servers within that time;</item>
/// <item>the ETag comes from the stamp alone: a conditional GET is answered 304 before any notice body is read;</item>
/// <item>the notice itself (figures, annexes deserialised) is kept per id and version, so a new version is a new entry.</item>
/// </list>
/// </summary>
public sealed class PublicNoticeCache(IMemoryCache memory, NoticeChanges changes, TimeProvider clock, IConfiguration config)
{
    private readonly TimeSpan _recheck = TimeSpan.FromSeconds(Math.Max(0, config.GetValue("Public:NoticeRecheckSeconds", 1.0)));

    private sealed record Memo(PublicNoticeStamp? Stamp, long Generation, long At);
    private sealed record StampKey(string Key);
    private sealed record ViewKey(int Id, int Version);

    /// <summary>Today in China Standard Time (the 公示期 is in local dates).</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));

    /// <summary>The stamp of the public notice named by slug or id; null when there is no such issued notice.</summary>
    public async Task<PublicNoticeStamp?> StampAsync(string key, IServiceProvider services, CancellationToken ct)
    {
        var generation = changes.Generation;
        if (_recheck > TimeSpan.Zero && memory.TryGetValue(new StampKey(key), out Memo? m) && m is not null
            && m.Generation == generation && Stopwatch.GetElapsedTime(m.At) < _recheck)
            return m.Stamp;
        var stamp = await services.GetRequiredService<NoticeService>().PublicStampAsync(key, ct);
        if (_recheck > TimeSpan.Zero)
            memory.Set(new StampKey(key), new Memo(stamp, generation, Stopwatch.GetTimestamp()), _recheck);
        return stamp;
    }

    public bool Open(PublicNoticeStamp stamp) => stamp.OpenOn(Today);

    public string ETag(PublicNoticeStamp stamp) => NoticesApi.ETag(stamp.Id, stamp.Version, stamp.IssuedAt, Open(stamp));

    /// <summary>The notice as the public sees it, read and deserialised once per version.</summary>
    public async Task<NoticeView> ViewAsync(PublicNoticeStamp stamp, IServiceProvider services, CancellationToken ct)
    {
        if (memory.TryGetValue(new ViewKey(stamp.Id, stamp.Version), out NoticeView? kept) && kept is not null) return kept;
        var view = await services.GetRequiredService<NoticeService>().GetPublicAsync(stamp.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        // Kept under the version it was read at (a change between the two reads gives a newer one, kept under its own).
        memory.Set(new ViewKey(view.Id, view.Version), view, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(30) });
        return view;
    }

    /// <summary>Whether an If-None-Match header names this ETag (a list and * allowed).</summary>
    public static bool NotModified(HttpRequest request, string etag) =>
        request.Headers[HeaderNames.IfNoneMatch].ToString().Split(',').Any(t => t.Trim() is var v && (v == etag || v == "*" || v == "W/" + etag));
}

/// <summary>
/// The output cache of the public notice page and JSON, for anonymous GETs: entries vary by the notice's ETag (its id,
/// version and whether complaints are open), so a withdrawn or corrected notice is a new entry at every server as soon as
/// that server sees the new version; a conditional GET matching the cached ETag is answered 304 by the cache itself.
/// </summary>
public sealed class PublicNoticeCachePolicy : IOutputCachePolicy
{
    public const string Name = "public-notice";
    public const string Tag = "public-notices";

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || http.User.Identity?.IsAuthenticated == true
            || !StringValues.IsNullOrEmpty(request.Headers.Authorization) || http.GetRouteValue("key") is not string key)
        {
            context.EnableOutputCaching = false;
            return;
        }
        var cache = http.RequestServices.GetRequiredService<PublicNoticeCache>();
        var stamp = await cache.StampAsync(key, http.RequestServices, cancellation);
        if (stamp is null)
        {
            context.EnableOutputCaching = false;
            return;
        }
        http.Items[typeof(PublicNoticeStamp)] = stamp;
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.CacheVaryByRules.VaryByValues["notice"] = cache.ETag(stamp);
        context.CacheVaryByRules.HeaderNames = HeaderNames.AcceptEncoding; // kept compressed, one entry per encoding asked for
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(10);
        context.Tags.Add(Tag);
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // Only the plain public answer is shared: no error, nothing that sets a cookie.
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}
