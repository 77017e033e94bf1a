using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Features.Rubrics;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Data.Features.Reviews;

public sealed record SheetView(int Id, string Role, string? Expert, bool IsLead, string Status, decimal? BaseTotal, decimal? BonusTotal, decimal? Total,
    bool Vetoed, string? SavedBy, DateTimeOffset? SavedAt, DateTimeOffset? SubmittedAt, int Version, JsonElement? Answers);
public sealed record ReopeningView(string Stage, string Reason, string By, DateTimeOffset At, DateOnly Until);
public sealed record EvidenceView(int Id, string Sha256, string OriginalName, string MediaType, long Size, string? IndicatorCode, string UploadedBy, DateTimeOffset UploadedAt);
public sealed record AssessmentView(
    int Id, int CampaignId, string CampaignTitle, int FilingId, string BodyName, string? FilingNumber, string RubricId, string CampaignState,
    string StageInForce, bool SelfOpen, bool PanelOpen, SheetView? Self, IReadOnlyList<SheetView> Experts, int HiddenExpertSheets,
    decimal? PanelBaseTotal, decimal? PanelBonusTotal, decimal? PanelTotal, bool PanelVetoed, string? Outcome, string? FinalisedBy, DateTimeOffset? FinalisedAt,
    IReadOnlyList<Disagreement> Disagreements, IReadOnlyList<ReopeningView> Reopenings, IReadOnlyList<EvidenceView> Evidence, int Version,
    string? CannotFinalise = null);

public sealed record ComparisonColumn(string Key, string Title);
public sealed record ComparisonCell(decimal? Points, string Status, string? Reason);
public sealed record ComparisonRow(string Code, string Section, string? Content, decimal MaxPoints, IReadOnlyList<ComparisonCell?> Cells, IReadOnlyList<EvidenceView> Evidence);
/// <summary>Self, each expert and the consolidated result side by side per indicator, as far as the reader may see them.</summary>
public sealed record ComparisonView(IReadOnlyList<ComparisonColumn> Columns, IReadOnlyList<ComparisonRow> Rows, IReadOnlyList<string> Withheld);

/// <summary>A score computed from answers (the running total on the self-assessment page and the experts' page).</summary>
/// <remarks>
/// <see cref="ReasonsMissing"/>: what submitting these answers would still refuse for want of a reason (a deduction, a
/// veto, a not-applicable answer without one; AnswerReasons), by indicator, so the page can list it before asking to submit.
/// </remarks>
public sealed record ScorePreview(decimal BaseTotal, decimal BonusTotal, decimal Total, bool Vetoed, string Outcome,
    IReadOnlyList<SectionPreview> Sections, IReadOnlyList<IndicatorPreview> Indicators, int Answered = 0, int Unanswered = 0,
    IReadOnlyDictionary<string, string[]>? ReasonsMissing = null);
public sealed record SectionPreview(string Code, string Name, decimal Points, decimal MaxPoints);
public sealed record IndicatorPreview(string Code, decimal? Points, decimal MaxPoints, string Status, IReadOnlyList<string> Explanation);

/// <summary>
/// Self-assessment, evidence, the panel's sheets, finalise and reopen. Every write is one SaveChanges (one transaction,
/// audited by AppDb); a refusal throws before anything is written.
/// </summary>
public sealed class AssessmentHandlers(AppDb db, RubricLibrary rubrics, EvidenceStore evidence, CampaignHandlers campaigns, Accounts.PersonNames people)
{
    private sealed record Loaded(Assessment Assessment, Campaign Campaign, Rubric Rubric);

    private async Task<Loaded> LoadAsync(ReviewUser u, int assessmentId, CancellationToken ct)
    {
        var a = await db.Assessments.Include(x => x.Sheets).Include(x => x.Reopenings).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == assessmentId, ct)
            ?? throw new NotFoundException("没有找到该评审记录，或您无权查看");
        var c = await campaigns.LoadAsync(a.CampaignId, ct);
        ReviewAccess.RequireSeeAssessment(u, c, a.FilingId, a.Id);
        return new Loaded(a, c, await RubricOf(c, ct));
    }

    public async Task<Rubric> RubricOf(Campaign c, CancellationToken ct)
    {
        if (!RubricRef.TryParse(c.RubricId, out var r) || await rubrics.FindAsync(r, ct) is not { } found)
            throw new DomainException("rubric", $"考核使用的评估表 {c.RubricId} 已不存在");
        return found.Rubric;
    }

    /// <summary>The assessment of one target, for a user who may see it.</summary>
    public async Task<int> FindAsync(ReviewUser u, int campaignId, int filingId, CancellationToken ct = default)
    {
        var c = await campaigns.LoadAsync(campaignId, ct, tracking: false);
        if (!ReviewAccess.MaySeeAssessment(u, c, filingId)) throw new NotFoundException("这项考核中没有这个机构的评审记录，或不在您的管辖范围内");
        return await db.Assessments.Where(a => a.CampaignId == campaignId && a.FilingId == filingId).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("这项考核中没有这个机构的评审记录，或不在您的管辖范围内");
    }

    /// <summary>Answers checked and scored; bad answers throw one error per indicator (field = the indicator code).</summary>
    public static ScoreResult Score(Rubric rubric, string answersJson)
    {
        var parsed = AnswerSheetJson.Parse(answersJson);
        if (parsed.Sheet is not { } sheet) throw Refused(parsed.Errors);
        // Blank is not full marks: an unanswered indicator counts 0 and is listed as unanswered until it is answered.
        var scored = RubricScorer.Score(rubric, sheet, UnansweredDefault.Zero);
        if (scored.Result is not { } result) throw Refused(scored.Errors);
        AnswerReasons.RequireNotApplicableReasons(sheet);
        return result;
    }

    /// <summary>Before a sheet is submitted: every deduction and veto says why (AnswerReasons, the rule's home).</summary>
    public static void RequireDeductionReasons(Rubric rubric, string answersJson) =>
        AnswerReasons.RequireDeductionReasons(Score(rubric, answersJson), AnswerSheetJson.Parse(answersJson).Sheet!);

    /// <summary>Submitting needs every applicable indicator answered (a veto answered 存在/不存在, others scored or not applicable).</summary>
    public static void RequireAllAnswered(Rubric rubric, string answersJson)
    {
        var missing = Score(rubric, answersJson).Indicators.Where(i => i.Status == IndicatorStatus.Defaulted)
            .Select(i => new DomainException(i.Code, $"指标 {i.Code} 尚未作答")).ToList();
        if (missing.Count > 0) throw new DomainValidationException(missing);
    }

    private static DomainValidationException Refused(IReadOnlyList<AnswerError> errors) =>
        new(errors.Select(e => new DomainException(e.Code.Length == 0 ? "answers" : e.Code, e.Code.Length == 0 ? e.Message : $"指标 {e.Code}：{e.Message}")).ToList());

    public static ScorePreview Preview(ScoreResult r, IReadOnlySet<string>? answered = null) => new(r.BaseTotal, r.BonusTotal, r.Total, r.Vetoed, r.Outcome.Label,
        r.Sections.Select(s => new SectionPreview(s.Code, s.Name, s.Points, s.MaxPoints)).ToList(),
        r.Indicators.Select(i => new IndicatorPreview(i.Code, i.Status == IndicatorStatus.Defaulted ? null : i.Points, i.MaxPoints, i.Status == IndicatorStatus.Defaulted ? "Unanswered" : i.Status.ToString(), i.Explanation)).ToList(),
        r.Indicators.Count(i => answered?.Contains(i.Code) ?? i.Status == IndicatorStatus.Answered), r.Indicators.Count(i => i.Status == IndicatorStatus.Defaulted));

    public async Task<ScorePreview> PreviewAsync(ReviewUser u, int assessmentId, string answersJson, CancellationToken ct = default)
    {
        var l = await LoadAsync(u, assessmentId, ct);
        var r = Score(l.Rubric, answersJson);
        var sheet = AnswerSheetJson.Parse(answersJson).Sheet!;
        var missing = new List<DomainException>();
        foreach (var check in new Action[] { () => AnswerReasons.RequireNotApplicableReasons(sheet), () => AnswerReasons.RequireDeductionReasons(r, sheet) })
        {
            try { check(); }
            catch (DomainValidationException e) { missing.AddRange(e.Errors); }
        }
        return Preview(r, sheet.Answers.Keys.ToHashSet(StringComparer.Ordinal)) with
        {
            ReasonsMissing = missing.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
        };
    }

    public async Task<AssessmentView> GetAsync(ReviewUser u, int assessmentId, CancellationToken ct = default)
    {
        var l = await LoadAsync(u, assessmentId, ct);
        var (a, c) = (l.Assessment, l.Campaign);
        var staff = u.CoversRegion(c.RegionCode);
        var owner = u.IsBody && u.FilingIds.Contains(a.FilingId);
        var expert = u.IsExpert && c.IsPanelMember(u.UserName);
        var today = CampaignHandlers.Today(db);
        var f = await db.Filings.AsNoTracking().Where(x => x.Id == a.FilingId).Select(x => new { x.LegalEntity.Name, x.Number }).FirstAsync(ct);

        SheetView? self = null;
        if (a.SelfSheet is { } s && (staff || owner || (expert && a.SelfAssessmentVisibleToExperts))) self = View(s, "self");
        var experts = new List<SheetView>();
        var hidden = 0;
        foreach (var e in a.ExpertSheets)
        {
            if (staff || (expert && (e.Expert == u.UserName || a.ExpertMaySeeOthers(u.UserName)))) experts.Add(View(e, "expert"));
            else hidden++;
        }
        var resultVisible = staff || expert || a.IsFinalised;
        var disagreements = staff || (expert && a.ExpertMaySeeOthers(u.UserName)) ? Disagreements(l) : [];
        var files = await db.EvidenceFiles.AsNoTracking().Where(x => x.AssessmentId == a.Id).OrderBy(x => x.Id)
            .Select(x => new EvidenceView(x.Id, x.Sha256, x.OriginalName, x.MediaType, x.Size, x.IndicatorCode, x.UploadedBy, x.UploadedAt)).ToListAsync(ct);
        var stage = CampaignHandlers.StageOf(c, today);
        var open = c.State == CampaignState.Open && c.Stages.Count > 0;
        return new AssessmentView(a.Id, c.Id, c.Title, a.FilingId, f.Name, f.Number?.Value, c.RubricId, c.State.ToString(), stage.ToString(),
            open && a.StageOpen(c.Schedule, CampaignStage.SelfAssessment, today), open && a.StageOpen(c.Schedule, CampaignStage.PanelReview, today),
            self, experts, owner && !staff ? 0 : hidden,
            resultVisible ? a.PanelBaseTotal : null, resultVisible ? a.PanelBonusTotal : null, resultVisible ? a.PanelTotal : null, resultVisible && a.PanelVetoed,
            resultVisible ? a.Outcome : null, a.FinalisedBy, a.FinalisedAt, disagreements,
            staff ? a.Reopenings.Select(r => new ReopeningView(r.Stage.ToString(), r.Reason, r.By, r.At, r.Until)).ToList() : [],
            staff || owner || expert ? files : [], a.Version, staff ? await FinaliseRefusalAsync(l, ct) : null);
    }

    /// <summary>
    /// Per indicator: the self-assessment, each expert's sheet and the consolidated panel result, with reasons and evidence.
    /// The officer sees everything at any time; an expert sees the self-assessment once the body has submitted it, their own
    /// sheet, the others' once their own is submitted, and the consolidated result once finalised; the body sees its own
    /// self-assessment and, once the result is finalised, the panel's consolidated points and deduction reasons (not who gave them).
    /// </summary>
    public async Task<ComparisonView> ComparisonAsync(ReviewUser u, int assessmentId, CancellationToken ct = default)
    {
        var l = await LoadAsync(u, assessmentId, ct);
        var (a, c) = (l.Assessment, l.Campaign);
        var staff = u.CoversRegion(c.RegionCode);
        var owner = u.IsBody && u.FilingIds.Contains(a.FilingId);
        var expert = u.IsExpert && c.IsPanelMember(u.UserName) || (!staff && c.IsPanelMember(u.UserName));
        var columns = new List<ComparisonColumn>();
        var sheets = new List<Dictionary<string, IndicatorScore>?>();
        var withheld = new List<string>();
        Dictionary<string, IndicatorScore> Scored(ScoreSheet sh) => Score(l.Rubric, sh.AnswersJson).Indicators.ToDictionary(i => i.Code);
        if (a.SelfSheet is { } self && (staff || owner || (expert && a.SelfAssessmentVisibleToExperts)))
        {
            columns.Add(new("self", self.Status == SheetStatus.Submitted ? "机构自评" : "机构自评（草稿）"));
            sheets.Add(Scored(self));
        }
        else if (a.SelfSheet is not null) withheld.Add("机构自评在机构提交后可见");
        var n = 0;
        foreach (var e in a.ExpertSheets.OrderBy(e => e.Id))
        {
            n++;
            if (staff || (expert && (e.Expert == u.UserName || a.ExpertMaySeeOthers(u.UserName))))
            {
                columns.Add(new("expert-" + n, (e.Expert == u.UserName ? "我的评分" : $"专家 {await people.OfAsync(e.Expert, ct)}") + (e.IsLead ? "（组长）" : "") + (e.Status == SheetStatus.Submitted ? "" : "（草稿）")));
                sheets.Add(Scored(e));
            }
            else if (expert) withheld.Add("其他专家的评分在您提交后可见");
        }
        var submitted = SubmittedExpertSheets(l);
        var consolidatedVisible = submitted.Count > 0 && (staff || a.IsFinalised && (owner || expert));
        PanelScore? panel = null;
        if (consolidatedVisible)
        {
            try { panel = PanelConsolidation.Consolidate(submitted, c.Consolidation); }
            catch (DomainException) { withheld.Add("专家评分尚不能汇总（组长评分未提交）"); }
        }
        else if (owner && !a.IsFinalised) withheld.Add("考核小组的得分和扣分原因在结果确认后可见");
        var reasons = a.ExpertSheets.Where(e => e.Status == SheetStatus.Submitted).Select(Scored).ToList();
        if (panel is not null) columns.Add(new("panel", a.IsFinalised ? "考核小组（已确认）" : "考核小组（汇总，未确认）"));
        var files = (await db.EvidenceFiles.AsNoTracking().Where(x => x.AssessmentId == a.Id && x.IndicatorCode != null).OrderBy(x => x.Id)
            .Select(x => new EvidenceView(x.Id, x.Sha256, x.OriginalName, x.MediaType, x.Size, x.IndicatorCode, x.UploadedBy, x.UploadedAt)).ToListAsync(ct))
            .ToLookup(x => x.IndicatorCode!);
        var rows = new List<ComparisonRow>();
        foreach (var section in l.Rubric.AllSections())
            foreach (var i in section.Indicators)
            {
                var cells = sheets.Select(sh => sh is not null && sh.TryGetValue(i.Code, out var x) ? Cell(x) : null).ToList();
                if (panel is not null)
                {
                    var why = string.Join("；", reasons.Select(r => r.TryGetValue(i.Code, out var x) ? x.Reason : null).Where(x => !string.IsNullOrWhiteSpace(x)).Distinct());
                    var pts = panel.Points.GetValueOrDefault(i.Code);
                    cells.Add(new ComparisonCell(pts, pts is null ? "NotApplicable" : "Answered", why.Length == 0 ? null : why));
                }
                rows.Add(new ComparisonRow(i.Code, $"{section.Code} {section.Name}", i.Content, i.MaxPoints, cells, staff || owner || expert ? files[i.Code].ToList() : []));
            }
        return new ComparisonView(columns, rows, withheld.Distinct().ToList());

        static ComparisonCell Cell(IndicatorScore x) => new(x.Status == IndicatorStatus.Defaulted ? null : x.Points,
            x.Status == IndicatorStatus.Defaulted ? "Unanswered" : x.Vetoed ? "Vetoed" : x.Status.ToString(), x.Reason);
    }

    private static SheetView View(ScoreSheet s, string role)
    {
        JsonElement? answers = null;
        try
        {
            using var doc = JsonDocument.Parse(s.AnswersJson);
            answers = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            // stored sheets were checked on save; a historical "{}" parses
        }
        return new SheetView(s.Id, role, s.Expert, s.IsLead, s.Status.ToString(), s.BaseTotal, s.BonusTotal, s.Total, s.Vetoed, s.SavedBy, s.SavedAt, s.SubmittedAt, s.Version, answers);
    }

    private static List<ExpertSheet> SubmittedExpertSheets(Loaded l) =>
        l.Assessment.ExpertSheets.Where(s => s.Status == SheetStatus.Submitted)
            .Select(s => s.ToExpertSheet(Score(l.Rubric, s.AnswersJson).Indicators.ToDictionary(i => i.Code, i => i.Points))).ToList();

    private static IReadOnlyList<Disagreement> Disagreements(Loaded l) =>
        PanelConsolidation.Disagreements(SubmittedExpertSheets(l), l.Campaign.IndicatorDisagreement, l.Campaign.TotalDisagreement);

    private static void RequireOwner(ReviewUser u, Assessment a)
    {
        if (!(u.IsBody && u.FilingIds.Contains(a.FilingId))) throw new ForbiddenException("只有本机构的用户可以填写自评");
    }

    private static void RequirePanel(ReviewUser u, Campaign c)
    {
        if (!(u.IsExpert || u.IsStaff) || !c.IsPanelMember(u.UserName)) throw new ForbiddenException("只有本次考核小组的成员可以评分");
    }

    private static void RequireVersion(ScoreSheet? sheet, int? expected)
    {
        if (expected is not { } v) return;
        var current = sheet?.Version ?? 0;
        if (v != current)
            throw new ConflictException($"该评分表已被保存过（当前版本 {current}，您打开的是版本 {v}）；您的修改未保存，请复制后刷新页面再提交。");
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("该评审记录刚被他人保存；您的修改未保存，请刷新页面后重试。");
        }
    }

    /// <summary>Saves the body's draft answers (scored); <paramref name="expectedVersion"/> is the sheet version the page loaded.</summary>
    public async Task<SheetView> SaveSelfAsync(ReviewUser u, int assessmentId, string answersJson, int? expectedVersion, CancellationToken ct = default)
    {
        var l = await LoadAsync(u, assessmentId, ct);
        RequireOwner(u, l.Assessment);
        l.Campaign.RequireOpenForScoring(l.Assessment, CampaignHandlers.Today(db));
        RequireVersion(l.Assessment.SelfSheet, expectedVersion);
        var r = Score(l.Rubric, answersJson);
        var sheet = l.Assessment.SaveSelfAssessment(l.Campaign.Schedule, CampaignHandlers.Today(db), answersJson, r.BaseTotal, r.BonusTotal, r.Vetoed, u.UserName, db.Now);
        await SaveAsync(ct);
        return View(sheet, "self");
    }

    public async Task<SheetView> SubmitSelfAsync(ReviewUser u, int assessmentId, int? expectedVersion, CancellationToken ct = default)
    {
        var l = await LoadAsync(u, assessmentId, ct);
        RequireOwner(u, l.Assessment);
        l.Campaign.RequireOpenForScoring(l.Assessment, CampaignHandlers.Today(db));
        RequireVersion(l.Assessment.SelfSheet, expectedVersion);
        l.Assessment.SubmitSelfAssessment(l.Campaign.Schedule, CampaignHandlers.Today(db), db.Now);
        // After the stage check (a late submission is refused as late), before anything is saved.
        RequireAllAnswered(l.Rubric, l.Assessment.SelfSheet!.AnswersJson);
        RequireDeductionReasons(l.Rubric, l.Assessment.SelfSheet!.AnswersJson);
        await Notifications.ReviewNotices.SelfSubmittedAsync(db, l.Campaign, l.Assessment, ct);
        await SaveAsync(ct);
        return View(l.Assessment.SelfSheet!, "self");
    }

    /// <summary>An evidence file for download, if this user may see it (ReviewAccess.MaySeeEvidence); else not found.</summary>
    public async Task<EvidenceFile> EvidenceForDownloadAsync(ReviewUser u, int evidenceId, CancellationToken ct = default)
    {
        var e = await db.EvidenceFiles.AsNoTracking().FirstOrDefaultAsync(x => x.Id == evidenceId, ct)
            ?? throw new NotFoundException("没有找到这份证明材料：可能已删除，或您无权查看");
        if (u.FilingIds.Contains(e.FilingId)) return e;
        var campaign = e.CampaignId is { } cid ? await campaigns.LoadAsync(cid, ct, tracking: false) : null;
        var region = campaign is null ? await db.Filings.Where(f => f.Id == e.FilingId).Select(f => f.RegionCode).FirstOrDefaultAsync(ct) : null;
        return ReviewAccess.MaySeeEvidence(u, e.FilingId, campaign, region) ? e : throw new NotFoundException("没有找到这份证明材料：可能已删除，或您无权查看");
    }

    /// <summary>Evidence for the self-assessment (optionally for one indicator): checked by content, stored by hash, recorded.</summary>
    public async Task<EvidenceView> UploadEvidenceAsync(ReviewUser u, int assessmentId, string? indicatorCode, string fileName, Stream content, CancellationToken ct = default)
    {
        var l = await LoadAsync(u, assessmentId, ct);
        RequireOwner(u, l.Assessment);
        l.Campaign.RequireOpenForScoring(l.Assessment, CampaignHandlers.Today(db));
        if (l.Assessment.SelfSheet?.Status == SheetStatus.Submitted) throw new DomainException("sheet", "自评表已提交并锁定，不能再上传证明材料");
        if (!l.Assessment.StageOpen(l.Campaign.Schedule, CampaignStage.SelfAssessment, CampaignHandlers.Today(db)))
            throw new DomainException("stage", "不在自评阶段，不能上传证明材料");
        var code = string.IsNullOrWhiteSpace(indicatorCode) ? null : indicatorCode.Trim();
        if (code is not null && l.Rubric.FindIndicator(code) is null) throw new DomainException("indicator", $"评估表中没有指标 {code}");
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length == 0) name = "evidence";
        if (name.Length > 260) name = name[^260..];
        var stored = await evidence.StoreAsync(content, name, ct);
        var row = new EvidenceFile
        {
            Sha256 = stored.Sha256, OriginalName = name, MediaType = stored.MediaType, Size = stored.Size, FilingId = l.Assessment.FilingId,
            AssessmentId = l.Assessment.Id, CampaignId = l.Campaign.Id, IndicatorCode = code, UploadedBy = u.UserName, UploadedAt = db.Now,
        };
        db.EvidenceFiles.Add(row);
        await db.SaveChangesAsync(ct);
        return new EvidenceView(row.Id, row.Sha256, row.OriginalName, row.MediaType, row.Size, row.IndicatorCode, row.UploadedBy, row.UploadedAt);
    }

    public async Task<SheetView> SaveExpertAsync(ReviewUser u, int assessmentId, string answersJson, int? expectedVersion, CancellationToken ct = default)
    {
        var l = await LoadAsync(u, assessmentId, ct);
        RequirePanel(u, l.Campaign);
        l.Campaign.RequireOpenForScoring(l.Assessment, CampaignHandlers.Today(db));
        RequireVersion(l.Assessment.ExpertSheets.FirstOrDefault(s => s.Expert == u.UserName), expectedVersion);
        var r = Score(l.Rubric, answersJson);
        var sheet = l.Assessment.SaveExpertSheet(l.Campaign.Schedule, CampaignHandlers.Today(db), u.UserName, l.Campaign.IsPanelLead(u.UserName), answersJson, r.BaseTotal, r.BonusTotal, r.Vetoed, db.Now);
        await SaveAsync(ct);
        return View(sheet, "expert");
    }

    public async Task<SheetView> SubmitExpertAsync(ReviewUser u, int assessmentId, int? expectedVersion, CancellationToken ct = default)
    {
        var l = await LoadAsync(u, assessmentId, ct);
        RequirePanel(u, l.Campaign);
        l.Campaign.RequireOpenForScoring(l.Assessment, CampaignHandlers.Today(db));
        RequireVersion(l.Assessment.ExpertSheets.FirstOrDefault(s => s.Expert == u.UserName), expectedVersion);
        l.Assessment.SubmitExpertSheet(l.Campaign.Schedule, CampaignHandlers.Today(db), u.UserName, db.Now);
        RequireAllAnswered(l.Rubric, l.Assessment.ExpertSheets.First(s => s.Expert == u.UserName).AnswersJson);
        RequireDeductionReasons(l.Rubric, l.Assessment.ExpertSheets.First(s => s.Expert == u.UserName).AnswersJson);
        await Notifications.ReviewNotices.ExpertSubmittedAsync(db, l.Campaign, l.Assessment, ct);
        await SaveAsync(ct);
        return View(l.Assessment.ExpertSheets.First(s => s.Expert == u.UserName), "expert");
    }

    /// <summary>
    /// The officer confirms the panel result: consolidated by the campaign's rule, classified by the rubric's outcome
    /// scheme (a veto gives the veto label whatever the points, seed 002 备注3), locked and signed (FinalisedBy/At, audited).
    /// One SaveChanges: if anything fails, the assessment stays as it was. <paramref name="beforeSave"/> lets a test fail in between.
    /// </summary>
    public async Task<AssessmentView> FinaliseAsync(ReviewUser u, int assessmentId, int? expectedVersion, Func<Task>? beforeSave = null, CancellationToken ct = default)
    {
        var l = await LoadAsync(u, assessmentId, ct);
        ReviewAccess.RequireStaff(u, l.Campaign);
        l.Campaign.RequireOpenForScoring(l.Assessment, CampaignHandlers.Today(db));
        if (expectedVersion is { } v && v != l.Assessment.Version) throw new ConflictException($"评审记录已变化（当前版本 {l.Assessment.Version}，您看到的是版本 {v}），请刷新后再确认。");
        var panel = await FinalisablePanelAsync(l, ct);
        var basis = l.Rubric.Outcome.GradedScore(panel.BaseTotal, panel.Total);
        var outcome = l.Rubric.Outcome.Classify(basis, panel.Vetoed);
        l.Assessment.Finalise(panel, outcome, u.UserName, db.Now);
        await Notifications.ReviewNotices.FinalisedAsync(db, l.Campaign, l.Assessment, ct);
        if (beforeSave is not null) await beforeSave();
        await SaveAsync(ct);
        return await GetAsync(u, assessmentId, ct);
    }

    /// <summary>
    /// Every rule of confirming the result but the officer's rights and the version: the campaign still open for scoring
    /// (or this body reopened), not yet confirmed, the expert sheets submitted (Assessment.RequireFinalisable) and
    /// consolidable by the campaign's rule (by the 组长's sheet: there must be one). Throws the refusal in Chinese, naming people.
    /// </summary>
    private async Task<PanelScore> FinalisablePanelAsync(Loaded l, CancellationToken ct)
    {
        l.Campaign.RequireOpenForScoring(l.Assessment, CampaignHandlers.Today(db));
        var names = await people.DisplayNamesAsync(ct);
        l.Assessment.RequireFinalisable(a => Accounts.PersonNames.Of(a, names));
        return PanelConsolidation.Consolidate(SubmittedExpertSheets(l), l.Campaign.Consolidation);
    }

    /// <summary>Why the result cannot be confirmed now (what FinaliseAsync would refuse), or null when it can.</summary>
    private async Task<string?> FinaliseRefusalAsync(Loaded l, CancellationToken ct)
    {
        try
        {
            await FinalisablePanelAsync(l, ct);
            return null;
        }
        catch (InvalidInputException e)
        {
            return e.Message;
        }
    }

    /// <summary>Reopens the self-assessment or panel stage for this body until a day, with a reason (a Reopenings row, audited).</summary>
    /// <param name="afterReviewRequest">An answer to a review request (复核申请) may reopen a body after the results were published.</param>
    public async Task<AssessmentView> ReopenAsync(ReviewUser u, int assessmentId, string? stage, string? reason, DateOnly? until, bool afterReviewRequest = false, CancellationToken ct = default)
    {
        var l = await LoadAsync(u, assessmentId, ct);
        ReviewAccess.RequireStaff(u, l.Campaign);
        if (!afterReviewRequest) l.Campaign.RequireOpenForScoring(l.Assessment, CampaignHandlers.Today(db));
        var s = CampaignHandlers.ParseStage(stage);
        var day = until ?? CampaignHandlers.Today(db).AddDays(7);
        l.Assessment.Reopen(s, reason ?? "", u.UserName, db.Now, day);
        await Notifications.ReviewNotices.ReopenedAsync(db, l.Campaign, l.Assessment, s, day, reason ?? "", ct);
        await SaveAsync(ct);
        return await GetAsync(u, assessmentId, ct);
    }

    /// <summary>The assessments a user may work on in a campaign (body: own; expert: all targets; staff: all).</summary>
    /// <summary>The campaign's assessments this user may see, each with how far it has got (the board's wording: 未填写自评 … 结果已确认).</summary>
    public async Task<IReadOnlyList<(int Id, int FilingId, string Name, string? Outcome, bool Finalised, string Progress)>> ListAsync(ReviewUser u, int campaignId, CancellationToken ct = default)
    {
        var c = await campaigns.LoadVisibleAsync(u, campaignId, ct, tracking: false);
        var rows = await db.Assessments.AsNoTracking().Where(a => a.CampaignId == campaignId)
            .Join(db.Filings, a => a.FilingId, f => f.Id, (a, f) => new { a.Id, a.FilingId, f.LegalEntity.Name, a.Outcome, a.FinalisedAt }).ToListAsync(ct);
        var sheets = (await db.ScoreSheets.AsNoTracking().Where(s => db.Set<Assessment>().Any(a => a.Id == s.AssessmentId && a.CampaignId == campaignId))
            .Select(s => new { s.AssessmentId, Self = s.Expert == null, s.Status, Saved = s.SavedAt != null }).ToListAsync(ct)).ToLookup(s => s.AssessmentId);
        return rows.Where(r => ReviewAccess.MaySeeAssessment(u, c, r.FilingId)).OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r =>
            {
                var self = sheets[r.Id].FirstOrDefault(s => s.Self);
                var experts = sheets[r.Id].Where(s => !s.Self && s.Saved).ToList();
                var progress = BoardHandlers.Progress(r.FinalisedAt != null, self?.Status, self is { Saved: true }, experts.Count, experts.Count(s => s.Status == SheetStatus.Submitted));
                return (r.Id, r.FilingId, r.Name, r.Outcome, r.FinalisedAt != null, BoardHandlers.Chinese(progress));
            }).ToList();
    }
}
