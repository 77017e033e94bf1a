using SkillsAudit.Data.Platform;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Features.Registry;

/// <summary>One problem in an import: where (row as the spreadsheet numbers it, column header) and what.</summary>
public sealed record ImportError(int Row, string Column, string? Value, string Message)
{
    public override string ToString() => $"第{Row}行 [{Column}] “{Value}”：{Message}";
}

public sealed record ImportReport(string File, int Rows, int Created, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Imports filings from xlsx, xls or csv with Chinese headers as the seeds print them (seed 001 附件1:
/// 序号, 评价机构类型, 评价机构名称, 备案年度; seed 004 附件: 机构名称, 机构备案号, 备案期限). Every row is checked first;
/// if any row is wrong nothing is written and every problem is reported. Otherwise all rows are written in one
/// transaction. docs/registry-import.md lists the columns.
/// </summary>
public sealed class FilingImport(AppDb db, FilingHandlers handlers)
{
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

    public async Task<ImportReport> ImportAsync(Stream stream, string fileName, string? defaultRegion, IProgress<int>? progress, bool dryRun, CancellationToken ct = default)
    {
        var errors = new List<ImportError>();
        var parsed = new List<(int Row, FilingDetails Details)>();
        Dictionary<int, string>? columns = null;
        int headerRow = 0, rows = 0;
        string? lastType = null;
        try
        {
            foreach (var row in TabularReader.ReadRows(stream, fileName))
            {
                ct.ThrowIfCancellationRequested();
                if (row.IsEmpty) continue;
                if (columns is null)
                {
                    headerRow = row.RowNumber;
                    columns = MapHeader(row, errors, defaultRegion);
                    if (errors.Count > 0) return new ImportReport(fileName, 0, 0, errors);
                    continue;
                }
                rows++;
                if (rows % 500 == 0) progress?.Report(rows);
                var input = ToInput(row, columns, defaultRegion, ref lastType, errors);
                if (input is null) continue;
                try
                {
                    parsed.Add((row.RowNumber, input.Parse()));
                }
                catch (DomainValidationException e)
                {
                    foreach (var err in e.Errors) errors.Add(Error(row, columns, err));
                }
            }
        }
        catch (FileReadException e)
        {
            return new ImportReport(fileName, rows, 0, [new ImportError(0, "-", null, e.Message)]);
        }
        progress?.Report(rows);
        if (columns is null) return new ImportReport(fileName, 0, 0, [new ImportError(1, "-", null, "文件中没有表头行")]);

        // Rules across rows and against the store.
        var seen = new Dictionary<FilingNumber, int>();
        foreach (var (row, d) in parsed)
        {
            if (d.Number is not { } n) continue;
            if (seen.TryGetValue(n, out var first)) errors.Add(new ImportError(row, "备案号", n.Value, $"备案号与第{first}行重复"));
            else seen[n] = row;
        }
        var numbers = seen.Keys.ToList();
        var taken = await db.Filings.AsNoTracking().Where(f => f.Number != null && numbers.Contains(f.Number.Value))
            .Select(f => new { f.Number, f.LegalEntity.Name }).ToListAsync(ct);
        foreach (var t in taken) errors.Add(new ImportError(seen[t.Number!.Value], "备案号", t.Number.Value.Value, $"备案号已被登记册中的“{t.Name}”使用"));
        foreach (var (row, d) in parsed)
        {
            foreach (var e in await handlers.CheckScopeAsync(d.Scope, ct)) errors.Add(new ImportError(row, "职业范围", FilingInput.FormatScope(d.Scope), e.Message));
        }
        if (errors.Count > 0 || dryRun) return new ImportReport(fileName, rows, 0, errors.OrderBy(e => e.Row).ToList());

        // One transaction, repeated whole on a transient fault (it reads the entities it matches against itself).
        return await db.InTransactionAsync(t => WriteAsync(fileName, rows, parsed, t), ct);
    }

    private async Task<ImportReport> WriteAsync(string fileName, int rows, List<(int Row, FilingDetails Details)> parsed, CancellationToken ct)
    {
        var errors = new List<ImportError>();
        var entities = await db.LegalEntities.Include(e => e.Aliases).ToListAsync(ct);
        foreach (var (row, d) in parsed)
        {
            var matches = entities.Where(e => d.CreditCode is { } c ? e.CreditCode == c : e.IsKnownAs(d.EntityName)).ToList();
            if (matches.Count > 1)
            {
                errors.Add(new ImportError(row, "机构名称", d.EntityName, $"名称对应多个机构：{string.Join("、", matches.Select(m => m.Name))}，请填写统一社会信用代码"));
                continue;
            }
            var entity = matches.FirstOrDefault();
            if (entity is null)
            {
                entity = new LegalEntity(d.EntityName, d.CreditCode, d.Address, d.LegalRepresentative);
                entities.Add(entity);
                db.LegalEntities.Add(entity);
            }
            db.Filings.Add(Filing.Create(entity, d, db.ActorName, db.Now, $"{fileName} 第{row}行", "导入"));
        }
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear(); // nothing of a refused file stays tracked for a later save
            return new ImportReport(fileName, rows, 0, errors);
        }
        await db.SaveChangesAsync(ct);
        return new ImportReport(fileName, rows, parsed.Count, []);
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
                errors.Add(new ImportError(row.RowNumber, "备案期限", period, "备案期限应写作“起-止”，如 2020.4-2023.3"));
                return null;
            }
            filedOn ??= parts[0];
            periodEnd ??= parts[1];
        }
        // seed 001 附件1 merges the type cell over the rows of one type: an empty cell repeats the one above.
        var type = Get("type");
        if (string.IsNullOrWhiteSpace(type)) type = lastType;
        else lastType = type;
        return new FilingInput
        {
            EntityName = Get("entityName"),
            CreditCode = Get("creditCode"),
            Address = Get("address"),
            LegalRepresentative = Get("legalRepresentative"),
            FilingNumber = Get("filingNumber"),
            Type = type,
            Supervision = Get("supervision"),
            Region = string.IsNullOrWhiteSpace(Get("region")) ? defaultRegion : Get("region"),
            FiledOn = filedOn,
            PeriodEnd = periodEnd,
            Status = Get("status"),
            Scope = Get("scope"),
            Notes = Get("notes"),
        };
    }

    private static ImportError Error(SheetRow row, Dictionary<int, string> columns, DomainException e)
    {
        var col = columns.FirstOrDefault(kv => kv.Value == e.Field);
        var header = FilingInput.FieldLabels.GetValueOrDefault(e.Field, e.Field);
        var value = col.Value is null ? null : col.Key < row.Cells.Length ? row.Cells[col.Key] : null;
        var where = col.Value is null ? header : $"{TabularReader.ColumnName(col.Key)}:{header}";
        return new ImportError(row.RowNumber, where, value, e.Message);
    }
}

/// <summary>Writes filings as xlsx with the same headers the import reads, so an export can be edited and re-imported.</summary>
public static class FilingExport
{
    public static readonly string[] Columns = ["序号", "机构名称", "备案号", "机构类型", "监管", "所在地区", "备案时间", "备案期限截止", "状态"];

    public static void WriteXlsx(Stream output, IReadOnlyList<FilingRow> rows)
    {
        using var w = new XlsxWriter(output);
        var data = new List<IReadOnlyList<XCell>> { Columns.Select(c => new XCell(c, CellStyle.Header)).ToList() };
        var i = 0;
        foreach (var r in rows)
        {
            data.Add([++i, r.EntityName, r.Number, r.Type?.Chinese(), r.Supervision?.Chinese(), r.RegionName, r.FiledOn, r.PeriodEnd, r.StatusLabel]);
        }
        w.AddSheet("备案机构", data, widths: [6, 36, 16, 22, 8, 22, 12, 12, 12], frozenRows: 1);
    }
}
