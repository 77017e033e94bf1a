using SkillsAudit.Data.Platform;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Access;
using SkillsAudit.Data.Files;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.People;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Data.Features.People;

/// <summary>One person as the roster form, the API and the import give it; lists are comma-separated text.</summary>
public sealed record RosterInput(string? Name, string? Organisation, string? Region, string? Specialities, bool IsExpert, bool IsInspector,
    string? UserName = null, string? Phone = null, string? ConflictFilings = null);

public sealed record RosterConflictView(int FilingId, string? Number, string BodyName, bool Employer);

public sealed record RosterView(int Id, string Name, string Organisation, string RegionCode, string RegionName, IReadOnlyList<string> Specialities,
    IReadOnlyList<string> SpecialityNames, bool IsExpert, bool IsInspector, string Kind, string? UserName, string? Phone, bool Active,
    string? EmployerName, IReadOnlyList<RosterConflictView> Conflicts);

public sealed record RosterImportResult(int Added, int Updated, IReadOnlyList<string> Errors);

/// <summary>
/// The expert and inspector roster (专家库/检查人员库): people, their organisation and county, specialities and
/// conflicts of interest (their employer's filings — found by the organisation's name in the registry — and the
/// filings they name). It feeds panel assignment (no conflicted expert) and random inspections (seed 003 第二十九条).
/// Every officer reads the whole roster (experts serve across cities) but adds, edits and imports only people of the
/// counties their region covers (<see cref="AccessGuard"/>).
/// </summary>
public sealed class RosterHandlers(AppDb db, AccessGuard access)
{
    public static readonly IReadOnlyList<string> Columns = ["姓名", "工作单位", "所在县区", "专业（职业代码）", "专家", "检查人员", "账号", "电话", "回避备案"];

    public async Task<IReadOnlyList<RosterView>> ListAsync(CancellationToken ct = default)
    {
        // The people of the actor's region only: names, employers and telephone numbers of experts and inspectors are
        // not public (检查人员姓名缺省不公开), and another city's staff have no business with them.
        if (await access.StaffPrefixAsync(ct) is not { } prefix) return [];
        var people = await db.Roster.AsNoTracking().Include(p => p.Conflicts).Where(p => p.RegionCode.StartsWith(prefix))
            .OrderBy(p => p.RegionCode).ThenBy(p => p.Name).ToListAsync(ct);
        var occupations = await db.Occupations.AsNoTracking().ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var employerIds = people.Where(p => p.EmployerEntityId is not null).Select(p => p.EmployerEntityId!.Value).Distinct().ToList();
        var named = people.SelectMany(p => p.Conflicts.Select(c => c.FilingId)).Distinct().ToList();
        var filings = await db.Filings.AsNoTracking().Where(f => named.Contains(f.Id) || employerIds.Contains(f.LegalEntityId))
            .Select(f => new { f.Id, f.Number, f.LegalEntityId, f.LegalEntity.Name }).ToListAsync(ct);
        var entities = await db.LegalEntities.AsNoTracking().Where(e => employerIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        return people.Select(p => new RosterView(p.Id, p.Name, p.Organisation, p.RegionCode, Regions.FullName(p.RegionCode), p.SpecialityCodes,
            p.SpecialityCodes.Select(c => occupations.TryGetValue(c, out var n) ? n : c).ToList(), p.IsExpert, p.IsInspector, KindName(p), p.UserName, p.Phone, p.Active,
            p.EmployerEntityId is { } e ? entities.GetValueOrDefault(e) : null,
            filings.Where(f => f.LegalEntityId == p.EmployerEntityId).Select(f => new RosterConflictView(f.Id, f.Number?.Value, f.Name, true))
                .Concat(filings.Where(f => p.Conflicts.Any(c => c.FilingId == f.Id)).Select(f => new RosterConflictView(f.Id, f.Number?.Value, f.Name, false)))
                .DistinctBy(c => c.FilingId).ToList())).ToList();
    }

    /// <summary>One person as the list shows them, for one who may edit them (null: no such person).</summary>
    public async Task<RosterView?> GetAsync(int id, CancellationToken ct = default)
    {
        var person = await db.Roster.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.RegionCode, p.Name }).FirstOrDefaultAsync(ct);
        if (person is null) return null;
        await access.RecordAsync(person.RegionCode, $"名册人员{person.Name}", isPublic: true, ct);
        return (await ListAsync(ct)).FirstOrDefault(p => p.Id == id);
    }

    public static string KindName(RosterPerson p) => (p.IsExpert, p.IsInspector) switch
    {
        (true, true) => "专家、检查人员",
        (true, false) => "专家",
        _ => "检查人员",
    };

    /// <summary>Adds a person, or updates the one with this id; nothing is written when a field is wrong.</summary>
    public async Task<int> SaveAsync(RosterInput input, int? id = null, CancellationToken ct = default)
    {
        var lookup = await Lookup.LoadAsync(db, ct);
        var details = Parse(input, lookup, out var errors);
        if (errors.Count > 0) throw new DomainValidationException(errors);
        await access.RegionAsync(details!.RegionCode, ct);
        RosterPerson person;
        if (id is { } existing)
        {
            person = await db.Roster.Include(p => p.Conflicts).FirstOrDefaultAsync(p => p.Id == existing, ct) ?? throw new DomainException("id", "名册中没有找到这名人员：可能已删除");
            await access.RecordAsync(person.RegionCode, $"名册人员{person.Name}", isPublic: true, ct);
            if (await db.Roster.AnyAsync(p => p.Id != existing && p.Name == details!.Name && p.Organisation == details.Organisation, ct))
                throw new DomainException("name", $"名册中已有 {details!.Organisation} 的 {details.Name}");
            person.Update(details!);
        }
        else
        {
            if (await db.Roster.AnyAsync(p => p.Name == details!.Name && p.Organisation == details.Organisation, ct))
                throw new DomainException("name", $"名册中已有 {details!.Organisation} 的 {details.Name}");
            person = new RosterPerson(details!);
            db.Roster.Add(person);
        }
        db.Operation = id is null ? "新增名册人员" : "修改名册人员";
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Operation = null;
        }
        return person.Id;
    }

    public async Task SetActiveAsync(int id, bool active, CancellationToken ct = default)
    {
        var person = await db.Roster.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new DomainException("id", "名册中没有找到这名人员：可能已删除");
        await access.RecordAsync(person.RegionCode, $"名册人员{person.Name}", isPublic: true, ct);
        person.SetActive(active);
        db.Operation = active ? "恢复名册人员" : "停用名册人员";
        try { await db.SaveChangesAsync(ct); } finally { db.Operation = null; }
    }

    /// <summary>
    /// Imports a roster file (header row with <see cref="Columns"/>): all rows or none. A person already in the roster
    /// (same name and organisation) is updated. Every error names the row, the column and what is wrong.
    /// </summary>
    public async Task<RosterImportResult> ImportAsync(Stream stream, string fileName, CancellationToken ct = default)
    {
        List<SheetRow> rows;
        try
        {
            rows = TabularReader.ReadRows(stream, fileName).ToList();
        }
        catch (FileReadException e)
        {
            return new RosterImportResult(0, 0, [e.Message]);
        }
        var header = rows.FirstOrDefault(r => !r.IsEmpty);
        if (header is null) return new RosterImportResult(0, 0, [$"{fileName}：文件是空的"]);
        var index = new Dictionary<string, int>();
        for (var i = 0; i < header.Cells.Length; i++)
        {
            var h = (header.Cells[i] ?? "").Trim();
            var col = Columns.FirstOrDefault(c => c == h || c.StartsWith(h + "（", StringComparison.Ordinal) && h.Length > 0);
            if (col is not null) index.TryAdd(col, i);
        }
        var missing = Columns.Take(6).Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0) return new RosterImportResult(0, 0, [$"{fileName} 第{header.RowNumber}行（表头）：缺少列 {string.Join("、", missing)}"]);

        string? Cell(SheetRow r, string col) => index.TryGetValue(col, out var i) && i < r.Cells.Length ? r.Cells[i] : null;
        var lookup = await Lookup.LoadAsync(db, ct);
        var errors = new List<string>();
        var parsed = new List<RosterDetails>();
        var seen = new Dictionary<(string, string), int>();
        var outside = new List<string>();
        foreach (var row in rows.Where(r => r.RowNumber > header.RowNumber && !r.IsEmpty))
        {
            var rowErrors = new List<DomainException>();
            var expert = Flag(Cell(row, "专家"), "isExpert", rowErrors);
            var inspector = Flag(Cell(row, "检查人员"), "isInspector", rowErrors);
            var input = new RosterInput(Cell(row, "姓名"), Cell(row, "工作单位"), Cell(row, "所在县区"), Cell(row, "专业（职业代码）"), expert, inspector,
                Cell(row, "账号"), Cell(row, "电话"), Cell(row, "回避备案"));
            var d = Parse(input, lookup, out var e);
            rowErrors.AddRange(e);
            if (d is not null && seen.TryGetValue((d.Name, d.Organisation), out var first))
                rowErrors.Add(new("name", $"与第{first}行重复（同一单位的同一人）"));
            if (d is not null && !await access.CoversAsync(d.RegionCode, ct))
                outside.Add($"{fileName} 第{row.RowNumber}行 “所在县区”列：{Regions.Find(d.RegionCode)?.Name ?? d.RegionCode}");
            foreach (var x in rowErrors) errors.Add($"{fileName} 第{row.RowNumber}行 {ColumnOf(x.Field)}：{x.Message}");
            if (rowErrors.Count == 0 && d is not null)
            {
                seen[(d.Name, d.Organisation)] = row.RowNumber;
                parsed.Add(d);
            }
        }
        // Authorisation first: a file with people of counties outside the officer's region is refused whole (403).
        if (outside.Count > 0) throw new ForbiddenException($"以下人员所在县区不属于您负责的地区，未导入任何数据：{string.Join("；", outside)}");
        if (errors.Count > 0) return new RosterImportResult(0, 0, errors);
        if (parsed.Count == 0) return new RosterImportResult(0, 0, [$"{fileName}：表头之后没有数据行"]);

        // One transaction, repeated whole on a transient fault: it reads the roster it merges into itself.
        return await db.InTransactionAsync(async t =>
        {
            var existing = await db.Roster.Include(p => p.Conflicts).ToListAsync(t);
            int added = 0, updated = 0;
            foreach (var d in parsed)
            {
                if (existing.FirstOrDefault(p => p.Name == d.Name && p.Organisation == d.Organisation) is { } p) { p.Update(d); updated++; }
                else { db.Roster.Add(new RosterPerson(d)); added++; }
            }
            db.Operation = "导入名册";
            try { await db.SaveChangesAsync(t); } finally { db.Operation = null; }
            return new RosterImportResult(added, updated, []);
        }, ct);
    }

    private static string ColumnOf(string field) => field switch
    {
        "name" => "“姓名”列",
        "organisation" => "“工作单位”列",
        "region" => "“所在县区”列",
        "specialities" => "“专业（职业代码）”列",
        "isExpert" => "“专家”列",
        "isInspector" => "“检查人员”列",
        "kind" => "“专家/检查人员”列",
        "userName" => "“账号”列",
        "phone" => "“电话”列",
        "conflicts" => "“回避备案”列",
        _ => field,
    };

    private static bool Flag(string? text, string field, List<DomainException> errors)
    {
        var t = (text ?? "").Trim();
        if (t is "是" or "√" or "✓" or "Y" or "y" or "1" or "true" or "TRUE" or "True") return true;
        if (t is "" or "否" or "×" or "N" or "n" or "0" or "false" or "FALSE" or "False") return false;
        errors.Add(new(field, $"“{t}”应为 是 或 否"));
        return false;
    }

    /// <summary>Registry facts the roster rows are checked against, loaded once per save or import.</summary>
    private sealed record Lookup(HashSet<string> Occupations, List<(int Id, string Name, IReadOnlyList<string> Aliases)> Entities,
        Dictionary<string, int> FilingByNumber, HashSet<int> FilingIds, HashSet<string> UserNames)
    {
        public static async Task<Lookup> LoadAsync(AppDb db, CancellationToken ct)
        {
            var entities = await db.LegalEntities.AsNoTracking().Include(e => e.Aliases).ToListAsync(ct);
            var filings = await db.Filings.AsNoTracking().Select(f => new { f.Id, f.Number }).ToListAsync(ct);
            return new Lookup((await db.Occupations.AsNoTracking().Select(o => o.Code).ToListAsync(ct)).ToHashSet(),
                entities.Select(e => (e.Id, e.Name, (IReadOnlyList<string>)e.Aliases.Select(a => a.Name).ToList())).ToList(),
                filings.Where(f => f.Number is not null).GroupBy(f => f.Number!.Value.Value).ToDictionary(g => g.Key, g => g.First().Id),
                filings.Select(f => f.Id).ToHashSet(),
                (await db.Users.AsNoTracking().Select(u => u.NormalizedUserName!).ToListAsync(ct)).ToHashSet());
        }
    }

    private static RosterDetails? Parse(RosterInput input, Lookup lookup, out List<DomainException> errors)
    {
        errors = [.. RosterDetails.Check(input.Name, input.Organisation, input.Region, input.IsExpert, input.IsInspector)];
        var specialities = new List<string>();
        foreach (var code in Split(input.Specialities))
        {
            if (lookup.Occupations.Contains(code)) specialities.Add(code);
            else errors.Add(new("specialities", $"未知的职业代码“{code}”（应为职业分类大典中的代码，如 4-01-01-00）"));
        }
        var conflicts = new List<int>();
        foreach (var f in Split(input.ConflictFilings))
        {
            if (lookup.FilingByNumber.TryGetValue(f.ToUpperInvariant(), out var id)) conflicts.Add(id);
            else if (int.TryParse(f, out var n) && lookup.FilingIds.Contains(n)) conflicts.Add(n);
            else errors.Add(new("conflicts", $"没有备案“{f}”（填写备案号）"));
        }
        var userName = string.IsNullOrWhiteSpace(input.UserName) ? null : input.UserName.Trim();
        if (userName is not null && !lookup.UserNames.Contains(userName.ToUpperInvariant())) errors.Add(new("userName", $"没有账号“{userName}”"));
        var phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim();
        if (phone is { Length: > 30 }) errors.Add(new("phone", "电话不能超过30个字符"));
        if (errors.Count > 0) return null;
        var organisation = input.Organisation!.Trim();
        var employer = lookup.Entities.FirstOrDefault(e => e.Name == organisation || e.Aliases.Contains(organisation));
        return new RosterDetails(input.Name!.Trim(), organisation, employer == default ? null : employer.Id, Regions.Find(input.Region)!.Code,
            specialities, input.IsExpert, input.IsInspector, userName, phone, conflicts.Distinct().ToList());
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split([',', '，', ';', '；', '、', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The inspectors a draw may use (seed 003 第二十九条): active roster people marked as inspectors, each with the
    /// bodies they must not inspect (their employer's filings, the filings they named).
    /// </summary>
    public static async Task<IReadOnlyList<DrawInspector>> InspectorsAsync(AppDb db, CancellationToken ct = default)
    {
        var people = await db.Roster.AsNoTracking().Include(p => p.Conflicts).Where(p => p.IsInspector && p.Active).ToListAsync(ct);
        var filings = await db.Filings.AsNoTracking().Select(f => new { f.Id, f.Number, f.LegalEntityId }).ToListAsync(ct);
        return people.Select(p => new DrawInspector(InspectorKey(p), p.Name, p.RegionCode, null, p.Organisation,
            filings.Where(f => p.ConflictsWith(f.Id, f.LegalEntityId)).Select(f => DrawHandlers.BodyKey(f.Number, f.Id)).Order(StringComparer.Ordinal).ToList())).ToList();
    }

    public static string InspectorKey(RosterPerson p) => $"R{p.Id:D4}";

    /// <summary>
    /// Panel assignment: the filings among <paramref name="filingIds"/> that the expert with this account conflicts with
    /// (employer or named), as "name（备案号）" for the message. An expert not in the roster has no recorded conflicts.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ConflictsAsync(AppDb db, string userName, IReadOnlyCollection<int> filingIds, CancellationToken ct = default)
    {
        var people = await db.Roster.AsNoTracking().Include(p => p.Conflicts).Where(p => p.UserName == userName).ToListAsync(ct);
        if (people.Count == 0 || filingIds.Count == 0) return [];
        var filings = await db.Filings.AsNoTracking().Where(f => filingIds.Contains(f.Id))
            .Select(f => new { f.Id, f.LegalEntityId, f.Number, f.LegalEntity.Name }).ToListAsync(ct);
        return filings.Where(f => people.Any(p => p.ConflictsWith(f.Id, f.LegalEntityId)))
            .Select(f => f.Number is { } n ? $"{f.Name}（{n.Value}）" : f.Name).Order(StringComparer.Ordinal).ToList();
    }
}
