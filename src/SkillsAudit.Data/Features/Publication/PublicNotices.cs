using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>One notice on the public list: where it stands for the reader (公示中, 公示期已结束, 已撤回, 已更正) and its links.</summary>
public sealed record PublicNoticeItem(string Slug, string Title, string RegionName, string? DocumentNumber, DateOnly? DatedOn, DateOnly? PublicFrom, DateOnly? PublicTo,
    string Status, string? CorrectsSlug, string? CorrectsTitle, string? CorrectedBySlug, string? WithdrawReason);

/// <summary>
/// 公示公告: every notice the public may see — issued ones with their 公示期, withdrawn ones marked 已撤回 with the reason,
/// corrected ones marked 已更正 and pointing to the correction, corrections pointing to the notice they correct — of all
/// regions, newest first. Drafts never appear.
/// </summary>
public sealed class PublicNotices(AppDb db)
{
    private DateOnly Today => DateOnly.FromDateTime(db.Now.UtcDateTime.AddHours(8)); // China Standard Time

    public async Task<IReadOnlyList<PublicNoticeItem>> ListAsync(CancellationToken ct = default)
    {
        var rows = await db.Set<StoredNotice>().AsNoTracking().Where(n => n.State != NoticeState.Draft && n.Slug != null)
            .Select(n => new { n.Id, n.Slug, n.Title, n.FiguresJson, n.RegionCode, n.DocumentNumber, n.DatedOn, n.PublicFrom, n.PublicTo, n.IssuedAt, n.State, n.CorrectsNoticeId, n.WithdrawReason })
            .ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.Id);
        var title = rows.ToDictionary(r => r.Id, r => NoticeTemplate.Fill(r.Title, NoticeService.Figures(r.FiguresJson)));
        var correctedBy = rows.Where(r => r.CorrectsNoticeId is not null) // as the notice page: a correction, once issued, marks the original (withdrawn or not)
            .GroupBy(r => r.CorrectsNoticeId!.Value).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.IssuedAt).First().Slug);
        return rows.OrderByDescending(r => r.IssuedAt).ThenByDescending(r => r.Id).Select(r =>
        {
            var status = r.State == NoticeState.Withdrawn ? "已撤回"
                : correctedBy.ContainsKey(r.Id) ? "已更正"
                : r.PublicFrom is { } f && Today < f ? "待公示"
                : r.PublicTo is { } t && Today > t ? "公示期已结束"
                : "公示中";
            var corrects = r.CorrectsNoticeId is { } c && byId.TryGetValue(c, out var o) ? o : null;
            return new PublicNoticeItem(r.Slug!, title[r.Id], Regions.FullName(r.RegionCode), r.DocumentNumber, r.DatedOn, r.PublicFrom, r.PublicTo, status,
                corrects?.Slug, corrects is null ? null : title[corrects.Id], correctedBy.GetValueOrDefault(r.Id), r.WithdrawReason);
        }).ToList();
    }
}
