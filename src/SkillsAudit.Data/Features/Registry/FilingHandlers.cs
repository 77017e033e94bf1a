using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Access;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Features.Registry;

/// <summary>Reads and writes of single filings, shared by the pages, the API and the CLI.</summary>
public sealed class FilingHandlers(AppDb db, AccessGuard access, SkillsAudit.Data.Features.Accounts.PersonNames names)
{
    public async Task<FilingDetail?> GetAsync(int id, CancellationToken ct = default)
    {
        var f = await db.Filings.AsNoTracking()
            .Include(x => x.LegalEntity).ThenInclude(e => e.Aliases)
            .Include(x => x.Scope)
            .Include(x => x.History)
            .AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return null;
        var codes = f.Scope.Select(s => s.OccupationCode).Distinct().ToList();
        var names = await db.Occupations.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var siblings = await db.Filings.AsNoTracking().Where(x => x.LegalEntityId == f.LegalEntityId && x.Id != id)
            .OrderBy(x => x.Id).Select(x => new { x.Id, x.Number, x.Type }).ToListAsync(ct);
        var today = DateOnly.FromDateTime(db.Now.UtcDateTime);
        return new FilingDetail(
            f.Id, f.Number?.Value, f.LegalEntityId, f.LegalEntity.Name, f.LegalEntity.CreditCode?.Value, f.LegalEntity.Address,
            f.LegalEntity.LegalRepresentative, f.Type, f.Supervision, f.RegionCode, Regions.FullName(f.RegionCode),
            f.FiledOn?.ToIso(), f.PeriodEnd?.ToIso(), f.PeriodEndedBy(today), f.Status, f.Notes, f.Source, f.Version,
            f.LegalEntity.Aliases.Select(a => new AliasDto(a.Name, a.Kind, a.Source)).ToList(),
            f.Scope.OrderBy(s => s.OccupationCode).ThenByDescending(s => s.Level)
                .Select(s => new ScopeDto(s.OccupationCode, names.GetValueOrDefault(s.OccupationCode), s.Level)).ToList(),
            f.History.OrderByDescending(h => h.At).ThenByDescending(h => h.Id)
                .Select(h => new HistoryDto(h.At, h.Actor, h.Action, h.Field, h.Before, h.After)).ToList(),
            siblings.Select(s => new SiblingFilingDto(s.Id, s.Number?.Value, s.Type)).ToList());
    }

    /// <summary>Creates a filing, finding its legal entity by credit code, name or alias, or creating it.</summary>
    public async Task<int> CreateAsync(FilingInput input, CancellationToken ct = default)
    {
        if (!string.IsNullOrWhiteSpace(input.Region)) await access.RegionAsync(input.Region, ct); // an empty region is named by validation
        var details = input.Parse();
        await CheckAgainstStoreAsync(details, filingId: null, ct);
        var entity = await ResolveEntityAsync(details, ct);
        var filing = Filing.Create(entity, details, db.ActorName, db.Now);
        db.Filings.Add(filing);
        await db.SaveChangesAsync(ct);
        return filing.Id;
    }

    /// <summary>
    /// Edits a filing. <paramref name="expectedVersion"/> is the version the user saw; when someone saved in
    /// between, nothing is written and <see cref="ConflictException"/> says so. Returns false when
    /// there is no such filing.
    /// </summary>
    public async Task<bool> UpdateAsync(int id, FilingInput input, int? expectedVersion, CancellationToken ct = default)
    {
        await access.FilingAsync(id, ct: ct);
        if (!string.IsNullOrWhiteSpace(input.Region)) await access.RegionAsync(input.Region, ct); // not moved out of the officer's region
        var filing = await db.Filings
            .Include(x => x.LegalEntity).ThenInclude(e => e.Aliases)
            .Include(x => x.Scope)
            .AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Id == id, ct);
        if (filing is null) return false;
        if (expectedVersion is { } v && v != filing.Version) throw new ConflictException(await ConflictMessageAsync(id, ct));
        var details = input.Parse();
        await CheckAgainstStoreAsync(details, id, ct);
        if (details.CreditCode is { } code && filing.LegalEntity.CreditCode != code
            && await db.LegalEntities.AnyAsync(e => e.CreditCode == code && e.Id != filing.LegalEntityId, ct))
        {
            throw new DomainValidationException([new("creditCode", $"统一社会信用代码 {code} 已属于另一个机构")]);
        }
        db.Entry(filing).Property(f => f.Version).OriginalValue = filing.Version;
        filing.Edit(details, db.ActorName, db.Now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new ConflictException(await ConflictMessageAsync(id, ct));
        }
        return true;
    }

    /// <summary>
    /// Someone saved the filing after the user opened it: who and when, as its change history records the latest change
    /// (the account's name, China time), never the version numbers.
    /// </summary>
    private async Task<string> ConflictMessageAsync(int id, CancellationToken ct)
    {
        var last = await db.FilingHistory.AsNoTracking().Where(h => h.FilingId == id)
            .OrderByDescending(h => h.Id).Select(h => new { h.Actor, h.At }).FirstOrDefaultAsync(ct);
        var who = last is null ? "" : $"（{await names.OfAsync(last.Actor, ct)}于 {last.At.ToChinaSeconds()} 修改）";
        return $"该备案已在您打开后被他人修改{who}：请刷新查看最新内容后再修改。";
    }

    /// <summary>Rules that need the store: a unique filing number, and scope occupations that exist and have the level.</summary>
    internal async Task CheckAgainstStoreAsync(FilingDetails details, int? filingId, CancellationToken ct)
    {
        var errors = new List<DomainException>();
        if (details.Number is { } number)
        {
            var other = await db.Filings.AsNoTracking().Where(f => f.Number == number && f.Id != (filingId ?? 0))
                .Select(f => f.LegalEntity.Name).FirstOrDefaultAsync(ct);
            if (other is not null) errors.Add(new("filingNumber", $"备案号 {number} 已被“{other}”使用"));
        }
        errors.AddRange(await CheckScopeAsync(details.Scope, ct));
        if (errors.Count > 0) throw new DomainValidationException(errors);
    }

    internal async Task<List<DomainException>> CheckScopeAsync(IReadOnlyList<ScopeEntry> scope, CancellationToken ct)
    {
        var errors = new List<DomainException>();
        if (scope.Count == 0) return errors;
        var codes = scope.Select(s => s.OccupationCode).Distinct().ToList();
        var occupations = await db.Occupations.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, ct);
        foreach (var s in scope)
        {
            if (!occupations.TryGetValue(s.OccupationCode, out var occ))
                errors.Add(new("scope", $"职业目录中没有职业代码“{s.OccupationCode}”"));
            else if (!occ.HasLevel(s.Level))
                errors.Add(new("scope", s.Level is { } l ? $"职业“{occ.Name}”没有{l.ChineseName()}等级" : $"职业“{occ.Name}”须注明等级"));
        }
        return errors;
    }

    private async Task<LegalEntity> ResolveEntityAsync(FilingDetails d, CancellationToken ct)
    {
        if (d.CreditCode is { } code)
        {
            var byCode = await db.LegalEntities.Include(e => e.Aliases).FirstOrDefaultAsync(e => e.CreditCode == code, ct);
            if (byCode is not null)
            {
                if (!byCode.IsKnownAs(d.EntityName))
                    throw new DomainValidationException([new("creditCode", $"统一社会信用代码 {code} 已属于“{byCode.Name}”，与机构名称“{d.EntityName}”不一致")]);
                return byCode;
            }
        }
        var matches = await db.LegalEntities.Include(e => e.Aliases)
            .Where(e => e.Name == d.EntityName || e.Aliases.Any(a => a.Name == d.EntityName)).ToListAsync(ct);
        if (matches.Count > 1)
            throw new DomainValidationException([new("entityName", $"名称“{d.EntityName}”对应多个机构：{string.Join("、", matches.Select(m => m.CreditCode is { } c ? $"{m.Name}（统一社会信用代码 {c.Value}）" : $"{m.Name}（{(m.Address is { Length: > 0 } a ? a : "未登记代码和地址")}）"))}，请填写统一社会信用代码以区分")]);
        if (matches.Count == 1)
        {
            var e = matches[0];
            if (d.CreditCode is { } c && e.CreditCode is { } existing && existing != c)
                throw new DomainValidationException([new("creditCode", $"机构“{e.Name}”已登记统一社会信用代码 {existing}，与填写的 {c} 不一致")]);
            return e;
        }
        return new LegalEntity(d.EntityName, d.CreditCode, d.Address, d.LegalRepresentative);
    }
}
