using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Audit;

public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string EntityType, string EntityKey, string Action, string? Before, string? After);

public sealed record AuditQuery(string? EntityType, string? Actor, string? EntityKey, int Page = 1, int PageSize = 50);

/// <summary>Browsing the audit log, for admins: the page and GET /api/audit share it.</summary>
public sealed class AuditLogQuery(AppDb db)
{
    public async Task<Paged<AuditRow>> RunAsync(AuditQuery q, CancellationToken ct = default)
    {
        var log = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.EntityType)) log = log.Where(a => a.EntityType == q.EntityType);
        if (!string.IsNullOrWhiteSpace(q.Actor)) log = log.Where(a => a.Actor == q.Actor);
        if (!string.IsNullOrWhiteSpace(q.EntityKey)) log = log.Where(a => a.EntityKey == q.EntityKey);
        var page = Math.Max(1, q.Page);
        var size = Math.Clamp(q.PageSize, 1, 500);
        var total = await log.CountAsync(ct);
        var rows = await log.OrderByDescending(a => a.Id).Skip((page - 1) * size).Take(size)
            .Select(a => new AuditRow(a.Id, a.At, a.Actor, a.EntityType, a.EntityKey, a.Action, a.Before, a.After)).ToListAsync(ct);
        return new Paged<AuditRow>(rows, total, page, size);
    }

    public Task<List<string>> EntityTypesAsync(CancellationToken ct = default) =>
        db.AuditLog.AsNoTracking().Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
}

public static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", async (string? entityType, string? actor, string? entityKey, int? page, int? pageSize, AuditLogQuery query) =>
                Results.Ok(await query.RunAsync(new AuditQuery(entityType, actor, entityKey, page ?? 1, pageSize ?? 50))))
            .RequireAuthorization(Policies.Admin)
            .WithTags("审计日志")
            .WithSummary("审计日志（管理员）");
    }
}
