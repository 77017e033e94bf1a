using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Features.Notifications;

public sealed record NotificationView(long Id, string Kind, string KindName, string Title, string Text, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, bool Read);

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, int Unread, int Total);

/// <summary>A user's own notifications: list, unread count, mark read (one or all). Nobody reads another's.</summary>
public sealed class NotificationHandlers(AppDb db, BellCounts? bell = null)
{
    public const int MaxPage = 200;

    public Task<int> UnreadCountAsync(string userName, CancellationToken ct = default) =>
        db.Notifications.CountAsync(n => n.UserName == userName && n.ReadAt == null, ct);

    /// <summary>For the layout's bell: the count, or null when the database cannot answer (the page, e.g. an error page, still renders).</summary>
    public async Task<int?> UnreadCountForBellAsync(string userName, CancellationToken ct = default)
    {
        try { return bell is null ? await UnreadCountAsync(userName, ct) : await bell.GetAsync(userName, c => UnreadCountAsync(userName, c), ct); }
        catch (Exception e) when (e is not OperationCanceledException) { return null; }
    }

    /// <summary>Newest first; <paramref name="unreadOnly"/> leaves out the read ones.</summary>
    public async Task<NotificationPage> ListAsync(string userName, bool unreadOnly = false, int take = 50, CancellationToken ct = default)
    {
        var q = db.Notifications.AsNoTracking().Where(n => n.UserName == userName);
        if (unreadOnly) q = q.Where(n => n.ReadAt == null);
        var rows = await q.OrderByDescending(n => n.Id).Take(Math.Clamp(take, 1, MaxPage))
            .Select(n => new { n.Id, n.Kind, n.Title, n.Text, n.Link, n.CreatedAt, n.ReadAt }).ToListAsync(ct);
        var unread = await UnreadCountAsync(userName, ct);
        var total = await db.Notifications.CountAsync(n => n.UserName == userName, ct);
        return new NotificationPage(rows.Select(n => new NotificationView(n.Id, n.Kind, NotificationKinds.Chinese(n.Kind), n.Title, n.Text, n.Link, n.CreatedAt, n.ReadAt, n.ReadAt != null)).ToList(),
            unread, total);
    }

    /// <summary>Marks one of the user's notifications read (idempotent); another user's is not found.</summary>
    public async Task<NotificationView> MarkReadAsync(string userName, long id, CancellationToken ct = default)
    {
        var n = await db.Notifications.FirstOrDefaultAsync(x => x.Id == id && x.UserName == userName, ct) ?? throw new NotFoundException("没有找到这条通知：可能已删除");
        if (n.ReadAt is null)
        {
            n.ReadAt = db.Now;
            await db.SaveChangesAsync(ct);
        }
        return new NotificationView(n.Id, n.Kind, NotificationKinds.Chinese(n.Kind), n.Title, n.Text, n.Link, n.CreatedAt, n.ReadAt, true);
    }

    /// <summary>Marks every unread notification of the user read; returns how many.</summary>
    public async Task<int> MarkAllReadAsync(string userName, CancellationToken ct = default)
    {
        var now = db.Now;
        try { return await db.Notifications.Where(n => n.UserName == userName && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct); }
        finally { Platform.ChangeCounters.NotificationsChanged(); } // the bell (BellCounts) reads again
    }

    /// <summary>For the operator (CLI): the newest notifications of one user or of everybody.</summary>
    public async Task<IReadOnlyList<(string UserName, NotificationView View, string MailState)>> AllAsync(string? userName, int take, CancellationToken ct = default)
    {
        var q = db.Notifications.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(userName)) q = q.Where(n => n.UserName == userName.Trim());
        var rows = await q.OrderByDescending(n => n.Id).Take(Math.Clamp(take, 1, 10_000))
            .Select(n => new { n.UserName, n.Id, n.Kind, n.Title, n.Text, n.Link, n.CreatedAt, n.ReadAt, n.MailState }).ToListAsync(ct);
        return rows.Select(n => (n.UserName, new NotificationView(n.Id, n.Kind, NotificationKinds.Chinese(n.Kind), n.Title, n.Text, n.Link, n.CreatedAt, n.ReadAt, n.ReadAt != null), n.MailState)).ToList();
    }
}
