using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Platform;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Data.Features.Rules;

public sealed record ChangeUpload(AttachmentKind Kind, string FileName, byte[] Content);

public sealed record ChangeAttachmentView(int Id, AttachmentKind Kind, string KindName, string Sha256, string OriginalName, string MediaType, long Size);

public sealed record ChangeRequestView(
    int Id, int FilingId, string? FilingNumber, string BodyName, ChangeKind Kind, string KindName, string? CurrentValue, string RequestedValue,
    string? Reason, ChangeState State, string StateName, string SubmittedBy, DateTimeOffset SubmittedAt, string? DecidedBy, DateTimeOffset? DecidedAt,
    string? DecisionReason, IReadOnlyList<ChangeAttachmentView> Attachments, DateTimeOffset? WithdrawnAt = null);

/// <summary>
/// 法人及备案信息变更 (seed 003 第五章): submitted with the attachments 第二十二条 requires, decided by the service centre
/// (第二十一条), and on approval applied to the registry through <see cref="Filing.Edit"/> so that the history and
/// the former names are kept; reported by quarter (第二十一条 按季度报备).
/// </summary>
public sealed class ChangeHandlers(AppDb db, EvidenceStore store, SkillsAudit.Data.Access.AccessGuard access, Accounts.PersonNames persons)
{
    public async Task<int> SubmitAsync(int filingId, ChangeKind kind, string? requestedValue, string? reason, IReadOnlyList<ChangeUpload> files, CancellationToken ct = default)
    {
        await access.FilingAsync(filingId, ownBody: true, ct); // the filing's region's staff, or the body bound to it
        var filing = await db.Filings.Include(f => f.LegalEntity).FirstOrDefaultAsync(f => f.Id == filingId, ct)
            ?? throw new DomainException("filingId", "没有找到这项备案：可能已删除，或不在您的管辖范围内");
        if (!Enum.IsDefined(kind)) throw new DomainException("kind", "变更类型无效（法人 / 名称 / 地址）");
        // Said before anything else: while one of this kind is pending, nothing typed here could be submitted.
        await RefuseWhilePendingAsync(filingId, kind, ct);
        // Every problem at once (the value, the reason, each missing or unreadable attachment), so that the form can say
        // all of them next to their fields; nothing is stored before all pass.
        var errors = new List<DomainException>();
        var value = (requestedValue ?? "").Trim();
        if (value.Length == 0) errors.Add(new("requestedValue", "请填写变更后的内容"));
        // The registry's own limit for the field, so that an accepted request can always be approved.
        else if (value.Length > ChangeRules.MaxLength(kind))
            errors.Add(new("requestedValue", $"{ChangeRules.Chinese(kind)}：变更后的内容不能超过 {ChangeRules.MaxLength(kind)} 个字符（现为 {value.Length} 个）"));
        // 第二十二条: the required attachments, each named when missing.
        errors.AddRange(ChangeRules.AttachmentProblems(kind, filing.Type, files.Select(f => f.Kind), reason, filing.RegionCode));
        foreach (var f in files)
        {
            if (EvidenceStore.Sniff(f.Content) is null)
                errors.Add(new(ChangeRules.AttachmentField(f.Kind), $"附件“{Path.GetFileName(f.FileName)}”（{ChangeRules.Chinese(f.Kind)}）不是 PDF、PNG 或 JPEG，未保存"));
        }
        if (errors.Count > 0) throw new DomainValidationException(errors);
        var today = CampaignHandlers.Today(db);
        var name = filing.LegalEntity.Name;
        var current = Current(filing, kind);
        return await db.InTransactionAsync(async t =>
        {
            // Two submissions at once (two servers, a double click): the second waits here, then finds the first pending.
            await PendingRequests.LockAsync(db, LockKey(filingId, kind), t);
            await RefuseWhilePendingAsync(filingId, kind, t);
            var request = new ChangeRequest
            {
                FilingId = filingId, Kind = kind, RequestedValue = value, Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
                CurrentValue = current, SubmittedBy = db.ActorName, SubmittedAt = db.Now,
            };
            foreach (var f in files)
            {
                var stored = await store.StoreAsync(new MemoryStream(f.Content), f.FileName, t);
                request.Attachments.Add(new ChangeAttachment
                {
                    Kind = f.Kind, Sha256 = stored.Sha256, OriginalName = Path.GetFileName(f.FileName), MediaType = stored.MediaType, Size = stored.Size,
                    KeepUntil = Retention.KeepUntil(today, electronic: true), // 第二十条: 电子材料不少于5年
                });
            }
            db.ChangeRequests.Add(request);
            var (title, text) = SubmittedNotice(name, kind, value);
            Notifications.Notifier.Add(db, await Notifications.Notifier.OfficersAsync(db, filing.RegionCode, t), Notifications.NotificationKinds.ChangeSubmitted, title, text, "/Rules/Changes");
            await db.SaveChangesAsync(t);
            return request.Id;
        }, ct);
    }

    /// <summary>The lock of one filing's requests of one kind: submitting, deciding and withdrawing them take it in turn.</summary>
    private static string LockKey(int filingId, ChangeKind kind) => $"change-request:{filingId}:{(int)kind}";

    /// <summary>
    /// One pending request of a kind per filing: a second is refused (409), naming the first by kind and date. The system's
    /// rule, not the seed's (seed 003 第二十一条 says only that the service centre 受理 the changes): two pending requests of
    /// one kind would ask the centre to choose between them.
    /// </summary>
    private async Task RefuseWhilePendingAsync(int filingId, ChangeKind kind, CancellationToken ct)
    {
        var pending = await db.ChangeRequests.AsNoTracking().Where(r => r.FilingId == filingId && r.Kind == kind && r.State == ChangeState.Submitted)
            .OrderBy(r => r.Id).FirstOrDefaultAsync(ct);
        if (pending is not null) throw pending.StillPending();
    }

    /// <summary>
    /// 撤回: the body takes back its own pending request (then no longer decidable), so that it can correct and submit again.
    /// Only the body user bound to the filing (<see cref="PendingRequests.RequireOwnBodyAsync"/>); a decided or already
    /// withdrawn request is refused in words (<see cref="DecidedOnce.Withdraw"/>). The officers' "请审核" notices of it are
    /// marked read (nothing is left to do) and those officers are told that the body withdrew it
    /// (<see cref="PendingRequests.NotifyWithdrawnAsync"/>); the audit entry reads 撤回变更申请. One transaction, under the lock that
    /// submissions and decisions of the same kind take, so that a withdrawal and a decision at once do not both pass.
    /// </summary>
    public async Task<string> WithdrawAsync(int id, CancellationToken ct = default)
    {
        var found = await db.ChangeRequests.AsNoTracking().Where(x => x.Id == id)
            .Join(db.Filings, r => r.FilingId, f => f.Id, (r, f) => new { r.FilingId, r.Kind, f.RegionCode, f.LegalEntity.Name }).FirstOrDefaultAsync(ct);
        await PendingRequests.RequireOwnBodyAsync(access, found?.FilingId, found?.RegionCode, "变更申请", ct);
        return await db.InTransactionAsync(async t =>
        {
            await PendingRequests.LockAsync(db, LockKey(found!.FilingId, found.Kind), t);
            var r = await db.ChangeRequests.FirstAsync(x => x.Id == id, t);
            r.Withdraw(db.ActorName, db.Now);
            await PendingRequests.NotifyWithdrawnAsync(db, Notifications.NotificationKinds.ChangeSubmitted, SubmittedNotice(found.Name, r.Kind, r.RequestedValue), r.SubmittedAt,
                found.RegionCode, Notifications.NotificationKinds.ChangeWithdrawn, $"{found.Name}撤回了{r.Described()}",
                $"{found.Name}撤回了{r.Described()}（变更后：{r.RequestedValue}），无需审核。", WithdrawnLink(id), t);
            db.Operation = "撤回变更申请";
            try { await db.SaveChangesAsync(t); } finally { db.Operation = null; }
            return r.Described();
        }, ct);
    }

    /// <summary>Where the officers' notice of a withdrawal leads: the request's row in their list (it reads 已撤回 there).</summary>
    public static string WithdrawnLink(int id) => $"/Rules/Changes#change-{id}";

    /// <summary>The officers' notice of a submitted request (title, text): written at submission, found again at the decision.</summary>
    private static (string Title, string Text) SubmittedNotice(string bodyName, ChangeKind kind, string value) =>
        ($"{bodyName} 提交了{ChangeRules.Chinese(kind)}申请", $"变更后：{value}。请审核。");

    private static string? Current(Filing f, ChangeKind kind) => kind switch
    {
        ChangeKind.LegalPerson => f.LegalEntity.LegalRepresentative,
        ChangeKind.Name => f.LegalEntity.Name,
        ChangeKind.Address => f.LegalEntity.Address,
        _ => null,
    };

    /// <summary>Approves and applies the change to the registry (history entries, former name kept as an alias).</summary>
    /// <summary>
    /// The filings a signed-in user may file changes for (seed 003 第二十二条 机构…变更…需提供相应材料): staff any filing,
    /// a body user only the filings bound to them (UserFilings); null means "any".
    /// </summary>
    public async Task<IReadOnlySet<int>?> OwnFilingsAsync(string? userName, bool isStaff, CancellationToken ct = default)
    {
        if (isStaff) return null;
        var uid = await db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (uid is null) return new HashSet<int>();
        return (await db.UserFilings.AsNoTracking().Where(f => f.UserId == uid).Select(f => f.FilingId).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>The filings (id, number, name, region) a body user is bound to, for the submission form.</summary>
    public async Task<IReadOnlyList<(int Id, string? Number, string Name, string RegionCode)>> FilingChoicesAsync(IReadOnlySet<int> own, CancellationToken ct = default)
    {
        var ids = own.ToList();
        var rows = await db.Filings.AsNoTracking().Where(f => ids.Contains(f.Id)).Select(f => new { f.Id, f.Number, f.LegalEntity.Name, f.RegionCode }).ToListAsync(ct);
        return rows.OrderBy(r => r.Id).Select(r => (r.Id, r.Number?.Value, r.Name, r.RegionCode)).ToList();
    }

    public Task ApproveAsync(int id, string? note, CancellationToken ct = default) => db.InTransactionAsync(async t =>
    {
        var request = await Pending(id, t);
        var filing = await db.Filings.Include(f => f.LegalEntity).ThenInclude(e => e.Aliases).Include(f => f.Scope).AsSplitQuery()
            .FirstAsync(f => f.Id == request.FilingId, t);
        var d = filing.ToDetails();
        d = request.Kind switch
        {
            ChangeKind.LegalPerson => d with { LegalRepresentative = request.RequestedValue },
            ChangeKind.Name => d with { EntityName = request.RequestedValue },
            ChangeKind.Address => d with { Address = request.RequestedValue },
            _ => d,
        };
        if (request.Kind == ChangeKind.Name && await db.LegalEntities.AnyAsync(e => e.Id != filing.LegalEntityId && e.Name == request.RequestedValue, t))
            throw new DomainException("requestedValue", $"名称“{request.RequestedValue}”已属于另一个机构");
        var submittedAs = filing.LegalEntity.Name; // the name its "请审核" notices carry (before a name change renames it)
        filing.Edit(d, db.ActorName, db.Now, $"{ChangeRules.Chinese(request.Kind)}（依变更申请，{ManagementRules.Cite(filing.RegionCode, "第二十二条")}）");
        request.Approve(note, db.ActorName, db.Now);
        await NotifyDecidedAsync(request, submittedAs, t);
        await db.SaveChangesAsync(t);
    }, ct);

    public async Task RejectAsync(int id, string? reason, CancellationToken ct = default)
    {
        DecidedOnce.RequireRejectionReason(reason);
        await db.InTransactionAsync(async t =>
        {
            var request = await Pending(id, t);
            request.Reject(reason, db.ActorName, db.Now);
            await NotifyDecidedAsync(request, await db.Filings.Where(f => f.Id == request.FilingId).Select(f => f.LegalEntity.Name).FirstAsync(t), t);
            await db.SaveChangesAsync(t);
        }, ct);
    }

    /// <summary>
    /// The body's users learn the decision, and the officers' "请审核" notices of the request are marked read: whoever of
    /// them decided it, the task is done (both in the decision's transaction).
    /// </summary>
    private async Task NotifyDecidedAsync(ChangeRequest r, string submittedAs, CancellationToken ct)
    {
        var (title, text) = SubmittedNotice(submittedAs, r.Kind, r.RequestedValue);
        foreach (var n in await db.Notifications.Where(n => n.Kind == Notifications.NotificationKinds.ChangeSubmitted && n.ReadAt == null && n.Title == title && n.Text == text).ToListAsync(ct))
            n.ReadAt = db.Now;
        var users = await Notifications.Notifier.BodyUsersAsync(db, r.FilingId, ct);
        Notifications.Notifier.Add(db, users, Notifications.NotificationKinds.ChangeDecided, $"{ChangeRules.Chinese(r.Kind)}申请{ChangeRules.Chinese(r.State)}",
            $"您提交的{ChangeRules.Chinese(r.Kind)}申请（变更后：{r.RequestedValue}）{ChangeRules.Chinese(r.State)}。" + (r.DecisionReason is { } why ? $"意见：{why}" : ""), "/Body/Changes");
    }

    private async Task<ChangeRequest> Pending(int id, CancellationToken ct)
    {
        // Asked first: another region's request is not confirmed to exist.
        var region = await db.ChangeRequests.AsNoTracking().Where(x => x.Id == id)
            .Join(db.Filings, r => r.FilingId, f => f.Id, (r, f) => f.RegionCode).FirstOrDefaultAsync(ct);
        if (region is not null) await access.RecordAsync(region, "这项变更申请", ct: ct);
        var key = await db.ChangeRequests.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.FilingId, x.Kind }).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("id", "没有找到这项变更申请：可能已删除，或不在您的管辖范围内");
        // Decided under the lock a withdrawal takes: a decision and a withdrawal at once do not both pass.
        await PendingRequests.LockAsync(db, LockKey(key.FilingId, key.Kind), ct);
        var r = await db.ChangeRequests.FirstAsync(x => x.Id == id, ct);
        r.RequireSubmitted();
        return r;
    }

    /// <summary>
    /// One attachment of a change request, for download: the staff whose region covers the filing, or the body user bound
    /// to it (as may submit it); anyone else is told it does not exist (404), so another region's materials are not confirmed.
    /// </summary>
    public async Task<ChangeAttachmentView> AttachmentForDownloadAsync(int attachmentId, CancellationToken ct = default)
    {
        const string what = "这份变更申请材料";
        var found = await db.Set<ChangeAttachment>().AsNoTracking().Where(a => a.Id == attachmentId)
            .Join(db.ChangeRequests, a => a.ChangeRequestId, r => r.Id, (a, r) => new { Attachment = a, r.FilingId })
            .Join(db.Filings, x => x.FilingId, f => f.Id, (x, f) => new { x.Attachment, x.FilingId, f.RegionCode })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException($"没有找到{what}：可能已删除，或不在您的管辖范围内");
        var u = await access.ActorAsync(ct);
        if (!(u.IsBody && u.FilingIds.Contains(found.FilingId))) await access.RecordAsync(found.RegionCode, what, ct: ct);
        var a = found.Attachment;
        return new ChangeAttachmentView(a.Id, a.Kind, ChangeRules.Chinese(a.Kind), a.Sha256, a.OriginalName, a.MediaType, a.Size);
    }

    /// <summary>All requests (staff), or only those of <paramref name="filingIds"/> (a body user's own filings).</summary>
    public async Task<IReadOnlyList<ChangeRequestView>> ListAsync(ChangeState? state = null, IReadOnlyCollection<int>? filingIds = null, CancellationToken ct = default)
    {
        var q = db.ChangeRequests.AsNoTracking().Include(r => r.Attachments).AsQueryable();
        if (state is { } s) q = q.Where(r => r.State == s);
        var listed = await access.ListedFilingIdsAsync(filingIds, ct); // a body's own; staff their region's; anyone else none
        q = q.Where(r => listed.Contains(r.FilingId));
        var rows = await q.OrderByDescending(r => r.Id).ToListAsync(ct);
        var ids = rows.Select(r => r.FilingId).Distinct().ToList();
        var filings = await db.Filings.AsNoTracking().Where(f => ids.Contains(f.Id)).Select(f => new { f.Id, f.Number, f.LegalEntity.Name }).ToListAsync(ct);
        var byId = filings.ToDictionary(f => f.Id);
        return rows.Select(r => new ChangeRequestView(r.Id, r.FilingId, byId[r.FilingId].Number?.Value, byId[r.FilingId].Name, r.Kind, ChangeRules.Chinese(r.Kind),
            r.CurrentValue, r.RequestedValue, r.Reason, r.State, ChangeRules.Chinese(r.State), r.SubmittedBy, r.SubmittedAt, r.DecidedBy, r.DecidedAt, r.DecisionReason,
            r.Attachments.OrderBy(a => a.Kind).Select(a => new ChangeAttachmentView(a.Id, a.Kind, ChangeRules.Chinese(a.Kind), a.Sha256, a.OriginalName, a.MediaType, a.Size)).ToList(),
            r.WithdrawnAt)).ToList();
    }

    /// <summary>第二十一条 按季度向人社厅、省鉴定中心报备: the changes decided in a quarter (China time), as xlsx.</summary>
    public async Task<byte[]> QuarterlyReportAsync(int year, int quarter, CancellationToken ct = default)
    {
        if (quarter is < 1 or > 4) throw new DomainException("quarter", "季度应为 1-4");
        var all = await ListAsync(null, null, ct);
        var lines = all.Where(r => r.DecidedAt is { } at && ChangeRules.QuarterOf(at.ChinaDate()) == (year, quarter))
            .OrderBy(r => r.DecidedAt).ToList();
        var rows = new List<IReadOnlyList<XCell>>
        {
            new XCell[] { new($"{year}年第{quarter}季度 职业技能等级评价机构法人及备案信息变更报备表", CellStyle.Bold) },
            new XCell[] { new("序号", CellStyle.Header), new("备案号", CellStyle.Header), new("机构名称", CellStyle.Header), new("变更事项", CellStyle.Header),
                new("变更前", CellStyle.Header), new("变更后", CellStyle.Header), new("变更原因", CellStyle.Header), new("审核结果", CellStyle.Header),
                new("审核人", CellStyle.Header), new("审核日期", CellStyle.Header), new("附件", CellStyle.Header) },
        };
        var n = 0;
        var people = await persons.DisplayNamesAsync(ct);
        foreach (var r in lines)
        {
            rows.Add(new XCell[] { ++n, r.FilingNumber, r.BodyName, r.KindName, r.CurrentValue, r.RequestedValue, r.Reason, r.StateName, Accounts.PersonNames.Of(r.DecidedBy, people),
                r.DecidedAt!.Value.ChinaDate().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                string.Join("；", r.Attachments.Select(a => a.KindName)) });
        }
        var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms)) w.AddSheet($"{year}Q{quarter}", rows, merges: ["A1:K1"], widths: [6, 16, 30, 14, 24, 24, 24, 10, 12, 12, 40], frozenRows: 2);
        return ms.ToArray();
    }
}
