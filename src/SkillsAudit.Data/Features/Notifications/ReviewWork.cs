using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Reviews;

namespace SkillsAudit.Data.Features.Notifications;

/// <summary>
/// What is left to do in the open campaigns, in two queries (campaigns with their schedule, targets and panel; then
/// every assessment with its sheets' status): which bodies have not submitted their self-assessment, which experts have
/// bodies left to score, which results wait to be confirmed. The home page and the deadline reminders share it.
/// </summary>
public sealed class ReviewWork
{
    public sealed record Row(int CampaignId, int AssessmentId, int FilingId, bool SelfSubmitted, IReadOnlySet<string> ExpertsSubmitted, bool Finalised);

    public IReadOnlyList<Campaign> Campaigns { get; private init; } = [];
    private IReadOnlyList<Row> Rows { get; init; } = [];

    public static async Task<ReviewWork> LoadAsync(AppDb db, Func<IQueryable<Campaign>, IQueryable<Campaign>>? filter = null, CancellationToken ct = default)
    {
        var q = db.Campaigns.AsNoTracking().Where(c => c.State == CampaignState.Open && !c.Historical);
        if (filter is not null) q = filter(q);
        var campaigns = await q.Include(c => c.Targets).Include(c => c.Members).AsSplitQuery().ToListAsync(ct);
        if (campaigns.Count == 0) return new ReviewWork();
        var ids = campaigns.Select(c => c.Id).ToList();
        var assessments = await db.Assessments.AsNoTracking().Where(a => ids.Contains(a.CampaignId))
            .Select(a => new { a.Id, a.CampaignId, a.FilingId, a.FinalisedAt }).ToListAsync(ct);
        var sheets = await db.ScoreSheets.AsNoTracking().Where(s => s.Status == SheetStatus.Submitted)
            .Join(db.Assessments.Where(a => ids.Contains(a.CampaignId)), s => s.AssessmentId, a => a.Id, (s, a) => new { s.AssessmentId, s.Expert }).ToListAsync(ct);
        var byAssessment = sheets.ToLookup(s => s.AssessmentId);
        return new ReviewWork
        {
            Campaigns = campaigns,
            Rows = assessments.Select(a => new Row(a.CampaignId, a.Id, a.FilingId, byAssessment[a.Id].Any(s => s.Expert == null),
                byAssessment[a.Id].Where(s => s.Expert != null).Select(s => s.Expert!).ToHashSet(StringComparer.Ordinal), a.FinalisedAt != null)).ToList(),
        };
    }

    private IEnumerable<Row> Targets(Campaign c)
    {
        var targets = c.TargetFilingIds.ToHashSet();
        return Rows.Where(r => r.CampaignId == c.Id && targets.Contains(r.FilingId));
    }

    public static IEnumerable<string> Panel(Campaign c) =>
        c.Members.Where(m => m.Role is CampaignMemberRole.Panel or CampaignMemberRole.PanelLead).Select(m => m.UserName).Distinct();

    /// <summary>The target bodies of <paramref name="c"/> whose self-assessment is not submitted (and not yet finalised).</summary>
    public IReadOnlyList<Row> SelfPending(Campaign c) => Targets(c).Where(r => !r.SelfSubmitted && !r.Finalised).ToList();

    /// <summary>The assessments <paramref name="expert"/> has not yet submitted a sheet for (results not yet confirmed).</summary>
    public IReadOnlyList<Row> ScoringPending(Campaign c, string expert) => Targets(c).Where(r => !r.Finalised && !r.ExpertsSubmitted.Contains(expert)).ToList();

    /// <summary>Assessments every panel member has scored, waiting for the officer to confirm the result.</summary>
    public IReadOnlyList<Row> AwaitingFinalisation(Campaign c)
    {
        var panel = Panel(c).ToList();
        return Targets(c).Where(r => !r.Finalised && r.ExpertsSubmitted.Count > 0 && panel.All(r.ExpertsSubmitted.Contains)).ToList();
    }

    public static DateOnly Today(AppDb db) => CampaignHandlers.Today(db);
}
