using SkillsAudit.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Accounts;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Files;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Audit;

public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string EntityType, string Kind, string EntityKey, string Action, string ActionName,
    string? ClientAddress, IReadOnlyList<FieldChange> Changes, string? Before, string? After);

/// <param name="From">First day, China time (inclusive).</param>
/// <param name="To">Last day, China time (inclusive).</param>
public sealed record AuditQuery(string? EntityType, string? Actor, string? EntityKey, DateOnly? From = null, DateOnly? To = null, int Page = 1, int PageSize = 50);

/// <summary>Browsing the audit log, for admins: the page, GET /api/audit and the xlsx export share it.</summary>
public sealed class AuditLogQuery(AppDb db, PersonNames persons, SkillsAudit.Data.Features.Rubrics.RubricLibrary rubrics)
{
    private static readonly TimeSpan China = ChinaTime.Offset;

    private IQueryable<AuditEntry> Filter(AuditQuery q)
    {
        var log = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.EntityType)) log = log.Where(a => a.EntityType == q.EntityType);
        if (!string.IsNullOrWhiteSpace(q.Actor)) log = log.Where(a => a.Actor == q.Actor.Trim() || (a.EntityType == "SignIn" && a.EntityKey == q.Actor.Trim()));
        if (!string.IsNullOrWhiteSpace(q.EntityKey)) log = log.Where(a => a.EntityKey == q.EntityKey.Trim());
        if (q.From is { } from)
        {
            var f = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), China);
            log = log.Where(a => a.At >= f);
        }
        if (q.To is { } to)
        {
            var t = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), China);
            log = log.Where(a => a.At < t);
        }
        return log;
    }

    /// <summary>
    /// Ids as people read them: an account id as its display name and user name, a role as its Chinese name, a
    /// rubric reference (id@version) as the rubric's title, actor ids through <see cref="PersonNames"/>.
    /// </summary>
    private sealed record Names(Dictionary<string, string> Ids, IReadOnlyDictionary<string, string> People, Dictionary<string, string> Filings)
    {
        /// <summary>A filing id (a binding's key, a record's 备案编号) as the body's name and 备案号.</summary>
        public string? Filing(string? v) => v is not null && Filings.TryGetValue(v, out var f) ? f : v;
        public string Person(string? actor) => PersonNames.Of(actor, People) is var n && actor is { } a && n != a && People.ContainsKey(a) ? $"{n}（{a}）" : PersonNames.Of(actor, People);
        public string? Value(string? v) => v is null ? null : Ids.TryGetValue(v, out var n) ? n : PersonNames.IsInternal(v) ? PersonNames.Of(v, People) : v;
    }

    private async Task<Names> NamesAsync(CancellationToken ct)
    {
        var people = await persons.DisplayNamesAsync(ct);
        var names = (await db.Users.AsNoTracking().Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct))
            .ToDictionary(u => u.Id, u => u.DisplayName is { Length: > 0 } d ? $"{d}（{u.UserName}）" : u.UserName ?? "已删除的账号");
        foreach (var r in await db.Roles.AsNoTracking().ToListAsync(ct)) names[r.Id] = Roles.Chinese(r.Name ?? r.Id);
        foreach (var r in await rubrics.ListAsync(allVersions: true, ct)) names[$"{r.Id}@{r.Version}"] = $"《{r.Title}》（第{r.Version}版）";
        var filings = (await db.Filings.AsNoTracking().Select(f => new { f.Id, f.LegalEntity.Name, f.Number }).ToListAsync(ct))
            .ToDictionary(f => f.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), f => f.Number is { } n ? $"{f.Name}（{n.Value}）" : f.Name);
        return new(names, people, filings);
    }

    private static AuditRow Row(AuditEntry a, Names names)
    {
        // A composite key ("<user id>,<filing id>") is shown part by part, each as a person reads it.
        // A binding's key is "<user id>,<filing id>"; a record's 备案编号 is a filing id.
        string Key(string? v) => v is null ? "" : string.Join(" · ", v.Split(',').Select((k, i) => a.EntityType == "UserFiling" && i == 1 ? names.Filing(k) : names.Value(k)));
        var filingField = AuditNames.Field("FilingId");
        var changes = AuditNames.Changes(a.EntityType, a.Before, a.After)
            .Select(c => c.Field == filingField ? c with { Before = names.Filing(c.Before), After = names.Filing(c.After) } : c with { Before = names.Value(c.Before), After = names.Value(c.After) }).ToList();
        return new(a.Id, a.At, names.Person(a.Actor), a.EntityType, AuditNames.Kind(a.EntityType), Key(a.EntityKey), a.Action, AuditNames.ActionName(a),
            a.ClientAddress, changes, a.Before, a.After);
    }

    public async Task<Paged<AuditRow>> RunAsync(AuditQuery q, CancellationToken ct = default)
    {
        var log = Filter(q);
        var page = Math.Max(1, q.Page);
        var size = Math.Clamp(q.PageSize, 1, 500);
        var total = await log.CountAsync(ct);
        var rows = await log.OrderByDescending(a => a.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        var names = await NamesAsync(ct);
        return new Paged<AuditRow>(rows.Select(r => Row(r, names)).ToList(), total, page, size);
    }

    public const int MaxExportRows = 100_000;

    /// <summary>The filtered entries as xlsx: one row per changed field, so the sheet filters and sorts.</summary>
    public async Task<byte[]> ExportAsync(AuditQuery q, CancellationToken ct = default)
    {
        var entries = await Filter(q).OrderByDescending(a => a.Id).Take(MaxExportRows).ToListAsync(ct);
        var names = await NamesAsync(ct);
        IEnumerable<IReadOnlyList<XCell>> Rows()
        {
            yield return new XCell[] { new("时间", CellStyle.Header), new("操作人", CellStyle.Header), new("客户端地址", CellStyle.Header), new("动作", CellStyle.Header),
                new("记录类别", CellStyle.Header), new("记录编号", CellStyle.Header), new("字段", CellStyle.Header), new("修改前", CellStyle.Header), new("修改后", CellStyle.Header) };
            foreach (var e in entries)
            {
                var r = Row(e, names);
                var at = e.At.ToOffset(China).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                if (r.Changes.Count == 0) yield return new XCell[] { at, r.Actor, r.ClientAddress, r.ActionName, r.Kind, r.EntityKey, null, null, null };
                foreach (var c in r.Changes) yield return new XCell[] { at, r.Actor, r.ClientAddress, r.ActionName, r.Kind, r.EntityKey, c.Field, c.Before, c.After };
            }
        }
        using var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms)) w.AddSheet("审计日志", Rows(), widths: [20, 16, 16, 16, 14, 16, 18, 40, 40], frozenRows: 1);
        return ms.ToArray();
    }

    /// <summary>The record kinds present in the log, with their Chinese names, for the filter.</summary>
    public async Task<List<(string Type, string Name)>> EntityTypesAsync(CancellationToken ct = default) =>
        (await db.AuditLog.AsNoTracking().Select(a => a.EntityType).Distinct().ToListAsync(ct))
            .Select(t => (t, AuditNames.Kind(t))).OrderBy(t => t.Item2, StringComparer.Ordinal).ToList();
}

public sealed record AuditPurgeInput(DateOnly? Before);

public static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").RequireAuthorization(Policies.Admin).WithTags("审计日志");
        api.MapGet("", async (string? entityType, string? actor, string? entityKey, DateOnly? from, DateOnly? to, int? page, int? pageSize, AuditLogQuery query) =>
                TypedResults.Ok(await query.RunAsync(new AuditQuery(entityType, actor, entityKey, from, to, page ?? 1, pageSize ?? 50))))
            .WithSummary("审计日志（管理员）：按操作人、记录类别、记录编号、日期筛选");
        api.MapGet("/export.xlsx", async (string? entityType, string? actor, string? entityKey, DateOnly? from, DateOnly? to, AuditLogQuery query) =>
                TypedResults.File(await query.ExportAsync(new AuditQuery(entityType, actor, entityKey, from, to)), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "审计日志.xlsx"))
            .ProducesFile(ApiDocumentation.Xlsx).WithSummary("导出筛选后的审计日志为 xlsx");
        api.MapPost("/purge", async Task<Results<Ok<AuditPurgeResult>, ValidationProblem>> (AuditPurgeInput input, AuditRetention retention) => 
        {
            if (input.Before is not { } before) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["before"] = ["请填写清理截止日期"] }, title: "输入有误");
            return TypedResults.Ok(await retention.PurgeAsync(before));
        }).WithSummary($"清理 {AuditRetention.MinimumMonths} 个月之前的审计日志（清理本身记入日志）");
    }
}
