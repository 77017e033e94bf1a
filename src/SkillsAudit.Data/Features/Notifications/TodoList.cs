using SkillsAudit.Domain.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Data.Features.Notifications;

/// <summary>One thing to do now: what, how many, by when (null: no deadline), where to do it; overdue when past its deadline.</summary>
public sealed record TodoItem(string Key, string Title, int Count, DateOnly? Deadline, string Link, bool Overdue = false, string? Note = null);

/// <summary>
/// A source of to-do items for the home page. Features add theirs with
/// <c>services.AddScoped&lt;ITodoSource, MySource&gt;()</c> (e.g. review requests, 复核申请, for the officers of the region
/// and the body that filed them); <see cref="TodoList"/> asks every registered source.
/// </summary>
public interface ITodoSource
{
    Task<IReadOnlyList<TodoItem>> ItemsAsync(ReviewUser user, CancellationToken ct = default);
}

/// <summary>
/// The home page's "what needs doing now", per role: a body (self-assessment, rectification, change requests, results),
/// an expert (bodies to score) and an officer (results to confirm, decisions, rectifications to re-check, complaints,
/// change requests, filings expiring within 90 days). Counted in a few projected queries.
/// </summary>
public sealed class TodoList(AppDb db, ExpiryHandlers expiry, IEnumerable<ITodoSource> sources)
{
    public async Task<IReadOnlyList<TodoItem>> ForAsync(ReviewUser u, CancellationToken ct = default)
    {
        var items = new List<TodoItem>();
        var today = ReviewWork.Today(db);
        if (u.IsStaff) items.AddRange(await OfficerAsync(u, today, ct));
        if (u.IsExpert) items.AddRange(await ExpertAsync(u, today, ct));
        if (u.IsBody && u.FilingIds.Count > 0) items.AddRange(await BodyAsync(u, today, ct));
        foreach (var s in sources) items.AddRange(await s.ItemsAsync(u, ct));
        return items.Where(i => i.Count > 0).OrderByDescending(i => i.Overdue).ThenBy(i => i.Deadline ?? DateOnly.MaxValue).ToList();
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The region prefix an officer's lists cover ("" = all; a code nobody has when the region is unknown).</summary>
    public static string StaffPrefix(ReviewUser u) =>
        u.IsAdmin || u.RegionCode is null ? "" : Regions.Find(u.RegionCode)?.DescendantPrefix ?? "\u0000";

    private async Task<IEnumerable<TodoItem>> OfficerAsync(ReviewUser u, DateOnly today, CancellationToken ct)
    {
        var prefix = StaffPrefix(u);
        var items = new List<TodoItem>();
        var work = await ReviewWork.LoadAsync(db, q => q.Where(c => c.RegionCode.StartsWith(prefix)), ct);
        foreach (var c in work.Campaigns)
        {
            var waiting = work.AwaitingFinalisation(c).Count;
            var by = c.Schedule.Window(CampaignStage.Summary)?.To ?? c.Schedule.Window(CampaignStage.PanelReview)?.To;
            items.Add(new($"finalise:{c.Id}", $"{c.Title}：专家已评分、待确认考核结果", waiting, by, $"/Reviews/Campaign/{c.Id}", by < today));
        }
        var decisions = db.Set<DecisionRecord>();
        // Finalised results without a decision (round 0), per campaign of the region.
        var undecided = await db.Assessments.AsNoTracking().Where(a => a.FinalisedAt != null)
            .Join(db.Campaigns.Where(c => c.RegionCode.StartsWith(prefix) && c.State != CampaignState.Draft && !c.Historical), a => a.CampaignId, c => c.Id, (a, c) => new { a.FilingId, a.CampaignId, c.Title })
            .Where(x => !decisions.Any(d => d.CampaignId == x.CampaignId && d.FilingId == x.FilingId))
            .GroupBy(x => new { x.CampaignId, x.Title }).Select(g => new { g.Key.CampaignId, g.Key.Title, Count = g.Count() }).ToListAsync(ct);
        items.AddRange(undecided.Select(x => new TodoItem($"decide:{x.CampaignId}", $"{x.Title}：结果已确认、待作出评估意见", x.Count, null, $"/Reviews/Decisions/{x.CampaignId}")));
        var rects = await db.Rectifications.AsNoTracking().Join(db.Filings.Where(f => f.RegionCode.StartsWith(prefix)), r => r.FilingId, f => f.Id, (r, f) => r)
            .Where(r => r.State == RectificationState.Responded || ((r.State == RectificationState.Passed || r.State == RectificationState.Failed)
                && decisions.Any(d => d.RectificationId == r.Id) && !decisions.Any(d => d.FollowsRectificationId == r.Id)))
            .Select(r => new { r.State, r.Due }).ToListAsync(ct);
        var toCheck = rects.Where(r => r.State == RectificationState.Responded).ToList();
        items.Add(new("rectification-check", "整改情况待复查", toCheck.Count, toCheck.Count > 0 ? toCheck.Min(r => r.Due) : null, "/Reviews/Rectifications"));
        items.Add(new("rectification-follow-up", "整改已复查、待作出后续决定", rects.Count - toCheck.Count, null, "/Reviews/Rectifications"));
        var complaints = await db.Set<NoticeComplaint>().AsNoTracking().Where(x => x.State == ComplaintState.Open)
            .Join(db.Set<StoredNotice>().Where(n => n.RegionCode.StartsWith(prefix)), x => x.NoticeId, n => n.Id, (x, n) => new { n.PublicTo }).ToListAsync(ct);
        items.Add(new("complaints", "投诉举报待答复", complaints.Count, complaints.Where(c => c.PublicTo != null).Select(c => c.PublicTo).Min(), "/Publication/Notices"));
        var changes = await db.ChangeRequests.AsNoTracking().Where(r => r.State == ChangeState.Submitted)
            .Where(r => db.Filings.Any(f => f.Id == r.FilingId && f.RegionCode.StartsWith(prefix))).Select(r => r.SubmittedAt).ToListAsync(ct);
        items.Add(new("changes", "变更申请待审核", changes.Count, null, "/Rules/Changes",
            Note: changes.Count > 0 ? $"最早提交于 {D(changes.Min().ChinaDate())}" : null));
        var occupations = await db.ScopeApplications.AsNoTracking().Where(a => a.State == ChangeState.Submitted)
            .Where(a => db.Filings.Any(f => f.Id == a.FilingId && f.RegionCode.StartsWith(prefix))).Select(a => a.AppliedAt).ToListAsync(ct);
        items.Add(new("occupations", "新增职业申请待审核", occupations.Count, null, "/Rules/Occupations",
            Note: occupations.Count > 0 ? $"最早提交于 {D(occupations.Min().ChinaDate())}" : null));
        var expiring = await expiry.ExpiringAsync(today, ct);
        items.Add(new("expiring", "90 天内备案期满", expiring.Count, expiring.Count > 0 ? today.AddDays(expiring.Min(e => e.DaysLeft)) : null, "/#expiring-panel"));
        return items;
    }

    private async Task<IEnumerable<TodoItem>> ExpertAsync(ReviewUser u, DateOnly today, CancellationToken ct)
    {
        var name = u.UserName;
        var work = await ReviewWork.LoadAsync(db, q => q.Where(c => c.Members.Any(m => m.UserName == name)), ct);
        return work.Campaigns.Where(c => ReviewWork.Panel(c).Contains(name)).Select(c =>
        {
            var window = c.Schedule.Window(CampaignStage.PanelReview);
            var by = window?.To;
            // before the panel stage opens the sheets cannot be scored yet: said, so that the count is not taken for work due now
            var note = window is { } w && w.From > today ? $"评分阶段 {w.From:yyyy-MM-dd} 开始" : null;
            return new TodoItem($"score:{c.Id}", $"{c.Title}：待评分的机构", work.ScoringPending(c, name).Count, by, $"/Reviews/Campaign/{c.Id}", by < today, note);
        }).ToList();
    }

    private async Task<IEnumerable<TodoItem>> BodyAsync(ReviewUser u, DateOnly today, CancellationToken ct)
    {
        var own = u.FilingIds.ToList();
        var items = new List<TodoItem>();
        var work = await ReviewWork.LoadAsync(db, q => q.Where(c => c.Targets.Any(t => t.Included && own.Contains(t.FilingId))), ct);
        foreach (var c in work.Campaigns)
        {
            var pending = work.SelfPending(c).Where(r => own.Contains(r.FilingId)).ToList();
            var by = c.Schedule.Window(CampaignStage.SelfAssessment)?.To;
            items.Add(new($"self:{c.Id}", $"{c.Title}：自评待提交", pending.Count, by,
                pending.Count == 1 ? $"/Reviews/Assessment/{pending[0].AssessmentId}" : $"/Reviews/Campaign/{c.Id}", by < today));
        }
        var rects = await db.Rectifications.AsNoTracking().Where(r => own.Contains(r.FilingId) && r.State == RectificationState.Open).Select(r => r.Due).ToListAsync(ct);
        items.Add(new("rectification", rects.Any(d => d < today) ? "整改已逾期、待提交整改情况" : "整改待完成", rects.Count, rects.Count > 0 ? rects.Min() : null,
            "/Reviews/Rectifications", rects.Any(d => d < today)));
        var since = db.Now.AddDays(-30);
        var changes = await db.ChangeRequests.AsNoTracking().Where(r => own.Contains(r.FilingId) && (r.State == ChangeState.Submitted || r.DecidedAt >= since))
            .Select(r => r.State).ToListAsync(ct);
        items.Add(new("changes-pending", "变更申请审核中", changes.Count(s => s == ChangeState.Submitted), null, "/Body/Changes"));
        items.Add(new("changes-decided", "变更申请近 30 天已有审核结果", changes.Count(s => s != ChangeState.Submitted), null, "/Body/Changes"));
        var occupations = await db.ScopeApplications.AsNoTracking().Where(a => own.Contains(a.FilingId) && (a.State == ChangeState.Submitted || a.DecidedAt >= since))
            .Select(a => a.State).ToListAsync(ct);
        items.Add(new("occupations-pending", "新增职业申请审核中", occupations.Count(s => s == ChangeState.Submitted), null, "/Body/Occupations"));
        items.Add(new("occupations-decided", "新增职业申请近 30 天已有审核结果", occupations.Count(s => s != ChangeState.Submitted), null, "/Body/Occupations"));
        var published = await db.Assessments.AsNoTracking().Where(a => own.Contains(a.FilingId) && a.FinalisedAt != null)
            .Join(db.Campaigns.Where(c => c.State == CampaignState.Closed && c.ClosedAt >= since), a => a.CampaignId, c => c.Id, (a, c) => new { a.Id, c.Title })
            .ToListAsync(ct);
        items.AddRange(published.Select(p => new TodoItem($"published:{p.Id}", $"{p.Title}：考核结果已公布", 1, null, $"/Reviews/Assessment/{p.Id}")));
        return items;
    }
}
