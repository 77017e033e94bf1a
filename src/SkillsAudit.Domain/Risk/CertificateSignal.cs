using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Risk;

/// <summary>
/// 发证与合格不符 (seed 001 四(一): certificates without a real assessment): more certificates on the year's rosters than
/// the statistics report as passed, per occupation and level (or per occupation when levels are not stated); or
/// certificates for an occupation or level outside the filing's scope. No statistics for the occupation: only the scope
/// is judged. No stated scope: nothing is out of scope.
/// </summary>
public static class CertificateSignal
{
    public static RiskSignal Judge(int year, RiskFiling filing, IReadOnlyList<RiskCertificates> certsOfYear, IReadOnlyList<RiskRecord> recordsOfYear, RiskConfig c)
    {
        if (certsOfYear.Count == 0) return RiskSignal.Quiet(RiskSignalKind.Certificates, $"{year} 年没有导入证书名册");
        var figures = new List<string>();
        foreach (var cert in certsOfYear.Where(x => filing.Scope.Count > 0 && !filing.Scope.Contains(new ScopeEntry(x.OccupationCode, x.Level))).OrderBy(x => x.OccupationCode).ThenBy(x => x.Level))
            figures.Add($"职业 {cert.OccupationCode} {cert.Level.ShortName()}不在备案范围内，却发证 {cert.Count} 本");
        foreach (var occ in certsOfYear.GroupBy(x => x.OccupationCode).OrderBy(g => g.Key))
        {
            var record = recordsOfYear.FirstOrDefault(r => r.OccupationKey == occ.Key);
            if (record is null) continue; // statistics missing: judged by the reporting-gaps signal, not here
            var name = record.OccupationName ?? occ.Key;
            foreach (var level in occ.OrderByDescending(x => x.Level))
            {
                if (record.PassedAt(level.Level) is { } passed)
                {
                    if (level.Count > passed + c.CertificateTolerance) figures.Add($"{name} {level.Level.ShortName()}：名册发证 {level.Count} 本，统计合格 {passed} 人，多 {level.Count - passed} 本");
                }
            }
            if (Levels.All.All(l => record.PassedAt(l) is null) && record.Passed is { } total && occ.Sum(x => x.Count) is var sum && sum > total + c.CertificateTolerance)
                figures.Add($"{name}：名册发证 {sum} 本，统计合格 {total} 人，多 {sum - total} 本");
        }
        var certs = certsOfYear.Sum(x => x.Count);
        return figures.Count == 0
            ? RiskSignal.Quiet(RiskSignalKind.Certificates, $"{year} 年名册发证 {certs} 本，均在备案范围内且未超过统计合格人数")
            : new RiskSignal(RiskSignalKind.Certificates, true, figures[0] + (figures.Count > 1 ? $"；共 {figures.Count} 处不符" : ""), figures);
    }
}
