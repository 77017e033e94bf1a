using System.Collections.Concurrent;

namespace SkillsAudit.Web.Features.Publication;

/// <summary>
/// The downloads of issued notices, made once per notice version on each server: an issued notice never changes (a
/// correction is a new notice), and its PDF takes Chromium several seconds to print, so every public download of it
/// printed it again and held one of the two print slots. Requests that arrive while it is being made wait for the same
/// print. Only a cache: a server without it (just started, or another one) makes the file again from the database.
/// Drafts are never kept (they change). At most <see cref="Capacity"/> files are kept; past that the cache starts over.
/// </summary>
public sealed class IssuedNoticeFiles
{
    public const int Capacity = 64;
    private readonly ConcurrentDictionary<(int Id, int Version, string Format), Lazy<Task<byte[]>>> files = new();

    public async Task<byte[]> GetAsync(int id, int version, string format, Func<Task<byte[]>> make)
    {
        if (files.Count >= Capacity) files.Clear();
        var key = (id, version, format);
        var entry = files.GetOrAdd(key, _ => new Lazy<Task<byte[]>>(make, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return await entry.Value;
        }
        catch
        {
            files.TryRemove(new KeyValuePair<(int, int, string), Lazy<Task<byte[]>>>(key, entry)); // a failed print is tried again next time
            throw;
        }
    }
}
