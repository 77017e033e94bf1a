using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Registry;

/// <summary>One occupation (and level) a filing may assess. Level is null for 专项职业能力, which has no levels.</summary>
public sealed class FilingScopeItem
{
    public int Id { get; private set; }
    public int FilingId { get; private set; }
    public string OccupationCode { get; private set; } = "";
    public Level? Level { get; private set; }

    private FilingScopeItem() { }

    internal FilingScopeItem(string occupationCode, Level? level)
    {
        OccupationCode = occupationCode;
        Level = level;
    }
}

/// <summary>One field's change in a filing's history: who, when, before and after.</summary>
public sealed class FilingHistoryEntry
{
    public int Id { get; private set; }
    public int FilingId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string Actor { get; private set; } = "";
    /// <summary>What was done: 新建备案, 修改, 导入 … </summary>
    public string Action { get; private set; } = "";
    /// <summary>The Chinese label of the field, e.g. 地址; empty for an action with no single field.</summary>
    public string Field { get; private set; } = "";
    public string? Before { get; private set; }
    public string? After { get; private set; }

    /// <summary>The longest action the history stores (its column's length).</summary>
    public const int MaxActionLength = 50;

    private FilingHistoryEntry() { }

    internal FilingHistoryEntry(DateTimeOffset at, string actor, string action, string field, string? before, string? after)
    {
        At = at;
        Actor = actor;
        // An action names what was done and on what ground, and may carry a campaign's title (评估意见：…（{title}）): one
        // longer than the column is shortened with "…" here, on every database, rather than failing the whole decision
        // where the column's length is enforced (PostgreSQL) and being stored whole where it is not (SQLite).
        Action = action.Length <= MaxActionLength ? action : action[..(MaxActionLength - 1)] + "…";
        Field = field;
        Before = before;
        After = after;
    }
}

/// <summary>The facts of a filing, parsed and checked, as a form, the API or an import row gives them.</summary>
public sealed record FilingDetails(
    string EntityName,
    CreditCode? CreditCode,
    string? Address,
    string? LegalRepresentative,
    FilingNumber? Number,
    FilingType? Type,
    Supervision? Supervision,
    string RegionCode,
    PartialDate? FiledOn,
    PartialDate? PeriodEnd,
    FilingStatus Status,
    IReadOnlyList<ScopeEntry> Scope,
    string? Notes);

public readonly record struct ScopeEntry(string OccupationCode, Level? Level);

/// <summary>
/// A body's filing (备案) to assess. Facts a source does not state stay null and show as 未注明;
/// the type is not guessed from the name, nor the supervision from the number.
/// </summary>
public sealed class Filing
{
    public int Id { get; private set; }
    public int LegalEntityId { get; private set; }
    public LegalEntity LegalEntity { get; private set; } = null!;
    public FilingNumber? Number { get; private set; }
    public FilingType? Type { get; private set; }
    public Supervision? Supervision { get; private set; }
    public string RegionCode { get; private set; } = "";
    public PartialDate? FiledOn { get; private set; }
    public PartialDate? PeriodEnd { get; private set; }
    public FilingStatus Status { get; private set; }
    public string? Notes { get; private set; }

    /// <summary>Where the record came from, e.g. "seed 001 附件1 第8行"; null when entered by hand.</summary>
    public string? Source { get; private set; }

    /// <summary>Optimistic concurrency: incremented on every change, checked by the store.</summary>
    public int Version { get; private set; }

    private readonly List<FilingScopeItem> _scope = [];
    public IReadOnlyList<FilingScopeItem> Scope => _scope;

    private readonly List<FilingHistoryEntry> _history = [];
    public IReadOnlyList<FilingHistoryEntry> History => _history;

    private Filing() { }

    public static Filing Create(LegalEntity entity, FilingDetails details, string actor, DateTimeOffset at, string? source = null, string action = "新建备案")
    {
        Check(details);
        var filing = new Filing { LegalEntity = entity, Source = source };
        filing.Apply(details);
        filing._history.Add(new FilingHistoryEntry(at, actor, action, "", null, filing.Describe()));
        return filing;
    }

    /// <summary>
    /// Applies an edit and records every changed field, including those of the legal entity shown on the
    /// filing (name, credit code, address, legal representative). Returns the changes; none when nothing changed.
    /// </summary>
    public IReadOnlyList<FilingHistoryEntry> Edit(FilingDetails details, string actor, DateTimeOffset at, string action = "修改")
    {
        Check(details);
        var before = Snapshot();
        var oldName = LegalEntity.Name;
        // The former name's source, as people read it: the day in China and how (the history says who).
        if (details.EntityName != oldName)
            LegalEntity.Rename(details.EntityName, $"{at.ChinaDate():yyyy-MM-dd} " + (action == "修改" ? "编辑备案时修改" : action));
        LegalEntity.UpdateDetails(details.CreditCode, details.Address, details.LegalRepresentative);
        Apply(details);
        var after = Snapshot();
        var changes = new List<FilingHistoryEntry>();
        foreach (var (field, old) in before)
        {
            var now = after[field];
            if (old != now) changes.Add(new FilingHistoryEntry(at, actor, action, field, old, now));
        }
        if (changes.Count > 0)
        {
            _history.AddRange(changes);
            Version++;
        }
        return changes;
    }

    /// <summary>Changes the status alone, e.g. after a decision; recorded like any edit.</summary>
    public void ChangeStatus(FilingStatus status, string actor, DateTimeOffset at, string reason)
    {
        if (!Enum.IsDefined(status)) throw new DomainException("status", "备案状态无效");
        if (status == Status) return;
        _history.Add(new FilingHistoryEntry(at, actor, reason, "状态", Status.Chinese(), status.Chinese()));
        Status = status;
        Version++;
    }

    /// <summary>Has the filing period ended by this day? Null when the period's end is not stated.</summary>
    public bool? PeriodEndedBy(DateOnly day) => PeriodEnd is { } end ? end.Latest < day : null;

    public FilingDetails ToDetails() => new(
        LegalEntity.Name, LegalEntity.CreditCode, LegalEntity.Address, LegalEntity.LegalRepresentative,
        Number, Type, Supervision, RegionCode, FiledOn, PeriodEnd, Status,
        _scope.Select(s => new ScopeEntry(s.OccupationCode, s.Level)).ToList(), Notes);

    private void Apply(FilingDetails d)
    {
        Number = d.Number;
        Type = d.Type;
        Supervision = d.Supervision;
        RegionCode = d.RegionCode;
        FiledOn = d.FiledOn;
        PeriodEnd = d.PeriodEnd;
        Status = d.Status;
        Notes = string.IsNullOrWhiteSpace(d.Notes) ? null : d.Notes.Trim();
        var wanted = d.Scope.Distinct().ToHashSet();
        _scope.RemoveAll(s => !wanted.Contains(new ScopeEntry(s.OccupationCode, s.Level)));
        foreach (var s in wanted)
        {
            if (!_scope.Any(x => x.OccupationCode == s.OccupationCode && x.Level == s.Level)) _scope.Add(new FilingScopeItem(s.OccupationCode, s.Level));
        }
    }

    /// <summary>Rules that tie the facts together; single-field rules are checked when the input is parsed.</summary>
    private static void Check(FilingDetails d)
    {
        var errors = new List<DomainException>();
        if (d.Number is { } n && d.Type is { } t && !n.FitsType(t))
            errors.Add(new("filingNumber", $"备案号 {n} 以“{n.Prefix}”开头，与机构类型“{t.Chinese()}”不符（用人单位为 Y，院校和社会培训评价组织为 S）"));
        if (d.FiledOn is { } from && d.PeriodEnd is { } to && to.Latest < from.Earliest)
            errors.Add(new("periodEnd", $"备案期限截止 {to.ToChinese()} 早于备案时间 {from.ToChinese()}"));
        if (Regions.All.All(r => r.Code != d.RegionCode))
            errors.Add(new("region", $"未知的行政区划代码“{d.RegionCode}”"));
        // DOMAIN.md: digits 6–7 of the filing number are the province's code, for city- and province-filed numbers alike.
        else if (d.Number is { } num && d.RegionCode.Length >= 2 && num.ProvinceCode != d.RegionCode[..2])
        {
            var province = Regions.Find(d.RegionCode[..2] + "0000");
            var numbered = Regions.Find(num.ProvinceCode + "0000");
            errors.Add(new("filingNumber", $"备案号 {num} 第6-7位省级代码为“{num.ProvinceCode}”（{numbered?.Name ?? "未知省份"}），与所在地区“{Regions.FullName(d.RegionCode)}”所属的{province?.Name ?? "省份"}（{d.RegionCode[..2]}）不符"));
        }
        if (errors.Count > 0) throw new DomainValidationException(errors);
    }

    private Dictionary<string, string?> Snapshot() => new()
    {
        ["机构名称"] = LegalEntity.Name,
        ["统一社会信用代码"] = LegalEntity.CreditCode?.Value,
        ["地址"] = LegalEntity.Address,
        ["法定代表人"] = LegalEntity.LegalRepresentative,
        ["备案号"] = Number?.Value,
        ["机构类型"] = Type?.Chinese(),
        ["监管"] = Supervision?.Chinese(),
        ["所在地区"] = RegionCode.Length == 0 ? null : Regions.FullName(RegionCode),
        ["备案时间"] = FiledOn?.ToChinese(),
        ["备案期限截止"] = PeriodEnd?.ToChinese(),
        ["状态"] = Status == 0 ? null : Status.Chinese(),
        ["职业范围"] = _scope.Count == 0 ? null : string.Join("；", _scope.OrderBy(s => s.OccupationCode).ThenByDescending(s => s.Level).Select(s => s.Level is { } l ? $"{s.OccupationCode} {l.ShortName()}" : s.OccupationCode)),
        ["备注"] = Notes,
    };

    private string Describe() => string.Join("；", Snapshot().Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}：{kv.Value}"));
}
