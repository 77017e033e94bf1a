using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Calendar;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Reviews;

namespace SkillsAudit.Data.Features.Reviews;

public sealed record ReviewRequestView(int Id, int CampaignId, string CampaignTitle, int FilingId, string BodyName, int AssessmentId, string Grounds,
    string FiledBy, DateTimeOffset FiledAt, DateOnly FiledOn, DateOnly PublishedOn, DateOnly Deadline, string State, string StateName,
    string? Answer, string? AnsweredBy, DateTimeOffset? AnsweredAt);
/// <summary>Whether a body may file a review request for one assessment now, and until when.</summary>
public sealed record ReviewWindowView(int AssessmentId, DateOnly? PublishedOn, DateOnly? Deadline, bool Open, string Message, ReviewRequestView? Pending);
public sealed record ReviewAnswerInput(string? Answer, bool Reopen);

/// <summary>
/// 复核申请: the body files it from its results page within 15 working days of publication (the working-day calendar);
/// the officer of the region answers. An answer that changes the result reopens the panel review for the body, with the
/// answer as the logged reason, in the same transaction.
/// </summary>
/// <summary>The officers' to-do item: review requests of their region waiting for an answer.</summary>
public sealed class ReviewRequestTodo(AppDb db) : Notifications.ITodoSource
{
    public async Task<IReadOnlyList<Notifications.TodoItem>> ItemsAsync(ReviewUser user, CancellationToken ct = default)
    {
        if (!user.IsStaff) return [];
        var prefix = Notifications.TodoList.StaffPrefix(user);
        var open = await db.ReviewRequests.Where(r => r.State == ReviewRequestState.Open)
            .Join(db.Campaigns, r => r.CampaignId, c => c.Id, (r, c) => new { c.RegionCode }).Where(x => x.RegionCode.StartsWith(prefix)).CountAsync(ct);
        return [new("review-requests", "复核申请待答复", open, null, "/Reviews/Requests")];
    }
}

public sealed class ReviewRequestHandlers(AppDb db, CampaignHandlers campaigns, AssessmentHandlers assessments, CalendarHandlers calendar)
{
    /// <summary>Results are published when the schedule's 公布 stage begins, or when the campaign is closed, whichever is first.</summary>
    public static DateOnly? PublishedOn(Campaign c, DateOnly today)
    {
        DateOnly? byStage = c.Stages.Where(s => s.Stage == CampaignStage.Publication && s.From <= today).Select(s => (DateOnly?)s.From).FirstOrDefault();
        DateOnly? byClose = c.ClosedAt is { } at ? at.ChinaDate() : null;
        return byStage is { } a && byClose is { } b ? (a < b ? a : b) : byStage ?? byClose;
    }

    private async Task<(int Id, int CampaignId, int FilingId, bool Finalised, Campaign C)> AssessmentAsync(ReviewUser u, int assessmentId, CancellationToken ct)
    {
        var a = await db.Assessments.AsNoTracking().Where(x => x.Id == assessmentId).Select(x => new { x.Id, x.CampaignId, x.FilingId, Finalised = x.FinalisedAt != null })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("没有找到该评审记录，或您无权查看");
        var c = await campaigns.LoadAsync(a.CampaignId, ct, tracking: false);
        ReviewAccess.RequireSeeAssessment(u, c, a.FilingId, a.Id);
        return (a.Id, a.CampaignId, a.FilingId, a.Finalised, c);
    }

    public async Task<ReviewWindowView> WindowAsync(ReviewUser u, int assessmentId, CancellationToken ct = default)
    {
        var a = await AssessmentAsync(u, assessmentId, ct);
        var today = CampaignHandlers.Today(db);
        var pending = (await ListQueryAsync(db.ReviewRequests.Where(r => r.AssessmentId == assessmentId && r.State == ReviewRequestState.Open), ct)).FirstOrDefault();
        if (PublishedOn(a.C, today) is not { } published || !a.Finalised)
            return new ReviewWindowView(assessmentId, null, null, false, "考核结果尚未公布，公布后可在 15 个工作日内申请复核。", pending);
        var deadline = ReviewRequest.DeadlineFor(await calendar.LoadAsync(ct), published);
        var open = today <= deadline && pending is null;
        var message = pending is not null ? "已提交复核申请，等待答复。"
            : today <= deadline ? $"结果于 {published:yyyy-MM-dd} 公布；如对得分有异议，可在 {deadline:yyyy-MM-dd}（含）前申请复核（公布后 15 个工作日，节假日不计）。"
            : $"复核申请期限已于 {deadline:yyyy-MM-dd} 届满。";
        return new ReviewWindowView(assessmentId, published, deadline, open, message, pending);
    }

    public async Task<ReviewRequestView> FileAsync(ReviewUser u, int assessmentId, string? grounds, CancellationToken ct = default)
    {
        var a = await AssessmentAsync(u, assessmentId, ct);
        if (!(u.IsBody && u.FilingIds.Contains(a.FilingId))) throw new ForbiddenException("只有本机构的用户可以申请复核");
        if (!a.Finalised) throw new DomainException("state", "评审结果尚未确认，暂不能申请复核");
        if (await db.ReviewRequests.AnyAsync(r => r.AssessmentId == assessmentId && r.State == ReviewRequestState.Open, ct))
            throw new ConflictException("已有一项复核申请等待答复，不能重复申请");
        var today = CampaignHandlers.Today(db);
        var request = new ReviewRequest(a.CampaignId, a.FilingId, a.Id, grounds ?? "", u.UserName, db.Now, today, PublishedOn(a.C, today), await calendar.LoadAsync(ct));
        db.ReviewRequests.Add(request);
        var name = await db.Filings.Where(f => f.Id == a.FilingId).Select(f => f.LegalEntity.Name).FirstAsync(ct);
        Notifications.Notifier.Add(db, await Notifications.Notifier.OfficersAsync(db, a.C.RegionCode, ct), Notifications.NotificationKinds.ReviewRequest,
            $"{name}申请复核", $"{a.C.Title}：{request.Grounds}", $"/Reviews/Requests?campaign={a.CampaignId}");
        await db.SaveChangesAsync(ct);
        return await GetAsync(u, request.Id, ct);
    }

    private async Task<List<ReviewRequestView>> ListQueryAsync(IQueryable<ReviewRequest> q, CancellationToken ct) =>
        (await q.AsNoTracking().Join(db.Filings, r => r.FilingId, f => f.Id, (r, f) => new { r, f.LegalEntity.Name })
            .Join(db.Campaigns, x => x.r.CampaignId, c => c.Id, (x, c) => new { x.r, x.Name, c.Title }).OrderByDescending(x => x.r.Id).ToListAsync(ct))
        .Select(x => new ReviewRequestView(x.r.Id, x.r.CampaignId, x.Title, x.r.FilingId, x.Name, x.r.AssessmentId, x.r.Grounds, x.r.FiledBy, x.r.FiledAt, x.r.FiledOn,
            x.r.PublishedOn, x.r.Deadline, x.r.State.ToString(), ReviewRequest.Chinese(x.r.State), x.r.Answer, x.r.AnsweredBy, x.r.AnsweredAt)).ToList();

    /// <summary>The requests a user may see: officers those of their region's campaigns, a body its own.</summary>
    public async Task<IReadOnlyList<ReviewRequestView>> ListAsync(ReviewUser u, int? campaignId = null, CancellationToken ct = default)
    {
        var q = db.ReviewRequests.AsQueryable();
        if (campaignId is { } cid) q = q.Where(r => r.CampaignId == cid);
        var rows = await ListQueryAsync(q, ct);
        var ids = rows.Select(r => r.CampaignId).Distinct().ToList();
        var regions = await db.Campaigns.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.RegionCode }).ToDictionaryAsync(c => c.Id, c => c.RegionCode, ct);
        return rows.Where(r => u.CoversRegion(regions[r.CampaignId]) || u.FilingIds.Contains(r.FilingId)).ToList();
    }

    public async Task<ReviewRequestView> GetAsync(ReviewUser u, int id, CancellationToken ct = default) =>
        (await ListAsync(u, null, ct)).FirstOrDefault(r => r.Id == id) ?? throw new NotFoundException("没有找到这项复核申请：可能已删除，或不在您的管辖范围内");

    /// <summary>The officer's answer: keep the result, or reopen the panel review (the answer is the logged reason).</summary>
    public async Task<ReviewRequestView> AnswerAsync(ReviewUser u, int id, string? answer, bool reopen, CancellationToken ct = default)
    {
        var r = await db.ReviewRequests.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("没有找到这项复核申请：可能已删除，或不在您的管辖范围内");
        var c = await campaigns.LoadAsync(r.CampaignId, ct, tracking: false);
        if (!u.CoversRegion(c.RegionCode))
        {
            if (u.FilingIds.Contains(r.FilingId)) throw new ForbiddenException("只有本地区的工作人员可以答复复核申请");
            throw new NotFoundException("没有找到这项复核申请：可能已删除，或不在您的管辖范围内");
        }
        r.AnswerWith(answer ?? "", reopen, u.UserName, db.Now);
        Notifications.Notifier.Add(db, await Notifications.Notifier.BodyUsersAsync(db, r.FilingId, ct), Notifications.NotificationKinds.ReviewRequest,
            $"复核申请{ReviewRequest.Chinese(r.State)}", $"{c.Title}：{r.Answer}", $"/Reviews/Assessment/{r.AssessmentId}");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (reopen) await assessments.ReopenAsync(u, r.AssessmentId, "PanelReview", $"复核申请（{r.FiledOn:yyyy-MM-dd}）：{r.Answer}", null, afterReviewRequest: true, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("该复核申请刚刚已被答复，请刷新后查看");
        }
        await tx.CommitAsync(ct);
        return await GetAsync(u, id, ct);
    }
}
