using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Reviews;

namespace SkillsAudit.Data.Features.Reviews;

public sealed record RectificationView(int Id, int FilingId, string BodyName, int? AssessmentId, string RequiredActions, DateOnly Due, string IssuedBy, DateTimeOffset IssuedAt,
    string? Response, IReadOnlyList<string> Evidence, DateTimeOffset? RespondedAt, string? CheckedBy, DateTimeOffset? CheckedAt, string? CheckNote, string State, bool Overdue,
    string? DecisionKind = null, string? FollowUpKindName = null,
    // Files: the evidence files the body attached to its response (for download by id), in the order uploaded.
    IReadOnlyList<RectificationFile>? Files = null);

/// <summary>A file attached to a rectification response.</summary>
public sealed record RectificationFile(int Id, string Name, long Size);

/// <summary>Rectification (seed 001 四(二)): the body responds with evidence, the officer re-checks; overdue items listed.</summary>
public sealed class RectificationHandlers(AppDb db)
{
    private async Task<(Rectification R, string RegionCode)> LoadAsync(ReviewUser u, int id, CancellationToken ct)
    {
        var r = await db.Rectifications.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("没有找到这项整改：可能已删除，或不在您的管辖范围内");
        var region = await db.Filings.Where(f => f.Id == r.FilingId).Select(f => f.RegionCode).FirstAsync(ct);
        if (!u.CoversRegion(region) && !u.FilingIds.Contains(r.FilingId)) throw new NotFoundException("没有找到这项整改：可能已删除，或不在您的管辖范围内");
        return (r, region);
    }

    public async Task<IReadOnlyList<RectificationView>> ListAsync(ReviewUser u, bool overdueOnly, CancellationToken ct = default)
    {
        var rows = await db.Rectifications.AsNoTracking().Join(db.Filings, r => r.FilingId, f => f.Id, (r, f) => new { r, f.RegionCode, f.LegalEntity.Name }).ToListAsync(ct);
        var today = CampaignHandlers.Today(db);
        var visible = rows.Where(x => u.CoversRegion(x.RegionCode) || u.FilingIds.Contains(x.r.FilingId))
            .Where(x => !overdueOnly || x.r.IsOverdue(today)).ToList();
        var ids = visible.Select(x => x.r.Id).ToList();
        var decisions = await db.ReviewDecisions.AsNoTracking().Where(d => (d.RectificationId != null && ids.Contains(d.RectificationId.Value)) || (d.FollowsRectificationId != null && ids.Contains(d.FollowsRectificationId.Value)))
            .Select(d => new { d.RectificationId, d.FollowsRectificationId, d.Kind }).ToListAsync(ct);
        var files = await FilesAsync(ids, ct);
        return visible.OrderBy(x => x.r.Due).Select(x => View(x.r, x.Name, today) with
        {
            DecisionKind = decisions.FirstOrDefault(d => d.RectificationId == x.r.Id)?.Kind.ToString(),
            FollowUpKindName = decisions.FirstOrDefault(d => d.FollowsRectificationId == x.r.Id) is { } f ? RenewalRules.FollowUpChinese(f.Kind) : null,
            Files = Attached(x.r, files),
        }).ToList();
    }

    private async Task<ILookup<int, RectificationFileRow>> FilesAsync(IReadOnlyList<int> rectificationIds, CancellationToken ct) =>
        (await db.EvidenceFiles.AsNoTracking().Where(e => e.RectificationId != null && rectificationIds.Contains(e.RectificationId.Value))
            .Select(e => new RectificationFileRow(e.RectificationId!.Value, e.Id, e.Sha256, e.OriginalName, e.Size)).ToListAsync(ct))
        .ToLookup(e => e.RectificationId);

    /// <summary>The files named in the response (an upload not sent with a response is not attached); one per content.</summary>
    private static List<RectificationFile> Attached(Rectification r, ILookup<int, RectificationFileRow> files)
    {
        var hashes = r.EvidenceHashes?.Split(',') ?? [];
        return files[r.Id].Where(f => hashes.Contains(f.Sha256)).OrderBy(f => f.Id).DistinctBy(f => f.Sha256).Select(f => new RectificationFile(f.Id, f.Name, f.Size)).ToList();
    }

    private sealed record RectificationFileRow(int RectificationId, int Id, string Sha256, string Name, long Size);

    private static RectificationView View(Rectification r, string name, DateOnly today) => new(r.Id, r.FilingId, name, r.AssessmentId, r.RequiredActions, r.Due, r.IssuedBy, r.IssuedAt,
        r.Response, r.EvidenceHashes?.Split(',') ?? [], r.RespondedAt, r.CheckedBy, r.CheckedAt, r.CheckNote, r.State.ToString(), r.IsOverdue(today));

    public async Task<RectificationView> GetAsync(ReviewUser u, int id, CancellationToken ct = default)
    {
        var (r, _) = await LoadAsync(u, id, ct);
        var name = await db.Filings.Where(f => f.Id == r.FilingId).Select(f => f.LegalEntity.Name).FirstAsync(ct);
        return View(r, name, CampaignHandlers.Today(db)) with { Files = Attached(r, await FilesAsync([r.Id], ct)) };
    }

    /// <summary>Evidence for a rectification response, stored like self-assessment evidence.</summary>
    public async Task<EvidenceView> UploadAsync(ReviewUser u, int id, EvidenceStore store, string fileName, Stream content, CancellationToken ct = default)
    {
        var (r, _) = await LoadAsync(u, id, ct);
        if (!(u.IsBody && u.FilingIds.Contains(r.FilingId))) throw new ForbiddenException("只有本机构的用户可以上传整改材料");
        if (r.State is RectificationState.Passed or RectificationState.Failed) throw new DomainException("rectification", "整改已复查完毕，不能再上传材料");
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length == 0) name = "evidence";
        var stored = await store.StoreAsync(content, name, ct);
        var row = new EvidenceFile { Sha256 = stored.Sha256, OriginalName = name.Length > 260 ? name[^260..] : name, MediaType = stored.MediaType, Size = stored.Size, FilingId = r.FilingId, RectificationId = r.Id, UploadedBy = u.UserName, UploadedAt = db.Now };
        db.EvidenceFiles.Add(row);
        await db.SaveChangesAsync(ct);
        return new EvidenceView(row.Id, row.Sha256, row.OriginalName, row.MediaType, row.Size, null, row.UploadedBy, row.UploadedAt);
    }

    public async Task<RectificationView> RespondAsync(ReviewUser u, int id, string? response, IReadOnlyList<string>? evidence, CancellationToken ct = default)
    {
        var (r, region) = await LoadAsync(u, id, ct);
        if (!(u.IsBody && u.FilingIds.Contains(r.FilingId))) throw new ForbiddenException("只有本机构的用户可以提交整改情况");
        var hashes = evidence ?? [];
        var known = await db.EvidenceFiles.Where(e => e.FilingId == r.FilingId && hashes.Contains(e.Sha256)).Select(e => e.Sha256).Distinct().ToListAsync(ct);
        if (hashes.Except(known).ToList() is { Count: > 0 } unknown) throw new DomainException("evidence", "没有这些证明材料：" + string.Join("、", unknown));
        r.Respond(response ?? "", hashes, db.Now);
        await Notifications.ReviewNotices.RectificationAnsweredAsync(db, r, region, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(u, id, ct);
    }

    /// <summary>The officer's re-check; a passed re-check lifts a suspension (seed 001 四(二) "再视情况决定…恢复评价活动").</summary>
    public async Task<RectificationView> CheckAsync(ReviewUser u, int id, bool passed, string? note, CancellationToken ct = default)
    {
        var (r, region) = await LoadAsync(u, id, ct);
        if (!u.CoversRegion(region)) throw new ForbiddenException("只有本地区的工作人员可以复查整改");
        r.Check(passed, note ?? "", u.UserName, db.Now);
        await Notifications.ReviewNotices.RectificationCheckedAsync(db, r, ct);
        // The follow-up decision (DecisionHandlers.FollowUpAsync) renews, restores evaluation or terminates.
        await db.SaveChangesAsync(ct);
        return await GetAsync(u, id, ct);
    }
}
