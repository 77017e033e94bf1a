using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Data.Features.Rules;

/// <summary>What a draw is asked for: the filters that make the body pool, and the draw's parameters.</summary>
public sealed record DrawRequest(string Title, int Bodies, int InspectorsPerBody = 2, bool ExcludeSameCounty = false, string? Seed = null,
    string? Region = null, FilingType? Type = null, Supervision? Supervision = null, bool PublishInspectorNames = false,
    RiskRatios? RiskWeighted = null);

/// <summary>A risk-weighted draw (差异化监管): the inspection ratio per risk level (0–1), and the year whose risk levels are used (default: the latest).</summary>
public sealed record RiskRatios(decimal High, decimal Medium, decimal Low, int? Year = null);

/// <summary>One stratum as published: level, ratio, how many were drawn, and the keys of the bodies it was drawn from.</summary>
public sealed record DrawStratumView(string Name, decimal Ratio, int Drawn, IReadOnlyList<string> Pool);

/// <summary>One drawn body: its key in the published pool (the filing number, or "F" and the record number for a filing
/// without one), name, county, inspectors, and the findings recorded, each with the day (China time) it was recorded.</summary>
public sealed record DrawAssignmentView(string BodyKey, string BodyName, string? County, IReadOnlyList<string> InspectorKeys, IReadOnlyList<string> InspectorNames, IReadOnlyList<string> Findings)
{
    /// <summary>The body's filing number (备案号), or null when the key is the stand-in for a filing without one.</summary>
    public string? FilingNumber => DrawHandlers.IsStandInKey(BodyKey) ? null : BodyKey;
}

public sealed record DrawView(int Id, string Title, string Seed, int AlgorithmVersion, int BodiesRequested, int InspectorsPerBody, bool ExcludeSameCounty,
    string FiltersJson, int PoolSize, int RosterSize, bool Published, DateTimeOffset? PublishedAt, string DrawnBy, DateTimeOffset DrawnAt,
    IReadOnlyList<DrawAssignmentView> Assignments, bool PublishInspectorNames = false, IReadOnlyList<DrawStratumView>? Strata = null)
{
    /// <summary>
    /// What the public sees (一公开, seed 003 第二十九条): the draw, the bodies and the findings; the inspectors' keys and
    /// names only when the draw was set to publish them (default: withheld, shown as “不公开”).
    /// </summary>
    public DrawView ForPublic() => PublishInspectorNames ? this with { DrawnBy = "" } : this with
    {
        DrawnBy = "", // staff user names are not public
        Assignments = Assignments.Select(a => a with { InspectorKeys = [], InspectorNames = [] }).ToList(),
    };
}

public sealed record DrawVerification(int Id, bool Matches, string Message, IReadOnlyList<string> Stored, IReadOnlyList<string> Recomputed);

/// <summary>
/// 双随机、一公开 (seed 003 第二十九条): draws bodies from the registry (filters) and inspectors from the roster
/// (专家库/检查人员库: nobody is sent to their own organisation or a body they named as a conflict, and with
/// ExcludeSameCounty nobody goes to their own county), stores the seed, the pools and the result, publishes, and verifies by re-running
/// <see cref="RandomDraw.Draw"/> on the stored pools (docs/random-inspection.md).
/// </summary>
public sealed class DrawHandlers(AppDb db, SkillsAudit.Data.Access.AccessGuard access, Risk.RiskHandlers risk)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record StoredAssignment(string Body, IReadOnlyList<string> Inspectors);

    public static string BodyKey(FilingNumber? number, int id) => number?.Value ?? $"F{id:D6}";

    /// <summary>Is the key the stand-in of a filing without a number (F and six digits), not a 备案号 to show as one.</summary>
    public static bool IsStandInKey(string key) => key.Length == 7 && key[0] == 'F' && key.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    public async Task<DrawView> DrawAsync(DrawRequest r, CancellationToken ct = default)
    {
        // A regional officer's draw without a region is a draw over their region; over every region only for staff of every region.
        if (string.IsNullOrWhiteSpace(r.Region) && await access.ActorAsync(ct) is { IsAdmin: false, RegionCode: { } own }) r = r with { Region = own };
        await access.RegionAsync(r.Region, ct);
        var title = (r.Title ?? "").Trim();
        if (title.Length is 0 or > 200) throw new DomainException("title", "请填写抽查名称（不超过200字）");
        var filings = db.Filings.AsNoTracking().Where(f => f.Status == FilingStatus.Active || f.Status == FilingStatus.NotConducting);
        if (r.Region is { Length: > 0 })
        {
            var region = Regions.Find(r.Region) ?? throw new DomainException("region", $"未知的地区“{r.Region}”");
            var prefix = region.DescendantPrefix;
            filings = filings.Where(f => f.RegionCode.StartsWith(prefix));
        }
        if (r.Type is { } t) filings = filings.Where(f => f.Type == t);
        if (r.Supervision is { } s) filings = filings.Where(f => f.Supervision == s);
        var rows = await filings.Select(f => new { f.Id, f.Number, f.LegalEntity.Name, f.RegionCode }).ToListAsync(ct);
        var pool = rows.Select(f => new DrawBody(BodyKey(f.Number, f.Id), f.Name, f.RegionCode)).ToList();

        // The roster (专家库/检查人员库): active inspectors, each with the bodies they must not inspect (回避: own organisation,
        // named conflicts; the county when asked).
        var roster = await People.RosterHandlers.InspectorsAsync(db, ct);
        if (roster.Count == 0)
            throw new DomainException("inspectors", "检查人员库中没有可派的检查人员：请先在“专家库/检查人员库”中录入或导入检查人员");

        var seed = string.IsNullOrWhiteSpace(r.Seed) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : r.Seed.Trim();
        DrawResult result;
        string? strataJson = null;
        if (r.RiskWeighted is { } ratios)
        {
            var strata = await StrataAsync(rows.Select(f => f.Id).ToList(), pool, ratios, ct);
            var (stratified, drawnStrata) = StratifiedDraw.Draw(seed, strata, roster, r.InspectorsPerBody, r.ExcludeSameCounty); // refuses before anything is written
            result = stratified;
            strataJson = JsonSerializer.Serialize(strata.Select(s => new DrawStratumView(s.Name, s.Ratio, s.Count, s.Pool.Select(b => b.Key).Order(StringComparer.Ordinal).ToList())), Json);
            r = r with { Bodies = drawnStrata.Sum(x => x.Drawn.Count) };
        }
        else result = RandomDraw.Draw(seed, pool, r.Bodies, roster, r.InspectorsPerBody, r.ExcludeSameCounty); // refuses before anything is written
        var draw = new InspectionDraw
        {
            Title = title, Seed = seed, AlgorithmVersion = result.Version, BodiesRequested = r.Bodies, InspectorsPerBody = r.InspectorsPerBody,
            ExcludeSameCounty = r.ExcludeSameCounty, PublishInspectorNames = r.PublishInspectorNames,
            FiltersJson = JsonSerializer.Serialize(new { region = r.Region, type = r.Type?.ToString(), supervision = r.Supervision?.ToString() }, Json),
            PoolJson = JsonSerializer.Serialize(pool.OrderBy(p => p.Key, StringComparer.Ordinal), Json),
            RosterJson = JsonSerializer.Serialize(roster.OrderBy(p => p.Key, StringComparer.Ordinal), Json),
            ResultJson = Serialize(result), StrataJson = strataJson,
            DrawnBy = db.ActorName, DrawnAt = db.Now,
        };
        db.InspectionDraws.Add(draw);
        await db.SaveChangesAsync(ct);
        return (await GetAsync(draw.Id, ct))!;
    }

    /// <summary>The pool split by each body's risk level in the year (高, 中, 低), with the ratio asked for each.</summary>
    private async Task<List<DrawStratum>> StrataAsync(List<int> ids, List<DrawBody> pool, RiskRatios ratios, CancellationToken ct)
    {
        var levels = new Dictionary<int, Domain.Risk.RiskLevel>();
        var provinces = await db.Filings.AsNoTracking().Where(f => ids.Contains(f.Id)).Select(f => f.RegionCode.Substring(0, 2)).Distinct().ToListAsync(ct);
        var config = await risk.ConfigAsync(ct);
        foreach (var p in provinces)
        {
            var year = ratios.Year ?? await risk.DefaultYearAsync(p, ct);
            foreach (var f in (await risk.ComputeAsync(p, year, config, ct: ct)).Filings) levels[f.FilingId] = f.Level;
        }
        var byKey = ids.Zip(pool).ToDictionary(x => x.Second.Key, x => levels.GetValueOrDefault(x.First, Domain.Risk.RiskLevel.Low));
        DrawStratum Of(Domain.Risk.RiskLevel l, decimal ratio) => new(Domain.Risk.RiskNames.Chinese(l), ratio, pool.Where(b => byKey[b.Key] == l).ToList());
        return [Of(Domain.Risk.RiskLevel.High, ratios.High), Of(Domain.Risk.RiskLevel.Medium, ratios.Medium), Of(Domain.Risk.RiskLevel.Low, ratios.Low)];
    }

    private static string Serialize(DrawResult result) =>
        JsonSerializer.Serialize(result.Assignments.Select(a => new StoredAssignment(a.Body.Key, a.Inspectors.Select(i => i.Key).ToList())), Json);

    /// <summary>The draw as this actor may see it: whole for the staff of its region, the public view once published, else 404.</summary>
    public async Task<DrawView?> GetAsync(int id, CancellationToken ct = default)
    {
        var d = await db.InspectionDraws.AsNoTracking().Include(x => x.Findings).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return null;
        if (await access.CoversAsync(RegionOf(d), ct)) return View(d);
        return d.Published ? View(d).ForPublic() : null;
    }

    /// <summary>Published draws (the public list, in their public view), or the draws of the actor's region (staff).</summary>
    public async Task<IReadOnlyList<DrawView>> ListAsync(bool publishedOnly = false, CancellationToken ct = default)
    {
        var q = db.InspectionDraws.AsNoTracking().Include(x => x.Findings).AsQueryable();
        if (publishedOnly) q = q.Where(x => x.Published);
        var rows = await q.OrderByDescending(x => x.Id).ToListAsync(ct);
        if (publishedOnly) return rows.Select(View).ToList();
        var mine = new List<DrawView>();
        foreach (var d in rows) if (await access.CoversAsync(RegionOf(d), ct)) mine.Add(View(d));
        return mine;
    }

    /// <summary>Does the actor's region cover the draw's (for choosing the staff or the public view)?</summary>
    public async Task<bool> CoversAsync(int id, CancellationToken ct = default) =>
        await db.InspectionDraws.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) is { } d && await access.CoversAsync(RegionOf(d), ct);

    /// <summary>The region the draw was made over (its region filter); null for a draw over every region.</summary>
    private static string? RegionOf(InspectionDraw d)
    {
        using var doc = JsonDocument.Parse(d.FiltersJson);
        return doc.RootElement.TryGetProperty("region", out var r) && r.ValueKind == JsonValueKind.String && Regions.Find(r.GetString()) is { } region
            ? region.Code : null;
    }

    private async Task RequireAsync(InspectionDraw d, CancellationToken ct) =>
        await access.RecordAsync(RegionOf(d), "这次抽查", isPublic: d.Published, ct);

    private static DrawView View(InspectionDraw d)
    {
        var pool = JsonSerializer.Deserialize<List<DrawBody>>(d.PoolJson, Json)!;
        var roster = JsonSerializer.Deserialize<List<DrawInspector>>(d.RosterJson, Json)!;
        var assignments = JsonSerializer.Deserialize<List<StoredAssignment>>(d.ResultJson, Json)!;
        return new DrawView(d.Id, d.Title, d.Seed, d.AlgorithmVersion, d.BodiesRequested, d.InspectorsPerBody, d.ExcludeSameCounty, d.FiltersJson,
            pool.Count, roster.Count, d.Published, d.PublishedAt, d.DrawnBy, d.DrawnAt,
            assignments.Select(a =>
            {
                var body = pool.FirstOrDefault(p => p.Key == a.Body);
                return new DrawAssignmentView(a.Body, body?.Name ?? a.Body, body?.CountyCode is { } c ? Regions.FullName(c) : null, a.Inspectors,
                    a.Inspectors.Select(k => roster.FirstOrDefault(i => i.Key == k)?.Name ?? k).ToList(),
                    d.Findings.Where(f => f.BodyKey == a.Body).OrderBy(f => f.Id).Select(f => $"{f.RecordedAt.ChinaDate():yyyy-MM-dd} {f.Finding}").ToList());
            }).ToList(), d.PublishInspectorNames, d.StrataJson is { } sj ? JsonSerializer.Deserialize<List<DrawStratumView>>(sj, Json) : null);
    }

    /// <summary>一公开: publishes the seed, the pools and the result; a published draw cannot be changed.</summary>
    public async Task PublishAsync(int id, CancellationToken ct = default)
    {
        var d = await db.InspectionDraws.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException("id", "没有找到这次抽查：可能已删除，或不在您的管辖范围内");
        await RequireAsync(d, ct);
        if (d.Published) return;
        d.Publish(db.Now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Records what the inspection found at one drawn body.</summary>
    public async Task RecordFindingAsync(int id, string bodyKey, string? finding, CancellationToken ct = default)
    {
        var d = await db.InspectionDraws.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException("id", "没有找到这次抽查：可能已删除，或不在您的管辖范围内");
        await RequireAsync(d, ct);
        var drawn = JsonSerializer.Deserialize<List<StoredAssignment>>(d.ResultJson, Json)!;
        if (drawn.All(a => a.Body != bodyKey)) throw new DomainException("body", $"机构 {bodyKey} 不在本次抽中的名单内");
        if (string.IsNullOrWhiteSpace(finding)) throw new DomainException("finding", "请填写检查结果");
        db.InspectionFindings.Add(new InspectionFinding { DrawId = id, BodyKey = bodyKey, Finding = finding.Trim(), RecordedBy = db.ActorName, RecordedAt = db.Now });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Re-runs a published draw from its seed and stored pools and compares with the stored result.</summary>
    public Task<DrawVerification> VerifyAsync(int id, CancellationToken ct = default) => VerifyAsync(id, withInspectors: true, ct);

    /// <summary>For the public when names are withheld: the verdict and the bodies, without the inspectors.</summary>
    public async Task<DrawVerification> VerifyForPublicAsync(int id, CancellationToken ct = default)
    {
        var names = await db.InspectionDraws.AsNoTracking().Where(x => x.Id == id).Select(x => (bool?)x.PublishInspectorNames).FirstOrDefaultAsync(ct);
        return await VerifyAsync(id, withInspectors: names ?? false, ct);
    }

    private async Task<DrawVerification> VerifyAsync(int id, bool withInspectors, CancellationToken ct)
    {
        var d = await db.InspectionDraws.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException("id", "没有找到这次抽查：可能已删除，或不在您的管辖范围内");
        if (!d.Published) await RequireAsync(d, ct); // anyone may verify a published draw
        if (!d.Published) throw new DomainException("id", $"抽查“{d.Title}”尚未公布，公布后方可复核");
        var expected = d.StrataJson is null ? RandomDraw.AlgorithmVersion : StratifiedDraw.AlgorithmVersion;
        if (d.AlgorithmVersion != expected)
            return new DrawVerification(id, false, $"抽查使用算法版本 {d.AlgorithmVersion}，本程序为版本 {expected}，无法复核", [], []);
        var pool = JsonSerializer.Deserialize<List<DrawBody>>(d.PoolJson, Json)!;
        var roster = JsonSerializer.Deserialize<List<DrawInspector>>(d.RosterJson, Json)!;
        DrawResult again;
        var strataText = "";
        if (d.StrataJson is { } sj)
        {
            // The published strata: each level's ratio and the keys of its pool, resolved against the published pool.
            var byKey = pool.ToDictionary(b => b.Key);
            var strata = JsonSerializer.Deserialize<List<DrawStratumView>>(sj, Json)!
                .Select(s => new DrawStratum(s.Name, s.Ratio, s.Pool.Select(k => byKey.TryGetValue(k, out var b) ? b : new DrawBody(k, k, null)).ToList())).ToList();
            again = StratifiedDraw.Draw(d.Seed, strata, roster, d.InspectorsPerBody, d.ExcludeSameCounty).Result;
            strataText = "，按风险等级分层（" + string.Join("、", strata.Select(s => $"{s.Name}风险 {s.Pool.Count} 个抽 {s.Count} 个，比例 {Domain.Common.Rates.FormatPercent(Domain.Common.Rates.Round2(s.Ratio * 100))}")) + "）";
        }
        else again = RandomDraw.Draw(d.Seed, pool, d.BodiesRequested, roster, d.InspectorsPerBody, d.ExcludeSameCounty);
        // Compared by the published keys; each line then names the body (and its 备案号) and the inspectors, as people read them.
        var storedKeys = JsonSerializer.Deserialize<List<StoredAssignment>>(d.ResultJson, Json)!;
        var againKeys = JsonSerializer.Deserialize<List<StoredAssignment>>(Serialize(again), Json)!;
        var match = Keys(storedKeys).SequenceEqual(Keys(againKeys));
        var bodies = pool.GroupBy(b => b.Key).ToDictionary(g => g.Key, g => g.First().Name);
        var people = roster.GroupBy(i => i.Key).ToDictionary(g => g.Key, g => g.First().Name);
        List<string> Lines(List<StoredAssignment> a) => a.Select(x =>
            (bodies.GetValueOrDefault(x.Body) ?? x.Body) + (IsStandInKey(x.Body) ? "" : $"（{x.Body}）") + "："
            + (withInspectors ? string.Join("、", x.Inspectors.Select(k => people.GetValueOrDefault(k) ?? k)) : "检查人员不公开")).ToList();
        return new DrawVerification(id, match,
            match ? $"一致：以种子“{d.Seed}”和公布的抽查范围（{pool.Count} 个机构、{roster.Count} 名检查人员{strataText}）重新抽取，结果与公布结果相同"
                  : $"不一致：以种子“{d.Seed}”重新抽取的结果与公布结果不同", Lines(storedKeys), Lines(againKeys));
    }

    private static List<string> Keys(List<StoredAssignment> a) => a.Select(x => $"{x.Body}: {string.Join(",", x.Inspectors)}").ToList();
}
