using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Reviews;

public enum SheetStatus
{
    Draft = 1,
    /// <summary>Submitted: locked until an officer reopens it.</summary>
    Submitted = 2,
}

/// <summary>A scoring sheet: the body's self-assessment, or one expert's. Answers are the JSON of docs/rubric-format.md.</summary>
public sealed class ScoreSheet
{
    public int Id { get; private set; }
    public int AssessmentId { get; private set; }
    /// <summary>Null for the body's self-assessment; the expert's user name otherwise.</summary>
    public string? Expert { get; private set; }
    public bool IsLead { get; private set; }
    public string AnswersJson { get; private set; } = "{}";
    public SheetStatus Status { get; private set; } = SheetStatus.Draft;
    public decimal? BaseTotal { get; private set; }
    public decimal? BonusTotal { get; private set; }
    public bool Vetoed { get; private set; }
    public string? SavedBy { get; private set; }
    public DateTimeOffset? SavedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    /// <summary>Optimistic concurrency: two experts saving at once must not lose a write.</summary>
    public int Version { get; private set; }

    public bool IsSelfAssessment => Expert is null;
    public decimal? Total => BaseTotal + BonusTotal;

    private ScoreSheet() { }

    internal ScoreSheet(string? expert, bool isLead)
    {
        Expert = expert;
        IsLead = isLead;
    }

    internal void Save(string answersJson, decimal baseTotal, decimal bonusTotal, bool vetoed, string by, DateTimeOffset at)
    {
        if (Status == SheetStatus.Submitted) throw new DomainException("sheet", IsSelfAssessment ? "自评表已提交并锁定，如需修改请联系工作人员重新开放" : "评分表已提交并锁定，如需修改请联系工作人员重新开放");
        AnswersJson = answersJson;
        BaseTotal = baseTotal;
        BonusTotal = bonusTotal;
        Vetoed = vetoed;
        SavedBy = by;
        SavedAt = at;
        Version++;
    }

    internal void Submit(DateTimeOffset at)
    {
        if (Status == SheetStatus.Submitted) throw new DomainException("sheet", "已经提交，不能重复提交");
        if (SavedAt is null) throw new DomainException("sheet", "尚未填写，不能提交");
        Status = SheetStatus.Submitted;
        SubmittedAt = at;
        Version++;
    }

    internal void Unlock()
    {
        Status = SheetStatus.Draft;
        SubmittedAt = null;
        Version++;
    }

    public ExpertSheet ToExpertSheet(IReadOnlyDictionary<string, decimal?> points) =>
        new(Expert ?? "self", IsLead, points, BaseTotal ?? 0, BonusTotal ?? 0, Vetoed);
}

/// <summary>An officer reopened a stage for one body, with a reason (logged).</summary>
public sealed class Reopening
{
    public int Id { get; private set; }
    public int AssessmentId { get; private set; }
    public CampaignStage Stage { get; private set; }
    public string Reason { get; private set; } = "";
    public string By { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
    /// <summary>The reopening lasts until this day inclusive.</summary>
    public DateOnly Until { get; private set; }

    private Reopening() { }

    internal Reopening(CampaignStage stage, string reason, string by, DateTimeOffset at, DateOnly until)
    {
        Stage = stage;
        Reason = reason;
        By = by;
        At = at;
        Until = until;
    }
}

/// <summary>
/// One body's review in a campaign: its self-assessment, the experts' sheets and the finalised panel result.
/// The campaign's stage in force decides what may be done (seed 002 二); an officer can reopen a stage for this
/// body with a reason.
/// </summary>
public sealed class Assessment
{
    public int Id { get; private set; }
    public int CampaignId { get; private set; }
    public int FilingId { get; private set; }

    private readonly List<ScoreSheet> _sheets = [];
    public IReadOnlyList<ScoreSheet> Sheets => _sheets;

    private readonly List<Reopening> _reopenings = [];
    public IReadOnlyList<Reopening> Reopenings => _reopenings;

    public decimal? PanelBaseTotal { get; private set; }
    public decimal? PanelBonusTotal { get; private set; }
    public bool PanelVetoed { get; private set; }
    public string? Outcome { get; private set; }
    public string? FinalisedBy { get; private set; }
    public DateTimeOffset? FinalisedAt { get; private set; }
    public int Version { get; private set; }

    public bool IsFinalised => FinalisedAt is not null;
    public decimal? PanelTotal => PanelBaseTotal + PanelBonusTotal;
    public ScoreSheet? SelfSheet => _sheets.FirstOrDefault(s => s.IsSelfAssessment);
    public IEnumerable<ScoreSheet> ExpertSheets => _sheets.Where(s => !s.IsSelfAssessment);

    private Assessment() { }

    public Assessment(int campaignId, int filingId)
    {
        CampaignId = campaignId;
        FilingId = filingId;
    }

    /// <summary>Is the stage open for this body today: its window, or an officer's reopening?</summary>
    public bool StageOpen(CampaignSchedule schedule, CampaignStage stage, DateOnly today) =>
        schedule.IsOpen(stage, today) || _reopenings.Any(r => r.Stage == stage && today <= r.Until && today >= DateOnly.FromDateTime(r.At.UtcDateTime));

    public ScoreSheet SaveSelfAssessment(CampaignSchedule schedule, DateOnly today, string answersJson, decimal baseTotal, decimal bonusTotal, bool vetoed, string by, DateTimeOffset at)
    {
        RequireNotFinalised();
        RequireOpen(schedule, CampaignStage.SelfAssessment, today);
        var sheet = SelfSheet ?? Add(new ScoreSheet(null, false));
        sheet.Save(answersJson, baseTotal, bonusTotal, vetoed, by, at);
        Version++;
        return sheet;
    }

    public void SubmitSelfAssessment(CampaignSchedule schedule, DateOnly today, DateTimeOffset at)
    {
        RequireNotFinalised();
        RequireOpen(schedule, CampaignStage.SelfAssessment, today);
        (SelfSheet ?? throw new DomainException("sheet", "尚未填写自评表")).Submit(at);
        Version++;
    }

    public ScoreSheet SaveExpertSheet(CampaignSchedule schedule, DateOnly today, string expert, bool isLead, string answersJson, decimal baseTotal, decimal bonusTotal, bool vetoed, DateTimeOffset at)
    {
        RequireNotFinalised();
        RequireOpen(schedule, CampaignStage.PanelReview, today);
        var sheet = ExpertSheets.FirstOrDefault(s => s.Expert == expert) ?? Add(new ScoreSheet(expert, isLead));
        sheet.Save(answersJson, baseTotal, bonusTotal, vetoed, expert, at);
        Version++;
        return sheet;
    }

    public void SubmitExpertSheet(CampaignSchedule schedule, DateOnly today, string expert, DateTimeOffset at)
    {
        RequireNotFinalised();
        RequireOpen(schedule, CampaignStage.PanelReview, today);
        (ExpertSheets.FirstOrDefault(s => s.Expert == expert) ?? throw new DomainException("sheet", "该专家尚未填写评分表")).Submit(at);
        Version++;
    }

    /// <summary>An expert sees the others' scores only after submitting their own.</summary>
    public bool ExpertMaySeeOthers(string expert) => ExpertSheets.Any(s => s.Expert == expert && s.Status == SheetStatus.Submitted);

    /// <summary>An expert sees the body's self-assessment only once the body has submitted it.</summary>
    public bool SelfAssessmentVisibleToExperts => SelfSheet?.Status == SheetStatus.Submitted;

    /// <summary>
    /// The rule for confirming the result, asked on its own so that a page can say up front why it cannot be confirmed
    /// and a bulk confirmation can skip the body with the reason: not already confirmed, at least one expert sheet
    /// submitted and none still in draft. <paramref name="person"/> turns an account into the name people read.
    /// </summary>
    public void RequireFinalisable(Func<string?, string>? person = null)
    {
        person ??= a => a ?? "";
        if (IsFinalised)
            throw new DomainException("assessment", $"评审结果已于 {FinalisedAt?.ToChinaMinutes()} 由 {person(FinalisedBy)} 确认锁定，不能再次确认；如需修改须先重新开放并说明理由");
        var drafts = ExpertSheets.Where(s => s.Status != SheetStatus.Submitted).Select(s => person(s.Expert)).ToList();
        if (!ExpertSheets.Any(s => s.Status == SheetStatus.Submitted))
            throw new DomainException("assessment", "尚无专家提交评分，不能确认结果" + (drafts.Count > 0 ? $"（评分尚未提交：{string.Join("、", drafts)}）" : ""));
        if (drafts.Count > 0) throw new DomainException("assessment", "仍有专家评分未提交：" + string.Join("、", drafts));
    }

    /// <summary>
    /// Locks the panel result, signed by the officer. Needs at least one submitted expert sheet; a second finalise is
    /// refused (a change needs a reopening with a reason first).
    /// </summary>
    public void Finalise(PanelScore panel, string outcome, string officer, DateTimeOffset at)
    {
        RequireFinalisable();
        PanelBaseTotal = panel.BaseTotal;
        PanelBonusTotal = panel.BonusTotal;
        PanelVetoed = panel.Vetoed;
        Outcome = outcome;
        FinalisedBy = officer;
        FinalisedAt = at;
        Version++;
    }

    /// <summary>Historical totals only (seed 000 附件2): the self and panel totals as published, no sheets.</summary>
    public void RecordHistorical(decimal? selfTotal, decimal panelTotal, string outcome, string by, DateTimeOffset at, string source)
    {
        RequireNotFinalised();
        if (selfTotal is { } s)
        {
            var sheet = SelfSheet ?? Add(new ScoreSheet(null, false));
            sheet.Save("{}", s, 0, false, source, at);
            sheet.Submit(at);
        }
        PanelBaseTotal = panelTotal;
        PanelBonusTotal = 0;
        Outcome = outcome;
        FinalisedBy = by;
        FinalisedAt = at;
        Version++;
    }

    /// <summary>Whether a reopening of this body (self-assessment or panel) runs on <paramref name="today"/>.</summary>
    public bool HasActiveReopening(DateOnly today) =>
        _reopenings.Any(r => today <= r.Until && today >= DateOnly.FromDateTime(r.At.UtcDateTime));

    /// <summary>Reopens a stage for this body until a day, with a reason. Reopening the panel stage unlocks a finalised result.</summary>
    public void Reopen(CampaignStage stage, string reason, string officer, DateTimeOffset at, DateOnly until)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason", "重新开放须说明理由");
        if (stage is not (CampaignStage.SelfAssessment or CampaignStage.PanelReview)) throw new DomainException("stage", "只能重新开放自评或考核评审阶段");
        if (until < DateOnly.FromDateTime(at.UtcDateTime)) throw new DomainException("until", "重新开放的截止日期不能早于今天");
        _reopenings.Add(new Reopening(stage, reason.Trim(), officer, at, until));
        if (stage == CampaignStage.SelfAssessment) SelfSheet?.Unlock();
        if (IsFinalised)
        {
            FinalisedAt = null;
            FinalisedBy = null;
            Outcome = null;
        }
        if (stage == CampaignStage.PanelReview) foreach (var s in ExpertSheets) s.Unlock();
        Version++;
    }

    private ScoreSheet Add(ScoreSheet sheet)
    {
        _sheets.Add(sheet);
        return sheet;
    }

    private void RequireNotFinalised()
    {
        if (IsFinalised) throw new DomainException("assessment", "评审结果已确认锁定，如需修改须先重新开放并说明理由");
    }

    private void RequireOpen(CampaignSchedule schedule, CampaignStage stage, DateOnly today)
    {
        if (StageOpen(schedule, stage, today)) return;
        var w = schedule.Window(stage);
        throw new DomainException("stage", w is null
            ? $"本次考核未安排{CampaignSchedule.Chinese(stage)}阶段"
            : $"{CampaignSchedule.Chinese(stage)}时间为 {w.From:yyyy-MM-dd} 至 {w.To:yyyy-MM-dd}，今天（{today:yyyy-MM-dd}）不在此期间");
    }
}
