using SkillsAudit.Data.Platform;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// One line of the statistics form, shaped like seed 001 附件2: 职业名称, 职业代码, 工种/职业方向, 批次, 人次 (组织认定),
/// 已发证人数 小计/初级/中级/高级/技师/高级技师, 领取补贴人数. 评价合格 is added (seed 000's tables report it, and the
/// pass rate is derived from it); it may be left empty when only certificates are known.
/// </summary>
public sealed record EntryLine
{
    public string? OccupationName { get; init; }
    public string? OccupationCode { get; init; }
    public string? Trade { get; init; }
    public long? Batches { get; init; }
    public long? Assessed { get; init; }
    public long? Passed { get; init; }
    public long? Certified { get; init; }
    public long? CertifiedL5 { get; init; }
    public long? CertifiedL4 { get; init; }
    public long? CertifiedL3 { get; init; }
    public long? CertifiedL2 { get; init; }
    public long? CertifiedL1 { get; init; }
    public long? SubsidyRecipients { get; init; }

    public bool IsBlank => string.IsNullOrWhiteSpace(OccupationName) && string.IsNullOrWhiteSpace(OccupationCode) && string.IsNullOrWhiteSpace(Trade)
        && Batches is null && Assessed is null && Passed is null && Certified is null && CertifiedL5 is null && CertifiedL4 is null
        && CertifiedL3 is null && CertifiedL2 is null && CertifiedL1 is null && SubsidyRecipients is null;
}

/// <summary>
/// One line of the form as typed: every cell as text, so that a figure that is not a whole number ("九十", "abc", "3.5")
/// is refused with its own text and kept in the form, never dropped as if the cell were empty.
/// </summary>
public sealed record EntryFormLine
{
    public string? OccupationName { get; init; }
    public string? OccupationCode { get; init; }
    public string? Trade { get; init; }
    public string? Batches { get; init; }
    public string? Assessed { get; init; }
    public string? Passed { get; init; }
    public string? Certified { get; init; }
    public string? CertifiedL5 { get; init; }
    public string? CertifiedL4 { get; init; }
    public string? CertifiedL3 { get; init; }
    public string? CertifiedL2 { get; init; }
    public string? CertifiedL1 { get; init; }
    public string? SubsidyRecipients { get; init; }

    /// <summary>A stored line, as the form shows it.</summary>
    public static EntryFormLine Of(EntryLine l) => new()
    {
        OccupationName = l.OccupationName, OccupationCode = l.OccupationCode, Trade = l.Trade, Batches = Text(l.Batches),
        Assessed = Text(l.Assessed), Passed = Text(l.Passed), Certified = Text(l.Certified), CertifiedL5 = Text(l.CertifiedL5),
        CertifiedL4 = Text(l.CertifiedL4), CertifiedL3 = Text(l.CertifiedL3), CertifiedL2 = Text(l.CertifiedL2),
        CertifiedL1 = Text(l.CertifiedL1), SubsidyRecipients = Text(l.SubsidyRecipients),
    };

    private static string? Text(long? v) => v?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The line's figures; each cell that is not a whole number (as <see cref="CellText.TryParseInteger"/> reads them:
    /// "1,333" and full-width digits are) adds an error naming the line and the field, with the text as typed.
    /// </summary>
    public EntryLine Parse(int line, List<EntryError> errors)
    {
        long? N(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var t = text.Trim();
            if (CellText.TryParseInteger(t, out var v)) return v;
            errors.Add(new(line, field, $"“{t}”不是整数"));
            return null;
        }
        return new EntryLine
        {
            OccupationName = OccupationName, OccupationCode = OccupationCode, Trade = Trade,
            Batches = N(Batches, "批次"), Assessed = N(Assessed, "人次"), Passed = N(Passed, "评价合格"), Certified = N(Certified, "已发证小计"),
            CertifiedL5 = N(CertifiedL5, "初级"), CertifiedL4 = N(CertifiedL4, "中级"), CertifiedL3 = N(CertifiedL3, "高级"),
            CertifiedL2 = N(CertifiedL2, "技师"), CertifiedL1 = N(CertifiedL1, "高级技师"), SubsidyRecipients = N(SubsidyRecipients, "领取补贴人数"),
        };
    }
}

public sealed record EntryError(int Line, string Field, string Message);

/// <summary>The form was refused as a whole (nothing saved); each error names its line (1-based, 0 for the form) and field.</summary>
public sealed class EntryRefusedException(IReadOnlyList<EntryError> errors)
    : InvalidInputException(string.Join("；", errors.Select(e => $"第{e.Line}行 {e.Field}：{e.Message}")))
{
    public IReadOnlyList<EntryError> Errors { get; } = errors;

    public override IReadOnlyList<InputError> InputErrors =>
        [.. Errors.Select(e => e.Line == 0 ? new InputError(e.Field, e.Message) : new InputError($"lines[{e.Line - 1}].{e.Field}", e.Message, e.Line))];
}

/// <summary>The statistics form: read and replace one filing's figures for one year. Body users only for their own filings.</summary>
public sealed class StatisticsEntry(AppDb db, SkillsAudit.Data.Access.AccessGuard access, SkillsAudit.Data.Features.Registry.FilingSearch search)
{
    /// <summary>
    /// The filing an officer types in the form's picker: its 备案号 or the body's name (FilingSearch.FilingIdAsync), which
    /// the officer may fill in. A name with several filings of which one is in the officer's region is that one; with none
    /// there, the refusal says whose they are. Refused (in Chinese) when unknown, ambiguous or of another region.
    /// </summary>
    public async Task<int> FindAsync(string typed, CancellationToken ct = default)
    {
        var k = (typed ?? "").Trim();
        int id;
        try
        {
            id = await search.FilingIdAsync(k, ct);
        }
        catch (DomainException)
        {
            var named = await db.Filings.AsNoTracking().Where(f => f.LegalEntity.Name == k).Select(f => new { f.Id, f.RegionCode }).ToListAsync(ct);
            var covered = new List<int>();
            foreach (var f in named) if (await access.CoversAsync(f.RegionCode, ct)) covered.Add(f.Id);
            if (covered.Count == 1) id = covered[0];
            else if (covered.Count == 0 && named.Count > 0)
            {
                var where = string.Join("、", named.Select(f => string.Concat(Regions.Path(f.RegionCode).Skip(1).Select(r => r.Name))).Where(n => n.Length > 0).Distinct());
                var mine = (await access.ActorAsync(ct)).RegionCode is { } code ? Regions.Find(code)?.Name ?? code : "全部地区";
                throw new ForbiddenException($"{k}属于{(where.Length > 0 ? where : "其他地区")}，不在您负责的地区（{mine}）");
            }
            else throw;
        }
        await RequireAsync(id, ct);
        return id;
    }

    /// <summary>The staff of the filing's region, or a body user bound to it; else 403/404 (AccessGuard).</summary>
    public Task RequireAsync(int filingId, CancellationToken ct = default) => access.FilingAsync(filingId, ownBody: true, ct);

    public async Task<IReadOnlyList<EntryLine>> GetAsync(int filingId, int year, CancellationToken ct = default)
    {
        await RequireAsync(filingId, ct);
        return await ReadAsync(filingId, year, ct);
    }

    private async Task<IReadOnlyList<EntryLine>> ReadAsync(int filingId, int year, CancellationToken ct) =>
        await db.StatisticsRecords.AsNoTracking().Where(r => r.FilingId == filingId && r.Year == year).OrderBy(r => r.OccupationKey)
            .Select(r => new EntryLine
            {
                OccupationName = r.OccupationName, OccupationCode = r.OccupationCode, Trade = r.Trade, Batches = r.Batches,
                Assessed = r.Assessed, Passed = r.Passed, Certified = r.Certified, CertifiedL5 = r.CertifiedL5, CertifiedL4 = r.CertifiedL4,
                CertifiedL3 = r.CertifiedL3, CertifiedL2 = r.CertifiedL2, CertifiedL1 = r.CertifiedL1, SubsidyRecipients = r.SubsidyRecipients,
            }).ToListAsync(ct);

    /// <summary>
    /// Replaces the filing's figures for the year with these lines, in one transaction (the replacement is in the audit
    /// log). Every problem is reported with its line and field, and nothing is written when there is any. Blank lines are
    /// ignored; a line with no occupation stands for the whole filing (the summary form of seed 000's annexes).
    /// </summary>
    public Task<int> SaveAsync(int filingId, int year, IReadOnlyList<EntryLine> lines, CancellationToken ct = default) =>
        SaveAsync(filingId, year, lines.Select(l => (l, (IReadOnlyList<EntryError>)[])).ToList(), ct);

    /// <summary>
    /// The form's lines as typed: a cell that is not a whole number refuses the whole form (nothing is saved), listed
    /// with every other problem of the form; it is never taken for an empty cell.
    /// </summary>
    public Task<int> SaveAsync(int filingId, int year, IReadOnlyList<EntryFormLine> lines, CancellationToken ct = default) =>
        SaveAsync(filingId, year, lines.Select((l, i) =>
        {
            var unreadable = new List<EntryError>();
            return (l.Parse(i + 1, unreadable), (IReadOnlyList<EntryError>)unreadable);
        }).ToList(), ct);

    private async Task<int> SaveAsync(int filingId, int year, IReadOnlyList<(EntryLine Entry, IReadOnlyList<EntryError> Unreadable)> lines, CancellationToken ct)
    {
        await RequireAsync(filingId, ct);
        var errors = new List<EntryError>();
        if (year is < 2000 or > 2100) errors.Add(new(0, "年度", $"年度 {year} 不在合理范围内"));
        if (!await db.Filings.AnyAsync(f => f.Id == filingId, ct)) errors.Add(new(0, "备案", "没有找到这项备案：可能已删除，或不在您的管辖范围内"));
        var records = new List<StatisticsRecord>();
        var keys = new Dictionary<string, int>();
        var filled = lines.Select((l, i) => (Line: i + 1, l.Entry, l.Unreadable)).Where(x => !x.Entry.IsBlank || x.Unreadable.Count > 0).ToList();
        foreach (var (n, l, unreadable) in filled)
        {
            var key = (l.OccupationCode ?? l.OccupationName ?? "").Trim();
            if (keys.TryGetValue(key, out var first)) errors.Add(new(n, "职业", key.Length == 0 ? $"与第{first}行重复：不填职业的整机构汇总只能有一行" : $"职业“{key}”与第{first}行重复"));
            else keys[key] = n;
            if (key.Length == 0 && filled.Count > 1) errors.Add(new(n, "职业名称", "多行填报时每行须填写职业名称或职业代码"));
            // a cell that is not a number: said as typed; the line's figures are not checked against each other without it
            errors.AddRange(unreadable);
            if (l.Assessed is null && !unreadable.Any(e => e.Field == "人次")) errors.Add(new(n, "人次", "须填写组织评价人次（未开展评价的职业填 0）"));
            // A negative figure is said with the unreadable ones, in the same round: each is wrong on its own.
            var negatives = new (string Field, long? Value)[]
            {
                ("批次", l.Batches), ("人次", l.Assessed), ("评价合格", l.Passed), ("已发证小计", l.Certified), ("初级", l.CertifiedL5), ("中级", l.CertifiedL4),
                ("高级", l.CertifiedL3), ("技师", l.CertifiedL2), ("高级技师", l.CertifiedL1), ("领取补贴人数", l.SubsidyRecipients),
            }.Where(v => v.Value < 0).ToList();
            foreach (var (field, value) in negatives) errors.Add(new(n, field, $"人数不能为负数（{value}）"));
            // The figures are checked against each other (passed and certified not above assessed, levels adding up)
            // only when every one of them could be read and none is negative: a comparison with a figure missing or
            // wrong would name the wrong cell. 批次 and 领取补贴人数 take part in no comparison.
            if (l.Assessed is null || negatives.Count > 0 || unreadable.Any(e => e.Field is not ("批次" or "领取补贴人数"))) continue;
            var levels = LevelCounts.Of(l.CertifiedL5, l.CertifiedL4, l.CertifiedL3, l.CertifiedL2, l.CertifiedL1);
            // 附件2 prints 小计 before the levels: when only the levels are filled, the subtotal is their sum.
            var certified = l.Certified ?? (levels.IsEmpty ? null : levels.Total.Value);
            var figures = StatisticsFigures.Of(l.Assessed.Value, l.Passed, null, certified, levels, l.Batches, l.SubsidyRecipients);
            // the validator's messages start with the scope given ("第2行："): the error names its line and field already
            var scope = $"第{n}行";
            foreach (var f in StatisticsValidator.Validate(figures, scope))
                errors.Add(new(n, f.Column ?? "", f.Message.StartsWith(scope + "：", StringComparison.Ordinal) ? f.Message[(scope.Length + 1)..].TrimEnd('。') : f.Message));
            var record = StatisticsRecord.From(filingId, year, key, figures);
            record.OccupationName = string.IsNullOrWhiteSpace(l.OccupationName) ? null : l.OccupationName.Trim();
            record.OccupationCode = string.IsNullOrWhiteSpace(l.OccupationCode) ? null : l.OccupationCode.Trim();
            record.Trade = string.IsNullOrWhiteSpace(l.Trade) ? null : l.Trade.Trim();
            record.Source = $"填报表 {db.ActorName} {db.Now.ToChinaMinutes()}";
            records.Add(record);
        }
        if (errors.Count > 0) throw new EntryRefusedException(errors);

        // One transaction, repeated whole on a transient fault (the rows are re-added to a cleared change tracker).
        return await db.InTransactionAsync(async t =>
        {
            var old = await db.StatisticsRecords.Where(r => r.FilingId == filingId && r.Year == year).ToListAsync(t);
            db.StatisticsRecords.RemoveRange(old);
            await db.SaveChangesAsync(t);
            db.StatisticsRecords.AddRange(records);
            await db.SaveChangesAsync(t);
            // The summaries read the per-filing-year rollup (docs/decisions/0005): rebuild it in the same transaction.
            await StatisticsRollups.RebuildAsync(db, [(filingId, year)], t);
            return records.Count;
        }, ct);
    }
}
