using SkillsAudit.Domain.Common;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Platform;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Data.Features.Rules;

/// <summary>One record whose keep-until date has passed: kind (What, KindName), where it came from (Origin), file name.</summary>
public sealed record RetentionItem(string What, string Key, string? Sha256, string Name, DateOnly KeepUntil, string KindName = "", string Origin = "");

public sealed record PurgeResult(bool Confirmed, IReadOnlyList<RetentionItem> Items, int FilesDeleted);

/// <summary>
/// Seed 003 第二十条: 纸质材料保管不少于3年，电子材料不少于5年. Uploaded files are electronic records: they may go once
/// their keep-until date (upload + 5 years unless set later) has passed. Listing never deletes; purging deletes only
/// when confirmed, writes one purge-log entry per record, and removes a stored file only when nothing else refers to it.
/// </summary>
public sealed class RetentionHandlers(AppDb db, EvidenceStore store)
{
    public static string KindName(string what) => what switch
    {
        nameof(EvidenceFile) => "考核佐证材料（电子）",
        nameof(ChangeAttachment) => "变更申请附件（电子）",
        nameof(ScopeAttachment) => "新增职业申请材料（电子）",
        _ => what,
    };

    public async Task<IReadOnlyList<RetentionItem>> ListAsync(DateOnly? on = null, CancellationToken ct = default)
    {
        var today = on ?? CampaignHandlers.Today(db);
        var evidence = await db.EvidenceFiles.AsNoTracking()
            .Select(e => new { e.Id, e.Sha256, e.OriginalName, e.UploadedAt, e.KeepUntil, e.FilingId, e.CampaignId, e.AssessmentId, e.IndicatorCode, e.RectificationId }).ToListAsync(ct);
        var attachments = await (from a in db.ChangeAttachments.AsNoTracking()
                                 join r in db.ChangeRequests on a.ChangeRequestId equals r.Id
                                 select new { a.Id, a.Sha256, a.OriginalName, a.KeepUntil, a.Kind, Request = new { r.FilingId, r.Kind, r.SubmittedAt } }).ToListAsync(ct);
        var scopeAttachments = await (from a in db.ScopeAttachments.AsNoTracking()
                                      join r in db.ScopeApplications on a.ScopeApplicationId equals r.Id
                                      select new { a.Id, a.Sha256, a.OriginalName, a.KeepUntil, a.Kind, Application = new { r.FilingId, r.OccupationCode, r.AppliedAt } }).ToListAsync(ct);
        // Where each file came from, as officers know it: the body's name and 备案号, the campaign's title (no record ids).
        var filingIds = evidence.Select(e => e.FilingId).Concat(attachments.Select(a => a.Request.FilingId)).Concat(scopeAttachments.Select(a => a.Application.FilingId)).Distinct().ToList();
        var bodies = (await db.Filings.AsNoTracking().Where(f => filingIds.Contains(f.Id)).Select(f => new { f.Id, f.LegalEntity.Name, f.Number }).ToListAsync(ct))
            .ToDictionary(f => f.Id, f => f.Number is { } n ? $"{f.Name}（备案号 {n.Value}）" : f.Name);
        var campaignIds = evidence.Select(e => e.CampaignId).OfType<int>().Distinct().ToList();
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => campaignIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Title, ct);
        string Body(int filingId) => bodies.TryGetValue(filingId, out var b) ? b : "已删除的备案";
        var items = new List<RetentionItem>();
        foreach (var e in evidence)
        {
            var keep = e.KeepUntil ?? Retention.KeepUntil(e.UploadedAt.ChinaDate(), electronic: true);
            if (today > keep)
            {
                var origin = Body(e.FilingId) + (e.CampaignId is { } c ? $"，{(campaigns.TryGetValue(c, out var title) ? title : "考核")}" : "")
                    + (e.IndicatorCode is { } i ? $"，指标 {i}" : "") + (e.RectificationId is not null ? "，整改情况" : "");
                items.Add(new RetentionItem(nameof(EvidenceFile), e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Sha256, e.OriginalName, keep,
                    KindName(nameof(EvidenceFile)), origin));
            }
        }
        foreach (var a in attachments)
        {
            if (today > a.KeepUntil)
                items.Add(new RetentionItem(nameof(ChangeAttachment), a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Sha256, a.OriginalName, a.KeepUntil,
                    KindName(nameof(ChangeAttachment)),
                    $"{Body(a.Request.FilingId)}，{ChangeRules.Chinese(a.Request.Kind)}申请（{a.Request.SubmittedAt.ChinaDate():yyyy-MM-dd}提交）的{ChangeRules.Chinese(a.Kind)}"));
        }
        foreach (var a in scopeAttachments)
        {
            if (today > a.KeepUntil)
                items.Add(new RetentionItem(nameof(ScopeAttachment), a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Sha256, a.OriginalName, a.KeepUntil,
                    KindName(nameof(ScopeAttachment)),
                    $"{Body(a.Application.FilingId)}，新增职业申请（{a.Application.OccupationCode}，{a.Application.AppliedAt.ChinaDate():yyyy-MM-dd}提交）的{OccupationApplicationRules.Chinese(a.Kind)}"));
        }
        return items.OrderBy(i => i.KeepUntil).ThenBy(i => i.What, StringComparer.Ordinal).ToList();
    }

    public async Task<PurgeResult> PurgeAsync(bool confirm, DateOnly? on = null, CancellationToken ct = default)
    {
        var items = await ListAsync(on, ct);
        if (!confirm || items.Count == 0) return new PurgeResult(false, items, 0);
        var evidenceIds = items.Where(i => i.What == nameof(EvidenceFile)).Select(i => int.Parse(i.Key, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var attachmentIds = items.Where(i => i.What == nameof(ChangeAttachment)).Select(i => int.Parse(i.Key, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var scopeAttachmentIds = items.Where(i => i.What == nameof(ScopeAttachment)).Select(i => int.Parse(i.Key, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var hashes = items.Select(i => i.Sha256).OfType<string>().Distinct().ToList();
        // One transaction: the records, their purge-log entries and (in the database) the stored content go together.
        var deleted = await db.InTransactionAsync(async t =>
        {
            db.EvidenceFiles.RemoveRange(await db.EvidenceFiles.Where(e => evidenceIds.Contains(e.Id)).ToListAsync(t));
            db.ChangeAttachments.RemoveRange(await db.ChangeAttachments.Where(a => attachmentIds.Contains(a.Id)).ToListAsync(t));
            db.ScopeAttachments.RemoveRange(await db.ScopeAttachments.Where(a => scopeAttachmentIds.Contains(a.Id)).ToListAsync(t));
            foreach (var i in items)
            {
                db.PurgeLog.Add(new PurgeLogEntry
                {
                    At = db.Now, Actor = db.ActorName, What = i.What, RecordKey = i.Key, Sha256 = i.Sha256, KeepUntil = i.KeepUntil,
                    Note = $"“{i.Name}”保管期满（《忻州市职业技能等级评价机构管理办法》第二十条 电子材料不少于5年）",
                });
            }
            await db.SaveChangesAsync(t);
            var n = 0;
            if (store.InDatabase)
            {
                foreach (var hash in hashes) if (await store.RemoveIfUnreferencedAsync(hash, t)) n++;
                await db.SaveChangesAsync(t);
            }
            return n;
        }, ct);
        // A shared directory's files go once the records are gone for good (content no record refers to is never needed).
        if (!store.InDatabase)
            foreach (var hash in hashes) if (await store.RemoveIfUnreferencedAsync(hash, ct)) deleted++;
        return new PurgeResult(true, items, deleted);
    }

    public async Task<IReadOnlyList<PurgeLogEntry>> LogAsync(CancellationToken ct = default) =>
        await db.PurgeLog.AsNoTracking().OrderByDescending(p => p.Id).ToListAsync(ct);
}
