using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Access;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Risk;

namespace SkillsAudit.Data.Features.Risk;

/// <summary>Which bodies: a year, a region (officers: within theirs), an occupation (code or name), a skill level (1–5), a risk level.</summary>
public sealed record RiskFilter(int? Year = null, string? Region = null, string? Occupation = null, int? SkillLevel = null, string? Risk = null);

/// <summary>One body in the ranked list: its level, score and raised signals (the top ones first by weight).</summary>
public sealed record RiskRow(int FilingId, string Name, string? Number, string RegionName, decimal Score, RiskLevel Level, IReadOnlyList<RiskSignal> Raised)
{
    public string LevelName => Level.Chinese();
}

public sealed record RiskList(int Year, string Region, IReadOnlyList<RiskRow> Rows, IReadOnlyList<PassRatePoint> Points, IReadOnlyDictionary<RiskLevel, int> Counts, IReadOnlyDictionary<int, string> Names);

public sealed record RiskYear(int Year, decimal Score, RiskLevel Level, IReadOnlyList<RiskSignal> Signals);

public sealed record RiskChangeView(int Year, string Level, string? PreviousLevel, decimal Score, string Reasons, string ChangedBy, DateTimeOffset ChangedAt);

public sealed record RiskDetail(int FilingId, string Name, string? Number, string RegionName, IReadOnlyList<RiskYear> Timeline, IReadOnlyList<RiskChangeView> Changes);

/// <summary>
/// Risk-based supervision for pages, API and CLI: the ranked list (staff, confined to their region), one body's timeline
/// (staff of its region, or the body's own users), the configuration (admin edits) and recording level changes.
/// </summary>
public sealed class RiskHandlers(AppDb db, AccessGuard access, RiskLoader loader)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<RiskConfig> ConfigAsync(CancellationToken ct = default) =>
        await db.Set<RiskConfigVersion>().AsNoTracking().OrderByDescending(c => c.Id).Select(c => c.Json).FirstOrDefaultAsync(ct) is { } json
            ? JsonSerializer.Deserialize<RiskConfig>(json, Json) ?? new RiskConfig() : new RiskConfig();

    /// <summary>Saves a new version of the configuration (administrators only); the old versions stay.</summary>
    public async Task<RiskConfig> SaveConfigAsync(RiskConfig config, string? note, CancellationToken ct = default)
    {
        if (!(await access.ActorAsync(ct)).IsAdmin) throw new ForbiddenException("只有系统管理员可以修改风险权重与阈值");
        config.Validated();
        db.Set<RiskConfigVersion>().Add(new RiskConfigVersion { Json = JsonSerializer.Serialize(config, Json), ChangedBy = db.ActorName, ChangedAt = db.Now, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim() });
        await db.SaveChangesAsync(ct);
        return config;
    }

    private DateOnly Today => DateOnly.FromDateTime(db.Now.UtcDateTime);

    /// <summary>The latest year with statistics in the province, not after this year; last year when there are none.</summary>
    public async Task<int> DefaultYearAsync(string provincePrefix, CancellationToken ct = default)
    {
        var now = Today.Year;
        // the rollups: one row per filing-year with records, the same years as the records in a fifth of the rows
        var provinceFilings = db.Filings.Where(f => f.RegionCode.StartsWith(provincePrefix)).Select(f => f.Id);
        var latest = await db.StatisticsRollups.AsNoTracking().Where(r => provinceFilings.Contains(r.FilingId) && r.Year <= now)
            .MaxAsync(r => (int?)r.Year, ct);
        return latest ?? now - 1;
    }

    /// <summary>Every signal of every filing of a province's year.</summary>
    public async Task<RiskResult> ComputeAsync(string provincePrefix, int year, RiskConfig? config = null, Action<string>? trace = null, CancellationToken ct = default)
    {
        if (year is < 1949 or > 2200) throw new DomainException("year", $"年度 {year} 不合理");
        var input = await loader.LoadAsync(provincePrefix, year, Today, trace, ct);
        return RiskEngine.Compute(input, config ?? await ConfigAsync(ct));
    }

    /// <summary>The region asked for, else the officer's own; null for staff of every region with no region asked (every province).</summary>
    private async Task<Region?> ScopeAsync(string? region, CancellationToken ct)
    {
        var u = await access.ActorAsync(ct);
        if (!u.IsStaff) throw new ForbiddenException("风险监管名单仅限人社部门工作人员查看");
        if (string.IsNullOrWhiteSpace(region)) region = u.RegionCode;
        if (string.IsNullOrWhiteSpace(region)) return null;
        var r = Regions.Find(region) ?? throw new DomainException("region", $"未知的地区“{region.Trim()}”");
        await access.RegionAsync(r.Code, ct);
        return r;
    }

    private async Task<List<string>> ProvincesAsync(Region? scope, CancellationToken ct) => scope is not null ? [scope.Code[..2]]
        : (await db.Filings.AsNoTracking().Select(f => f.RegionCode.Substring(0, 2)).Distinct().ToListAsync(ct)).Order(StringComparer.Ordinal).ToList();

    public async Task<RiskList> ListAsync(RiskFilter filter, CancellationToken ct = default)
    {
        var scope = await ScopeAsync(filter.Region, ct);
        var risk = filter.Risk is { Length: > 0 } rt ? RiskNames.ParseLevel(rt) ?? throw new DomainException("risk", $"风险等级应为“高”“中”或“低”，而不是“{rt}”") : (RiskLevel?)null;
        if (filter.SkillLevel is { } sl && sl is < 1 or > 5) throw new DomainException("level", "等级应为 1（高级技师）至 5（初级工）");
        var config = await ConfigAsync(ct);
        var prefix = scope?.DescendantPrefix ?? "";
        var rows = new List<RiskRow>();
        var points = new List<PassRatePoint>();
        var names = new Dictionary<int, string>();
        var year = filter.Year;
        foreach (var province in await ProvincesAsync(scope, ct))
        {
            var y = year ??= await DefaultYearAsync(province, ct);
            var result = await ComputeAsync(province, y, config, ct: ct);
            var filings = await db.Filings.AsNoTracking().Where(f => f.RegionCode.StartsWith(province) && f.RegionCode.StartsWith(prefix))
                .Select(f => new { f.Id, f.LegalEntity.Name, f.Number, f.RegionCode }).ToDictionaryAsync(f => f.Id, ct);
            var wanted = await MatchingAsync(filings.Keys, filter, y, ct);
            foreach (var f in result.Filings.Where(f => wanted.Contains(f.FilingId) && (risk is null || f.Level == risk)))
            {
                var x = filings[f.FilingId];
                names[f.FilingId] = x.Name;
                rows.Add(new RiskRow(f.FilingId, x.Name, x.Number?.Value, Regions.FullName(x.RegionCode), f.Score, f.Level,
                    f.Raised.OrderByDescending(s => config.Weight(s.Kind)).ToList()));
            }
            points.AddRange(result.Points.Where(p => wanted.Contains(p.FilingId) && (filter.SkillLevel is not { } l || p.Level == (Level)l)
                && (filter.Occupation is not { Length: > 0 } o || OccupationMatches(p.OccupationKey, p.OccupationName, o))));
        }
        rows = rows.OrderByDescending(r => r.Level).ThenByDescending(r => r.Score).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var counts = Enum.GetValues<RiskLevel>().ToDictionary(l => l, l => rows.Count(r => r.Level == l));
        return new RiskList(year ?? Today.Year - 1, scope is null ? "全部地区" : Regions.FullName(scope.Code), rows, points, counts, names);
    }

    private static bool OccupationMatches(string key, string? name, string wanted) =>
        string.Equals(key, wanted.Trim(), StringComparison.Ordinal) || string.Equals(name, wanted.Trim(), StringComparison.Ordinal);

    /// <summary>Filings whose scope, statistics or certificates of the year cover the occupation and skill level asked for.</summary>
    private async Task<HashSet<int>> MatchingAsync(IEnumerable<int> ids, RiskFilter filter, int year, CancellationToken ct)
    {
        var set = ids.ToHashSet();
        if (filter.Occupation is not { Length: > 0 } && filter.SkillLevel is null) return set;
        var occ = filter.Occupation?.Trim();
        var code = occ is null ? null : await db.Occupations.AsNoTracking().Where(o => o.Code == occ || o.Name == occ).Select(o => o.Code).FirstOrDefaultAsync(ct) ?? occ;
        Level? level = filter.SkillLevel is { } l ? (Level)l : null;
        var scope = await db.FilingScopeItems.AsNoTracking().Where(s => (code == null || s.OccupationCode == code) && (level == null || s.Level == level)).Select(s => s.FilingId).ToListAsync(ct);
        // the year's filings from their rollups, then each one's records by the key (filing, year), not a scan of every year
        var yearFilings = db.StatisticsRollups.Where(x => x.Year == year).Select(x => x.FilingId);
        var stats = code is null ? [] : await db.StatisticsRecords.AsNoTracking()
            .Where(r => yearFilings.Contains(r.FilingId) && r.Year == year && (r.OccupationKey == code || r.OccupationName == occ)).Select(r => r.FilingId).ToListAsync(ct);
        set.IntersectWith(scope.Concat(stats));
        return set;
    }

    /// <summary>Resolves a filing by number, the body's name or id (the registry's FilingSearch.FilingIdAsync).</summary>
    public Task<int> FilingIdAsync(string key, CancellationToken ct = default) => new Registry.FilingSearch(db).FilingIdAsync(key, ct);

    /// <summary>One body across the years (the latest <paramref name="years"/> up to <paramref name="year"/>), every signal with its figures, and its recorded level changes.</summary>
    public async Task<RiskDetail> ShowAsync(int filingId, int? year = null, int years = 5, CancellationToken ct = default)
    {
        await access.FilingAsync(filingId, ownBody: true, ct);
        var u = await access.ActorAsync(ct);
        if (!u.IsStaff && !(u.IsBody && u.FilingIds.Contains(filingId))) throw new NotFoundException("没有找到这个机构的备案：可能已删除，或不在您的管辖范围内");
        var f = await db.Filings.AsNoTracking().Where(x => x.Id == filingId).Select(x => new { x.Id, x.LegalEntity.Name, x.Number, x.RegionCode }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("没有找到这个机构的备案：可能已删除，或不在您的管辖范围内");
        var province = f.RegionCode[..2];
        var last = year ?? await DefaultYearAsync(province, ct);
        var config = await ConfigAsync(ct);
        var timeline = new List<RiskYear>();
        for (var y = last; y > last - Math.Clamp(years, 1, 10); y--)
        {
            var r = (await ComputeAsync(province, y, config, ct: ct)).Filings.Single(x => x.FilingId == filingId);
            timeline.Add(new RiskYear(y, r.Score, r.Level, r.Signals));
        }
        var changes = await db.Set<RiskLevelChange>().AsNoTracking().Where(c => c.FilingId == filingId).OrderByDescending(c => c.Id)
            .Select(c => new RiskChangeView(c.Year, c.Level, c.PreviousLevel, c.Score, c.Reasons, c.ChangedBy, c.ChangedAt)).ToListAsync(ct);
        return new RiskDetail(f.Id, f.Name, f.Number?.Value, Regions.FullName(f.RegionCode), timeline,
            changes.Select(c => c with { Level = LevelText(c.Level), PreviousLevel = c.PreviousLevel is null ? null : LevelText(c.PreviousLevel), ChangedBy = u.IsStaff ? c.ChangedBy : "" }).ToList());
    }

    private static string LevelText(string stored) => Enum.TryParse<RiskLevel>(stored, out var l) ? l.Chinese() : stored;

    /// <summary>
    /// Records every filing whose level for the year differs from its last recorded one, with the reasons, in one
    /// transaction. Staff of the region (the daily job and the CLI act for every region).
    /// </summary>
    public async Task<int> RecordLevelsAsync(string? region, int? year, CancellationToken ct = default) =>
        await RecordAsync(await ScopeAsync(region, ct), year, ct);

    /// <summary>The daily job (risk-levels): every province's latest year, as the system, with no signed-in user.</summary>
    public Task<int> RecordAllLevelsAsync(CancellationToken ct = default) => RecordAsync(null, null, ct);

    private async Task<int> RecordAsync(Region? scope, int? year, CancellationToken ct)
    {
        var prefix = scope?.DescendantPrefix ?? "";
        var config = await ConfigAsync(ct);
        var changed = 0;
        foreach (var province in await ProvincesAsync(scope, ct))
        {
            var y = year ?? await DefaultYearAsync(province, ct);
            var result = await ComputeAsync(province, y, config, ct: ct);
            var inRegion = (await db.Filings.AsNoTracking().Where(f => f.RegionCode.StartsWith(province) && f.RegionCode.StartsWith(prefix)).Select(f => f.Id).ToListAsync(ct)).ToHashSet();
            var latest = (await db.Set<RiskLevelChange>().AsNoTracking().Where(c => c.Year == y && db.Filings.Any(f => f.Id == c.FilingId && f.RegionCode.StartsWith(province)))
                .Select(c => new { c.Id, c.FilingId, c.Level }).ToListAsync(ct))
                .GroupBy(c => c.FilingId).ToDictionary(g => g.Key, g => g.MaxBy(c => c.Id)!.Level);
            foreach (var f in result.Filings.Where(f => inRegion.Contains(f.FilingId)))
            {
                var before = latest.GetValueOrDefault(f.FilingId);
                if (before == f.Level.ToString()) continue;
                db.Set<RiskLevelChange>().Add(new RiskLevelChange { FilingId = f.FilingId, Year = y, Level = f.Level.ToString(), PreviousLevel = before, Score = f.Score, Reasons = f.Reasons, ChangedBy = db.ActorName, ChangedAt = db.Now });
                changed++;
            }
        }
        db.Operation = "记录风险等级变化";
        await db.SaveChangesAsync(ct);
        db.Operation = null;
        return changed;
    }
}
