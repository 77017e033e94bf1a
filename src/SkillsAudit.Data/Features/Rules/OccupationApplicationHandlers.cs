using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Platform;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Data.Features.Rules;

/// <summary>A new occupation applied for by a body, as the form, the API or the CLI gives it.</summary>
public sealed record OccupationApplicationRequest(int FilingId, string? OccupationCode, IReadOnlyList<Level>? Levels, string? Replacing,
    int Experts, int Examiners, int QuestionBanks, string? Explanation);

public sealed record OccupationUpload(OccupationAttachmentKind Kind, string FileName, byte[] Content);

public sealed record OccupationAttachmentView(int Id, OccupationAttachmentKind Kind, string KindName, string OriginalName, string MediaType, long Size);

/// <summary>An occupation of the catalogue (or of a filing) with the levels it is assessed at.</summary>
public sealed record OccupationChoice(string Code, string Name, AssessmentKind Kind, IReadOnlyList<Level> Levels);

/// <summary>What the body's form offers for one filing: the catalogue, the filed occupations and whether 以旧换新 is needed (第二十六条).</summary>
public sealed record OccupationFormView(int FilingId, string? FilingNumber, string BodyName, string RegionCode, FilingType? FilingType,
    IReadOnlyList<OccupationChoice> Filed, bool NeedsReplacement, IReadOnlyList<OccupationChoice> Catalogue);

public sealed record OccupationApplicationView(
    int Id, int FilingId, string? FilingNumber, string BodyName, string OccupationCode, string? OccupationName, IReadOnlyList<Level> Levels,
    string LevelNames, string? Replacing, string? ReplacingName, int Experts, int Examiners, int QuestionBanks, string? Explanation,
    ChangeState State, string StateName, string AppliedBy, DateTimeOffset AppliedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason,
    bool Eligible, IReadOnlyList<EligibilityCheck> Checks, IReadOnlyList<OccupationAttachmentView> Attachments, DateTimeOffset? WithdrawnAt = null);

/// <summary>
/// 新增职业（工种）申请 (seed 003 第六章): the body applies for its own filing with its figures, explanation and materials;
/// the region's officers see each pending application checked rule by rule by <see cref="ScopeEligibility.Check"/> (through
/// <see cref="ScopeHandlers.FactsAsync"/>, as /Rules/Scope does) against the registry and statistics as they stand, and
/// approve (the occupation is added to the filing, the replaced one removed, in one SaveChanges) or refuse with a reason.
/// </summary>
public sealed class OccupationApplicationHandlers(AppDb db, ScopeHandlers scope, EvidenceStore store, Access.AccessGuard access)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The filings the signed-in body user is bound to; null for staff (any filing their region covers).</summary>
    public async Task<IReadOnlySet<int>?> OwnFilingsAsync(CancellationToken ct = default)
    {
        var u = await access.ActorAsync(ct);
        if (u.IsStaff) return null;
        return u.IsBody ? u.FilingIds.ToHashSet() : new HashSet<int>();
    }

    public async Task<IReadOnlyList<OccupationChoice>> CatalogueAsync(CancellationToken ct = default) =>
        (await db.Occupations.AsNoTracking().ToListAsync(ct)).OrderBy(o => o.Code, StringComparer.Ordinal)
            .Select(o => new OccupationChoice(o.Code, o.Name, o.Kind, o.Levels)).ToList();

    /// <summary>The form for one filing the actor may apply for.</summary>
    public async Task<OccupationFormView> FormAsync(int filingId, IReadOnlyList<OccupationChoice>? catalogue = null, CancellationToken ct = default)
    {
        await access.FilingAsync(filingId, ownBody: true, ct);
        var filing = await db.Filings.AsNoTracking().Include(f => f.LegalEntity).Include(f => f.Scope).AsSplitQuery()
            .FirstOrDefaultAsync(f => f.Id == filingId, ct) ?? throw new NotFoundException("没有找到该备案，或您无权查看");
        catalogue ??= await CatalogueAsync(ct);
        var byCode = catalogue.ToDictionary(o => o.Code);
        var filed = filing.Scope.GroupBy(s => s.OccupationCode).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new OccupationChoice(g.Key, byCode.TryGetValue(g.Key, out var o) ? o.Name : g.Key, o?.Kind ?? AssessmentKind.SkillLevel,
                g.Select(s => s.Level).OfType<Level>().OrderByDescending(l => (int)l).ToList())).ToList();
        return new OccupationFormView(filing.Id, filing.Number?.Value, filing.LegalEntity.Name, filing.RegionCode, filing.Type, filed,
            OccupationApplicationRules.NeedsReplacement(filing.Type, filed.Count), catalogue);
    }

    /// <summary>
    /// Every problem of an application at once, each on its field (what the form shows next to it); nothing is stored.
    /// A page that has refused some fields of its own (a count that is not a number) asks this for the rest.
    /// </summary>
    public async Task<IReadOnlyList<DomainException>> ProblemsAsync(OccupationApplicationRequest r, IReadOnlyList<OccupationUpload> files, CancellationToken ct = default)
    {
        await access.FilingAsync(r.FilingId, ownBody: true, ct); // the filing's region's staff, or the body bound to it
        var filing = await db.Filings.AsNoTracking().Include(f => f.Scope).FirstOrDefaultAsync(f => f.Id == r.FilingId, ct)
            ?? throw new DomainException("filingId", "没有找到该备案，或您无权查看");
        // Said before anything else: while one for this occupation is pending, nothing typed here could be submitted.
        await PendingRequests.RefuseOccupationWhilePendingAsync(db, r.FilingId, r.OccupationCode, ct);
        return await ProblemsAsync(filing, r, files, ct);
    }

    private async Task<List<DomainException>> ProblemsAsync(Filing filing, OccupationApplicationRequest r, IReadOnlyList<OccupationUpload> files, CancellationToken ct)
    {
        var code = (r.OccupationCode ?? "").Trim();
        var occupation = code.Length == 0 ? null : await db.Occupations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == code, ct);
        var levels = (r.Levels ?? []).Distinct().ToList();
        var filed = filing.Scope.Select(s => s.OccupationCode).ToHashSet();
        var errors = OccupationApplicationRules.Problems(new OccupationApplicationInput(code, occupation, levels, r.Replacing,
            r.Experts, r.Examiners, r.QuestionBanks, r.Explanation, filing.Type, filed, filing.RegionCode)).ToList();
        if (levels.Any(l => !Enum.IsDefined(l))) errors.Add(new("levels", "等级无效，请从列表中选择"));
        foreach (var f in files)
        {
            if (EvidenceStore.Sniff(f.Content) is null)
                errors.Add(new(OccupationApplicationRules.AttachmentField(f.Kind), $"附件“{Path.GetFileName(f.FileName)}”（{OccupationApplicationRules.Chinese(f.Kind)}）不是 PDF、PNG 或 JPEG，未保存"));
        }
        return errors;
    }

    public async Task<int> SubmitAsync(OccupationApplicationRequest r, IReadOnlyList<OccupationUpload> files, CancellationToken ct = default)
    {
        await access.FilingAsync(r.FilingId, ownBody: true, ct); // the filing's region's staff, or the body bound to it
        var filing = await db.Filings.Include(f => f.LegalEntity).Include(f => f.Scope).AsSplitQuery().FirstOrDefaultAsync(f => f.Id == r.FilingId, ct)
            ?? throw new DomainException("filingId", "没有找到该备案，或您无权查看");
        // Said before anything else (409): while one for this occupation is pending, nothing typed here could be submitted.
        await PendingRequests.RefuseOccupationWhilePendingAsync(db, r.FilingId, r.OccupationCode, ct);
        // Every problem at once, each on its field; nothing is stored before all pass.
        var errors = await ProblemsAsync(filing, r, files, ct);
        if (errors.Count > 0) throw new DomainValidationException(errors);
        var code = r.OccupationCode!.Trim();
        var occupation = await db.Occupations.AsNoTracking().FirstAsync(o => o.Code == code, ct);
        var levels = (r.Levels ?? []).Distinct().ToList();

        var replacing = string.IsNullOrWhiteSpace(r.Replacing) ? null : r.Replacing.Trim();
        var result = ScopeEligibility.Check(await scope.FactsAsync(filing, code, replacing, r.Experts, r.Examiners, r.QuestionBanks, hasBadRecord: false, ct));
        var today = CampaignHandlers.Today(db);
        var bodyName = filing.LegalEntity.Name;
        return await db.InTransactionAsync(async t =>
        {
            // Two applications at once (two servers, a double click): the second waits here, then finds the first pending.
            await PendingRequests.LockAsync(db, PendingRequests.OccupationKey(filing.Id, code), t);
            await PendingRequests.RefuseOccupationWhilePendingAsync(db, filing.Id, code, t);
            var app = new ScopeApplication
            {
                FilingId = filing.Id, OccupationCode = code, Levels = OccupationApplicationRules.LevelCodes(levels), Replacing = replacing,
                DeclaredExperts = r.Experts, DeclaredExaminers = r.Examiners, DeclaredQuestionBanks = r.QuestionBanks,
                Explanation = r.Explanation!.Trim(), Eligible = result.Eligible, ChecksJson = JsonSerializer.Serialize(result.Checks, Json),
                AppliedBy = db.ActorName, AppliedAt = db.Now,
            };
            foreach (var f in files)
            {
                var stored = await store.StoreAsync(new MemoryStream(f.Content), f.FileName, t);
                app.Attachments.Add(new ScopeAttachment
                {
                    Kind = f.Kind, Sha256 = stored.Sha256, OriginalName = Path.GetFileName(f.FileName), MediaType = stored.MediaType, Size = stored.Size,
                    KeepUntil = Retention.KeepUntil(today, electronic: true), // 忻州市管理办法 第二十条: 电子材料不少于5年
                });
            }
            db.ScopeApplications.Add(app);
            var (title, text) = SubmittedNotice(bodyName, code, occupation.Name);
            Notifier.Add(db, await Notifier.OfficersAsync(db, filing.RegionCode, t), NotificationKinds.OccupationSubmitted, title, text, "/Rules/Occupations");
            await db.SaveChangesAsync(t);
            return app.Id;
        }, ct);
    }

    /// <summary>
    /// 撤回: the body takes back its own pending application (then no longer decidable), so that it can correct and apply
    /// again. Only the body user bound to the filing (<see cref="PendingRequests.RequireOwnBodyAsync"/>); a decided or already
    /// withdrawn application is refused in words (<see cref="DecidedOnce.Withdraw"/>). The officers' "请审核" notices are marked
    /// read and those officers are told that the body withdrew it (<see cref="PendingRequests.NotifyWithdrawnAsync"/>); the audit entry reads 撤回新增职业申请. One transaction, under the lock applications and decisions take.
    /// </summary>
    public async Task<string> WithdrawAsync(int id, CancellationToken ct = default)
    {
        var found = await db.ScopeApplications.AsNoTracking().Where(x => x.Id == id)
            .Join(db.Filings, a => a.FilingId, f => f.Id, (a, f) => new { a.FilingId, a.OccupationCode, f.RegionCode, f.LegalEntity.Name }).FirstOrDefaultAsync(ct);
        await PendingRequests.RequireOwnBodyAsync(access, found?.FilingId, found?.RegionCode, "新增职业申请", ct);
        return await db.InTransactionAsync(async t =>
        {
            await PendingRequests.LockAsync(db, PendingRequests.OccupationKey(found!.FilingId, found.OccupationCode), t);
            var app = await db.ScopeApplications.FirstAsync(x => x.Id == id, t);
            var name = await db.Occupations.AsNoTracking().Where(o => o.Code == app.OccupationCode).Select(o => o.Name).FirstOrDefaultAsync(t) ?? app.OccupationCode;
            app.Withdraw(db.ActorName, db.Now);
            var described = app.Described($"{name}（{app.OccupationCode}）新增职业申请");
            await PendingRequests.NotifyWithdrawnAsync(db, NotificationKinds.OccupationSubmitted, SubmittedNotice(found.Name, app.OccupationCode, name), app.AppliedAt,
                found.RegionCode, NotificationKinds.OccupationWithdrawn, $"{found.Name}撤回了{described}", $"{found.Name}撤回了{described}，无需审核。", WithdrawnLink(id), t);
            db.Operation = "撤回新增职业申请";
            try { await db.SaveChangesAsync(t); } finally { db.Operation = null; }
            return described;
        }, ct);
    }

    /// <summary>Where the officers' notice of a withdrawal leads: the application's row among the decided and withdrawn ones.</summary>
    public static string WithdrawnLink(int id) => $"/Rules/Occupations#application-{id}";

    private static (string Title, string Text) SubmittedNotice(string bodyName, string code, string name) =>
        ($"{bodyName} 申请新增职业（工种）", $"申请新增：{name}（{code}）。请审核。");

    /// <summary>
    /// The applications of a body's own filings (<paramref name="filingIds"/>), or, for staff, those of their region.
    /// A pending application is checked as things stand now; a decided one shows the check it was decided on.
    /// </summary>
    public async Task<IReadOnlyList<OccupationApplicationView>> ListAsync(ChangeState? state = null, IReadOnlyCollection<int>? filingIds = null, CancellationToken ct = default)
    {
        var q = db.ScopeApplications.AsNoTracking().Include(a => a.Attachments).AsQueryable();
        if (state is { } s) q = q.Where(a => a.State == s);
        var listed = await access.ListedFilingIdsAsync(filingIds, ct); // a body's own; staff their region's; anyone else none
        q = q.Where(a => listed.Contains(a.FilingId));
        var rows = await q.OrderByDescending(a => a.Id).ToListAsync(ct);
        var ids = rows.Select(a => a.FilingId).Distinct().ToList();
        var filings = await db.Filings.AsNoTracking().Include(f => f.LegalEntity).Include(f => f.Scope).AsSplitQuery().Where(f => ids.Contains(f.Id)).ToListAsync(ct);
        var byId = filings.ToDictionary(f => f.Id);
        var codes = rows.SelectMany(a => new[] { a.OccupationCode, a.Replacing }).OfType<string>().Distinct().ToList();
        var names = await db.Occupations.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Name, ct);
        var views = new List<OccupationApplicationView>();
        foreach (var a in rows)
        {
            var f = byId[a.FilingId];
            IReadOnlyList<EligibilityCheck> checks;
            bool eligible;
            if (a.State == ChangeState.Submitted)
            {
                var result = await CheckAsync(f, a, ct);
                (checks, eligible) = (result.Checks, result.Eligible);
            }
            else (checks, eligible) = (JsonSerializer.Deserialize<List<EligibilityCheck>>(a.ChecksJson, Json) ?? [], a.Eligible);
            var levels = OccupationApplicationRules.ParseLevelCodes(a.Levels);
            views.Add(new OccupationApplicationView(a.Id, a.FilingId, f.Number?.Value, f.LegalEntity.Name, a.OccupationCode, names.GetValueOrDefault(a.OccupationCode),
                levels, levels.Count == 0 ? "不设等级" : string.Join("、", levels.Select(l => l.ChineseName())),
                a.Replacing, a.Replacing is { } rc ? names.GetValueOrDefault(rc) : null, a.DeclaredExperts, a.DeclaredExaminers, a.DeclaredQuestionBanks, a.Explanation,
                a.State, ChangeRules.Chinese(a.State), a.AppliedBy, a.AppliedAt, a.DecidedBy, a.DecidedAt, a.DecisionReason, eligible, checks,
                a.Attachments.OrderBy(x => x.Kind).ThenBy(x => x.Id)
                    .Select(x => new OccupationAttachmentView(x.Id, x.Kind, OccupationApplicationRules.Chinese(x.Kind), x.OriginalName, x.MediaType, x.Size)).ToList(),
                a.WithdrawnAt));
        }
        return views;
    }

    /// <summary>第二十四至二十六条 for an application, from its figures and the filing's record now (the same rule as /Rules/Scope).</summary>
    private async Task<EligibilityResult> CheckAsync(Filing filing, ScopeApplication a, CancellationToken ct) =>
        ScopeEligibility.Check(await scope.FactsAsync(filing, a.OccupationCode, a.Replacing, a.DeclaredExperts, a.DeclaredExaminers, a.DeclaredQuestionBanks, a.HasBadRecord, ct));

    /// <summary>
    /// 同意: only when every condition of 第二十四至二十六条 holds as things stand now. The occupation joins the filing at
    /// the levels applied for and the replaced one (以旧换新) leaves it, through <see cref="Filing.Edit"/> (history entry,
    /// version), with the decision, the body's notification and the audit entries in the same SaveChanges.
    /// </summary>
    public Task ApproveAsync(int id, string? note, CancellationToken ct = default) => db.InTransactionAsync(async t =>
    {
        var app = await PendingAsync(id, t);
        var filing = await db.Filings.Include(f => f.LegalEntity).ThenInclude(e => e.Aliases).Include(f => f.Scope).AsSplitQuery()
            .FirstAsync(f => f.Id == app.FilingId, t);
        var result = await CheckAsync(filing, app, t);
        if (!result.Eligible)
        {
            var failed = string.Join("；", result.Checks.Where(c => !c.Passed).Select(c => $"{c.Rule}（{c.Clause}）"));
            throw new DomainException("state", $"不符合新增条件，不能同意：{failed}。如不予新增，请填写理由后点“不予同意”。");
        }
        var levels = OccupationApplicationRules.ParseLevelCodes(app.Levels);
        var d = filing.ToDetails();
        d = d with { Scope = OccupationApplicationRules.ScopeAfterApproval(d.Scope, app.OccupationCode, levels, app.Replacing) };
        var cite = ManagementRules.Cite(filing.RegionCode, app.Replacing is null ? "第二十四条" : "第二十四条、第二十六条");
        filing.Edit(d, db.ActorName, db.Now, $"新增职业（依新增职业申请，{cite}）");
        app.ChecksJson = JsonSerializer.Serialize(result.Checks, Json); // the check it was decided on
        app.Eligible = result.Eligible;
        app.Approve(note, db.ActorName, db.Now);
        await NotifyDecidedAsync(app, filing.LegalEntity.Name, t);
        await db.SaveChangesAsync(t);
    }, ct);

    /// <summary>不予同意, with the reason the body is shown; the filing is not changed.</summary>
    public async Task RejectAsync(int id, string? reason, CancellationToken ct = default)
    {
        DecidedOnce.RequireRejectionReason(reason);
        await db.InTransactionAsync(async t =>
        {
            var app = await PendingAsync(id, t);
            var filing = await db.Filings.AsNoTracking().Include(f => f.LegalEntity).Include(f => f.Scope).AsSplitQuery().FirstAsync(f => f.Id == app.FilingId, t);
            var result = await CheckAsync(filing, app, t);
            app.ChecksJson = JsonSerializer.Serialize(result.Checks, Json);
            app.Eligible = result.Eligible;
            app.Reject(reason, db.ActorName, db.Now);
            await NotifyDecidedAsync(app, filing.LegalEntity.Name, t);
            await db.SaveChangesAsync(t);
        }, ct);
    }

    /// <summary>The body's users learn the decision; the officers' "请审核" notices of the application are marked read.</summary>
    private async Task NotifyDecidedAsync(ScopeApplication a, string bodyName, CancellationToken ct)
    {
        var name = await db.Occupations.AsNoTracking().Where(o => o.Code == a.OccupationCode).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? a.OccupationCode;
        var (title, text) = SubmittedNotice(bodyName, a.OccupationCode, name);
        foreach (var n in await db.Notifications.Where(n => n.Kind == NotificationKinds.OccupationSubmitted && n.ReadAt == null && n.Title == title && n.Text == text).ToListAsync(ct))
            n.ReadAt = db.Now;
        var users = await Notifier.BodyUsersAsync(db, a.FilingId, ct);
        Notifier.Add(db, users, NotificationKinds.OccupationDecided, $"新增职业申请{ChangeRules.Chinese(a.State)}",
            $"您提交的新增职业申请（{name}）{ChangeRules.Chinese(a.State)}。" + (a.DecisionReason is { } why ? (a.State == ChangeState.Rejected ? "理由：" : "意见：") + why : ""),
            "/Body/Occupations");
    }

    private async Task<ScopeApplication> PendingAsync(int id, CancellationToken ct)
    {
        // Asked first: another region's application is not confirmed to exist.
        var region = await db.ScopeApplications.AsNoTracking().Where(x => x.Id == id)
            .Join(db.Filings, a => a.FilingId, f => f.Id, (a, f) => f.RegionCode).FirstOrDefaultAsync(ct);
        if (region is not null) await access.RecordAsync(region, "这项新增职业申请", ct: ct);
        var key = await db.ScopeApplications.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.FilingId, x.OccupationCode }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("没有找到这项新增职业申请：可能已删除，或不在您的管辖范围内");
        // Decided under the lock a withdrawal takes: a decision and a withdrawal at once do not both pass.
        await PendingRequests.LockAsync(db, PendingRequests.OccupationKey(key.FilingId, key.OccupationCode), ct);
        var app = await db.ScopeApplications.FirstAsync(x => x.Id == id, ct);
        app.RequireSubmitted();
        return app;
    }

    /// <summary>One material of an application, for download: the filing's region's staff or the body user bound to it; anyone else 404.</summary>
    public async Task<(OccupationAttachmentView View, string Sha256)> AttachmentForDownloadAsync(int attachmentId, CancellationToken ct = default)
    {
        const string what = "这份新增职业申请材料";
        var found = await db.ScopeAttachments.AsNoTracking().Where(a => a.Id == attachmentId)
            .Join(db.ScopeApplications, a => a.ScopeApplicationId, r => r.Id, (a, r) => new { Attachment = a, r.FilingId })
            .Join(db.Filings, x => x.FilingId, f => f.Id, (x, f) => new { x.Attachment, x.FilingId, f.RegionCode })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException($"没有找到{what}：可能已删除，或不在您的管辖范围内");
        var u = await access.ActorAsync(ct);
        if (!(u.IsBody && u.FilingIds.Contains(found.FilingId))) await access.RecordAsync(found.RegionCode, what, ct: ct);
        var a = found.Attachment;
        return (new OccupationAttachmentView(a.Id, a.Kind, OccupationApplicationRules.Chinese(a.Kind), a.OriginalName, a.MediaType, a.Size), a.Sha256);
    }
}
