using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Risk;

namespace SkillsAudit.Data.Features.Risk;

/// <summary>
/// Loads everything the risk signals of one province and year read, in a handful of set-based queries (filings, scope,
/// statistics of the year and five before, certificate counts grouped in the database, reviews, rectifications,
/// complaints, inspection findings). Peers are the whole province, whatever region the reader is confined to.
/// </summary>
public sealed class RiskLoader(AppDb db)
{
    /// <param name="trace">Told how long each query took (the bench).</param>
    public async Task<RiskInput> LoadAsync(string provincePrefix, int year, DateOnly today, Action<string>? trace = null, CancellationToken ct = default)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        void Step(string what) { trace?.Invoke($"  {what}: {sw.ElapsedMilliseconds} ms"); sw.Restart(); }
        var filings = db.Filings.AsNoTracking().Where(f => f.RegionCode.StartsWith(provincePrefix));
        var rows = await filings.Select(f => new { f.Id, f.LegalEntity.Name, f.Number, f.RegionCode, f.Status, f.FiledOn }).ToListAsync(ct);
        var scope = (await db.FilingScopeItems.AsNoTracking().Where(s => filings.Any(f => f.Id == s.FilingId))
            .Select(s => new { s.FilingId, s.OccupationCode, s.Level }).ToListAsync(ct)).ToLookup(s => s.FilingId);
        var riskFilings = rows.Select(f => new RiskFiling(f.Id, f.Name, f.Number?.Value, f.RegionCode,
            f.Status is FilingStatus.Active or FilingStatus.NotConducting, f.FiledOn?.Year,
            scope[f.Id].Select(s => new ScopeEntry(s.OccupationCode, s.Level)).ToHashSet())).ToList();

        Step("filings and scope");
        var from = year - 5;
        var records = await db.StatisticsRecords.AsNoTracking()
            .Where(r => filings.Select(f => f.Id).Contains(r.FilingId) && r.Year >= from && r.Year <= year) // by the key, filing by filing
            .Select(r => new RiskRecord(r.FilingId, r.Year, r.OccupationKey, r.OccupationName, r.Assessed, r.Passed, r.PassedL5, r.PassedL4, r.PassedL3, r.PassedL2, r.PassedL1))
            .ToListAsync(ct);

        Step("statistics");
        var certs = (await db.Certificates.AsNoTracking()
            .Where(c => c.Year == year && filings.Any(f => f.Id == c.FilingId))
            .GroupBy(c => new { c.FilingId, c.OccupationCode, c.Level })
            .Select(g => new { g.Key.FilingId, g.Key.OccupationCode, g.Key.Level, Count = g.Count() }).ToListAsync(ct))
            .Where(c => c.Level is >= 1 and <= 5)
            .Select(c => new RiskCertificates(c.FilingId, year, c.OccupationCode, (Level)c.Level, c.Count)).ToList();

        Step("certificates");
        var reviews = await db.Assessments.AsNoTracking()
            .Where(a => filings.Any(f => f.Id == a.FilingId))
            .Join(db.Campaigns.Where(c => c.Year >= year - 1 && c.Year <= year), a => a.CampaignId, c => c.Id, (a, c) => new
            {
                a.FilingId, a.CampaignId, c.Title, c.Year, a.FinalisedAt, a.PanelBaseTotal, a.PanelBonusTotal, a.PanelVetoed, a.Outcome,
                Self = a.Sheets.Where(s => s.Expert == null && s.Status == SheetStatus.Submitted).Select(s => s.BaseTotal + s.BonusTotal).FirstOrDefault(),
            }).ToListAsync(ct);
        var riskReviews = reviews.Select(r => new RiskReview(r.FilingId, r.CampaignId, r.Title, r.Year, r.Self,
            r.FinalisedAt is null ? null : r.PanelBaseTotal + (r.PanelBonusTotal ?? 0), r.FinalisedAt is not null && r.PanelVetoed,
            r.FinalisedAt is null ? null : r.Outcome)).ToList();

        Step("reviews");
        var rects = (await db.Rectifications.AsNoTracking().Where(x => filings.Any(f => f.Id == x.FilingId))
            .Select(x => new { x.FilingId, x.IssuedAt, x.Due, x.State, x.CheckedAt }).ToListAsync(ct))
            .Select(x => new RiskRectification(x.FilingId, DateOnly.FromDateTime(x.IssuedAt.UtcDateTime), x.Due, x.State == RectificationState.Failed,
                x.State is RectificationState.Passed or RectificationState.Failed && x.CheckedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null)).ToList();

        Step("rectifications");
        // Complaints name the body in free text (被投诉机构): matched to a filing by its body's exact name.
        var yearStart = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var yearEnd = yearStart.AddYears(1);
        var complaints = await db.Set<NoticeComplaint>().AsNoTracking()
            .Where(c => c.State == ComplaintState.Closed && c.Subject != null && c.FiledAt >= yearStart && c.FiledAt < yearEnd
                && db.Set<StoredNotice>().Any(n => n.Id == c.NoticeId && n.RegionCode.StartsWith(provincePrefix)))
            .Select(c => new { c.Subject, c.FiledAt, c.Outcome, c.Text }).ToListAsync(ct);
        var byName = riskFilings.ToLookup(f => f.Name.Trim());
        var riskComplaints = complaints.SelectMany(c => byName[c.Subject!.Trim()].Select(f => new RiskComplaint(f.FilingId,
            DateOnly.FromDateTime(c.FiledAt.UtcDateTime), RiskRules.IsUpheld(c.Outcome), Shorten(c.Outcome ?? c.Text)))).ToList();

        Step("complaints");
        // Inspection findings name the drawn body by its filing number (or F + id when it has none).
        var findings = await db.InspectionFindings.AsNoTracking().Where(x => x.RecordedAt >= yearStart && x.RecordedAt < yearEnd)
            .Join(db.InspectionDraws, x => x.DrawId, d => d.Id, (x, d) => new { x.BodyKey, x.Finding, x.RecordedAt, d.Title }).ToListAsync(ct);
        var byKey = riskFilings.ToDictionary(f => f.Number ?? $"F{f.FilingId:D6}");
        var riskFindings = findings.Where(x => byKey.ContainsKey(x.BodyKey))
            .Select(x => new RiskInspectionFinding(byKey[x.BodyKey].FilingId, DateOnly.FromDateTime(x.RecordedAt.UtcDateTime), x.Finding, x.Title)).ToList();

        Step("findings");
        var endOfYear = new DateOnly(year, 12, 31);
        return new RiskInput(year, today < endOfYear ? today : endOfYear, riskFilings, records, certs, riskReviews, rects, riskComplaints, riskFindings);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
