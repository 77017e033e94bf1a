using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Registry;

/// <summary>
/// A filing as text, the way a form, a JSON body or a spreadsheet row carries it. <see cref="Parse"/> checks
/// every field and returns all the errors at once, each naming its field (the names are the JSON property names).
/// </summary>
public sealed record FilingInput
{
    public string? EntityName { get; init; }
    public string? CreditCode { get; init; }
    public string? Address { get; init; }
    public string? LegalRepresentative { get; init; }
    public string? FilingNumber { get; init; }
    public string? Type { get; init; }
    public string? Supervision { get; init; }
    /// <summary>A GB/T 2260 code or a region name (忻州市, 原平市).</summary>
    public string? Region { get; init; }
    public string? FiledOn { get; init; }
    public string? PeriodEnd { get; init; }
    public string? Status { get; init; }
    /// <summary>"4-03-02-01:5/4/3; 4-03-02-07" — an occupation code, optionally with the levels (5…1) it covers.</summary>
    public string? Scope { get; init; }
    public string? Notes { get; init; }

    /// <summary>The Chinese column header (as imports and forms label them) of each field.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldLabels = new Dictionary<string, string>
    {
        ["entityName"] = "机构名称",
        ["creditCode"] = "统一社会信用代码",
        ["address"] = "地址",
        ["legalRepresentative"] = "法定代表人",
        ["filingNumber"] = "备案号",
        ["type"] = "机构类型",
        ["supervision"] = "监管",
        ["region"] = "所在地区",
        ["filedOn"] = "备案时间",
        ["periodEnd"] = "备案期限截止",
        ["status"] = "状态",
        ["scope"] = "职业范围",
        ["notes"] = "备注",
    };

    public FilingDetails Parse()
    {
        var errors = new List<DomainException>();
        var name = (EntityName ?? "").Trim();
        if (name.Length == 0) errors.Add(new("entityName", "机构名称不能为空"));
        else if (name.Length > LegalEntity.MaxNameLength) errors.Add(new("entityName", $"机构名称不能超过{LegalEntity.MaxNameLength}个字符"));

        CreditCode? credit = null;
        if (!string.IsNullOrWhiteSpace(CreditCode))
        {
            if (Registry.CreditCode.TryParse(CreditCode, out var c, out var e)) credit = c;
            else errors.Add(new("creditCode", e!));
        }

        FilingNumber? number = null;
        if (!string.IsNullOrWhiteSpace(FilingNumber))
        {
            if (Registry.FilingNumber.TryParse(FilingNumber, out var n, out var e)) number = n;
            else errors.Add(new("filingNumber", e!));
        }

        FilingType? type = null;
        if (!string.IsNullOrWhiteSpace(Type))
        {
            if (RegistryLabels.TryParseType(Type, out var t)) type = t;
            else errors.Add(new("type", $"未知的机构类型“{Type.Trim()}”（应为 用人单位、职业院校 或 社会培训评价组织）"));
        }

        Supervision? supervision = null;
        if (!string.IsNullOrWhiteSpace(Supervision))
        {
            if (RegistryLabels.TryParseSupervision(Supervision, out var s)) supervision = s;
            else errors.Add(new("supervision", $"未知的监管类别“{Supervision.Trim()}”（应为 省属 或 市属）"));
        }

        var regionCode = "";
        if (string.IsNullOrWhiteSpace(Region)) errors.Add(new("region", "所在地区不能为空"));
        else if (Regions.Find(Region) is { } r) regionCode = r.Code;
        else errors.Add(new("region", $"未知的地区“{Region.Trim()}”（可填写行政区划代码或名称，如 140900 或 忻州市）"));

        PartialDate? filedOn = ParseDate(FiledOn, "filedOn", errors);
        PartialDate? periodEnd = ParseDate(PeriodEnd, "periodEnd", errors);

        var status = FilingStatus.Active;
        if (!string.IsNullOrWhiteSpace(Status))
        {
            if (RegistryLabels.TryParseStatus(Status, out var st)) status = st;
            else errors.Add(new("status", $"未知的状态“{Status.Trim()}”（应为 正常、未开展评价、暂停评价活动、终止备案 或 备案期满）"));
        }

        var scope = ParseScope(Scope, errors);

        if (errors.Count > 0) throw new DomainValidationException(errors);
        return new FilingDetails(name, credit, Clean(Address), Clean(LegalRepresentative), number, type, supervision, regionCode,
            filedOn, periodEnd, status, scope, Clean(Notes));
    }

    public static FilingInput From(FilingDetails d) => new()
    {
        EntityName = d.EntityName,
        CreditCode = d.CreditCode?.Value,
        Address = d.Address,
        LegalRepresentative = d.LegalRepresentative,
        FilingNumber = d.Number?.Value,
        Type = d.Type?.ToString(),
        Supervision = d.Supervision?.ToString(),
        Region = d.RegionCode,
        FiledOn = d.FiledOn?.ToIso(),
        PeriodEnd = d.PeriodEnd?.ToIso(),
        Status = d.Status.ToString(),
        Scope = FormatScope(d.Scope),
        Notes = d.Notes,
    };

    public static string? FormatScope(IReadOnlyList<ScopeEntry> scope) =>
        scope.Count == 0 ? null : string.Join("; ", scope.GroupBy(s => s.OccupationCode).OrderBy(g => g.Key)
            .Select(g => g.Any(s => s.Level is not null)
                ? g.Key + ":" + string.Join('/', g.Where(s => s.Level is not null).Select(s => (int)s.Level!.Value).OrderDescending())
                : g.Key));

    private static List<ScopeEntry> ParseScope(string? text, List<DomainException> errors)
    {
        var result = new List<ScopeEntry>();
        if (string.IsNullOrWhiteSpace(text)) return result;
        foreach (var part in text.Split([';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split([':', '：'], 2, StringSplitOptions.TrimEntries);
            var code = pieces[0];
            if (code.Length == 0) continue;
            if (pieces.Length == 1 || pieces[1].Length == 0)
            {
                result.Add(new ScopeEntry(code, null));
                continue;
            }
            foreach (var lv in pieces[1].Split(['/', ',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                if (Levels.TryParse(lv, out var level)) result.Add(new ScopeEntry(code, level));
                else errors.Add(new("scope", $"职业范围“{part}”中的等级“{lv}”无法识别（应为 5…1 或 初级…高级技师）"));
            }
        }
        return result;
    }

    private static PartialDate? ParseDate(string? text, string field, List<DomainException> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (PartialDate.TryParse(text, out var d)) return d;
        errors.Add(new(field, $"无法识别的日期“{text.Trim()}”（可写作 2020、2020.4、2020-04-15）"));
        return null;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
