using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Reviews;

namespace SkillsAudit.Data.Features.Notifications;

public sealed record ReminderRun(DateOnly Today, int Added, int AlreadySent)
{
    public string Message => $"{Today:yyyy-MM-dd}：新发截止提醒 {Added} 条" + (AlreadySent > 0 ? $"，{AlreadySent} 条此前已发，未重复" : "");
}

/// <summary>
/// Deadline reminders (the daily job "deadline-reminders"): 3 days and 1 day before the end of a self-assessment, a
/// scoring stage or a rectification, everyone who still has it to do is reminded, in-app and (when configured) by mail.
/// Idempotent: each reminder has a key (what, which deadline, which offset, whom) kept unique in the database, so a
/// second run, on this or another instance, adds nothing; a day the job missed is caught up by the next run while the
/// deadline is still ahead.
/// </summary>
public sealed class DeadlineReminders(AppDb db)
{
    public static readonly int[] Offsets = [3, 1];

    /// <summary>The offset a deadline <paramref name="daysLeft"/> away falls in (3: two or three days left; 1: one day or the last day), or null.</summary>
    public static int? OffsetFor(int daysLeft) => daysLeft switch { >= 0 and <= 1 => 1, >= 2 and <= 3 => 3, _ => null };

    private sealed record Planned(string Key, string User, string Title, string Text, string Link);

    public async Task<ReminderRun> RunAsync(CancellationToken ct = default)
    {
        var today = ReviewWork.Today(db);
        var horizon = today.AddDays(Offsets.Max());
        var planned = new List<Planned>();
        var work = await ReviewWork.LoadAsync(db, ct: ct);
        foreach (var c in work.Campaigns)
        {
            if (Window(c, CampaignStage.SelfAssessment, today) is (var selfTo, int so))
            {
                var pending = work.SelfPending(c);
                var users = await Notifier.BodyUsersAsync(db, pending.Select(p => p.FilingId).ToList(), ct);
                foreach (var p in pending)
                    foreach (var u in users[p.FilingId])
                        planned.Add(new($"remind:self:{p.AssessmentId}:{selfTo:yyyyMMdd}:{so}:{u}", u, $"自评将于 {D(selfTo)} 截止",
                            $"{c.Title}：本机构的自评尚未提交，截止日期 {D(selfTo)}（{Days(selfTo, today)}）。", $"/Reviews/Assessment/{p.AssessmentId}"));
            }
            if (Window(c, CampaignStage.PanelReview, today) is (var panelTo, int po))
            {
                foreach (var expert in ReviewWork.Panel(c))
                {
                    var left = work.ScoringPending(c, expert).Count;
                    if (left == 0) continue;
                    planned.Add(new($"remind:panel:{c.Id}:{panelTo:yyyyMMdd}:{po}:{expert}", expert, $"评审将于 {D(panelTo)} 截止",
                        $"{c.Title}：您还有 {left} 个机构未提交评分，截止日期 {D(panelTo)}（{Days(panelTo, today)}）。", $"/Reviews/Campaign/{c.Id}"));
                }
            }
        }
        var rects = await db.Rectifications.AsNoTracking().Where(r => r.State == RectificationState.Open && r.Due >= today && r.Due <= horizon)
            .Select(r => new { r.Id, r.FilingId, r.Due }).ToListAsync(ct);
        var rectUsers = await Notifier.BodyUsersAsync(db, rects.Select(r => r.FilingId).ToList(), ct);
        foreach (var r in rects)
        {
            if (OffsetFor(r.Due.DayNumber - today.DayNumber) is not { } ro) continue;
            foreach (var u in rectUsers[r.FilingId])
                planned.Add(new($"remind:rect:{r.Id}:{r.Due:yyyyMMdd}:{ro}:{u}", u, $"整改将于 {D(r.Due)} 到期",
                    $"整改期限为 {D(r.Due)}（{Days(r.Due, today)}），请按要求完成整改并提交整改情况。", "/Reviews/Rectifications"));
        }
        var fresh = await FreshAsync(planned, ct);
        foreach (var p in fresh) Notifier.Add(db, p.User, NotificationKinds.Reminder, p.Title, p.Text, p.Link, p.Key);
        try
        {
            if (fresh.Count > 0) await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another run wrote some of these keys meanwhile (the unique index refused ours): keep only the rest.
            foreach (var e in db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).ToList()) e.State = EntityState.Detached;
            fresh = await FreshAsync(planned, ct);
            foreach (var p in fresh) Notifier.Add(db, p.User, NotificationKinds.Reminder, p.Title, p.Text, p.Link, p.Key);
            if (fresh.Count > 0) await db.SaveChangesAsync(ct);
        }
        return new ReminderRun(today, fresh.Count, planned.Count - fresh.Count);
    }

    /// <summary>The planned reminders whose key is not in the database yet.</summary>
    private async Task<List<Planned>> FreshAsync(List<Planned> planned, CancellationToken ct)
    {
        var keys = planned.Select(p => p.Key).Distinct().ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
            existing.UnionWith(await db.Notifications.AsNoTracking().Where(n => n.DedupKey != null && chunk.Contains(n.DedupKey)).Select(n => n.DedupKey!).ToListAsync(ct));
        return planned.Where(p => !existing.Contains(p.Key)).DistinctBy(p => p.Key).ToList();
    }

    private static (DateOnly To, int? Offset)? Window(Campaign c, CampaignStage stage, DateOnly today) =>
        c.Schedule.Window(stage) is { } w && w.From <= today ? (w.To, OffsetFor(w.To.DayNumber - today.DayNumber)) : null;

    private static string D(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static string Days(DateOnly due, DateOnly today) => (due.DayNumber - today.DayNumber) switch { 0 => "今天截止", var n => $"还有 {n} 天" };
}
