using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Reviews;

/// <summary>A filing as the target rule sees it.</summary>
public sealed record TargetCandidate(int FilingId, string Name, string RegionCode, FilingStatus Status, PartialDate? FiledOn, Supervision? Supervision = null);

public enum TargetVerdict
{
    Included = 1,
    Excluded = 2,
    /// <summary>Included, but the rule could not be settled from the facts held; an officer should confirm.</summary>
    IncludedToConfirm = 3,
}

public sealed record TargetChoice(int FilingId, string Name, TargetVerdict Verdict, string Reason);

/// <summary>
/// The default target rule: the active filings of the region, leaving out filings younger than one year on the
/// reference day (seed 001 一: "2022年9月份备案的4家机构因备案时间不满一年，不列入本次评估对象"), and, when the
/// campaign reviews a year's work, filings made after that year (they did no work in it).
/// </summary>
public static class TargetRule
{
    public static IReadOnlyList<TargetChoice> Apply(IEnumerable<TargetCandidate> filings, Region region, DateOnly asOf, int? reviewYear = null)
    {
        var oneYearBefore = asOf.AddYears(-1);
        var doc = RenewalRules.DocFor(region.Code) + "第一部分";
        var result = new List<TargetChoice>();
        var supervision = new Dictionary<int, Supervision?>();
        foreach (var f in filings.Where(f => f.RegionCode.StartsWith(region.DescendantPrefix, StringComparison.Ordinal)).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            supervision[f.FilingId] = f.Supervision;
            if (f.Status is FilingStatus.Terminated or FilingStatus.Expired or FilingStatus.Suspended)
            {
                result.Add(new(f.FilingId, f.Name, TargetVerdict.Excluded, $"备案状态为“{f.Status.Chinese()}”"));
                continue;
            }
            if (f.FiledOn is not { } filed)
            {
                result.Add(new(f.FilingId, f.Name, TargetVerdict.IncludedToConfirm, $"备案时间未注明，无法判断是否满一年（{doc}），请确认"));
                continue;
            }
            if (reviewYear is { } year && filed.Year > year)
                result.Add(new(f.FilingId, f.Name, TargetVerdict.Excluded, $"备案时间 {filed.ToChinese()}，晚于考核年度 {year} 年，该年度尚未开展评价"));
            else if (filed.Earliest > oneYearBefore)
                result.Add(new(f.FilingId, f.Name, TargetVerdict.Excluded, $"备案时间 {filed.ToChinese()} 至 {asOf:yyyy-MM-dd} 不满一年（{doc}）"));
            else if (filed.Latest > oneYearBefore)
                result.Add(new(f.FilingId, f.Name, TargetVerdict.IncludedToConfirm, $"备案时间仅知为 {filed.ToChinese()}，无法判断至 {asOf:yyyy-MM-dd} 是否满一年（{doc}），请确认"));
            else
                result.Add(new(f.FilingId, f.Name, TargetVerdict.Included, $"备案时间 {filed.ToChinese()}，已满一年"));
        }
        // Seed 000 三(三): 省属评价机构日常管理和质量监督在山西省职业技能鉴定中心，因此本次绩效考核未纳入忻州市评价考核. A
        // fact of that year's campaign, not a rule for every one: a city campaign flags a province-supervised body for the
        // officer to confirm (and take out by hand), rather than leaving it out by itself.
        return result.Select(c => c.Verdict != TargetVerdict.Excluded && region.Level != RegionLevel.Province
                && supervision.TryGetValue(c.FilingId, out var s) && s == Supervision.Province
            ? c with { Verdict = TargetVerdict.IncludedToConfirm, Reason = c.Reason + "；省属评价机构（日常管理和质量监督在省职业技能鉴定中心，忻州市2023年度绩效考核未将其纳入），请确认是否纳入本次考核" }
            : c).ToList();
    }
}

/// <summary>A filing targeted by a campaign; chosen by the rule or adjusted by hand (with a reason).</summary>
public sealed class CampaignTarget
{
    public int Id { get; private set; }
    public int CampaignId { get; private set; }
    public int FilingId { get; private set; }
    public bool Included { get; private set; }
    public bool ByHand { get; private set; }
    public string Reason { get; private set; } = "";

    private CampaignTarget() { }

    internal CampaignTarget(int filingId, bool included, bool byHand, string reason)
    {
        FilingId = filingId;
        Included = included;
        ByHand = byHand;
        Reason = reason;
    }

    internal void Set(bool included, bool byHand, string reason)
    {
        Included = included;
        ByHand = byHand;
        Reason = reason;
    }
}

public enum CampaignMemberRole
{
    /// <summary>领导小组 (seed 002 附件2)</summary>
    LeadingGroup = 1,
    /// <summary>考核小组/专家组 member</summary>
    Panel = 2,
    /// <summary>专家组组长: signs the consensus sheet</summary>
    PanelLead = 3,
}

public sealed class CampaignMember
{
    public int Id { get; private set; }
    public int CampaignId { get; private set; }
    public string UserName { get; private set; } = "";
    public CampaignMemberRole Role { get; private set; }
    /// <summary>As the plan prints it, e.g. "市人社局党组成员、副局长".</summary>
    public string? Title { get; private set; }

    private CampaignMember() { }

    internal CampaignMember(string userName, CampaignMemberRole role, string? title)
    {
        UserName = userName;
        Role = role;
        Title = title;
    }
}

/// <summary>
/// Where a campaign stands as a whole. The stage in force (自评, 考核, 汇总, 公布) is driven by the dates of the schedule
/// (seed 002 二); the state says whether the campaign has been issued to the bodies and whether its results are final.
/// </summary>
public enum CampaignState
{
    /// <summary>Being prepared (制定工作方案): targets and members can change; bodies and experts do not see it.</summary>
    Draft = 1,
    /// <summary>Issued (印发方案): bodies see it and may act in the stages the schedule opens.</summary>
    Open = 2,
    /// <summary>Results published (考核结果公布, seed 002 二(五)): nothing more is scored; decisions and rectification continue.</summary>
    Closed = 3,
}

/// <summary>
/// A yearly review of many bodies under one rubric and schedule (考核方案, seed 002; 评估通知, seed 001).
/// </summary>
public sealed class Campaign
{
    public int Id { get; private set; }
    public string Title { get; private set; } = "";
    public string? DocumentNumber { get; private set; }
    public string Authority { get; private set; } = "";
    /// <summary>The plan's own title as issued (seed 002: 关于印发忻州市2023年职业技能等级评价机构年度绩效考核工作方案的通知); the results notice cites it.</summary>
    public string? PlanTitle { get; private set; }
    /// <summary>The day the plan was issued (seed 002: 2023年12月12日).</summary>
    public DateOnly? PlanIssuedOn { get; private set; }
    /// <summary>
    /// The document that published the list of bodies counted (seed 000 二: 以忻州市推进“人人持证、技能社会”建设工作领导小组发文公布
    /// （…（忻人组办〔2023〕4号））), as the notice words it after "以"; none when the bodies are simply those filed.
    /// </summary>
    public string? ListBasis { get; private set; }
    public int Year { get; private set; }
    public string RegionCode { get; private set; } = "";
    public string RubricId { get; private set; } = "";
    public ConsolidationRule Consolidation { get; private set; }
    /// <summary>Per-indicator spread between experts above which a disagreement is flagged.</summary>
    public decimal IndicatorDisagreement { get; private set; }
    /// <summary>Spread of expert totals above which a disagreement is flagged.</summary>
    public decimal TotalDisagreement { get; private set; }
    /// <summary>Only totals were imported (seed 000 附件2); there are no sheets.</summary>
    public bool Historical { get; private set; }
    public int? PreviousCampaignId { get; private set; }
    public CampaignState State { get; private set; } = CampaignState.Draft;
    public string? OpenedBy { get; private set; }
    public DateTimeOffset? OpenedAt { get; private set; }
    public string? ClosedBy { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    /// <summary>Concurrency token: two officers changing the campaign at once must not both win.</summary>
    public int Version { get; private set; }

    private readonly List<StageWindow> _stages = [];
    public IReadOnlyList<StageWindow> Stages => _stages;
    public CampaignSchedule Schedule => new(_stages);

    private readonly List<CampaignTarget> _targets = [];
    public IReadOnlyList<CampaignTarget> Targets => _targets;

    private readonly List<CampaignMember> _members = [];
    public IReadOnlyList<CampaignMember> Members => _members;

    private Campaign() { }

    public Campaign(string title, string? documentNumber, string authority, int year, string regionCode, string rubricId,
        IEnumerable<StageWindow> stages, ConsolidationRule consolidation, decimal indicatorDisagreement = 1m, decimal totalDisagreement = 10m, bool historical = false)
    {
        var errors = new List<DomainException>();
        if (string.IsNullOrWhiteSpace(title)) errors.Add(new("title", "考核名称不能为空"));
        if (string.IsNullOrWhiteSpace(authority)) errors.Add(new("authority", "发文机关不能为空"));
        if (year is < 2000 or > 2100) errors.Add(new("year", $"年度 {year} 不在合理范围内"));
        if (Regions.All.All(r => r.Code != regionCode)) errors.Add(new("region", $"未知的行政区划代码“{regionCode}”"));
        if (string.IsNullOrWhiteSpace(rubricId)) errors.Add(new("rubric", "须指定评估表"));
        if (indicatorDisagreement < 0 || totalDisagreement < 0) errors.Add(new("threshold", "分歧阈值不能为负数"));
        var list = stages.ToList();
        try
        {
            _ = new CampaignSchedule(list);
        }
        catch (DomainValidationException e)
        {
            errors.AddRange(e.Errors);
        }
        if (errors.Count > 0) throw new DomainValidationException(errors);
        Title = title.Trim();
        DocumentNumber = string.IsNullOrWhiteSpace(documentNumber) ? null : documentNumber.Trim();
        Authority = authority.Trim();
        Year = year;
        RegionCode = regionCode;
        RubricId = rubricId;
        Consolidation = consolidation;
        IndicatorDisagreement = indicatorDisagreement;
        TotalDisagreement = totalDisagreement;
        Historical = historical;
        _stages.AddRange(list);
    }

    /// <summary>
    /// Changes the schedule (考核工作方案“进度安排与步骤”) of a campaign not yet closed, as of <paramref name="today"/>.
    /// Before 印发 any valid schedule; once issued, a stage that has begun keeps its start and stays in the schedule, and it cannot be made to end before today (it
    /// may be extended, or ended today); a stage not yet begun may be moved, added or dropped, but not to a start before
    /// today, so nothing is put in force after the fact. The new schedule must be valid as a whole (CampaignSchedule).
    /// </summary>
    public void Reschedule(IReadOnlyList<StageWindow> stages, DateOnly today)
    {
        if (State == CampaignState.Closed) throw new DomainException("state", "考核已结束，日程不能再修改");
        var errors = new List<DomainException>();
        // Before 印发 nothing is in force (the stage is 制定工作方案 whatever the dates): the plan's schedule is still a draft.
        var running = State == CampaignState.Open;
        foreach (var old in _stages.Where(w => running && w.From <= today))
        {
            var name = CampaignSchedule.Chinese(old.Stage);
            var now = stages.FirstOrDefault(w => w.Stage == old.Stage);
            if (now is null) errors.Add(new("stages", $"{name}阶段已于 {old.From:yyyy-MM-dd} 开始，不能删除"));
            else
            {
                if (now.From != old.From) errors.Add(new("stages", $"{name}阶段已于 {old.From:yyyy-MM-dd} 开始，开始日期不能再改"));
                if (now.To != old.To && now.To < today) errors.Add(new("stages", $"{name}阶段的结束日期不能早于今天（{today:yyyy-MM-dd}）"));
            }
        }
        foreach (var w in stages.Where(w => running && (_stages.FirstOrDefault(o => o.Stage == w.Stage) is not { } o || o.From > today)))
            if (w.From < today) errors.Add(new("stages", $"{CampaignSchedule.Chinese(w.Stage)}阶段尚未开始：开始日期不能早于今天（{today:yyyy-MM-dd}）"));
        try { _ = new CampaignSchedule(stages); }
        catch (DomainValidationException e) { errors.AddRange(e.Errors); }
        if (errors.Count > 0) throw new DomainValidationException(errors);
        _stages.Clear();
        _stages.AddRange(stages);
        Version++;
    }

    /// <summary>Records the plan's title, 文号 and issue date and the list's basis, as the results notice cites them.</summary>
    public void SetPlan(string? planTitle, string? documentNumber, DateOnly? issuedOn, string? listBasis)
    {
        var errors = new List<DomainException>();
        if (planTitle?.Trim().Length > 300) errors.Add(new("planTitle", "方案标题不能超过 300 字"));
        if (documentNumber?.Trim().Length > 100) errors.Add(new("documentNumber", "文号不能超过 100 字"));
        if (listBasis?.Trim().Length > 500) errors.Add(new("listBasis", "名录依据不能超过 500 字"));
        if (issuedOn is { } d && (d.Year < Year - 1 || d.Year > Year + 1)) errors.Add(new("planIssuedOn", $"方案印发日期 {d:yyyy-MM-dd} 与考核年度 {Year} 不符"));
        if (errors.Count > 0) throw new DomainValidationException(errors);
        PlanTitle = string.IsNullOrWhiteSpace(planTitle) ? null : planTitle.Trim();
        DocumentNumber = string.IsNullOrWhiteSpace(documentNumber) ? null : documentNumber.Trim();
        PlanIssuedOn = issuedOn;
        ListBasis = string.IsNullOrWhiteSpace(listBasis) ? null : listBasis.Trim();
        Version++;
    }

    /// <summary>Replaces the targets chosen by the rule; targets set by hand are kept.</summary>
    public void ApplyTargets(IEnumerable<TargetChoice> choices)
    {
        foreach (var c in choices)
        {
            var existing = _targets.FirstOrDefault(t => t.FilingId == c.FilingId);
            if (existing is { ByHand: true }) continue;
            var included = c.Verdict != TargetVerdict.Excluded;
            if (existing is null) _targets.Add(new CampaignTarget(c.FilingId, included, false, c.Reason));
            else existing.Set(included, false, c.Reason);
        }
    }

    /// <summary>Adds or removes one filing by hand, with a reason.</summary>
    public void SetTarget(int filingId, bool included, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason", "手工调整考核对象须说明理由");
        var existing = _targets.FirstOrDefault(t => t.FilingId == filingId);
        if (existing is null) _targets.Add(new CampaignTarget(filingId, included, true, reason.Trim()));
        else existing.Set(included, true, reason.Trim());
    }

    /// <summary>Issues the campaign to the bodies (印发方案). Needs at least one target.</summary>
    public void Open(string by, DateTimeOffset at)
    {
        if (State != CampaignState.Draft) throw new DomainException("state", State == CampaignState.Open ? "考核已经开始" : "考核已结束，不能重新开始");
        if (!_targets.Any(t => t.Included)) throw new DomainException("targets", "尚未确定考核对象，不能开始");
        State = CampaignState.Open;
        OpenedBy = by;
        OpenedAt = at;
        Version++;
    }

    /// <summary>
    /// Publication done (考核结果公布, seed 002 二(五)): no more scoring. <paramref name="unfinalised"/> lists the targets
    /// whose result is not yet confirmed; closing is refused while there are any.
    /// </summary>
    public void Close(string by, DateTimeOffset at, IReadOnlyCollection<string> unfinalised)
    {
        if (State == CampaignState.Closed) throw new DomainException("state", "考核已结束");
        if (State == CampaignState.Draft && !Historical) throw new DomainException("state", "考核尚未开始，不能结束");
        if (unfinalised.Count > 0) throw new DomainException("state", "以下考核对象的结果尚未确认，不能结束：" + string.Join("、", unfinalised));
        State = CampaignState.Closed;
        ClosedBy = by;
        ClosedAt = at;
        Version++;
    }

    /// <summary>Scoring (self-assessment, panel, finalise, reopen) only while the campaign is open.</summary>
    public void RequireOpenForScoring(Assessment? assessment = null, DateOnly? today = null)
    {
        if (State == CampaignState.Draft) throw new DomainException("state", "考核尚未开始（方案未印发）");
        // After publication a body may still be re-scored when its review request (复核申请) reopened it: only that body, only until the reopening's day.
        if (State == CampaignState.Closed && !(assessment is not null && today is { } d && assessment.HasActiveReopening(d)))
            throw new DomainException("state", "考核结果已公布，考核已结束，不能再修改评分");
    }

    /// <summary>Targets and members change only while the campaign is being prepared or runs.</summary>
    public void RequireNotClosed()
    {
        if (State == CampaignState.Closed) throw new DomainException("state", "考核已结束，不能再修改");
    }

    public void Touch() => Version++;

    public IEnumerable<int> TargetFilingIds => _targets.Where(t => t.Included).Select(t => t.FilingId);

    public void AddMember(string userName, CampaignMemberRole role, string? title = null)
    {
        if (string.IsNullOrWhiteSpace(userName)) throw new DomainException("member", "成员不能为空");
        if (role == CampaignMemberRole.PanelLead && _members.Any(m => m.Role == CampaignMemberRole.PanelLead && m.UserName != userName))
            throw new DomainException("member", "专家组只能有一名组长");
        if (_members.Any(m => m.UserName == userName && m.Role == role)) return;
        _members.Add(new CampaignMember(userName, role, title));
    }

    public bool IsPanelMember(string userName) => _members.Any(m => m.UserName == userName && m.Role is CampaignMemberRole.Panel or CampaignMemberRole.PanelLead);

    public bool IsPanelLead(string userName) => _members.Any(m => m.UserName == userName && m.Role == CampaignMemberRole.PanelLead);

    /// <summary>
    /// Next year's campaign from this one: same rubric (or its newer version), authority, members and rules, the
    /// schedule moved by one year, and no targets, answers, scores or statuses — targets are recomputed by the caller.
    /// </summary>
    public Campaign NextYear(string title, string? documentNumber, string? newerRubricId = null)
    {
        var next = new Campaign(title, documentNumber, Authority, Year + 1, RegionCode, newerRubricId ?? RubricId,
            _stages.Select(s => s with { From = s.From.AddYears(1), To = s.To.AddYears(1) }), Consolidation, IndicatorDisagreement, TotalDisagreement)
        {
            PreviousCampaignId = Id,
        };
        foreach (var m in _members) next._members.Add(new CampaignMember(m.UserName, m.Role, m.Title));
        return next;
    }
}
