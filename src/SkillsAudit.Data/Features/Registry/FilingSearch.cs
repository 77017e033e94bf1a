using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Features.Registry;

/// <summary>Registry search, shared by the list page, GET /api/filings and `skillsaudit filings list`.</summary>
public sealed class FilingSearch(AppDb db, FilingPageCache? cache = null)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>
    /// A filing as officers type it in forms: its 备案号, or the body's name when that names one filing (many filings
    /// carry no 备案号), or its id, as links and the API name it. Refused with <see cref="NotFoundException"/> when there is
    /// none, and with a <see cref="DomainException"/> when a name has several filings. Who may see the filing is for the
    /// caller's handler to check.
    /// </summary>
    public async Task<int> FilingIdAsync(string key, CancellationToken ct = default)
    {
        var k = (key ?? "").Trim();
        if (int.TryParse(k, out var id) && await db.Filings.AnyAsync(f => f.Id == id, ct)) return id;
        if (FilingNumber.TryParse(k, out var number, out _) && await db.Filings.Where(f => f.Number == number).Select(f => (int?)f.Id).FirstOrDefaultAsync(ct) is { } byNumber) return byNumber;
        var byName = k.Length == 0 ? [] : await db.Filings.Where(f => f.LegalEntity.Name == k).Select(f => f.Id).Take(2).ToListAsync(ct);
        if (byName.Count == 1) return byName[0];
        if (byName.Count > 1) throw new DomainException("filing", $"“{k}”有多个备案，请填写备案号");
        throw new NotFoundException($"没有备案“{k}”");
    }

    /// <summary>One page of filings. Throws <see cref="DomainValidationException"/> naming a bad filter.</summary>
    public async Task<Paged<FilingRow>> RunAsync(FilingQuery query, CancellationToken ct = default)
    {
        var errors = new List<DomainException>();
        if (query.Page < 1) errors.Add(new("page", "页码应从 1 开始"));
        if (query.PageSize is < 1 or > MaxPageSize) errors.Add(new("pageSize", $"每页条数应在 1 到 {MaxPageSize} 之间"));
        if (errors.Count > 0)
        {
            Filter(query, errors);
            throw new DomainValidationException(errors);
        }
        // A page held by the cache (valid queries only: a refused one throws before anything is kept) needs no database.
        return cache is null ? await PageAsync(query, ct) : await cache.GetAsync(query, c => PageAsync(query, c), ct);
    }

    private async Task<Paged<FilingRow>> PageAsync(FilingQuery query, CancellationToken ct)
    {
        var errors = new List<DomainException>();
        var filtered = Filter(query, errors);
        if (errors.Count > 0) throw new DomainValidationException(errors);
        // One query per page: the rows with the total beside them (a scalar subquery the database computes once); a
        // second command only for a page past the end, which has no row to carry the total.
        var skip = (query.Page - 1) * query.PageSize;
        var page = await Project(Sort(filtered, query.Sort)).Skip(skip).Take(query.PageSize)
            .Select(r => new { Row = r, Total = filtered.Count() }).ToListAsync(ct);
        var total = page.Count > 0 ? page[0].Total : query.Page == 1 ? 0 : await filtered.CountAsync(ct);
        return new Paged<FilingRow>(page.Select(p => WithRegionName(p.Row)).ToList(), total, query.Page, query.PageSize);
    }

    /// <summary>Every matching filing, unpaged (for `filings list --json` and exports).</summary>
    public async Task<IReadOnlyList<FilingRow>> AllAsync(FilingQuery query, CancellationToken ct = default)
    {
        var errors = new List<DomainException>();
        var filtered = Filter(query, errors);
        if (errors.Count > 0) throw new DomainValidationException(errors);
        var items = await Project(Sort(filtered, query.Sort)).ToListAsync(ct);
        return items.Select(WithRegionName).ToList();
    }

    /// <summary>
    /// Every matching filing with every field the import reads (credit code, address, legal representative, scope, notes),
    /// in the list's order: for the xlsx export, which can be edited and imported again.
    /// </summary>
    public async Task<IReadOnlyList<FilingExportRow>> ExportAsync(FilingQuery query, CancellationToken ct = default)
    {
        var errors = new List<DomainException>();
        var filtered = Filter(query, errors);
        if (errors.Count > 0) throw new DomainValidationException(errors);
        var rows = await Project(Sort(filtered, query.Sort)).ToListAsync(ct);
        var more = await filtered.Select(f => new
        {
            f.Id,
            CreditCode = f.LegalEntity.CreditCode == null ? null : f.LegalEntity.CreditCode.Value.Value,
            f.LegalEntity.Address,
            f.LegalEntity.LegalRepresentative,
            f.Notes,
        }).ToDictionaryAsync(x => x.Id, ct);
        var ids = filtered.Select(f => f.Id);
        var scope = (await db.FilingScopeItems.AsNoTracking().Where(s => ids.Contains(s.FilingId)).Select(s => new { s.FilingId, s.OccupationCode, s.Level }).ToListAsync(ct))
            .ToLookup(s => s.FilingId, s => new ScopeEntry(s.OccupationCode, s.Level));
        return rows.Select(r =>
        {
            var m = more[r.Id];
            return new FilingExportRow(WithRegionName(r), m.CreditCode, m.Address, m.LegalRepresentative, FilingInput.FormatScope(scope[r.Id].ToList()), m.Notes);
        }).ToList();
    }

    private IQueryable<Filing> Filter(FilingQuery q, List<DomainException> errors)
    {
        IQueryable<Filing> filings = db.Filings.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Region))
        {
            if (Regions.Find(q.Region) is { } region)
            {
                var prefix = region.DescendantPrefix;
                filings = filings.Where(f => f.RegionCode.StartsWith(prefix));
            }
            else errors.Add(new("region", $"未知的地区“{q.Region.Trim()}”"));
        }
        if (!string.IsNullOrWhiteSpace(q.Type))
        {
            if (q.Type.Trim() is "未注明" or "unknown") filings = filings.Where(f => f.Type == null);
            else if (RegistryLabels.TryParseType(q.Type, out var type)) filings = filings.Where(f => f.Type == type);
            else errors.Add(new("type", $"未知的机构类型“{q.Type.Trim()}”"));
        }
        if (!string.IsNullOrWhiteSpace(q.Supervision))
        {
            if (q.Supervision.Trim() is "未注明" or "unknown") filings = filings.Where(f => f.Supervision == null);
            else if (RegistryLabels.TryParseSupervision(q.Supervision, out var s)) filings = filings.Where(f => f.Supervision == s);
            else errors.Add(new("supervision", $"未知的监管类别“{q.Supervision.Trim()}”"));
        }
        if (!string.IsNullOrWhiteSpace(q.Status))
        {
            if (RegistryLabels.TryParseStatus(q.Status, out var st)) filings = filings.Where(f => f.Status == st);
            else errors.Add(new("status", $"未知的状态“{q.Status.Trim()}”"));
        }
        if (!string.IsNullOrWhiteSpace(q.Occupation))
        {
            var occ = q.Occupation.Trim();
            filings = filings.Where(f => f.Scope.Any(s => s.OccupationCode == occ)
                || f.Scope.Any(s => db.Occupations.Any(o => o.Code == s.OccupationCode && o.Name == occ)));
        }
        // Words separated by white space (a full-width space too) must each match: 山西 职业 finds Shanxi's bodies named 职业….
        foreach (var text in (q.Q ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            // A region named in the text brings in everything filed under it: searching 忻州 finds Xinzhou's bodies.
            var prefixes = Regions.All.Where(r => r.Name.Contains(text, StringComparison.Ordinal)).Select(r => r.DescendantPrefix).ToList();
            var regionCodes = Regions.All.Where(r => prefixes.Any(p => r.Code.StartsWith(p, StringComparison.Ordinal))).Select(r => r.Code).ToList();
            FilingNumber? number = FilingNumber.TryParse(text, out var n, out _) ? n : null;
            CreditCode? credit = CreditCode.TryParse(text, out var c, out _) ? c : null;
            filings = filings.Where(f => f.LegalEntity.Name.Contains(text)
                || f.LegalEntity.Aliases.Any(a => a.Name.Contains(text))
                || (number != null && f.Number == number)
                || (credit != null && f.LegalEntity.CreditCode == credit)
                || regionCodes.Contains(f.RegionCode));
        }
        return filings;
    }

    private static IQueryable<Filing> Sort(IQueryable<Filing> q, string? sort)
    {
        var key = (sort ?? "name").Trim();
        var desc = key.StartsWith('-');
        key = key.TrimStart('-', '+').ToLowerInvariant();
        return (key, desc) switch
        {
            ("number", false) => q.OrderBy(f => f.Number).ThenBy(f => f.Id),
            ("number", true) => q.OrderByDescending(f => f.Number).ThenBy(f => f.Id),
            ("region", false) => q.OrderBy(f => f.RegionCode).ThenBy(f => f.LegalEntity.Name),
            ("region", true) => q.OrderByDescending(f => f.RegionCode).ThenBy(f => f.LegalEntity.Name),
            ("filedon", false) => q.OrderBy(f => f.FiledOn).ThenBy(f => f.Id),
            ("filedon", true) => q.OrderByDescending(f => f.FiledOn).ThenBy(f => f.Id),
            ("periodend", false) => q.OrderBy(f => f.PeriodEnd).ThenBy(f => f.Id),
            ("periodend", true) => q.OrderByDescending(f => f.PeriodEnd).ThenBy(f => f.Id),
            ("status", false) => q.OrderBy(f => f.Status).ThenBy(f => f.LegalEntity.Name),
            ("status", true) => q.OrderByDescending(f => f.Status).ThenBy(f => f.LegalEntity.Name),
            ("type", false) => q.OrderBy(f => f.Type).ThenBy(f => f.LegalEntity.Name),
            ("type", true) => q.OrderByDescending(f => f.Type).ThenBy(f => f.LegalEntity.Name),
            // 省属, 市属, then 未注明 (or the reverse of the first two), on SQLite and PostgreSQL alike: the column holds the
            // names, whose own order (City before Province) is no order a reader knows, and NULLs sort at either end.
            ("supervision", false) => q.OrderBy(f => f.Supervision == Supervision.Province ? 0 : f.Supervision == Supervision.City ? 1 : 2).ThenBy(f => f.LegalEntity.Name),
            ("supervision", true) => q.OrderBy(f => f.Supervision == Supervision.City ? 0 : f.Supervision == Supervision.Province ? 1 : 2).ThenBy(f => f.LegalEntity.Name),
            (_, true) => q.OrderByDescending(f => f.LegalEntity.Name).ThenBy(f => f.Id),
            _ => q.OrderBy(f => f.LegalEntity.Name).ThenBy(f => f.Id),
        };
    }

    private static IQueryable<FilingRow> Project(IQueryable<Filing> q) => q.Select(f => new FilingRow(
        f.Id,
        f.Number == null ? null : f.Number.Value.Value,
        f.LegalEntityId,
        f.LegalEntity.Name,
        f.Type,
        f.Supervision,
        f.RegionCode,
        "",
        f.FiledOn == null ? null : f.FiledOn.Value.ToIso(),
        f.PeriodEnd == null ? null : f.PeriodEnd.Value.ToIso(),
        f.Status));

    private static FilingRow WithRegionName(FilingRow r) => r with { RegionName = Regions.FullName(r.RegionCode) };
}
