using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Risk;

namespace SkillsAudit.Bench.Risk;

/// <summary>What the generator planted at a filing in the evaluated year, and which signal should find it.</summary>
public sealed record PlantedAnomaly(int FilingId, RiskSignalKind Kind, string What);

/// <summary>A generated province: the signals' input (last year evaluated), the occupations and what was planted.</summary>
public sealed record GeneratedProvince(RiskInput Input, IReadOnlyList<(string Code, string Name)> Occupations, IReadOnlyList<PlantedAnomaly> Planted);

/// <summary>
/// A province of generated bodies for the risk signals' quality test and bench: filings × years × occupations × 5 levels,
/// with statistics, certificate rosters (as counts per occupation and level), reviews, rectifications, complaints and
/// inspection findings. Clean data is realistic: each occupation and level has its own mean pass rate, each body its
/// own offset and yearly noise, volumes follow body size. Into the last year it plants, at separate bodies, anomalies
/// of each kind (<see cref="PlantedAnomaly"/>). Deterministic for a seed.
/// </summary>
public static class RiskGenerator
{
    private static readonly string[] OccupationNames =
    [
        "电工", "焊工", "育婴员", "保育师", "中式烹调师", "美容师", "美发师", "保安员", "养老护理员", "家政服务员",
        "计算机程序设计员", "电子商务师", "车工", "钳工", "汽车维修工", "茶艺师", "健康管理师", "评茶员", "眼镜验光员", "西式面点师",
    ];

    private static readonly string[] OutcomeNames = ["否决项", "D 等级", "整改逾期", "投诉属实", "抽查发现问题"];

    /// <param name="regionPrefix">Where the bodies are: the counties under this code prefix ("14" all of Shanxi, "1409" 忻州市).</param>
    public static GeneratedProvince Generate(int filings, int years, int occupations, int seed = 20261202, double anomalyShare = 0.03, int lastYear = 2025, string regionPrefix = "14")
    {
        var rnd = new Random(seed);
        var occ = Enumerable.Range(0, occupations).Select(i => ($"6-{10 + i / 10:D2}-{1 + i % 10:D2}-00", OccupationNames[i % OccupationNames.Length] + (i >= OccupationNames.Length ? (i / OccupationNames.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : ""))).ToList();
        // Each occupation and level has its own realistic mean pass rate (50%–80%).
        var mean = new double[occupations, 6];
        for (var o = 0; o < occupations; o++) for (var l = 1; l <= 5; l++) mean[o, l] = 0.50 + rnd.NextDouble() * 0.30;
        var counties = Regions.All.Where(r => r.Level == RegionLevel.County && r.Code.StartsWith(regionPrefix, StringComparison.Ordinal)).Select(r => r.Code).ToList();
        var firstYear = lastYear - years + 1;

        var perKind = Math.Max(2, (int)Math.Round(filings * anomalyShare));
        var order = Enumerable.Range(1, filings).OrderBy(_ => rnd.Next()).ToList();
        var kinds = RiskNames.AllSignals.ToArray();
        var plantedKind = new Dictionary<int, RiskSignalKind>();
        for (var k = 0; k < kinds.Length; k++) foreach (var id in order.Skip(k * perKind).Take(perKind)) plantedKind[id] = kinds[k];
        // A few clean bodies are filed during the last years: they have little history, which must not raise anything.
        var young = order.Skip(kinds.Length * perKind).Take(Math.Max(1, filings / 50)).ToHashSet();

        var fs = new List<RiskFiling>();
        var records = new List<RiskRecord>();
        var certs = new List<RiskCertificates>();
        var reviews = new List<RiskReview>();
        var rects = new List<RiskRectification>();
        var complaints = new List<RiskComplaint>();
        var findings = new List<RiskInspectionFinding>();
        var planted = new List<PlantedAnomaly>();

        for (var id = 1; id <= filings; id++)
        {
            var kind = plantedKind.TryGetValue(id, out var k0) ? k0 : (RiskSignalKind?)null;
            var filedYear = young.Contains(id) ? lastYear - 1 : firstYear - 1 - rnd.Next(4);
            var size = Math.Exp(Normal(rnd) * 0.7) * 40; // assessed persons per occupation and year
            var offset = Normal(rnd) * 0.04;
            var scope = new List<(int O, int[] Levels)>();
            foreach (var o in Enumerable.Range(0, occupations).OrderBy(_ => rnd.Next()).Take(1 + rnd.Next(3)))
            {
                var top = 3 + rnd.Next(3); // 5, 4 or 3 …
                scope.Add((o, Enumerable.Range(top - rnd.Next(2), 1 + rnd.Next(2)).Where(l => l is >= 1 and <= 5).Distinct().ToArray()));
            }
            var scopeSet = scope.SelectMany(s => s.Levels.Select(l => new ScopeEntry(occ[s.O].Item1, (Level)l))).ToHashSet();
            fs.Add(new RiskFiling(id, $"模拟评价机构{id:D4}", $"S0000149{id:D5}", counties[id % counties.Count], true, filedYear, scopeSet));

            var drop = kind == RiskSignalKind.ReportingGaps ? rnd.Next(2) : -1; // 0: no statistics for the last year; 1: two years with nobody assessed
            var rateAnomaly = kind == RiskSignalKind.HighPassRate ? rnd.Next(scope.Count) : -1;
            var certAnomaly = kind == RiskSignalKind.Certificates ? rnd.Next(2) : -1; // 0: more certificates than passes; 1: out of scope
            for (var y = Math.Max(firstYear, filedYear + 1); y <= lastYear; y++)
            {
                if (y == lastYear && drop == 0) { planted.Add(new(id, kind!.Value, "未报送最后一年统计")); continue; }
                var idle = drop == 1 && y >= lastYear - 1;
                var yearNoise = 0.8 + rnd.NextDouble() * 0.45;
                for (var s = 0; s < scope.Count; s++)
                {
                    var (o, lv) = scope[s];
                    var assessed = idle ? 0 : Math.Max(3, (int)Math.Round(size * yearNoise));
                    if (y == lastYear && kind == RiskSignalKind.VolumeJump) assessed = Math.Max(assessed * (4 + rnd.Next(3)), assessed + 120); // a jump that matters: ×4–6, at least 120 more
                    var main = lv[0];
                    var rate = Math.Clamp(mean[o, main] + offset + Normal(rnd) * 0.03, 0.05, 0.96);
                    if (y == lastYear && s == rateAnomaly) { assessed = Math.Max(assessed, 80 + rnd.Next(150)); rate = 0.985 + rnd.NextDouble() * 0.015; }
                    var passed = Binomial(rnd, assessed, rate);
                    var byLevel = new long[6];
                    var second = lv.Length > 1 ? (int)Math.Round(passed * 0.2) : 0;
                    byLevel[main] = passed - second;
                    if (lv.Length > 1) byLevel[lv[1]] = second;
                    records.Add(new RiskRecord(id, y, occ[o].Item1, occ[o].Item2, assessed, passed, byLevel[5], byLevel[4], byLevel[3], byLevel[2], byLevel[1]));
                    foreach (var l in lv)
                    {
                        var count = byLevel[l] - (rnd.NextDouble() < 0.3 ? Math.Min(byLevel[l], 1 + rnd.Next(3)) : 0); // some not yet certified
                        if (y == lastYear && certAnomaly == 0 && s == 0 && l == main) count = byLevel[l] + 5 + (long)Math.Round(byLevel[l] * (0.2 + rnd.NextDouble() * 0.3));
                        if (count > 0) certs.Add(new RiskCertificates(id, y, occ[o].Item1, (Level)l, count));
                    }
                    if (y == lastYear && s == rateAnomaly) planted.Add(new(id, kind!.Value, $"{occ[o].Item2} 合格 {passed}/{assessed}"));
                }
                if (y == lastYear && certAnomaly == 1)
                {
                    var outside = Enumerable.Range(0, occupations).First(o => scope.All(x => x.O != o));
                    certs.Add(new RiskCertificates(id, y, occ[outside].Item1, Level.Level4, 10 + rnd.Next(40)));
                }
            }
            if (drop == 1) planted.Add(new(id, kind!.Value, "连续两年评价人数为 0"));
            if (kind == RiskSignalKind.VolumeJump) planted.Add(new(id, kind.Value, "最后一年评价人数为往年 4–6 倍（至少多 120 人）"));
            if (certAnomaly >= 0) planted.Add(new(id, kind!.Value, certAnomaly == 0 ? "发证多于合格" : "超范围发证"));

            // One review a year: panel around 85, self-assessment a few points above it (seed 000: mostly 5–15).
            var outcomeKind = kind == RiskSignalKind.Outcomes ? rnd.Next(5) : -1;
            for (var y = Math.Max(firstYear, filedYear + 1); y <= lastYear; y++)
            {
                var panel = Math.Round((decimal)(85 + Normal(rnd) * 5), 2);
                var gap = Math.Round((decimal)(7 + Normal(rnd) * 3), 2);
                if (y == lastYear && kind == RiskSignalKind.SelfInflation) gap = 28 + rnd.Next(18);
                var vetoed = y == lastYear && outcomeKind == 0;
                var grade = y == lastYear && outcomeKind == 1 ? "D" : panel >= 90 ? "A" : "B";
                reviews.Add(new RiskReview(id, y, $"{y}年度绩效考核", y, panel + gap, panel, vetoed, grade));
            }
            if (kind == RiskSignalKind.SelfInflation) planted.Add(new(id, kind.Value, "自评高出考核 28–45 分"));
            if (outcomeKind == 2) rects.Add(new RiskRectification(id, new DateOnly(lastYear, 3, 1), new DateOnly(lastYear, 5, 1), false, null));
            if (outcomeKind == 3) complaints.Add(new RiskComplaint(id, new DateOnly(lastYear, 6, 10), true, "考核现场代考"));
            if (outcomeKind == 4) findings.Add(new RiskInspectionFinding(id, new DateOnly(lastYear, 9, 15), "考评员不在考场，试卷雷同", $"{lastYear}年第三季度双随机抽查"));
            if (outcomeKind >= 0) planted.Add(new(id, kind!.Value, OutcomeNames[outcomeKind]));
            // Clean bodies: some passed rectifications and some clean findings, which must not raise anything.
            if (kind is null && rnd.NextDouble() < 0.05) rects.Add(new RiskRectification(id, new DateOnly(lastYear - 1, 4, 1), new DateOnly(lastYear - 1, 6, 1), false, new DateOnly(lastYear - 1, 5, 20)));
            if (kind is null && rnd.NextDouble() < 0.05) findings.Add(new RiskInspectionFinding(id, new DateOnly(lastYear, 9, 15), "未发现问题", $"{lastYear}年第三季度双随机抽查"));
        }
        var input = new RiskInput(lastYear, new DateOnly(lastYear, 12, 31), fs, records, certs, reviews, rects, complaints, findings);
        return new GeneratedProvince(input, occ, planted);
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static long Binomial(Random r, int n, double p)
    {
        long k = 0;
        for (var i = 0; i < n; i++) if (r.NextDouble() < p) k++;
        return k;
    }
}
