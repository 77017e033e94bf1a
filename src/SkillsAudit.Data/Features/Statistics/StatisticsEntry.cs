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
public sealed class StatisticsEntry(AppDb db, SkillsAudit.Data.Access.AccessGuard access)
{
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
    public async Task<int> SaveAsync(int filingId, int year, IReadOnlyList<EntryLine> lines, CancellationToken ct = default)
    {
        await RequireAsync(filingId, ct);
        var errors = new List<EntryError>();
        if (year is < 2000 or > 2100) errors.Add(new(0, "年度", $"年度 {year} 不在合理范围内"));
        if (!await db.Filings.AnyAsync(f => f.Id == filingId, ct)) errors.Add(new(0, "备案", $"没有编号为 {filingId} 的备案"));
        var records = new List<StatisticsRecord>();
        var keys = new Dictionary<string, int>();
        var filled = lines.Select((l, i) => (Line: i + 1, Entry: l)).Where(x => !x.Entry.IsBlank).ToList();
        foreach (var (n, l) in filled)
        {
            var key = (l.OccupationCode ?? l.OccupationName ?? "").Trim();
            if (keys.TryGetValue(key, out var first)) errors.Add(new(n, "职业", key.Length == 0 ? $"与第{first}行重复：不填职业的整机构汇总只能有一行" : $"职业“{key}”与第{first}行重复"));
            else keys[key] = n;
            if (key.Length == 0 && filled.Count > 1) errors.Add(new(n, "职业名称", "多行填报时每行须填写职业名称或职业代码"));
            if (l.Assessed is null) { errors.Add(new(n, "人次", "须填写组织评价人次（未开展评价的职业填 0）")); continue; }
            var negatives = new (string Field, long? Value)[]
            {
                ("批次", l.Batches), ("人次", l.Assessed), ("评价合格", l.Passed), ("已发证小计", l.Certified), ("初级", l.CertifiedL5), ("中级", l.CertifiedL4),
                ("高级", l.CertifiedL3), ("技师", l.CertifiedL2), ("高级技师", l.CertifiedL1), ("领取补贴人数", l.SubsidyRecipients),
            }.Where(v => v.Value < 0).ToList();
            foreach (var (field, value) in negatives) errors.Add(new(n, field, $"人数不能为负数（{value}）"));
            if (negatives.Count > 0) continue;
            var levels = LevelCounts.Of(l.CertifiedL5, l.CertifiedL4, l.CertifiedL3, l.CertifiedL2, l.CertifiedL1);
            // 附件2 prints 小计 before the levels: when only the levels are filled, the subtotal is their sum.
            var certified = l.Certified ?? (levels.IsEmpty ? null : levels.Total.Value);
            var figures = StatisticsFigures.Of(l.Assessed.Value, l.Passed, null, certified, levels, l.Batches, l.SubsidyRecipients);
            foreach (var f in StatisticsValidator.Validate(figures, $"第{n}行")) errors.Add(new(n, f.Column ?? "", f.Message));
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
