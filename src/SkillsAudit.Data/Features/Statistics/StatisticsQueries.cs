using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>Which records: a year, a region (with everything under it), supervision, filing type, occupation, filing.</summary>
public sealed record StatisticsFilter
{
    public int? Year { get; init; }
    /// <summary>Region name or code (忻州市, 140900); includes the counties under a city and the cities under a province.</summary>
    public string? Region { get; init; }
    /// <summary>省属 / 市属 (seed 000 splits every table by it).</summary>
    public string? Supervision { get; init; }
    /// <summary>用人单位 / 职业院校 / 社会培训评价组织.</summary>
    public string? Type { get; init; }
    /// <summary>Occupation code or name; "" or null for all.</summary>
    public string? Occupation { get; init; }
    public int? FilingId { get; init; }
}

/// <summary>
/// Passed and certified persons at one level; either is null when no record states it (附件2's template states only
/// 已发证人数 by level, seed 000's tables only 合格 by level).
/// </summary>
public sealed record LevelFigure(Level Level, string Name, long? Passed, long? Certified);

/// <summary>Summed figures. <see cref="PassRate"/> is always derived: Passed / Assessed, rounded half away from zero to 2 decimals.</summary>
/// <param name="RecordsWithoutPassed">Records that assessed persons but stated no passed count (seed 000 附件2 row 5):
/// their assessed persons are counted, their passed persons are unknown — the way the notice's own totals treat them.</param>
public sealed record FiguresSummary(long Assessed, long? Passed, decimal? PassRate, IReadOnlyList<LevelFigure> ByLevel, int Records, int RecordsWithoutPassed)
{
    public static FiguresSummary From(StatisticsFigures f, int records, int withoutPassed) => new(
        f.Assessed.Value, f.Passed?.Value, f.PassRate,
        Levels.All.Where(l => f.PassedByLevel[l] is not null || f.CertifiedByLevel[l] is not null)
            .Select(l => new LevelFigure(l, l.ShortName(), f.PassedByLevel[l]?.Value, f.CertifiedByLevel[l]?.Value)).ToList(),
        records, withoutPassed);
}

public sealed record SupervisionSplit(FiguresSummary Province, FiguresSummary City, FiguresSummary? Unstated);

/// <summary>
/// A region's year, as seed 000 一 and 二 state it: 组织评价/合格/合格率/其中初级… for the whole region, split 省属/市属,
/// and how many filed bodies conducted assessments (已开展) and did not (未开展). <paramref name="FiledLater"/>: filings
/// filed after the year, counted neither way (their figures, if any, still count in the totals).
/// </summary>
public sealed record StatisticsSummary(
    int Year, string Region, long Assessed, long? Passed, decimal? PassRate, IReadOnlyList<LevelFigure> ByLevel,
    SupervisionSplit BySupervision, int Conducted, int NotConducted, int Filings, int RecordsWithoutPassed,
    IReadOnlyList<string> ConductedNames, IReadOnlyList<string> NotConductedNames, int FiledLater = 0);

/// <summary>One stored record with its filing, as GET /api/statistics lists them and exports write them.</summary>
public sealed record StatisticsRecordRow(
    int FilingId, string FilingName, string? FilingNumber, Supervision? Supervision, FilingType? Type, string RegionCode, string RegionName,
    int Year, string OccupationKey, string? OccupationName, string? OccupationCode, string? Trade,
    long? Batches, long Assessed, long? Passed, decimal? PassRate, decimal? StatedRate,
    long? PassedL5, long? PassedL4, long? PassedL3, long? PassedL2, long? PassedL1,
    long? Certified, long? CertifiedL5, long? CertifiedL4, long? CertifiedL3, long? CertifiedL2, long? CertifiedL1,
    long? SubsidyRecipients, string? Source, string? Findings)
{
    public StatisticsFigures ToFigures() => StatisticsFigures.Of(Assessed, Passed, LevelCounts.Of(PassedL5, PassedL4, PassedL3, PassedL2, PassedL1),
        Certified, LevelCounts.Of(CertifiedL5, CertifiedL4, CertifiedL3, CertifiedL2, CertifiedL1), Batches, SubsidyRecipients);
}

public sealed record StatisticsGroupRow(string Key, string Label, FiguresSummary Figures);

/// <summary>A filing judged by seed 001 四(一)1 (no assessments in two consecutive years since filing).</summary>
public sealed record InactivityRow(int FilingId, string FilingName, string? FiledOn, InactivityOutcome Outcome, DateOnly? IdleFrom, DateOnly? IdleUntil, IReadOnlyList<int> YearsWithoutRecord, string Message);

/// <summary>Reads statistics: summaries, rows, groupings and the inactivity rule. Plain class for the CLI and the API alike.</summary>
public sealed class StatisticsQueries(AppDb db)
{
    public static readonly IReadOnlyList<string> GroupKeys = ["province", "city", "county", "region", "supervision", "type", "occupation", "level", "year", "filing"];

    private sealed record FilingInfo(int Id, string Name, string? Number, Supervision? Supervision, FilingType? Type, string RegionCode, PartialDate? FiledOn);

    private IQueryable<Filing> FilingsOf(StatisticsFilter f)
    {
        var errors = new List<DomainException>();
        var q = db.Filings.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Region))
        {
            if (Regions.Find(f.Region) is { } region)
            {
                var prefix = region.DescendantPrefix;
                q = q.Where(x => x.RegionCode.StartsWith(prefix));
            }
            else errors.Add(new("region", $"未知的地区“{f.Region.Trim()}”"));
        }
        if (!string.IsNullOrWhiteSpace(f.Supervision))
        {
            if (SupervisionOf(f.Supervision) is { } s) q = q.Where(x => x.Supervision == s);
            else errors.Add(new("supervision", $"监管应为“省属”或“市属”，而不是“{f.Supervision}”"));
        }
        if (!string.IsNullOrWhiteSpace(f.Type))
        {
            var type = Enum.GetValues<FilingType>().Cast<FilingType?>().FirstOrDefault(t => t!.Value.Chinese() == f.Type.Trim() || t.Value.ToString() == f.Type.Trim());
            if (type is { } t) q = q.Where(x => x.Type == t);
            else errors.Add(new("type", $"未知的机构类型“{f.Type}”"));
        }
        if (f.FilingId is { } id) q = q.Where(x => x.Id == id);
        if (f.Year is { } y && (y < 1949 || y > 2200)) errors.Add(new("year", $"年度 {y} 不合理"));
        if (errors.Count > 0) throw new DomainValidationException(errors);
        return q;
    }

    private static Supervision? SupervisionOf(string text) => text.Trim() switch
    {
        "省属" or "Province" or "province" => Supervision.Province,
        "市属" or "City" or "city" => Supervision.City,
        _ => null,
    };

    private async Task<List<FilingInfo>> FilingInfosAsync(StatisticsFilter f, CancellationToken ct) =>
        (await FilingsOf(f).Select(x => new { x.Id, x.LegalEntity.Name, x.Number, x.Supervision, x.Type, x.RegionCode, x.FiledOn }).ToListAsync(ct))
        .Select(x => new FilingInfo(x.Id, x.Name, x.Number?.Value, x.Supervision, x.Type, x.RegionCode, x.FiledOn)).ToList();

    /// <summary>
    /// The region's year: seed 000 一(一)–(三) (全市/省属/市属: 组织评价, 合格, 合格率, 其中初级/中级/高级) and 二 (已开展/未开展).
    /// One query over the region's filings left-joined to their <see cref="StatisticsRollup"/> of the year (one row per
    /// filing, not per occupation), grouped by supervision and filing date, so only a handful of rows come back. A filing
    /// "conducted" when it assessed at least one person that year (seed 000 二); filings filed after the year are counted
    /// neither way (their figures still count, as they always did). The names of the bodies that did and did not conduct
    /// (seed 000 二(一)(二) lists them) are loaded only when asked for.
    /// </summary>
    public async Task<StatisticsSummary> SummaryAsync(int year, string? region, bool includeNames = false, CancellationToken ct = default)
    {
        var filter = new StatisticsFilter { Year = year, Region = region };
        var filings = FilingsOf(filter);
        var groups = await (
            from f in filings
            join r in db.StatisticsRollups.AsNoTracking().Where(r => r.Year == year) on f.Id equals r.FilingId into rs
            from r in rs.DefaultIfEmpty()
            select new
            {
                f.Supervision, f.FiledOn, Active = r != null && r.Assessed > 0,
                Records = (int?)r!.Records, Assessed = (long?)r.Assessed, WithoutPassed = (int?)r.WithoutPassed,
                Passed = (long?)r.Passed, PassedKnown = (int?)r.PassedKnown,
                L5 = (long?)r.PassedL5, K5 = (int?)r.PassedL5Known, L4 = (long?)r.PassedL4, K4 = (int?)r.PassedL4Known,
                L3 = (long?)r.PassedL3, K3 = (int?)r.PassedL3Known, L2 = (long?)r.PassedL2, K2 = (int?)r.PassedL2Known,
                L1 = (long?)r.PassedL1, K1 = (int?)r.PassedL1Known,
                C5 = (long?)r.CertifiedL5, CK5 = (int?)r.CertifiedL5Known, C4 = (long?)r.CertifiedL4, CK4 = (int?)r.CertifiedL4Known,
                C3 = (long?)r.CertifiedL3, CK3 = (int?)r.CertifiedL3Known, C2 = (long?)r.CertifiedL2, CK2 = (int?)r.CertifiedL2Known,
                C1 = (long?)r.CertifiedL1, CK1 = (int?)r.CertifiedL1Known,
            } into x
            group x by new { x.Supervision, x.FiledOn } into g
            select new
            {
                g.Key.Supervision, g.Key.FiledOn,
                Filings = g.Count(),
                Active = g.Count(x => x.Active),
                Records = g.Sum(x => x.Records) ?? 0,
                Assessed = g.Sum(x => x.Assessed) ?? 0,
                WithoutPassed = g.Sum(x => x.WithoutPassed) ?? 0,
                Passed = g.Sum(x => x.Passed) ?? 0, PassedKnown = g.Sum(x => x.PassedKnown) ?? 0,
                L5 = g.Sum(x => x.L5) ?? 0, K5 = g.Sum(x => x.K5) ?? 0,
                L4 = g.Sum(x => x.L4) ?? 0, K4 = g.Sum(x => x.K4) ?? 0,
                L3 = g.Sum(x => x.L3) ?? 0, K3 = g.Sum(x => x.K3) ?? 0,
                L2 = g.Sum(x => x.L2) ?? 0, K2 = g.Sum(x => x.K2) ?? 0,
                L1 = g.Sum(x => x.L1) ?? 0, K1 = g.Sum(x => x.K1) ?? 0,
                C5 = g.Sum(x => x.C5) ?? 0, CK5 = g.Sum(x => x.CK5) ?? 0,
                C4 = g.Sum(x => x.C4) ?? 0, CK4 = g.Sum(x => x.CK4) ?? 0,
                C3 = g.Sum(x => x.C3) ?? 0, CK3 = g.Sum(x => x.CK3) ?? 0,
                C2 = g.Sum(x => x.C2) ?? 0, CK2 = g.Sum(x => x.CK2) ?? 0,
                C1 = g.Sum(x => x.C1) ?? 0, CK1 = g.Sum(x => x.CK1) ?? 0,
            }).ToListAsync(ct);

        FiguresSummary Part(Func<Supervision?, bool> which)
        {
            var parts = groups.Where(p => which(p.Supervision)).ToList();
            long? Known(long sum, int known) => known > 0 ? sum : null;
            var figures = StatisticsFigures.Of(parts.Sum(p => p.Assessed),
                Known(parts.Sum(p => p.Passed), parts.Sum(p => p.PassedKnown)),
                LevelCounts.Of(Known(parts.Sum(p => p.L5), parts.Sum(p => p.K5)), Known(parts.Sum(p => p.L4), parts.Sum(p => p.K4)),
                    Known(parts.Sum(p => p.L3), parts.Sum(p => p.K3)), Known(parts.Sum(p => p.L2), parts.Sum(p => p.K2)),
                    Known(parts.Sum(p => p.L1), parts.Sum(p => p.K1))),
                // the levels of 已发证人数 (附件2's template states only these): read too, else such a year has no levels at all
                certifiedByLevel: LevelCounts.Of(Known(parts.Sum(p => p.C5), parts.Sum(p => p.CK5)), Known(parts.Sum(p => p.C4), parts.Sum(p => p.CK4)),
                    Known(parts.Sum(p => p.C3), parts.Sum(p => p.CK3)), Known(parts.Sum(p => p.C2), parts.Sum(p => p.CK2)),
                    Known(parts.Sum(p => p.C1), parts.Sum(p => p.CK1))));
            return FiguresSummary.From(figures, parts.Sum(p => p.Records), parts.Sum(p => p.WithoutPassed));
        }
        var all = Part(_ => true);
        var province = Part(s => s == Supervision.Province);
        var city = Part(s => s == Supervision.City);
        var unstated = Part(s => s is null);

        // Which filings count this year (filed by then), and how many of them assessed anyone.
        bool Counts(PartialDate? filedOn) => filedOn is not { } d || d.Year <= year;
        var counted = groups.Where(g => Counts(g.FiledOn)).ToList();
        var conducted = counted.Sum(g => g.Active);
        var countedFilings = counted.Sum(g => g.Filings);

        IReadOnlyList<string> conductedNames = [], notConductedNames = [];
        if (includeNames)
        {
            var active = (await (from r in db.StatisticsRollups.AsNoTracking()
                                 where r.Year == year && r.Assessed > 0
                                 join f in filings on r.FilingId equals f.Id
                                 select r.FilingId).ToListAsync(ct)).ToHashSet();
            var names = (await FilingInfosAsync(filter, ct)).Where(f => Counts(f.FiledOn)).OrderBy(f => f.Id).ToList();
            conductedNames = names.Where(f => active.Contains(f.Id)).Select(f => f.Name).ToList();
            notConductedNames = names.Where(f => !active.Contains(f.Id)).Select(f => f.Name).ToList();
        }
        var regionName = region is null ? "全部" : Regions.Find(region) is { } found ? Regions.FullName(found.Code) : region;
        return new StatisticsSummary(year, regionName, all.Assessed, all.Passed, all.PassRate, all.ByLevel,
            new SupervisionSplit(province, city, unstated.Records > 0 ? unstated : null),
            conducted, countedFilings - conducted, countedFilings, all.RecordsWithoutPassed,
            conductedNames, notConductedNames, groups.Where(g => !Counts(g.FiledOn)).Sum(g => g.Filings));
    }

    /// <summary>The stored records matching the filter, with their filing; ordered as they were imported (file, then row).</summary>
    public async Task<IReadOnlyList<StatisticsRecordRow>> RowsAsync(StatisticsFilter filter, int? take = null, CancellationToken ct = default)
    {
        var filings = FilingsOf(filter);
        // the filings as an IN list as well as joined: the records' key (filing, year) is then searched filing by filing,
        // where the join alone let SQLite read the whole table in key order for the sort (there is no index by year)
        var records = db.StatisticsRecords.AsNoTracking().Where(r => filings.Select(f => f.Id).Contains(r.FilingId));
        if (filter.Year is { } y) records = records.Where(r => r.Year == y);
        var q = from r in records
                join f in filings on r.FilingId equals f.Id
                select new { r, f.LegalEntity.Name, f.Number, f.Supervision, f.Type, f.RegionCode };
        if (!string.IsNullOrWhiteSpace(filter.Occupation))
        {
            var o = filter.Occupation.Trim();
            q = q.Where(x => x.r.OccupationKey == o || x.r.OccupationCode == o || x.r.OccupationName == o);
        }
        q = q.OrderBy(x => x.r.Year).ThenBy(x => x.r.FilingId).ThenBy(x => x.r.OccupationKey);
        if (take is { } t) q = q.Take(t);
        var list = await q.ToListAsync(ct);
        return list.Select(x => new StatisticsRecordRow(x.r.FilingId, x.Name, x.Number?.Value, x.Supervision, x.Type, x.RegionCode, Regions.FullName(x.RegionCode),
                x.r.Year, x.r.OccupationKey, x.r.OccupationName, x.r.OccupationCode, x.r.Trade, x.r.Batches, x.r.Assessed, x.r.Passed,
                x.r.Passed is { } p ? Rates.Percent(p, x.r.Assessed) : null, x.r.StatedRate,
                x.r.PassedL5, x.r.PassedL4, x.r.PassedL3, x.r.PassedL2, x.r.PassedL1,
                x.r.Certified, x.r.CertifiedL5, x.r.CertifiedL4, x.r.CertifiedL3, x.r.CertifiedL2, x.r.CertifiedL1,
                x.r.SubsidyRecipients, x.r.Source, x.r.Findings))
            .OrderBy(r => r.Year).ThenBy(r => SourceFile(r.Source), StringComparer.Ordinal).ThenBy(r => SourceLine(r.Source)).ThenBy(r => r.FilingId).ThenBy(r => r.OccupationKey, StringComparer.Ordinal)
            .ToList();
    }

    private static readonly Regex LinePattern = new(@"第(\d+)行$", RegexOptions.CultureInvariant);
    private static string SourceFile(string? source) => source is null ? "" : LinePattern.Replace(source, "");
    private static int SourceLine(string? source) => source is not null && LinePattern.Match(source) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : int.MaxValue;

    /// <summary>
    /// Totals grouped by province, city, county (the filing's region), region (the filing's own region), supervision,
    /// filing type, occupation, level, year or filing. Level groups give the passed persons at each level.
    /// </summary>
    public async Task<IReadOnlyList<StatisticsGroupRow>> GroupAsync(StatisticsFilter filter, string by, CancellationToken ct = default)
    {
        var key = (by ?? "").Trim().ToLowerInvariant();
        if (!GroupKeys.Contains(key)) throw new DomainException("by", $"分组应为 {string.Join("、", GroupKeys)} 之一，而不是“{by}”");
        if (key != "occupation" && string.IsNullOrWhiteSpace(filter.Occupation)) return await GroupRollupsAsync(filter, key, ct);
        var rows = await RowsAsync(filter, null, ct);
        if (key == "level")
        {
            var total = StatisticsFigures.Sum(rows.Select(r => r.ToFigures()));
            return StatisticsAggregation.ByLevel([total])
                .Select(l => new StatisticsGroupRow(l.Level.ToString(), l.Level.ShortName(),
                    new FiguresSummary(0, l.Passed.Value, null, [new LevelFigure(l.Level, l.Level.ShortName(), l.Passed.Value, l.Certified.Value)], rows.Count, 0)))
                .ToList();
        }
        (string Key, string Label) KeyOf(StatisticsRecordRow r) => key switch
        {
            "province" => Ancestor(r.RegionCode, RegionLevel.Province),
            "city" => Ancestor(r.RegionCode, RegionLevel.City),
            "county" => Ancestor(r.RegionCode, RegionLevel.County),
            "region" => (r.RegionCode, r.RegionName),
            "supervision" => (r.Supervision?.ToString() ?? "", r.Supervision?.Chinese() ?? "未注明"),
            "type" => (r.Type?.ToString() ?? "", r.Type?.Chinese() ?? "未注明"),
            "occupation" => (r.OccupationKey, r.OccupationKey.Length == 0 ? "（未分职业）" : r.OccupationName ?? r.OccupationKey),
            "year" => (r.Year.ToString(CultureInfo.InvariantCulture), r.Year.ToString(CultureInfo.InvariantCulture) + "年"),
            _ => (r.FilingId.ToString(CultureInfo.InvariantCulture), r.FilingName),
        };
        return StatisticsAggregation.By(rows, KeyOf, r => r.ToFigures())
            .Select(g => new StatisticsGroupRow(g.Key.Key, g.Key.Label, FiguresSummary.From(g.Figures, g.Records, g.RecordsWithoutPassed)))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// <see cref="GroupAsync"/> for whole filings (every grouping but occupation, no occupation filter): one
    /// <see cref="StatisticsRollup"/> per filing-year instead of one record per occupation, with the same sums — an
    /// optional figure (or level) is known in a group when any record in it stated it, as in StatisticsFigures.Sum.
    /// </summary>
    private async Task<IReadOnlyList<StatisticsGroupRow>> GroupRollupsAsync(StatisticsFilter filter, string key, CancellationToken ct)
    {
        var filings = FilingsOf(filter);
        var q = from r in db.StatisticsRollups.AsNoTracking()
                join f in filings on r.FilingId equals f.Id
                select new { r, f.LegalEntity.Name, f.Supervision, f.Type, f.RegionCode };
        if (filter.Year is { } y) q = q.Where(x => x.r.Year == y);
        var rows = await q.ToListAsync(ct);

        static long? Known(long sum, int known) => known > 0 ? sum : null;
        (StatisticsFigures Figures, int Records, int WithoutPassed) Sum(IEnumerable<StatisticsRollup> group)
        {
            var g = group.ToList();
            var figures = StatisticsFigures.Of(g.Sum(r => r.Assessed), Known(g.Sum(r => r.Passed), g.Sum(r => r.PassedKnown)),
                LevelCounts.Of(Known(g.Sum(r => r.PassedL5), g.Sum(r => r.PassedL5Known)), Known(g.Sum(r => r.PassedL4), g.Sum(r => r.PassedL4Known)),
                    Known(g.Sum(r => r.PassedL3), g.Sum(r => r.PassedL3Known)), Known(g.Sum(r => r.PassedL2), g.Sum(r => r.PassedL2Known)),
                    Known(g.Sum(r => r.PassedL1), g.Sum(r => r.PassedL1Known))),
                Known(g.Sum(r => r.Certified), g.Sum(r => r.CertifiedKnown)),
                LevelCounts.Of(Known(g.Sum(r => r.CertifiedL5), g.Sum(r => r.CertifiedL5Known)), Known(g.Sum(r => r.CertifiedL4), g.Sum(r => r.CertifiedL4Known)),
                    Known(g.Sum(r => r.CertifiedL3), g.Sum(r => r.CertifiedL3Known)), Known(g.Sum(r => r.CertifiedL2), g.Sum(r => r.CertifiedL2Known)),
                    Known(g.Sum(r => r.CertifiedL1), g.Sum(r => r.CertifiedL1Known))),
                Known(g.Sum(r => r.Batches), g.Sum(r => r.BatchesKnown)), Known(g.Sum(r => r.SubsidyRecipients), g.Sum(r => r.SubsidyRecipientsKnown)));
            return (figures, g.Sum(r => r.Records), g.Sum(r => r.WithoutPassed));
        }

        if (key == "level")
        {
            var (total, records, _) = Sum(rows.Select(x => x.r));
            return StatisticsAggregation.ByLevel([total])
                .Select(l => new StatisticsGroupRow(l.Level.ToString(), l.Level.ShortName(),
                    new FiguresSummary(0, l.Passed.Value, null, [new LevelFigure(l.Level, l.Level.ShortName(), l.Passed.Value, l.Certified.Value)], records, 0)))
                .ToList();
        }
        return rows
            .GroupBy(x => key switch
            {
                "province" => Ancestor(x.RegionCode, RegionLevel.Province),
                "city" => Ancestor(x.RegionCode, RegionLevel.City),
                "county" => Ancestor(x.RegionCode, RegionLevel.County),
                "region" => (x.RegionCode, Regions.FullName(x.RegionCode)),
                "supervision" => (x.Supervision?.ToString() ?? "", x.Supervision?.Chinese() ?? "未注明"),
                "type" => (x.Type?.ToString() ?? "", x.Type?.Chinese() ?? "未注明"),
                "year" => (x.r.Year.ToString(CultureInfo.InvariantCulture), x.r.Year.ToString(CultureInfo.InvariantCulture) + "年"),
                _ => (x.r.FilingId.ToString(CultureInfo.InvariantCulture), x.Name),
            })
            .Select(g =>
            {
                var (figures, records, withoutPassed) = Sum(g.Select(x => x.r));
                return new StatisticsGroupRow(g.Key.Item1, g.Key.Item2, FiguresSummary.From(figures, records, withoutPassed));
            })
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
    }

    private static (string, string) Ancestor(string code, RegionLevel level)
    {
        var r = Regions.Path(code).FirstOrDefault(x => x.Level == level);
        return r is null ? ("", "（无）") : (r.Code, r.Name);
    }

    /// <summary>
    /// Seed 001 四(一)1 "自备案以来连续两年未开展职业技能等级评价工作的，原则上全部清退": every filing in the filter with a
    /// filing date, judged by <see cref="InactivityRule"/> on its yearly assessed totals up to <paramref name="evaluatedOn"/>.
    /// Filings without a filing date cannot be judged and are listed with that message.
    /// </summary>
    public async Task<IReadOnlyList<InactivityRow>> InactivityAsync(StatisticsFilter filter, DateOnly evaluatedOn, CancellationToken ct = default)
    {
        var infos = await FilingInfosAsync(filter with { Year = null }, ct);
        var ids = infos.Select(i => i.Id).ToList();
        var sums = await db.StatisticsRollups.AsNoTracking().Where(r => ids.Contains(r.FilingId))
            .Select(r => new { r.FilingId, r.Year, r.Assessed }).ToListAsync(ct);
        var byFiling = sums.GroupBy(s => s.FilingId).ToDictionary(g => g.Key, g => g.ToDictionary(s => s.Year, s => Count.Of(s.Assessed)));
        var result = new List<InactivityRow>();
        foreach (var f in infos.OrderBy(i => i.Id))
        {
            if (f.FiledOn is not { } filed)
            {
                result.Add(new InactivityRow(f.Id, f.Name, null, InactivityOutcome.NotCandidate, null, null, [], "备案时间未注明，无法判断是否连续两年未开展评价。"));
                continue;
            }
            if (filed.Earliest > evaluatedOn) continue;
            var r = InactivityRule.Evaluate(filed.Earliest, evaluatedOn, byFiling.GetValueOrDefault(f.Id) ?? new Dictionary<int, Count>());
            result.Add(new InactivityRow(f.Id, f.Name, filed.ToIso(), r.Outcome, r.IdleFrom, r.IdleUntil, r.YearsWithoutRecord, r.Message));
        }
        return result;
    }
}
