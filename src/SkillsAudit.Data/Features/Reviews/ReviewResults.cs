using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Data.Features.Reviews;

public sealed record ResultRow(int Rank, int AssessmentId, int FilingId, string BodyName, decimal? SelfTotal, decimal? PanelTotal, decimal? Gap, string? Outcome, bool Vetoed, string? Decision);
public sealed record DistributionEntry(string Label, int Count, decimal? Percent);
public sealed record SectionComparison(int FilingId, string BodyName, string Code, string Name, decimal? Self, decimal? Panel, decimal MaxPoints);
public sealed record CampaignResults(int CampaignId, string Title, int Year, string RubricId, int Targets, int Finalised,
    IReadOnlyDictionary<string, int> Distribution, IReadOnlyList<DistributionEntry> DistributionDetail, IReadOnlyList<ResultRow> Rows,
    decimal? SmallestGap, decimal? LargestGap, IReadOnlyList<SectionComparison> Sections);
public sealed record YearPoint(int CampaignId, int Year, string Title, decimal? SelfTotal, decimal? PanelTotal, string? Outcome);

/// <summary>
/// Results and analysis per campaign: each target's self and panel totals, gap (self − panel), outcome and decision;
/// the distribution over every outcome label with counts and percents (rounded half away from zero); the ranking; self
/// vs panel per section where sheets exist; and one body across the years.
/// </summary>
public sealed class ReviewResults(AppDb db, CampaignHandlers campaigns, AssessmentHandlers assessments)
{
    public async Task<CampaignResults> GetAsync(ReviewUser u, int campaignId, CancellationToken ct = default)
    {
        var c = await campaigns.LoadVisibleAsync(u, campaignId, ct, tracking: false);
        var rubric = await assessments.RubricOf(c, ct);
        var staff = u.CoversRegion(c.RegionCode) || (u.IsExpert && c.IsPanelMember(u.UserName));
        var list = await db.Assessments.AsNoTracking().Include(a => a.Sheets).Where(a => a.CampaignId == campaignId).ToListAsync(ct);
        var targets = c.TargetFilingIds.ToHashSet();
        list = list.Where(a => targets.Contains(a.FilingId)).ToList();
        var ids = list.Select(a => a.FilingId).ToList();
        var names = await db.Filings.AsNoTracking().Where(f => ids.Contains(f.Id)).Select(f => new { f.Id, f.LegalEntity.Name }).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        // A filing's decision is the last of its rounds: the evaluation's (round 0), then one after each rectification
        // re-check (seed 001 四(二)), e.g. 暂停评价活动 followed by 恢复评价活动.
        var decisions = (await db.ReviewDecisions.AsNoTracking().Where(d => d.CampaignId == campaignId).Select(d => new { d.FilingId, d.Round, d.Kind }).ToListAsync(ct))
            .GroupBy(d => d.FilingId).ToDictionary(g => g.Key, g => g.MaxBy(d => d.Round) is var last && last!.Round > 0 ? RenewalRules.FollowUpChinese(last.Kind) : RenewalRules.Chinese(last.Kind));
        var finalised = list.Where(a => a.IsFinalised).ToList();
        // Published results: bodies see the finalised rows of the campaign (seed 002 二(五) publishes them); the
        // self-assessment totals of other bodies are not published, so a body sees only its own.
        static decimal RankKey(Assessment a) => a.PanelVetoed ? decimal.MinValue : a.PanelTotal ?? decimal.MinValue;
        var ordered = finalised.OrderByDescending(RankKey).ThenBy(a => names[a.FilingId], StringComparer.Ordinal).ToList();
        var ranks = Ranking.Competition(ordered.Select(RankKey).ToList()); // equal totals share a rank (并列)
        var rows = ordered
            .Select((a, i) =>
            {
                var mine = staff || u.FilingIds.Contains(a.FilingId);
                var self = mine && a.SelfSheet is { Status: SheetStatus.Submitted } s ? s.Total : null;
                var gap = self is { } st && a.PanelTotal is { } pt ? st - pt : (decimal?)null;
                return new ResultRow(ranks[i], a.Id, a.FilingId, names[a.FilingId], self, a.PanelTotal, gap, a.Outcome, a.PanelVetoed,
                    decisions.TryGetValue(a.FilingId, out var k) && mine ? k : null);
            }).ToList();
        var scheme = rubric.Outcome;
        var dist = OutcomeDistribution.Of(finalised.Select(a => (scheme.GradedScore(a.PanelBaseTotal ?? 0m, a.PanelTotal ?? 0m), a.PanelVetoed)), scheme);
        var gaps = rows.Where(r => r.Gap is not null).Select(r => r.Gap!.Value).ToList();
        var sections = new List<SectionComparison>();
        if (staff)
        {
            foreach (var a in finalised.Where(a => a.SelfSheet is { Status: SheetStatus.Submitted } s && s.AnswersJson != "{}"))
            {
                var self = AssessmentHandlers.Score(rubric, a.SelfSheet!.AnswersJson);
                var experts = a.ExpertSheets.Where(s => s.Status == SheetStatus.Submitted).Select(s => AssessmentHandlers.Score(rubric, s.AnswersJson)).ToList();
                foreach (var sec in self.Sections.Where(s => rubric.Sections.Any(top => top.Code == s.Code)))
                {
                    decimal? panel = experts.Count == 0 ? null : Rates.Round2(experts.Average(e => e.Sections.First(x => x.Code == sec.Code).Points));
                    sections.Add(new SectionComparison(a.FilingId, names[a.FilingId], sec.Code, sec.Name, sec.Points, panel, sec.MaxPoints));
                }
            }
        }
        return new CampaignResults(c.Id, c.Title, c.Year, c.RubricId, targets.Count, finalised.Count,
            dist.ToDictionary(d => d.Label, d => d.Count), dist.Select(d => new DistributionEntry(d.Label, d.Count, d.Percent)).ToList(), rows,
            gaps.Count == 0 ? null : gaps.Min(), gaps.Count == 0 ? null : gaps.Max(), sections);
    }

    /// <summary>The same body across campaigns the user may see (its own filings for a body user).</summary>
    public async Task<IReadOnlyList<YearPoint>> AcrossYearsAsync(ReviewUser u, int filingId, CancellationToken ct = default)
    {
        var region = await db.Filings.AsNoTracking().Where(f => f.Id == filingId).Select(f => f.RegionCode).FirstOrDefaultAsync(ct);
        if (region is null || (!u.CoversRegion(region) && !u.FilingIds.Contains(filingId) && !u.IsExpert)) throw new NotFoundException("没有找到这个机构的备案：可能已删除，或不在您的管辖范围内");
        var rows = await db.Assessments.AsNoTracking().Include(a => a.Sheets).Where(a => a.FilingId == filingId && a.FinalisedAt != null).ToListAsync(ct);
        var result = new List<YearPoint>();
        foreach (var a in rows)
        {
            var c = await campaigns.LoadAsync(a.CampaignId, ct, tracking: false);
            if (!ReviewAccess.MaySeeAssessment(u, c, filingId)) continue;
            result.Add(new YearPoint(c.Id, c.Year, c.Title, a.SelfSheet?.Total, a.PanelTotal, a.Outcome));
        }
        return result.OrderBy(r => r.Year).ToList();
    }
}
