using SkillsAudit.Data.Platform;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Features.Registry;

/// <summary>One problem in an import: where (row as the spreadsheet numbers it, column header) and what.</summary>
public sealed record ImportError(int Row, string Column, string? Value, string Message)
{
    /// <summary>The row adds or changes a filing outside the actor's region (a refusal, not a mistake in the file).</summary>
    public bool OutsideRegion { get; init; }

    public override string ToString() => $"第{Row}行 [{Column}] “{Value}”：{Message}";
}

/// <summary>One field a row would change (or changed): the registry's value before and the file's after.</summary>
public sealed record ImportFieldChange(string Field, string? Before, string? After);

/// <summary>A row that adds a filing or changes one: what the check lists before the import, and the import after.</summary>
public sealed record ImportItem(int Row, bool IsNew, string EntityName, string? Number, string RegionName, IReadOnlyList<ImportFieldChange> Changes);

/// <summary>
/// The outcome of an import or a check (<see cref="DryRun"/>): rows read, filings added and changed (or that would be),
/// rows identical to the registry, and every problem. <see cref="Refused"/>: some rows add or change filings outside the
/// actor's region (listed among the errors); nothing is written.
/// </summary>
public sealed record ImportReport(string File, int Rows, int Created, IReadOnlyList<ImportError> Errors)
{
    public int Changed { get; init; }
    public int Unchanged { get; init; }
    public bool DryRun { get; init; }
    public bool Refused => Errors.Any(e => e.OutsideRegion);
    public IReadOnlyList<ImportItem> Items { get; init; } = [];
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Imports filings from xlsx, xls or csv with Chinese headers as the seeds print them (seed 001 附件1:
/// 序号, 评价机构类型, 评价机构名称, 备案年度; seed 004 附件: 机构名称, 机构备案号, 备案期限) or as the export writes them.
/// A row that names a filing of the registry (by 备案号, else by body and type) changes it — only the columns the file has,
/// and only where the value differs; any other row adds a filing. Every row is checked first, against the actor's region
/// too; if any row is wrong nothing is written and every problem is reported. Otherwise all rows are written in one
/// transaction. The same class serves the CLI, the import page and the API. docs/registry-import.md lists the columns.
/// </summary>
public sealed class FilingImport(AppDb db, FilingHandlers handlers, SkillsAudit.Data.Access.AccessGuard access)
{
    /// <summary>The largest file the web import accepts (the CLI reads any size).</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>Header spellings accepted for each field.</summary>
    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["机构名称"] = "entityName", ["评价机构名称"] = "entityName", ["单位名称"] = "entityName",
        ["统一社会信用代码"] = "creditCode", ["信用代码"] = "creditCode",
        ["地址"] = "address", ["机构地址"] = "address",
        ["法定代表人"] = "legalRepresentative", ["法人"] = "legalRepresentative",
        ["备案号"] = "filingNumber", ["机构备案号"] = "filingNumber",
        ["机构类型"] = "type", ["评价机构类型"] = "type", ["机构类别"] = "type",
        ["监管"] = "supervision", ["隶属"] = "supervision", ["省属/市属"] = "supervision",
        ["所在地区"] = "region", ["地区"] = "region", ["行政区划"] = "region",
        ["备案时间"] = "filedOn", ["备案年度"] = "filedOn", ["备案日期"] = "filedOn",
        ["备案期限截止"] = "periodEnd",
        ["备案期限"] = "period",
        ["状态"] = "status",
        ["职业范围"] = "scope",
        ["备注"] = "notes",
        ["序号"] = "",
    };

    public async Task<ImportReport> ImportAsync(string path, string? defaultRegion = null, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        await using var stream = File.OpenRead(path);
        return await ImportAsync(stream, Path.GetFileName(path), defaultRegion, progress, dryRun: false, ct);
    }

    /// <summary>A row read and parsed: its number, its cells as text, and the filing it describes.</summary>
    private sealed record ParsedRow(SheetRow Sheet, FilingInput Input, FilingDetails Details)
    {
        public int Row => Sheet.RowNumber;
    }

    public async Task<ImportReport> ImportAsync(Stream stream, string fileName, string? defaultRegion, IProgress<int>? progress, bool dryRun, CancellationToken ct = default)
    {
        var errors = new List<ImportError>();
        var parsed = new List<ParsedRow>();
        Dictionary<int, string>? columns = null;
        int rows = 0;
        string? lastType = null;
        try
        {
            foreach (var row in TabularReader.ReadRows(stream, fileName))
            {
                ct.ThrowIfCancellationRequested();
                if (row.IsEmpty) continue;
                if (columns is null)
                {
                    columns = MapHeader(row, errors, defaultRegion);
                    if (errors.Count > 0) return new ImportReport(fileName, 0, 0, errors) { DryRun = dryRun };
                    continue;
                }
                rows++;
                if (rows % 500 == 0) progress?.Report(rows);
                var input = ToInput(row, columns, defaultRegion, ref lastType, errors);
                if (input is null) continue;
                try
                {
                    parsed.Add(new ParsedRow(row, input, input.Parse()));
                }
                catch (DomainValidationException e)
                {
                    foreach (var err in e.Errors) errors.Add(Error(row, columns, err));
                }
            }
        }
        catch (FileReadException e)
        {
            return new ImportReport(fileName, rows, 0, [new ImportError(0, "-", null, e.Message)]) { DryRun = dryRun };
        }
        progress?.Report(rows);
        if (columns is null) return new ImportReport(fileName, 0, 0, [new ImportError(1, "-", null, "文件中没有表头行")]) { DryRun = dryRun };

        // Rules across rows: a 备案号 twice in the file (the later rows are left out of the plan below).
        var seen = new Dictionary<FilingNumber, int>();
        var repeated = new HashSet<int>();
        foreach (var p in parsed)
        {
            if (p.Details.Number is not { } n) continue;
            if (seen.TryGetValue(n, out var first))
            {
                errors.Add(At(p.Sheet, columns, "filingNumber", $"备案号与第{first}行重复"));
                repeated.Add(p.Row);
            }
            else seen[n] = p.Row;
        }
        foreach (var p in parsed)
        {
            foreach (var e in await handlers.CheckScopeAsync(p.Details.Scope, ct)) errors.Add(At(p.Sheet, columns, "scope", e.Message));
        }
        var planned = parsed.Where(p => !repeated.Contains(p.Row)).ToList();

        if (errors.Count > 0 || dryRun)
        {
            // Planned against the registry to list every problem (or, for a check, what would be added and changed); the
            // tracked changes are then dropped: nothing of a check or of a refused file is saved.
            try
            {
                var plan = await PlanAsync(planned, columns, fileName, errors, ct);
                return Report(fileName, rows, plan, errors, dryRun);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        // One transaction, repeated whole on a transient fault (it reads the registry it matches against itself).
        return await db.InTransactionAsync(async t =>
        {
            var written = new List<ImportError>();
            var plan = await PlanAsync(planned, columns, fileName, written, t);
            if (written.Count > 0)
            {
                db.ChangeTracker.Clear(); // nothing of a refused file stays tracked for a later save
                return Report(fileName, rows, plan, written, dryRun: false);
            }
            db.Operation = "导入备案";
            await db.SaveChangesAsync(t);
            return Report(fileName, rows, plan, [], dryRun: false);
        }, ct);
    }

    private static ImportReport Report(string fileName, int rows, Plan plan, List<ImportError> errors, bool dryRun)
    {
        var ok = errors.Count == 0;
        return new ImportReport(fileName, rows, ok ? plan.Items.Count(i => i.IsNew) : 0, errors.OrderBy(e => e.Row).ToList())
        {
            Changed = ok ? plan.Items.Count(i => !i.IsNew) : 0,
            Unchanged = ok ? plan.Unchanged : 0,
            DryRun = dryRun,
            Items = ok ? plan.Items : [],
        };
    }

    private sealed class Plan
    {
        public List<ImportItem> Items { get; } = [];
        public int Unchanged { get; set; }
    }

    /// <summary>
    /// Matches every row to the registry and applies it to tracked entities (the caller saves or drops them): a row whose
    /// 备案号 is registered changes that filing (when the body is the same: its name, a former name, or its credit code); a
    /// row without a registered 备案号 changes the one filing of its body with no 备案号 and the same type, if there is one;
    /// any other row adds a filing. A changed filing takes only the file's columns, and records only the fields that differ.
    /// A row that adds or changes a filing outside the actor's region is refused; a row identical to the registry is not a
    /// change, wherever its filing is.
    /// </summary>
    private async Task<Plan> PlanAsync(List<ParsedRow> parsed, Dictionary<int, string> columns, string fileName, List<ImportError> errors, CancellationToken ct)
    {
        var plan = new Plan();
        var present = Present(columns);
        var actor = await access.ActorAsync(ct);
        var own = actor.RegionCode is null ? "全部地区" : Regions.Find(actor.RegionCode)?.Name ?? actor.RegionCode;
        var entities = await db.LegalEntities.Include(e => e.Aliases).ToListAsync(ct);
        var filings = await db.Filings.Include(f => f.Scope).ToListAsync(ct); // their LegalEntity is the tracked one above
        var byNumber = filings.Where(f => f.Number is not null).GroupBy(f => f.Number!.Value).ToDictionary(g => g.Key, g => g.First());
        var byCredit = entities.Where(e => e.CreditCode is not null).GroupBy(e => e.CreditCode!.Value).ToDictionary(g => g.Key, g => g.First());
        var byName = new Dictionary<string, List<LegalEntity>>(StringComparer.Ordinal);
        void Index(LegalEntity e)
        {
            foreach (var n in e.Aliases.Select(a => a.Name).Prepend(e.Name).Select(LegalEntity.NormaliseName).Distinct())
            {
                if (!byName.TryGetValue(n, out var list)) byName[n] = list = [];
                if (!list.Contains(e)) list.Add(e);
            }
        }
        entities.ForEach(Index);
        var filingsOf = filings.ToLookup(f => f.LegalEntity);
        var targets = new Dictionary<Filing, int>();
        var entityRows = new Dictionary<LegalEntity, ParsedRow>();

        foreach (var p in parsed)
        {
            ct.ThrowIfCancellationRequested();
            var d = p.Details;
            var before = errors.Count;
            ImportError Problem(string field, string message) => At(p.Sheet, columns, field, message);

            // Which filing of the registry the row names, if any, and else which body it belongs to.
            Filing? target = null;
            LegalEntity? entity = null;
            if (d.Number is { } number && byNumber.TryGetValue(number, out var numbered))
            {
                if (numbered.LegalEntity.IsKnownAs(d.EntityName) || (d.CreditCode is { } c && numbered.LegalEntity.CreditCode == c)) target = numbered;
                else errors.Add(Problem("filingNumber", $"备案号已被登记册中的“{numbered.LegalEntity.Name}”使用；如是该机构更名，请在本行填写其统一社会信用代码"));
            }
            else if (d.CreditCode is { } code && byCredit.TryGetValue(code, out var byCode))
            {
                if (byCode.IsKnownAs(d.EntityName)) entity = byCode;
                else errors.Add(Problem("creditCode", $"统一社会信用代码已属于“{byCode.Name}”，与本行的机构名称“{d.EntityName}”不一致"));
            }
            else
            {
                var named = byName.GetValueOrDefault(LegalEntity.NormaliseName(d.EntityName)) ?? [];
                if (named.Count > 1) errors.Add(Problem("entityName", $"名称对应多个机构：{string.Join("、", named.Select(m => m.Name))}，请填写统一社会信用代码以区分"));
                else if (named.Count == 1 && named[0].CreditCode is { } registered && d.CreditCode is { } stated && registered != stated)
                    errors.Add(Problem("creditCode", $"机构“{named[0].Name}”已登记统一社会信用代码 {registered.Value}，与本行的不一致"));
                else entity = named.FirstOrDefault();
            }
            if (target is null && entity is not null)
            {
                var candidates = filingsOf[entity].Where(f => f.Number is null && (!present.Contains("type") || f.Type == d.Type)).ToList();
                if (candidates.Count > 1)
                    errors.Add(Problem("filingNumber", $"“{entity.Name}”有 {candidates.Count} 个未注明备案号的{(present.Contains("type") ? d.Type.Chinese() : "")}备案，无法确定本行对应哪一个：请填写备案号，或在备案页面逐个修改"));
                else target = candidates.FirstOrDefault();
            }
            if (target is not null && targets.TryGetValue(target, out var sameRow))
            {
                errors.Add(Problem(d.Number is null ? "entityName" : "filingNumber", $"与第{sameRow}行对应登记册中的同一备案"));
                target = null;
            }
            if (errors.Count > before) continue;

            // The rows of one body state its credit code, address and legal representative alike.
            var body = target?.LegalEntity ?? entity;
            if (body is not null)
            {
                if (entityRows.TryGetValue(body, out var other))
                {
                    foreach (var (field, a, b) in new[]
                    {
                        ("creditCode", other.Details.CreditCode?.Value, d.CreditCode?.Value),
                        ("address", other.Details.Address, d.Address),
                        ("legalRepresentative", other.Details.LegalRepresentative, d.LegalRepresentative),
                    })
                    {
                        var label = FilingInput.FieldLabels[field];
                        if (present.Contains(field) && a != b)
                            errors.Add(Problem(field, $"与第{other.Row}行是同一机构（{body.Name}），但{label}不同（第{other.Row}行为{(string.IsNullOrEmpty(a) ? "（空）" : $"“{a}”")}）：同一机构的各行应填写相同的{label}"));
                    }
                }
                else entityRows[body] = p;
            }
            if (errors.Count > before) continue;

            if (target is not null)
            {
                targets[target] = p.Row;
                var regionBefore = target.RegionCode;
                var merged = Merge(target.ToDetails(), p, present);
                if (merged.CreditCode is { } newCode && target.LegalEntity.CreditCode != newCode
                    && byCredit.TryGetValue(newCode, out var holder) && holder != target.LegalEntity)
                {
                    errors.Add(Problem("creditCode", $"统一社会信用代码已属于另一个机构“{holder.Name}”"));
                    continue;
                }
                IReadOnlyList<FilingHistoryEntry> changes;
                try
                {
                    changes = target.Edit(merged, db.ActorName, db.Now, "导入修改");
                }
                catch (DomainValidationException e)
                {
                    foreach (var x in e.Errors) errors.Add(Error(p.Sheet, columns, x));
                    continue;
                }
                if (changes.Count == 0)
                {
                    plan.Unchanged++;
                    continue;
                }
                if (!await access.CoversAsync(regionBefore, ct))
                {
                    errors.Add(Problem("region", $"该备案在{Regions.FullName(regionBefore)}，不属于您负责的地区（{own}），无权修改") with { OutsideRegion = true });
                    continue;
                }
                if (!await access.CoversAsync(target.RegionCode, ct))
                {
                    errors.Add(Problem("region", $"{Regions.Find(target.RegionCode)?.Name}不属于您负责的地区（{own}），无权将备案改到该地区") with { OutsideRegion = true });
                    continue;
                }
                if (merged.CreditCode is { } kept) byCredit[kept] = target.LegalEntity;
                plan.Items.Add(new ImportItem(p.Row, false, target.LegalEntity.Name, target.Number?.Value, Regions.FullName(target.RegionCode),
                    changes.Select(x => new ImportFieldChange(x.Field, x.Before, x.After)).ToList()));
                continue;
            }

            if (!await access.CoversAsync(d.RegionCode, ct))
            {
                errors.Add(Problem("region", $"{Regions.Find(d.RegionCode)?.Name}不属于您负责的地区（{own}），无权导入该地区的备案") with { OutsideRegion = true });
                continue;
            }
            var isNewBody = entity is null;
            entity ??= new LegalEntity(d.EntityName, d.CreditCode, d.Address, d.LegalRepresentative);
            Filing filing;
            try
            {
                filing = Filing.Create(entity, d, db.ActorName, db.Now, $"{fileName} 第{p.Row}行", "导入");
            }
            catch (DomainValidationException e)
            {
                foreach (var x in e.Errors) errors.Add(Error(p.Sheet, columns, x));
                continue;
            }
            if (isNewBody)
            {
                db.LegalEntities.Add(entity);
                Index(entity);
                if (d.CreditCode is { } newBodyCode) byCredit[newBodyCode] = entity;
                entityRows[entity] = p;
            }
            db.Filings.Add(filing);
            plan.Items.Add(new ImportItem(p.Row, true, d.EntityName, d.Number?.Value, Regions.FullName(d.RegionCode), []));
        }
        return plan;
    }

    /// <summary>The fields the file has a column for (a 备案期限 column gives both dates).</summary>
    private static HashSet<string> Present(Dictionary<int, string> columns)
    {
        var present = columns.Values.Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
        if (present.Contains("period")) present.UnionWith(["filedOn", "periodEnd"]);
        return present;
    }

    /// <summary>
    /// A registered filing as the row changes it: the file's columns replace the registry's values (an empty cell empties
    /// the field; an empty 状态 keeps the status, which cannot be empty); a column the file does not have keeps the
    /// registry's value, so that a list of names and numbers does not wipe out addresses or statuses. The row's region
    /// counts only from its own column, never from the import's default region.
    /// </summary>
    private static FilingDetails Merge(FilingDetails current, ParsedRow p, HashSet<string> present)
    {
        var d = p.Details;
        bool Has(string field) => present.Contains(field);
        return new FilingDetails(
            d.EntityName,
            Has("creditCode") ? d.CreditCode : current.CreditCode,
            Has("address") ? d.Address : current.Address,
            Has("legalRepresentative") ? d.LegalRepresentative : current.LegalRepresentative,
            d.Number ?? current.Number,
            Has("type") ? d.Type : current.Type,
            Has("supervision") ? d.Supervision : current.Supervision,
            Has("region") ? d.RegionCode : current.RegionCode,
            Has("filedOn") ? d.FiledOn : current.FiledOn,
            Has("periodEnd") ? d.PeriodEnd : current.PeriodEnd,
            Has("status") && !string.IsNullOrWhiteSpace(p.Input.Status) ? d.Status : current.Status,
            Has("scope") ? d.Scope : current.Scope,
            Has("notes") ? d.Notes : current.Notes);
    }

    private static Dictionary<int, string> MapHeader(SheetRow header, List<ImportError> errors, string? defaultRegion)
    {
        var map = new Dictionary<int, string>();
        for (var c = 0; c < header.Cells.Length; c++)
        {
            var h = (header.Cells[c] ?? "").Trim().Replace(" ", "").Replace("（", "(").Replace("）", ")");
            if (h.Length == 0) continue;
            if (!Headers.TryGetValue(h, out var field))
            {
                errors.Add(new ImportError(header.RowNumber, TabularReader.ColumnName(c), h, $"无法识别的列名。可用的列名：{string.Join("、", Headers.Keys)}"));
                continue;
            }
            if (field.Length == 0) continue;
            if (map.ContainsValue(field)) errors.Add(new ImportError(header.RowNumber, TabularReader.ColumnName(c), h, "与前面的列重复"));
            map[c] = field;
        }
        if (!map.ContainsValue("entityName")) errors.Add(new ImportError(header.RowNumber, "-", null, "缺少必需的列“机构名称”"));
        if (!map.ContainsValue("region") && string.IsNullOrWhiteSpace(defaultRegion))
            errors.Add(new ImportError(header.RowNumber, "-", null, "缺少必需的列“所在地区”（或在导入时指定默认地区）"));
        return map;
    }

    private static FilingInput? ToInput(SheetRow row, Dictionary<int, string> columns, string? defaultRegion, ref string? lastType, List<ImportError> errors)
    {
        string? Get(string field) => columns.Where(kv => kv.Value == field).Select(kv => kv.Key < row.Cells.Length ? row.Cells[kv.Key]?.Trim() : null).FirstOrDefault();
        var filedOn = Get("filedOn");
        var periodEnd = Get("periodEnd");
        if (Get("period") is { Length: > 0 } period)
        {
            // seed 004: "2020.4-2023.3" is the filing period, start to end.
            var parts = period.Split(['-', '—', '–', '至', '~'], 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                errors.Add(At(row, columns, "period", "备案期限应写作“起-止”，如 2020.4-2023.3"));
                return null;
            }
            filedOn ??= parts[0];
            periodEnd ??= parts[1];
        }
        // seed 001 附件1 merges the type cell over the rows of one type: an empty cell repeats the one above.
        // 未注明 (as the export writes a filing of no stated type) states that there is none.
        var type = Get("type");
        if (string.IsNullOrWhiteSpace(type)) type = lastType;
        else lastType = type;
        if (type == RegistryLabels.NotStated) type = null;
        return new FilingInput
        {
            EntityName = Get("entityName"),
            CreditCode = Get("creditCode"),
            Address = Get("address"),
            LegalRepresentative = Get("legalRepresentative"),
            FilingNumber = Get("filingNumber"),
            Type = type,
            Supervision = Get("supervision") is RegistryLabels.NotStated ? null : Get("supervision"),
            Region = string.IsNullOrWhiteSpace(Get("region")) ? defaultRegion : Get("region"),
            FiledOn = filedOn,
            PeriodEnd = periodEnd,
            Status = Get("status"),
            Scope = Get("scope"),
            Notes = Get("notes"),
        };
    }

    private static ImportError Error(SheetRow row, Dictionary<int, string> columns, DomainException e) => At(row, columns, e.Field, e.Message);

    /// <summary>A problem of a row's field, placed as the spreadsheet shows it: "C:备案号" and the cell's text.</summary>
    private static ImportError At(SheetRow row, Dictionary<int, string> columns, string field, string message)
    {
        var col = columns.FirstOrDefault(kv => kv.Value == field);
        // both dates of seed 004 come from its 备案期限 column
        if (col.Value is null && field is "filedOn" or "periodEnd") col = columns.FirstOrDefault(kv => kv.Value == "period");
        var header = col.Value == "period" ? "备案期限" : FilingInput.FieldLabels.GetValueOrDefault(field, field);
        var value = col.Value is null ? null : col.Key < row.Cells.Length ? row.Cells[col.Key] : null;
        var where = col.Value is null ? header : $"{TabularReader.ColumnName(col.Key)}:{header}";
        return new ImportError(row.RowNumber, where, value, message);
    }
}

/// <summary>
/// Writes filings as xlsx with the headers the import reads, every field the import reads, in the form it reads them
/// back: an export edited in Excel and imported again changes exactly the cells that were edited (docs/registry-import.md).
/// </summary>
public static class FilingExport
{
    public static readonly string[] Columns = ["序号", "机构名称", "统一社会信用代码", "备案号", "机构类型", "监管", "所在地区", "备案时间", "备案期限截止", "状态", "地址", "法定代表人", "职业范围", "备注"];

    public static void WriteXlsx(Stream output, IReadOnlyList<FilingExportRow> rows)
    {
        using var w = new XlsxWriter(output);
        var data = new List<IReadOnlyList<XCell>> { Columns.Select(c => new XCell(c, CellStyle.Header)).ToList() };
        var i = 0;
        foreach (var x in rows)
        {
            var r = x.Row;
            // 未注明 for a type not stated: an empty 机构类型 cell would repeat the one above when imported (seed 001 merges it)
            data.Add([++i, r.EntityName, x.CreditCode, r.Number, r.Type.Chinese(), r.Supervision?.Chinese(), r.RegionName, r.FiledOn, r.PeriodEnd, r.StatusLabel,
                x.Address, x.LegalRepresentative, x.Scope, x.Notes]);
        }
        w.AddSheet("备案机构", data, widths: [6, 36, 22, 16, 22, 8, 22, 12, 12, 12, 30, 12, 30, 30], frozenRows: 1);
    }
}

/// <summary>The words of an import's outcome, the same in the CLI, the page and the confirmation.</summary>
public static class FilingImportText
{
    /// <summary>"新增 2 条、修改 1 条备案，45 行与登记册相同" (a check: "将新增 …").</summary>
    public static string Summary(ImportReport r) =>
        $"{(r.DryRun ? "将" : "")}新增 {r.Created} 条、修改 {r.Changed} 条备案" + (r.Unchanged > 0 ? $"，{r.Unchanged} 行与登记册相同{(r.DryRun ? "，不会改动" : "，未改动")}" : "");

    /// <summary>"第3行 修改 某机构（Y000014090101）：地址 “甲” → “乙”；状态 “正常” → “暂停评价活动”".</summary>
    public static string Describe(ImportItem i) =>
        $"第{i.Row}行 {(i.IsNew ? "新增" : "修改")} {i.EntityName}{(i.Number is null ? "" : $"（{i.Number}）")}"
        + (i.IsNew ? $"，{i.RegionName}" : "：" + string.Join("；", i.Changes.Select(Change)));

    public static string Change(ImportFieldChange c) => $"{c.Field} {Quoted(c.Before)} → {Quoted(c.After)}";

    /// <summary>A value as the change line shows it: quoted, or （空） when there is none.</summary>
    private static string Quoted(string? v) => string.IsNullOrEmpty(v) ? "（空）" : $"“{v}”";
}
