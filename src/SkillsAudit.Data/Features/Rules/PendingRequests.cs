using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Access;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Features.Rules;

/// <summary>
/// What a body's requests (<see cref="DecidedOnce"/>: 变更申请, 新增职业申请) share beyond their life cycle: one pending request
/// of a kind per filing, kept when two servers submit at once, and who may withdraw one.
/// </summary>
internal static class PendingRequests
{
    /// <summary>
    /// Serialises, within the caller's transaction, everything that submits, decides or withdraws the requests named by
    /// <paramref name="key"/> (a filing and kind, e.g. "change-request:12:3"): on PostgreSQL a transaction-level advisory
    /// lock that every server sees, so the second of two submissions at once waits and then finds the first pending; on
    /// SQLite (one server) the transaction itself is the lock (Microsoft.Data.Sqlite begins it IMMEDIATE, the write lock).
    /// </summary>
    public static async Task LockAsync(AppDb db, string key, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [Platform.DbLock.ForName(key)], ct);
    }

    /// <summary>The lock of one filing's applications for one occupation (<see cref="LockAsync"/>).</summary>
    public static string OccupationKey(int filingId, string occupationCode) => $"scope-application:{filingId}:{occupationCode}";

    /// <summary>
    /// One pending 新增职业申请 per filing and occupation (the system's rule; seed 003 第二十三条 says only that the service
    /// centre 初审 the application): a second — from the body's form, the API, or an officer's /api/scope/apply or `scope apply` — is refused (409), naming
    /// the first by its occupation and date.
    /// </summary>
    public static async Task RefuseOccupationWhilePendingAsync(AppDb db, int filingId, string? occupationCode, CancellationToken ct)
    {
        var code = (occupationCode ?? "").Trim();
        if (code.Length == 0) return;
        var pending = await db.ScopeApplications.AsNoTracking().Where(a => a.FilingId == filingId && a.OccupationCode == code && a.State == Domain.Rules.ChangeState.Submitted)
            .OrderBy(a => a.Id).FirstOrDefaultAsync(ct);
        if (pending is null) return;
        var name = await db.Occupations.AsNoTracking().Where(o => o.Code == code).Select(o => o.Name).FirstOrDefaultAsync(ct);
        throw pending.StillPending(name is null ? null : $"{name}（{code}）新增职业申请");
    }

    /// <summary>
    /// After a 撤回, in the withdrawal's transaction (added to the context; the caller's SaveChanges writes it): the officers'
    /// "请审核" notices of the request (<paramref name="submittedKind"/>, its title and text, written at or after its
    /// submission) are marked read, and every officer who received one is told that the body withdrew it
    /// (<paramref name="withdrawnKind"/>, linking to the request's row, where it reads 已撤回), so that it does not just
    /// leave their list unexplained. Officers disabled since are left out. When no such notice is found (the body was
    /// renamed since it submitted, so the notice's title no longer matches), the officers the notice goes to now
    /// (<see cref="Notifier.OfficersAsync"/>, the same rule) are told. Like every notice, it is also queued for e-mail.
    /// </summary>
    public static async Task NotifyWithdrawnAsync(AppDb db, string submittedKind, (string Title, string Text) submitted, DateTimeOffset submittedAt,
        string regionCode, string withdrawnKind, string title, string text, string link, CancellationToken ct)
    {
        var notices = await db.Notifications.Where(n => n.Kind == submittedKind && n.Title == submitted.Title && n.Text == submitted.Text && n.CreatedAt >= submittedAt)
            .ToListAsync(ct);
        foreach (var n in notices.Where(n => n.ReadAt is null)) n.ReadAt = db.Now;
        var told = notices.Select(n => n.UserName).Distinct().ToList();
        var officers = told.Count > 0
            ? await db.Users.AsNoTracking().Where(u => u.UserName != null && told.Contains(u.UserName) && !u.Disabled).Select(u => u.UserName!).ToListAsync(ct)
            : await Notifier.OfficersAsync(db, regionCode, ct);
        Notifier.Add(db, officers.Order(StringComparer.Ordinal), withdrawnKind, title, text, link);
    }

    /// <summary>
    /// 撤回 is the body's own act: only a body user bound to the filing may withdraw its request. The region's staff are
    /// told so (403, with what they can do instead); anyone else is not told the request exists (404).
    /// </summary>
    public static async Task RequireOwnBodyAsync(AccessGuard access, int? filingId, string? regionCode, string what, CancellationToken ct)
    {
        var u = await access.ActorAsync(ct);
        if (filingId is { } f && u.IsBody && u.FilingIds.Contains(f)) return;
        if (filingId is null || regionCode is null || !u.IsStaff) throw new NotFoundException($"没有找到这项{what}：可能已删除，或不属于本机构");
        await access.RecordAsync(regionCode, $"这项{what}", ct: ct); // another region's staff: not confirmed to exist
        throw new ForbiddenException($"{what}只能由提交申请的机构撤回，工作人员不能代为撤回；如认为申请有误，请填写理由后“不予同意”");
    }
}
