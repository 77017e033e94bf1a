using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SkillsAudit.Data.Platform;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Features.Reviews;

/// <summary>
/// One bulk action of the campaign board (add, remove, remind, finalise or decide several targets), worked through
/// in steps so that the page can show progress. Kept in the database: every instance sees it, and a second one cannot
/// start while it runs.
/// </summary>
public sealed class BulkOperation
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    /// <summary>add | remove | remind | finalise | decide.</summary>
    public string Action { get; set; } = "";
    /// <summary>decide: another decision than the proposals (with the reason), or null to confirm them.</summary>
    public string? Kind { get; set; }
    public string Reason { get; set; } = "";
    public DateOnly? DecidedOn { get; set; }
    /// <summary>The chosen filings, comma-separated, in the order they are worked through.</summary>
    public string FilingIds { get; set; } = "";
    public int Total { get; set; }
    public int Done { get; set; }
    public int Succeeded { get; set; }
    /// <summary>One line per target skipped, with why.</summary>
    public string? Skipped { get; set; }
    public string StartedBy { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Error { get; set; }
}

internal sealed class BulkOperationConfiguration : IEntityTypeConfiguration<BulkOperation>
{
    public void Configure(EntityTypeBuilder<BulkOperation> b)
    {
        b.ToTable("BulkOperations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Action).HasMaxLength(20).IsRequired();
        b.Property(x => x.Kind).HasMaxLength(20);
        b.Property(x => x.Reason).HasMaxLength(1000).IsRequired();
        b.Property(x => x.FilingIds).IsRequired();
        b.Property(x => x.StartedBy).HasMaxLength(100).IsRequired();
        b.Property(x => x.Error).HasMaxLength(4000);
        b.HasIndex(x => x.CampaignId);
    }
}

public sealed record BulkInput(string? Action, IReadOnlyList<int>? FilingIds, string? Reason, string? Kind = null, DateOnly? DecidedOn = null);
public sealed record BulkOperationView(int Id, int CampaignId, string Action, string ActionName, int Total, int Done, int Succeeded, bool Finished, string? Error,
    IReadOnlyList<string> Skipped, string StartedBy, DateTimeOffset StartedAt);

/// <summary>
/// Starts and steps the board's bulk actions. Start refuses (409) while another bulk action of the same campaign is
/// running, on any instance (a database lock around the check, then the row itself); each step takes the same lock
/// without waiting, so the same step cannot run twice at once. A step that is refused records why and ends the action:
/// what was done before it stays done (each step is one transaction; 确认结果 one transaction per body, through its handler).
/// </summary>
public sealed class BoardOperations(AppDb db, CampaignHandlers campaigns, DecisionHandlers decisions, AssessmentHandlers assessments, Accounts.PersonNames people)
{
    /// <summary>Tests: runs just before a body's confirmation is saved (the assessment's id), so another officer's may land in between.</summary>
    internal Func<int, Task>? BeforeFinaliseSave { get; set; }

    /// <summary>An action not stepped for this long was abandoned (the page closed): another may start.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(10);

    private static readonly string[] Actions = ["add", "remove", "decide", "remind", "finalise"];

    public static string ActionName(string action) => action switch
    {
        "add" => "列入考核", "remove" => "移出考核", "decide" => "作出评估意见", "remind" => "提醒", "finalise" => "确认结果", _ => action,
    };

    /// <summary>Targets per step: confirming a result scores every expert sheet of the body, so fewer at a time (the bar moves).</summary>
    private static int ChunkOf(string action) => action switch { "decide" => 12, "finalise" => 6, _ => 16 };

    internal static async Task<BulkOperationView?> RunningViewAsync(AppDb db, int campaignId, CancellationToken ct)
    {
        var since = db.Now - Abandoned;
        var op = await db.BulkOperations.AsNoTracking().Where(o => o.CampaignId == campaignId && o.FinishedAt == null && o.UpdatedAt > since)
            .OrderByDescending(o => o.Id).FirstOrDefaultAsync(ct);
        return op is null ? null : View(op);
    }

    private static BulkOperationView View(BulkOperation o) => new(o.Id, o.CampaignId, o.Action, ActionName(o.Action), o.Total, o.Done, o.Succeeded, o.FinishedAt is not null, o.Error,
        string.IsNullOrEmpty(o.Skipped) ? [] : o.Skipped.Split('\n'), o.StartedBy, o.StartedAt);

    private static long LockKey(int campaignId) => DbLock.ForName($"campaign-board:{campaignId}");

    private async Task<DbLock> LockAsync(int campaignId, CancellationToken ct) =>
        await DbLock.AcquireAsync(db.Database.GetConnectionString()!, LockKey(campaignId), wait: false, ct: ct)
        ?? throw new ConflictException("该考核的批量操作正在处理中，请稍候再试。");

    public async Task<BulkOperationView> StartAsync(ReviewUser u, int campaignId, BulkInput input, CancellationToken ct = default)
    {
        var c = await campaigns.LoadVisibleAsync(u, campaignId, ct, tracking: false);
        ReviewAccess.RequireStaff(u, c);
        var action = (input.Action ?? "").Trim().ToLowerInvariant();
        var errors = new List<DomainException>();
        if (!Actions.Contains(action)) errors.Add(new("action", $"未知的批量操作“{input.Action}”：应为 add（列入考核）、remove（移出考核）、remind（提醒）、finalise（确认结果）或 decide（作出评估意见）"));
        var ids = (input.FilingIds ?? []).Distinct().ToList();
        if (ids.Count == 0) errors.Add(new("filingIds", "请至少选择一个机构"));
        var reason = (input.Reason ?? "").Trim();
        if (action is "add" or "remove" && reason.Length == 0) errors.Add(new("reason", $"{ActionName(action)}须说明理由"));
        if (action == "remind" && reason.Length == 0) errors.Add(new("reason", "请填写提醒的内容"));
        if (action == "decide" && !string.IsNullOrEmpty(input.Kind) && reason.Length == 0) errors.Add(new("reason", "改为其他评估意见须说明理由"));
        if (reason.Length > 1000) errors.Add(new("reason", "理由不能超过 1000 字"));
        var known = c.Targets.Select(t => t.FilingId).ToHashSet();
        if (action != "add" && ids.Where(id => !known.Contains(id)).ToList() is { Count: > 0 } strangers)
            errors.Add(new("filingIds", $"备案 {string.Join("、", strangers)} 不是本次考核的对象"));
        if (errors.Count > 0) throw new DomainValidationException(errors);
        await using var held = await LockAsync(campaignId, ct);
        if (await RunningViewAsync(db, campaignId, ct) is { } running)
            throw new ConflictException($"{await people.OfAsync(running.StartedBy, ct)} 于 {running.StartedAt.ToChina():HH:mm} 开始的“{running.ActionName}”尚未完成（{running.Done}/{running.Total}），请待其完成后再试。");
        var op = new BulkOperation
        {
            CampaignId = campaignId, Action = action, Kind = string.IsNullOrEmpty(input.Kind) ? null : input.Kind, Reason = reason, DecidedOn = input.DecidedOn,
            FilingIds = string.Join(",", ids), Total = ids.Count, StartedBy = u.UserName, StartedAt = db.Now, UpdatedAt = db.Now,
        };
        db.BulkOperations.Add(op);
        await db.SaveChangesAsync(ct);
        return View(op);
    }

    public async Task<BulkOperationView> GetAsync(ReviewUser u, int id, CancellationToken ct = default)
    {
        var op = await db.BulkOperations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("没有找到这次批量操作");
        var c = await campaigns.LoadVisibleAsync(u, op.CampaignId, ct, tracking: false);
        ReviewAccess.RequireStaff(u, c);
        return View(op);
    }

    /// <summary>Works through the next few targets of the action; finished when every target is done or a step is refused.</summary>
    public async Task<BulkOperationView> StepAsync(ReviewUser u, int id, CancellationToken ct = default)
    {
        var first = await GetAsync(u, id, ct);
        if (first.Finished) return first;
        await using var held = await LockAsync(first.CampaignId, ct);
        var op = await db.BulkOperations.FirstAsync(o => o.Id == id, ct);
        if (op.FinishedAt is not null) return View(op);
        var all = op.FilingIds.Split(',').Select(int.Parse).ToList();
        var chunk = all.Skip(op.Done).Take(ChunkOf(op.Action)).ToList();
        var skipped = new List<string>();
        var succeeded = 0;
        try
        {
            switch (op.Action)
            {
                case "add":
                case "remove":
                    await campaigns.SetTargetsAsync(u, op.CampaignId, chunk, op.Action == "add", op.Reason, ct);
                    succeeded = chunk.Count;
                    break;
                case "decide":
                    (succeeded, skipped) = await DecideAsync(u, op, chunk, ct);
                    break;
                case "finalise":
                    (succeeded, skipped) = await FinaliseAsync(u, op.CampaignId, chunk, ct);
                    break;
                default:
                    (succeeded, skipped) = await RemindAsync(op, chunk, ct);
                    break;
            }
        }
        catch (RefusalException e)
        {
            db.ChangeTracker.Clear();
            op = await db.BulkOperations.FirstAsync(o => o.Id == id, ct);
            op.Error = e is DomainValidationException v ? string.Join("；", v.Errors.Select(x => x.Message)) : e.Message;
            op.FinishedAt = db.Now;
            op.UpdatedAt = db.Now;
            await db.SaveChangesAsync(ct);
            return View(op);
        }
        op = await db.BulkOperations.FirstAsync(o => o.Id == id, ct);
        op.Done += chunk.Count;
        op.Succeeded += succeeded;
        if (skipped.Count > 0) op.Skipped = string.Join("\n", (string.IsNullOrEmpty(op.Skipped) ? [] : op.Skipped.Split('\n')).Concat(skipped));
        op.UpdatedAt = db.Now;
        if (op.Done >= op.Total) op.FinishedAt = db.Now;
        await db.SaveChangesAsync(ct);
        return View(op);
    }

    /// <summary>An in-app notification (and e-mail where configured) to the users of each body, with the officer's text.</summary>
    private async Task<(int, List<string>)> RemindAsync(BulkOperation op, List<int> chunk, CancellationToken ct)
    {
        var title = await db.Campaigns.Where(c => c.Id == op.CampaignId).Select(c => c.Title).FirstAsync(ct);
        var users = await Notifications.Notifier.BodyUsersAsync(db, chunk, ct);
        var facts = await db.Filings.AsNoTracking().Where(f => chunk.Contains(f.Id)).Select(f => new { f.Id, f.LegalEntity.Name }).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var assessments = await db.Assessments.AsNoTracking().Where(a => a.CampaignId == op.CampaignId && chunk.Contains(a.FilingId)).Select(a => new { a.FilingId, a.Id }).ToDictionaryAsync(a => a.FilingId, a => a.Id, ct);
        var skipped = new List<string>();
        var reached = 0;
        foreach (var f in chunk)
        {
            if (!users[f].Any()) { skipped.Add($"{facts.GetValueOrDefault(f)}：没有机构用户账号，未能提醒"); continue; }
            Notifications.Notifier.Add(db, users[f], Notifications.NotificationKinds.Reminder, $"{title}：工作提醒", op.Reason,
                assessments.TryGetValue(f, out var aid) ? $"/Reviews/Assessment/{aid}" : $"/Reviews/Campaign/{op.CampaignId}");
            reached++;
        }
        await db.SaveChangesAsync(ct);
        return (reached, skipped);
    }

    /// <summary>
    /// Confirms each body's result through the single page's handler (AssessmentHandlers.FinaliseAsync: the region check,
    /// the rules, the lock and signature, the notices, one transaction per body). A body it refuses (no submitted expert
    /// sheet, one still in draft, already confirmed, the campaign over) is skipped with the refusal; a body another officer
    /// confirmed meanwhile is skipped as confirmed, whoever won. Not being allowed at all (region) ends the action.
    /// </summary>
    private async Task<(int, List<string>)> FinaliseAsync(ReviewUser u, int campaignId, List<int> chunk, CancellationToken ct)
    {
        var found = await db.Assessments.AsNoTracking().Where(a => a.CampaignId == campaignId && chunk.Contains(a.FilingId))
            .Select(a => new { a.FilingId, a.Id }).ToDictionaryAsync(a => a.FilingId, a => a.Id, ct);
        var names = await db.Filings.AsNoTracking().Where(f => chunk.Contains(f.Id)).Select(f => new { f.Id, f.LegalEntity.Name }).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var excluded = (await campaigns.LoadAsync(campaignId, ct, tracking: false)).Targets.Where(t => !t.Included).Select(t => t.FilingId).ToHashSet();
        var skipped = new List<string>();
        var confirmed = 0;
        foreach (var f in chunk)
        {
            var name = names.GetValueOrDefault(f) ?? "";
            if (excluded.Contains(f)) { skipped.Add($"{name}：已移出本次考核，不确认结果"); continue; }
            if (!found.TryGetValue(f, out var aid)) { skipped.Add($"{name}：尚无评审记录（考核开始后才有）"); continue; }
            try
            {
                await assessments.FinaliseAsync(u, aid, null, BeforeFinaliseSave is { } hook ? () => hook(aid) : null, ct);
                confirmed++;
            }
            catch (InvalidInputException e)
            {
                skipped.Add($"{name}：{e.Message}");
            }
            catch (ConflictException e)
            {
                // Saved by someone else between this reading and saving: confirmed by another officer (say who and when),
                // or changed otherwise (the handler's message).
                db.ChangeTracker.Clear();
                var now = await db.Assessments.AsNoTracking().Where(a => a.Id == aid).Select(a => new { a.FinalisedBy, a.FinalisedAt }).FirstAsync(ct);
                skipped.Add(now.FinalisedAt is { } at
                    ? $"{name}：已由 {await people.OfAsync(now.FinalisedBy, ct)} 于 {at.ToChinaMinutes()} 确认结果"
                    : $"{name}：{e.Message}");
            }
            finally
            {
                // Each body is its own transaction: nothing of one (a refused or lost save) is carried into the next.
                db.ChangeTracker.Clear();
            }
        }
        return (confirmed, skipped);
    }

    private async Task<(int, List<string>)> DecideAsync(ReviewUser u, BulkOperation op, List<int> chunk, CancellationToken ct)
    {
        // A step repeated after a crash finds some already decided: skipped, not a conflict.
        var done = await db.ReviewDecisions.AsNoTracking().Where(d => d.CampaignId == op.CampaignId && d.Round == 0 && chunk.Contains(d.FilingId)).Select(d => d.FilingId).ToListAsync(ct);
        var rest = chunk.Except(done).ToList();
        var skipped = new List<string>();
        if (done.Count > 0)
        {
            var names = await db.Filings.AsNoTracking().Where(f => done.Contains(f.Id)).Select(f => f.LegalEntity.Name).ToListAsync(ct);
            skipped.AddRange(names.Select(n => $"{n}：已作出评估意见"));
        }
        if (rest.Count == 0) return (0, skipped);
        var result = await decisions.DecideAsync(u, op.CampaignId, new DecideRequest
        {
            FilingIds = rest, DecidedOn = op.DecidedOn,
            Choices = op.Kind is null ? null : rest.Select(f => new DecisionChoice(f, op.Kind, op.Reason)).ToList(),
        }, ct);
        skipped.AddRange(result.Skipped.Select(s => $"{s.BodyName}：{s.Reason}"));
        return (result.Decided.Count, skipped);
    }
}
