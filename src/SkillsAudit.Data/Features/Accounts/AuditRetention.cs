using SkillsAudit.Data.Platform;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Features.Accounts;

public sealed record AuditPurgeResult(DateOnly Before, int Deleted);

/// <summary>
/// Audit entries are kept for at least 6 months (MLPS 2.0 level 2: 审计记录留存不少于六个月); only an admin purges
/// older ones, and the purge itself is logged.
/// </summary>
public sealed class AuditRetention(AppDb db, IActor actor)
{
    public const int MinimumMonths = 6;

    /// <summary>The latest date a purge may use: entries on or after it are within the retention period.</summary>
    public DateOnly EarliestKept() => db.Now.ChinaDate().AddMonths(-MinimumMonths);

    public async Task<int> CountBeforeAsync(DateOnly before, CancellationToken ct = default)
    {
        var cutoff = Cutoff(before);
        return await db.AuditLog.CountAsync(a => a.At < cutoff, ct);
    }

    private static DateTimeOffset Cutoff(DateOnly before) => new(before.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset);

    /// <summary>Deletes the entries before <paramref name="before"/> (China time); refused within the 6-month retention period.</summary>
    public async Task<AuditPurgeResult> PurgeAsync(DateOnly before, CancellationToken ct = default)
    {
        var limit = EarliestKept();
        if (before > limit)
            throw new DomainException("before", $"审计日志须保存不少于 {MinimumMonths} 个月：只能清理 {limit:yyyy-MM-dd} 之前的记录");
        var cutoff = Cutoff(before);
        var deleted = await db.InTransactionAsync(async t =>
        {
            var count = await db.AuditLog.Where(a => a.At < cutoff).ExecuteDeleteAsync(t);
            db.AuditLog.Add(new AuditEntry
            {
                At = db.Now, Actor = db.ActorName, EntityType = "AuditLog", EntityKey = before.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Action = "Deleted", Operation = "清理审计日志",
                After = AccountHandlers.Json(new Dictionary<string, string> { ["清理截止日期"] = before.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["删除条数"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
                ClientAddress = (actor as IClientAddress)?.ClientAddress,
            });
            await db.SaveChangesAsync(t);
            return count;
        }, ct);
        return new AuditPurgeResult(before, deleted);
    }
}
