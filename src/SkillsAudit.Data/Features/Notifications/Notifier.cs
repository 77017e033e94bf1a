using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Features.Notifications;

/// <summary>
/// Writes notifications. <see cref="Add(AppDb, IEnumerable{string}, string, string, string, string?, string?)"/> only adds
/// rows to the context: they are saved by the caller's next SaveChanges, in the caller's transaction, so a notification
/// exists exactly when the change it reports does. E-mail goes out later from the same rows (MailOutbox).
/// The recipient helpers find who is concerned: the users bound to a filing, the officers of a region.
/// </summary>
public static class Notifier
{
    /// <summary>
    /// One notification per distinct recipient (blank names skipped). <paramref name="dedupKey"/>, when given, makes
    /// each row unique by "key:user" (a second add with the same key fails the save: callers check first).
    /// </summary>
    public static void Add(AppDb db, IEnumerable<string> userNames, string kind, string title, string text, string? link = null, string? dedupKey = null)
    {
        foreach (var user in userNames.Where(u => !string.IsNullOrWhiteSpace(u)).Distinct(StringComparer.Ordinal))
            Add(db, user, kind, title, text, link, dedupKey is null ? null : $"{dedupKey}:{user}");
    }

    /// <summary>One notification for one user; <paramref name="dedupKey"/> is used as given.</summary>
    public static void Add(AppDb db, string userName, string kind, string title, string text, string? link = null, string? dedupKey = null)
    {
        db.Notifications.Add(new Notification
        {
            UserName = userName, Kind = kind, Title = Cut(title, 200), Text = Cut(text, 2000), Link = link, CreatedAt = db.Now,
            DedupKey = dedupKey is null ? null : Cut(dedupKey, 200), MailState = MailStates.Pending,
        });
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    /// <summary>The enabled body users bound to a filing (UserFilings).</summary>
    public static async Task<IReadOnlyList<string>> BodyUsersAsync(AppDb db, int filingId, CancellationToken ct = default) =>
        await db.UserFilings.Where(f => f.FilingId == filingId).Join(db.Users, f => f.UserId, u => u.Id, (_, u) => u)
            .Where(u => !u.Disabled && u.UserName != null).Select(u => u.UserName!).Distinct().ToListAsync(ct);

    /// <summary>The enabled body users of several filings, by filing.</summary>
    public static async Task<ILookup<int, string>> BodyUsersAsync(AppDb db, IReadOnlyCollection<int> filingIds, CancellationToken ct = default)
    {
        var ids = filingIds.Distinct().ToList();
        var rows = await db.UserFilings.Where(f => ids.Contains(f.FilingId)).Join(db.Users, f => f.UserId, u => u.Id, (f, u) => new { f.FilingId, u.UserName, u.Disabled })
            .Where(x => !x.Disabled && x.UserName != null).ToListAsync(ct);
        return rows.ToLookup(r => r.FilingId, r => r.UserName!);
    }

    /// <summary>
    /// The officers who supervise a region: those of the nearest region at or above it that has officers (a county's
    /// own officers, else the city's, else the province's), so that a provincial officer is not told of every county's
    /// paperwork. Officers without a region are not included.
    /// </summary>
    public static async Task<IReadOnlyList<string>> OfficersAsync(AppDb db, string regionCode, CancellationToken ct = default)
    {
        var officers = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(x => x.Name == Roles.Officer).Join(db.Users, x => x.UserId, u => u.Id, (_, u) => u)
            .Where(u => !u.Disabled && u.RegionCode != null && u.UserName != null).Select(u => new { u.UserName, u.RegionCode }).ToListAsync(ct);
        var target = Regions.Find(regionCode);
        if (target is null) return [];
        var covering = officers.Select(o => (o.UserName, Region: Regions.Find(o.RegionCode)))
            .Where(o => o.Region is not null && o.Region.Covers(target)).ToList();
        if (covering.Count == 0) return [];
        var nearest = covering.Max(o => o.Region!.DescendantPrefix.Length);
        return covering.Where(o => o.Region!.DescendantPrefix.Length == nearest).Select(o => o.UserName!).Distinct().ToList();
    }
}
