namespace SkillsAudit.Domain.Risk;

/// <summary>
/// Computes every signal for every filing of a province's year from one <see cref="RiskInput"/>, and the level from the
/// weighted signals (<see cref="RiskConfig"/>). Pure: the same input gives the same result.
/// </summary>
public static class RiskEngine
{
    public static RiskResult Compute(RiskInput input, RiskConfig config)
    {
        var year = input.Year;
        var recordsByFiling = input.Records.ToLookup(r => r.FilingId);
        var points = PassRateSignal.Points(input.Records.Where(r => r.Year == year), config);
        var pointsByFiling = points.ToLookup(p => p.FilingId);
        var certs = input.Certificates.Where(x => x.Year == year).ToLookup(x => x.FilingId);
        var reviews = input.Reviews.ToLookup(r => r.FilingId);
        var gaps = ReviewSignals.CampaignGaps(input.Reviews.Where(r => r.Year == year));
        var rect = input.Rectifications.ToLookup(r => r.FilingId);
        var complaints = input.Complaints.ToLookup(r => r.FilingId);
        var findings = input.Findings.ToLookup(r => r.FilingId);
        var result = new List<FilingRisk>(input.Filings.Count);
        foreach (var f in input.Filings)
        {
            var records = recordsByFiling[f.FilingId].ToList();
            var volumes = ActivitySignals.Volumes(records);
            var ofYear = records.Where(r => r.Year == year).ToList();
            RiskSignal[] signals =
            [
                PassRateSignal.Judge(pointsByFiling[f.FilingId].ToList(), config),
                ActivitySignals.VolumeJump(year, volumes, config),
                CertificateSignal.Judge(year, f, certs[f.FilingId].ToList(), ofYear, config),
                ReviewSignals.SelfInflation(year, reviews[f.FilingId].ToList(), gaps, config),
                ReviewSignals.Outcomes(input, reviews[f.FilingId].ToList(), rect[f.FilingId].ToList(), complaints[f.FilingId].ToList(), findings[f.FilingId].ToList()),
                ActivitySignals.ReportingGaps(year, f, volumes),
            ];
            var score = signals.Where(s => s.Raised).Sum(s => config.Weight(s.Kind));
            result.Add(new FilingRisk(f.FilingId, year, score, config.LevelOf(score), signals));
        }
        return new RiskResult(year, result, points);
    }
}
