using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Rubrics;
using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Data.Features.Reviews;

public sealed record FindingView(int Id, int FilingId, string Category, string Code, string Description, string Note, IReadOnlyList<string> Evidence, string RecordedBy, DateTimeOffset RecordedAt);
public sealed record DecisionView(int Id, int CampaignId, int FilingId, string BodyName, string? FilingNumber, string? FilingType, int? FiledYear,
    string Kind, string KindName, string Standing, bool PeriodEnds, bool InactiveTwoYears, decimal? Score, string? Outcome,
    IReadOnlyList<DecisionReason> Reasons, DateOnly DecidedOn, string DecidedBy, DateTimeOffset DecidedAt, int? RectificationId, DateOnly? RectificationDue,
    string? ProposedKind = null, string? ProposedKindName = null, string? OverrideReason = null, bool StatisticsMissing = false, int Round = 0, int? FollowsRectificationId = null);
public sealed record KindOption(string Kind, string Name);
/// <summary>One target as the officer sees it before deciding. State: Ready, NotReady (with why) or Decided.</summary>
public sealed record ProposalView(int FilingId, string BodyName, string? FilingNumber, int? FiledYear, int? AssessmentId, string State, string? NotReady,
    string? Kind, string? KindName, IReadOnlyList<DecisionReason> Reasons, IReadOnlyList<string> Flags, decimal? Score, string? Outcome, bool? PeriodEnds,
    IReadOnlyList<KindOption> Allowed, DateOnly? RectificationDue);
/// <summary>The officer's choice for one body: another decision than the proposal, with the reason (logged).</summary>
public sealed record DecisionChoice(int FilingId, string? Kind, string? Reason);
public sealed record DecideRequest
{
    /// <summary>Null: every target whose result is final.</summary>
    public IReadOnlyList<int>? FilingIds { get; init; }
    public DateOnly? DecidedOn { get; init; }
    public IReadOnlyList<DecisionChoice>? Choices { get; init; }
}
public sealed record SkippedTarget(int FilingId, string BodyName, string Reason);
public sealed record DecideResult(IReadOnlyList<DecisionView> Decided, IReadOnlyList<SkippedTarget> Skipped);

/// <summary>
/// Renewal decisions per seed 001 四 from recorded facts, persisted with their reasons and clauses; rectification for
/// defer/suspend (四(二), two months); the filing status set through Filing.ChangeStatus (history + audit); and the
/// 附件4 summary table.
/// </summary>
public sealed class DecisionHandlers(AppDb db, CampaignHandlers campaigns, AssessmentHandlers assessments, Accounts.PersonNames people)
{
    public async Task<FindingView> RecordFindingAsync(ReviewUser u, int campaignId, int filingId, string? code, string? note, IReadOnlyList<string>? evidence, CancellationToken ct = default)
    {
        var c = await campaigns.LoadVisibleAsync(u, campaignId, ct, tracking: false);
        ReviewAccess.RequireStaff(u, c);
        if (!c.Targets.Any(t => t.FilingId == filingId && t.Included)) throw new DomainException("filingId", $"备案 {filingId} 不是本次考核的对象");
        var hashes = evidence ?? [];
        var known = await db.EvidenceFiles.Where(e => hashes.Contains(e.Sha256)).Select(e => e.Sha256).Distinct().ToListAsync(ct);
        var unknown = hashes.Except(known).ToList();
        if (unknown.Count > 0) throw new DomainException("evidence", "没有这些证据文件：" + string.Join("、", unknown));
        var f = new RecordedFinding(campaignId, filingId, code ?? "", note ?? "", hashes, u.UserName, db.Now);
        db.ReviewFindings.Add(f);
        await db.SaveChangesAsync(ct);
        return View(f);
    }

    /// <summary>Evidence for a finding an officer is about to record: checked by content and stored by hash, like all evidence.</summary>
    public async Task<EvidenceView> UploadFindingEvidenceAsync(ReviewUser u, int campaignId, int filingId, EvidenceStore store, string fileName, Stream content, CancellationToken ct = default)
    {
        var c = await campaigns.LoadVisibleAsync(u, campaignId, ct, tracking: false);
        ReviewAccess.RequireStaff(u, c);
        if (!c.Targets.Any(t => t.FilingId == filingId && t.Included)) throw new DomainException("filingId", $"备案 {filingId} 不是本次考核的对象");
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length == 0) name = "evidence";
        var stored = await store.StoreAsync(content, name, ct);
        var row = new EvidenceFile { Sha256 = stored.Sha256, OriginalName = name.Length > 260 ? name[^260..] : name, MediaType = stored.MediaType, Size = stored.Size, FilingId = filingId, CampaignId = campaignId, UploadedBy = u.UserName, UploadedAt = db.Now };
        db.EvidenceFiles.Add(row);
        await db.SaveChangesAsync(ct);
        return new EvidenceView(row.Id, row.Sha256, row.OriginalName, row.MediaType, row.Size, null, row.UploadedBy, row.UploadedAt);
    }

    private static FindingView View(RecordedFinding f) => new(f.Id, f.FilingId, f.Category.ToString(), f.Code, RecordedFinding.Chinese(f.Code), f.Note,
        f.EvidenceHashes?.Split(',') ?? [], f.RecordedBy, f.RecordedAt);

    public async Task<IReadOnlyList<FindingView>> FindingsAsync(ReviewUser u, int campaignId, CancellationToken ct = default)
    {
        var c = await campaigns.LoadVisibleAsync(u, campaignId, ct, tracking: false);
        var rows = await db.ReviewFindings.AsNoTracking().Where(f => f.CampaignId == campaignId).OrderBy(f => f.Id).ToListAsync(ct);
        return rows.Where(f => ReviewAccess.MaySeeAssessment(u, c, f.FilingId) && (u.CoversRegion(c.RegionCode) || u.FilingIds.Contains(f.FilingId))).Select(View).ToList();
    }

    /// <summary>The facts and the proposal for each target, in one pass over the campaign (no writes).</summary>
    private async Task<(Campaign C, List<Candidate> Items)> EvaluateAsync(ReviewUser u, int campaignId, DateOnly day, bool tracking, CancellationToken ct)
    {
        var c = await campaigns.LoadVisibleAsync(u, campaignId, ct, tracking: false);
        ReviewAccess.RequireStaff(u, c);
        var rubric = await assessments.RubricOf(c, ct);
        var targets = c.TargetFilingIds.ToList();
        var decided = await db.ReviewDecisions.AsNoTracking().Where(d => d.CampaignId == campaignId && d.Round == 0)
            .Select(d => new { d.FilingId, d.DecidedBy, d.DecidedAt }).ToDictionaryAsync(d => d.FilingId, ct);
        var filingQuery = tracking ? db.Filings.Include(f => f.LegalEntity) : db.Filings.AsNoTracking().Include(f => f.LegalEntity);
        var filings = await filingQuery.Where(f => targets.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        var results = await db.Assessments.AsNoTracking().Where(a => a.CampaignId == campaignId && targets.Contains(a.FilingId))
            .Select(a => new AssessmentFacts(a.Id, a.FilingId, a.FinalisedAt != null, a.PanelVetoed, a.Outcome, a.PanelBaseTotal + a.PanelBonusTotal))
            .ToDictionaryAsync(a => a.FilingId, ct);
        var findings = (await db.ReviewFindings.AsNoTracking().Where(f => f.CampaignId == campaignId && targets.Contains(f.FilingId)).ToListAsync(ct)).ToLookup(f => f.FilingId);
        // Seed 001 四(一)1: yearly assessed totals of all targets in one query.
        var sums = (await db.StatisticsRollups.AsNoTracking().Where(r => targets.Contains(r.FilingId))
            .Select(r => new { r.FilingId, r.Year, r.Assessed }).ToListAsync(ct)).ToLookup(r => r.FilingId);
        var items = new List<Candidate>();
        foreach (var id in targets)
        {
            if (!filings.TryGetValue(id, out var filing)) continue;
            var name = filing.LegalEntity.Name;
            if (decided.TryGetValue(id, out var done))
            {
                items.Add(new Candidate(filing, null, null, null, $"已于 {done.DecidedAt.ToChinaMinutes()} 由 {await people.OfAsync(done.DecidedBy, ct)} 作出评估意见", true));
                continue;
            }
            var inactive = false;
            var missing = false;
            if (filing.FiledOn is { } filed && filed.Earliest <= day)
            {
                var byYear = sums[id].GroupBy(x => x.Year).ToDictionary(g => g.Key, g => Count.Of(g.Sum(x => x.Assessed)));
                var r = InactivityRule.Evaluate(filed.Earliest, day, byYear);
                inactive = r.Outcome == InactivityOutcome.TerminationCandidate;
                missing = r.Outcome == InactivityOutcome.StatisticsMissing;
            }
            var serious = findings[id].Where(f => f.Serious is not null).Select(f => f.Serious!.Value).ToHashSet();
            var rectifiable = findings[id].Where(f => f.Rectifiable is not null).Select(f => f.Rectifiable!.Value).ToHashSet();
            var a = results.GetValueOrDefault(id);
            var standing = ResultStanding.Pass;
            if (a is { Finalised: true })
            {
                // Seed 001 四(一)7 不合格: a veto, or the lowest band of the rubric's scheme (60分以下 / D / 不合格).
                if (a.Vetoed || a.Outcome == rubric.Outcome.VetoLabel || a.Outcome == rubric.Outcome.Bands[0].Label) standing = ResultStanding.Fail;
                // Seed 001 四(二)3 不达标准: only as recorded by an officer.
                else if (findings[id].Any(f => f.Category == FindingCategory.BelowStandard)) standing = ResultStanding.BelowStandard;
            }
            else if (!inactive && serious.Count == 0)
            {
                items.Add(new Candidate(filing, a, null, null, a is null ? "尚未开始评审" : "评审结果尚未确认", false));
                continue;
            }
            // 附件4: (二)(三) for filings up for renewal by filing year, (四)(五) otherwise.
            var periodEnds = RenewalRules.IsRenewalYear(filing.FiledOn?.Year, filing.PeriodEnd?.Latest, c.Year);
            var facts = new DecisionFacts
            {
                InactiveTwoConsecutiveYears = inactive, SeriousFindings = serious, RectifiableFindings = rectifiable, Result = standing, Vetoed = a is { Finalised: true } && (a.Vetoed || a.Outcome == rubric.Outcome.VetoLabel), PeriodEnds = periodEnds, StatisticsMissing = missing,
                PeriodUnknown = filing.FiledOn is null && filing.PeriodEnd is null,
            };
            items.Add(new Candidate(filing, a, facts, RenewalRules.Decide(facts, day), null, false));
        }
        return (c, items);
    }

    private sealed record AssessmentFacts(int Id, int FilingId, bool Finalised, bool Vetoed, string? Outcome, decimal? Total);
    private sealed record Candidate(Filing Filing, AssessmentFacts? Assessment, DecisionFacts? Facts, RenewalDecision? Proposal, string? NotReady, bool Decided);

    /// <summary>
    /// The proposal for every target (or the named ones): the decision with its rules and clauses and the officer's flags,
    /// or why it cannot be decided yet, or who already decided it.
    /// </summary>
    public async Task<IReadOnlyList<ProposalView>> ProposeAsync(ReviewUser u, int campaignId, DateOnly? decidedOn, CancellationToken ct = default)
    {
        var day = decidedOn ?? CampaignHandlers.Today(db);
        var (_, items) = await EvaluateAsync(u, campaignId, day, tracking: false, ct);
        return items.Select(i => new ProposalView(i.Filing.Id, i.Filing.LegalEntity.Name, i.Filing.Number?.Value, i.Filing.FiledOn?.Year, i.Assessment?.Id,
                i.Decided ? "Decided" : i.Proposal is null ? "NotReady" : "Ready", i.NotReady,
                i.Proposal?.Kind.ToString(), i.Proposal is null ? null : RenewalRules.Chinese(i.Proposal.Kind), i.Proposal?.Reasons ?? [], i.Proposal?.Flags ?? [],
                i.Assessment?.Finalised == true ? i.Assessment.Total : null, i.Assessment?.Finalised == true ? i.Assessment.Outcome : null,
                i.Facts?.PeriodEnds, i.Facts is null ? [] : RenewalRules.Allowed(i.Facts.PeriodEnds).Select(k => new KindOption(k.ToString(), RenewalRules.Chinese(k))).ToList(),
                i.Proposal?.RectificationDue))
            .OrderBy(p => p.State switch { "Ready" => 0, "NotReady" => 1, _ => 2 }).ThenBy(p => p.BodyName, StringComparer.Ordinal).ToList();
    }

    /// <summary>Decides one target (the CLI's and the old API's shape): <paramref name="filingId"/> or every finalised target.</summary>
    public Task<DecideResult> DecideAsync(ReviewUser u, int campaignId, int? filingId, DateOnly? decidedOn, CancellationToken ct = default) =>
        DecideAsync(u, campaignId, new DecideRequest { FilingIds = filingId is { } f ? [f] : null, DecidedOn = decidedOn }, ct);

    /// <summary>
    /// Decides the named targets, or every target whose result is final (or that a terminating fact settles), as of
    /// the decision date (default today; back-dated decisions count the rectification deadline from that date). Each
    /// decision is the proposal confirmed, or the officer's choice with a logged reason. Targets not ready are skipped
    /// and listed; a target already decided by someone else, when named, is a conflict. One transaction.
    /// </summary>
    public async Task<DecideResult> DecideAsync(ReviewUser u, int campaignId, DecideRequest request, CancellationToken ct = default)
    {
        var day = request.DecidedOn ?? CampaignHandlers.Today(db);
        var (c, items) = await EvaluateAsync(u, campaignId, day, tracking: true, ct);
        if (c.State == CampaignState.Draft) throw new DomainException("state", "考核尚未开始，不能作出评估意见");
        if (day > CampaignHandlers.Today(db)) throw new DomainException("decidedOn", $"决定日期 {day:yyyy-MM-dd} 不能晚于今天");
        var choices = (request.Choices ?? []).ToDictionary(x => x.FilingId);
        var named = request.FilingIds?.Distinct().ToList();
        var errors = new List<DomainException>();
        if (named is not null)
        {
            foreach (var id in named.Where(id => items.All(i => i.Filing.Id != id))) errors.Add(new("filingIds", $"备案 {id} 不是本次考核的对象"));
            var taken = items.Where(i => i.Decided && named.Contains(i.Filing.Id)).ToList();
            if (taken.Count > 0) throw new ConflictException(string.Join("；", taken.Select(i => $"{i.Filing.LegalEntity.Name}：{i.NotReady}")) + "，未重复作出。请刷新后查看。");
        }
        var chosen = items.Where(i => !i.Decided && (named is null || named.Contains(i.Filing.Id))).ToList();
        var skipped = chosen.Where(i => i.Proposal is null).Select(i => new SkippedTarget(i.Filing.Id, i.Filing.LegalEntity.Name, i.NotReady ?? "")).ToList();
        var made = new List<(DecisionRecord Record, Filing Filing, Rectification? Rectification)>();
        foreach (var i in chosen.Where(i => i.Proposal is not null))
        {
            var decision = i.Proposal!;
            string? overrideReason = null;
            if (choices.TryGetValue(i.Filing.Id, out var choice) && !string.IsNullOrEmpty(choice.Kind))
            {
                if (!Enum.TryParse<RenewalDecisionKind>(choice.Kind, out var kind) || !Enum.IsDefined(kind))
                {
                    errors.Add(new("kind", $"{i.Filing.LegalEntity.Name}：未知的评估意见“{choice.Kind}”"));
                    continue;
                }
                try
                {
                    decision = RenewalRules.Override(i.Proposal!, kind, choice.Reason, i.Facts!.PeriodEnds, day);
                    if (decision.Kind != i.Proposal!.Kind) overrideReason = choice.Reason;
                }
                catch (DomainException e)
                {
                    errors.Add(new(e.Field, $"{i.Filing.LegalEntity.Name}：{e.Message}"));
                    continue;
                }
            }
            var a = i.Assessment;
            var record = new DecisionRecord(campaignId, i.Filing.Id, a?.Id, decision, i.Facts!, a is { Finalised: true } ? a.Total : null, a is { Finalised: true } ? a.Outcome : null,
                day, u.UserName, db.Now, i.Proposal!.Kind, overrideReason);
            Rectification? rect = null;
            if (decision.RectificationDue is { } due)
            {
                rect = new Rectification(i.Filing.Id, a?.Id, RenewalRules.RectificationRequirement(decision, overrideReason), due, u.UserName, db.Now, day);
                db.Rectifications.Add(rect);
            }
            if (DecisionRecord.StatusAfter(decision.Kind) is { } status)
                i.Filing.ChangeStatus(status, u.UserName, db.Now, $"评估意见：{decision.Chinese}（{c.Title}）");
            db.ReviewDecisions.Add(record);
            made.Add((record, i.Filing, rect));
        }
        foreach (var id in choices.Keys.Where(id => chosen.All(i => i.Filing.Id != id) && items.Any(i => i.Filing.Id == id && !i.Decided) && named is not null && !named.Contains(id)))
            errors.Add(new("choices", $"{items.First(i => i.Filing.Id == id).Filing.LegalEntity.Name}：未选中，不能改定评估意见"));
        if (errors.Count > 0) throw new DomainValidationException(errors);
        if (made.Count > 0)
        {
            await Notifications.ReviewNotices.DecidedAsync(db, c, made.Select(m => (m.Record, m.Filing.LegalEntity.Name)).ToList(), ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await db.SaveChangesAsync(ct);
                foreach (var (record, _, rect) in made.Where(m => m.Rectification is not null)) record.LinkRectification(rect!.Id);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The unique (campaign, filing, round) index: another officer decided one of these bodies meanwhile.
                throw new ConflictException("其他工作人员刚刚对其中的机构作出了评估意见，本次未作出任何评估意见。请刷新后查看。");
            }
        }
        return new DecideResult(made.Select(m => View(m.Record, m.Filing)).ToList(), skipped);
    }

    /// <summary>
    /// Seed 001 四(二) "再视情况决定是否准予延续备案或恢复评价活动": after the officer's re-check of a rectification, the
    /// follow-up decision — renew (after a deferral), restore evaluation (after a suspension), or terminate.
    /// </summary>
    public async Task<DecisionView> FollowUpAsync(ReviewUser u, int rectificationId, string? kind, string? reason, DateOnly? decidedOn, CancellationToken ct = default)
    {
        var rect = await db.Rectifications.AsNoTracking().FirstOrDefaultAsync(r => r.Id == rectificationId, ct) ?? throw new NotFoundException("没有找到这项整改：可能已删除，或不在您的管辖范围内");
        // Asked first (AccessGuard's rule): another region's rectification is not confirmed to exist.
        var region = await db.Filings.AsNoTracking().Where(f => f.Id == rect.FilingId).Select(f => f.RegionCode).FirstAsync(ct);
        if (!u.CoversRegion(region)) throw new NotFoundException("没有找到这项整改：可能已删除，或不在您的管辖范围内");
        var previous = await db.ReviewDecisions.Where(d => d.RectificationId == rectificationId).OrderByDescending(d => d.Round).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("rectification", "该整改不是由评估意见下达的，没有后续决定");
        var c = await campaigns.LoadVisibleAsync(u, previous.CampaignId, ct, tracking: false);
        ReviewAccess.RequireStaff(u, c);
        if (await db.ReviewDecisions.AnyAsync(d => d.FollowsRectificationId == rectificationId, ct))
            throw new ConflictException("该整改复查后的决定已经作出，不能重复作出");
        if (rect.State is not (RectificationState.Passed or RectificationState.Failed)) throw new DomainException("rectification", "整改尚未复查，不能作出后续决定");
        if (!Enum.TryParse<RenewalDecisionKind>(kind ?? "", out var k) || !Enum.IsDefined(k)) throw new DomainException("kind", "请选择后续决定：准予延续备案、恢复评价活动或终止备案");
        var day = decidedOn ?? CampaignHandlers.Today(db);
        if (day > CampaignHandlers.Today(db)) throw new DomainException("decidedOn", $"决定日期 {day:yyyy-MM-dd} 不能晚于今天");
        if (rect.CheckedAt is { } checkedAt && day < DateOnly.FromDateTime(checkedAt.UtcDateTime) && decidedOn is null) day = DateOnly.FromDateTime(checkedAt.UtcDateTime);
        var decision = RenewalRules.FollowUp(previous.Kind, rect.State == RectificationState.Passed, k, reason);
        var record = DecisionRecord.FollowUp(previous, rect, decision, day, u.UserName, db.Now);
        var filing = await db.Filings.Include(f => f.LegalEntity).FirstAsync(f => f.Id == previous.FilingId, ct);
        if (DecisionRecord.StatusAfterFollowUp(decision.Kind, filing.Status) is { } status)
            filing.ChangeStatus(status, u.UserName, db.Now, $"整改复查后决定：{RenewalRules.FollowUpChinese(decision.Kind)}（{c.Title}）");
        db.ReviewDecisions.Add(record);
        await Notifications.ReviewNotices.FollowUpAsync(db, c, record, filing.LegalEntity.Name, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("其他工作人员刚刚作出了该整改复查后的决定，请刷新后查看");
        }
        return View(record, filing);
    }

    private static DecisionView View(DecisionRecord d, Filing f) => new(d.Id, d.CampaignId, d.FilingId, f.LegalEntity.Name, f.Number?.Value, f.Type?.Chinese(), f.FiledOn?.Year,
        d.Kind.ToString(), d.Round > 0 ? RenewalRules.FollowUpChinese(d.Kind) : RenewalRules.Chinese(d.Kind), d.Standing.ToString(), d.PeriodEnds, d.InactiveTwoYears, d.Score, d.Outcome, d.Reasons,
        d.DecidedOn, d.DecidedBy, d.DecidedAt, d.RectificationId, d.RectificationDue,
        d.ProposedKind?.ToString(), d.ProposedKind is { } p ? RenewalRules.Chinese(p) : null, d.OverrideReason, d.StatisticsMissing, d.Round, d.FollowsRectificationId);

    public async Task<IReadOnlyList<DecisionView>> ListAsync(ReviewUser u, int campaignId, CancellationToken ct = default)
    {
        var c = await campaigns.LoadVisibleAsync(u, campaignId, ct, tracking: false);
        var rows = await db.ReviewDecisions.AsNoTracking().Where(d => d.CampaignId == campaignId).ToListAsync(ct);
        var ids = rows.Select(r => r.FilingId).ToList();
        var filings = await db.Filings.AsNoTracking().Include(f => f.LegalEntity).Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        return rows.Where(d => u.CoversRegion(c.RegionCode) || u.FilingIds.Contains(d.FilingId) || (u.IsExpert && c.IsPanelMember(u.UserName)))
            .Select(d => View(d, filings[d.FilingId])).OrderBy(d => d.FiledYear ?? 9999).ThenBy(d => d.BodyName, StringComparer.Ordinal).ThenBy(d => d.Round).ToList();
    }

    /// <summary>
    /// Seed 001 附件4 "备案机构评估意见汇总表": grouped by filing year (2020年度/2021年度备案的机构…), 序号, 机构名称, 机构备案号,
    /// 机构类别, a ✓ in one of the five decision columns, 评估得分; 小计 per year and 合计 (counts of ✓ per column).
    /// </summary>
    public async Task<byte[]> Annex4Async(ReviewUser u, int campaignId, CancellationToken ct = default)
    {
        var c = await campaigns.LoadVisibleAsync(u, campaignId, ct, tracking: false);
        ReviewAccess.RequireStaff(u, c);
        var list = (await ListAsync(u, campaignId, ct)).Where(d => d.Round == 0).ToList();
        var kinds = new[] { RenewalDecisionKind.Terminate, RenewalDecisionKind.Renew, RenewalDecisionKind.DeferRenewal, RenewalDecisionKind.Suspend, RenewalDecisionKind.Continue };
        var years = list.Select(d => d.FiledYear).Distinct().OrderBy(y => y ?? 9999).ToList();
        var title = $"{(years.Any(y => y is not null) ? $"{years.Where(y => y is not null).Min()}-{years.Where(y => y is not null).Max()}年度" : "")}备案机构评估意见汇总表";
        // The header as the seed prints it: 评估意见 over six columns, their numbers （一）…（六）, then what each means with
        // the filing years it concerns (the earlier year's filings renew, the later year's are reviewed as running).
        var known = years.OfType<int>().ToList();
        var (y1, y2) = known.Count == 2 ? (known[0], known[1]) : (0, 0);
        string Both(string s) => y1 > 0 ? $"{s}（涉及{y1}年、{y2}年备案的）" : s;
        string Only(string s, int y) => y > 0 ? $"{s}（只涉及{y}年备案的）" : s;
        var rows = new List<IReadOnlyList<XCell>>
        {
            new XCell[] { new(title, CellStyle.Title) },
            new XCell[] { new($"{c.Authority}：（签章）", CellStyle.Plain) },
            new XCell[] { H("备案年度"), H("序号"), H("机构名称"), H("机构备案号"), H("机构类别"), H("评估意见"), H(""), H(""), H(""), H(""), H("") },
            new XCell[] { H(""), H(""), H(""), H(""), H("") }.Concat(Enumerable.Range(1, 6).Select(i => H(SkillsAudit.Domain.Common.ChineseNumerals.SubHeading(i)))).ToArray(),
            new XCell[] { H(""), H(""), H(""), H(""), H(""), H(Both("需终止备案的机构")), H(Only("同意延续备案的机构", y1)), H(Only("暂时不予延续备案机构", y1)),
                H(Only("暂停评价活动的机构", y2)), H(Only("正常评价的机构", y2)), H(Both("评估得分")) },
        };
        var merges = new List<string> { "A1:K1", "A2:K2", "A3:A5", "B3:B5", "C3:C5", "D3:D5", "E3:E5", "F3:K3" };
        var totals = new int[kinds.Length];
        foreach (var y in years)
        {
            var group = list.Where(d => d.FiledYear == y).ToList();
            var sub = new int[kinds.Length];
            var first = rows.Count + 1;
            for (var i = 0; i < group.Count; i++)
            {
                var d = group[i];
                var k = Array.IndexOf(kinds, Enum.Parse<RenewalDecisionKind>(d.Kind));
                sub[k]++;
                totals[k]++;
                var cells = new List<XCell> { i == 0 ? (y is { } yy ? $"{yy}年度备案的机构" : "备案年度未注明的机构") : "", i + 1, d.BodyName, d.FilingNumber ?? "未注明", d.FilingType ?? "未注明" };
                cells.AddRange(kinds.Select(kk => (XCell)(kk.ToString() == d.Kind ? "√" : "")));
                cells.Add(d.Score is { } s ? new XCell(s, CellStyle.Decimal2) : new XCell(""));
                rows.Add(cells);
            }
            var subRow = new List<XCell> { "", new("小计", CellStyle.Bold), group.Count, "", "" };
            subRow.AddRange(sub.Select(n => (XCell)n));
            subRow.Add("");
            rows.Add(subRow);
            if (group.Count > 0) merges.Add($"A{first}:A{first + group.Count}");
        }
        var total = new List<XCell> { new("合计", CellStyle.Bold), "", list.Count, "", "" };
        total.AddRange(totals.Select(n => (XCell)n));
        total.Add("");
        rows.Add(total);
        rows.Add(new XCell[] { new("备注：1、机构类别指评价机构属自主评价企业或自主评价院校或社会培训评价组织；", CellStyle.Plain) });
        rows.Add(new XCell[] { new("2、各备案机构的评估意见在对应的五类情况之一中打“√”。", CellStyle.Plain) });
        var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms))
        {
            w.AddSheet("附件4", rows, merges, [16, 6, 32, 16, 14, 14, 14, 14, 14, 14, 14], frozenRows: 5, headerRows: (3, 5),
                rowHeights: new Dictionary<int, double> { [1] = 30, [5] = 72 });
        }
        return ms.ToArray();
    }

    private static XCell H(string text) => new(text, CellStyle.Header);
}
