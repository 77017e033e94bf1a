using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Features.Rubrics;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;

namespace SkillsAudit.Data.Features.Reviews;

/// <summary>One stage of the schedule as text (API, CLI): stage name (SelfAssessment, PanelReview, … or 自评, 考核 …), from, to.</summary>
public sealed record StageInput(string? Stage, string? From, string? To);

/// <summary>What an officer fills in to create a campaign (form, JSON and CLI alike).</summary>
public sealed record CampaignInput
{
    public string? Title { get; init; }
    public string? DocumentNumber { get; init; }
    public string? Authority { get; init; }
    public int? Year { get; init; }
    /// <summary>Region name or code, e.g. 忻州市 or 140900.</summary>
    public string? Region { get; init; }
    /// <summary>Rubric id, optionally @version; the campaign keeps the version it was created with.</summary>
    public string? Rubric { get; init; }
    public List<StageInput> Stages { get; init; } = [];
    /// <summary>Mean (default) or LeadConsensus.</summary>
    public string? Consolidation { get; init; }
    public decimal? IndicatorDisagreement { get; init; }
    public decimal? TotalDisagreement { get; init; }
    /// <summary>Totals only, imported from a published table (seed 000 附件2).</summary>
    public bool Historical { get; init; }
    /// <summary>The plan's title as issued (《关于印发…工作方案的通知》), cited by the results notice.</summary>
    public string? PlanTitle { get; init; }
    /// <summary>The plan's issue date, yyyy-MM-dd.</summary>
    public string? PlanIssuedOn { get; init; }
    /// <summary>The document that published the list of bodies (seed 000 二), worded to follow "以".</summary>
    public string? ListBasis { get; init; }
}

/// <summary>The plan as the results notice cites it: title, 文号, issue date (yyyy-MM-dd) and the list's basis.</summary>
public sealed record CampaignPlanInput(string? PlanTitle, string? DocumentNumber, string? PlanIssuedOn, string? ListBasis);

/// <summary>A new schedule: every stage with its dates (a stage left out is dropped).</summary>
public sealed record ScheduleInput(List<StageInput>? Stages);

public sealed record StageView(string Stage, string Name, DateOnly From, DateOnly To, bool InForce);
public sealed record TargetView(int FilingId, string Name, string? FilingNumber, bool Included, bool ByHand, string Reason);
public sealed record MemberView(string UserName, string Role, string? Title);
public sealed record CampaignSummary(int Id, string Title, string? DocumentNumber, int Year, string Region, string RubricId, string State, string StageInForce, string StageName, bool Historical, int Targets);
public sealed record CampaignView(
    int Id, string Title, string? DocumentNumber, string Authority, int Year, string RegionCode, string Region, string RubricId,
    string Consolidation, decimal IndicatorDisagreement, decimal TotalDisagreement, bool Historical, int? PreviousCampaignId,
    string State, string StageInForce, string StageName, DateOnly Today, int Version,
    IReadOnlyList<StageView> Stages, IReadOnlyList<TargetView> Targets, IReadOnlyList<MemberView> Members,
    string? PlanTitle, DateOnly? PlanIssuedOn, string? ListBasis);

/// <summary>
/// Campaigns: create, targets (the rule of seed 001 一 plus hand adjustments), members, open/close, list, get, next year.
/// <para>
/// Open and close: the stage in force (自评, 考核, 汇总, 公布) follows the schedule's dates (seed 002 二) and is never set by
/// hand. <b>Open</b> issues the campaign (印发方案): before it, bodies and experts do not see it and nothing is scored.
/// <b>Close</b> records that publication is done (考核结果公布): it needs every target's result confirmed, and afterwards no
/// sheet can change; decisions, rectification and analysis go on.
/// </para>
/// </summary>
public sealed class CampaignHandlers(AppDb db, RubricLibrary rubrics)
{
    internal static DateOnly Today(AppDb db) => db.Now.ChinaDate();

    public async Task<Campaign> LoadAsync(int id, CancellationToken ct, bool tracking = true)
    {
        var q = db.Campaigns.Include(c => c.Targets).Include(c => c.Members).AsSplitQuery();
        return await (tracking ? q : q.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("没有找到这项考核：可能已删除，或不在您的管辖范围内");
    }

    internal async Task<Campaign> LoadVisibleAsync(ReviewUser u, int id, CancellationToken ct, bool tracking = true)
    {
        var c = await LoadAsync(id, ct, tracking);
        if (!ReviewAccess.MaySeeCampaign(u, c)) throw new NotFoundException("没有找到这项考核：可能已删除，或不在您的管辖范围内");
        return c;
    }

    public static CampaignStage ParseStage(string? text, string field = "stage") => (text ?? "").Trim() switch
    {
        "Planning" or "制定工作方案" or "方案" => CampaignStage.Planning,
        "SelfAssessment" or "自评" or "机构自评" or "评价机构自评" => CampaignStage.SelfAssessment,
        "PanelReview" or "考核" or "评审" or "年度业绩考核" or "考核小组评审" => CampaignStage.PanelReview,
        "Summary" or "汇总" or "结果汇总" or "考核结果汇总" => CampaignStage.Summary,
        "Publication" or "公布" or "结果公布" or "考核结果公布" => CampaignStage.Publication,
        var t => throw new DomainException(field, $"未知的阶段“{t}”：应为 SelfAssessment（自评）、PanelReview（考核）、Summary（汇总）、Publication（公布）或 Planning（方案）"),
    };

    /// <param name="what">The date as the form names it, e.g. "机构自评的开始日期".</param>
    private static DateOnly ParseDate(string? text, string field, string what = "日期")
    {
        if (string.IsNullOrWhiteSpace(text)) throw new DomainException(field, $"请填写{what}");
        if (DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        throw new DomainException(field, $"{what}“{text}”不是日期（如 2026-12-01）");
    }

    public async Task<CampaignView> CreateAsync(ReviewUser u, CampaignInput input, CancellationToken ct = default)
    {
        var errors = new List<DomainException>();
        var region = Regions.Find(input.Region);
        if (region is null) errors.Add(new("region", string.IsNullOrWhiteSpace(input.Region) ? "请选择考核地区" : $"未知的地区“{input.Region}”"));
        else if (!u.CoversRegion(region.Code)) throw new ForbiddenException($"您不能为 {region.Name} 创建考核");
        string? rubricLabel = null;
        if (string.IsNullOrWhiteSpace(input.Rubric)) errors.Add(new("rubric", "请选择评估表"));
        else if (!RubricRef.TryParse(input.Rubric, out var rref)) errors.Add(new("rubric", $"“{input.Rubric}”不是评估表编号"));
        else if (await rubrics.FindAsync(rref, ct) is not { } found) errors.Add(new("rubric", $"没有评估表 {rref}"));
        // A rubric of which only the grade bands were published (seed 004's 星级 scheme) has nothing to score item by item:
        // it serves historical totals only (import-totals), never a campaign with self-assessment and panel sheets.
        else if (!input.Historical && found.Rubric.Indicators.Count == 0)
            errors.Add(new("rubric", $"《{found.Rubric.Title}》只公布了等级分数段、没有评分指标，不能用于机构自评和专家评分；请选择有评分指标的评估表（该表可用于导入历史总分）"));
        else rubricLabel = found.Label;
        var (stages, named) = ParseStages(input.Stages, errors);
        var rule = ConsolidationRule.Mean;
        if (input.Consolidation is { Length: > 0 } cr && !Enum.TryParse(cr, true, out rule)) errors.Add(new("consolidation", $"未知的汇总规则“{cr}”：应为 Mean（专家平均）或 LeadConsensus（组长合议）"));
        if (!input.Historical && !named.Contains(CampaignStage.SelfAssessment)) errors.Add(new("stages", "须安排机构自评阶段（《忻州市2023年职业技能等级评价机构年度绩效考核工作方案》第二部分（二））"));
        if (!input.Historical && !named.Contains(CampaignStage.PanelReview)) errors.Add(new("stages", "须安排考核小组评审阶段（《忻州市2023年职业技能等级评价机构年度绩效考核工作方案》第二部分（三））"));
        Campaign? campaign = null;
        try
        {
            campaign = new Campaign(input.Title ?? "", input.DocumentNumber, input.Authority ?? "", input.Year ?? 0, region?.Code ?? "", rubricLabel ?? "x",
                stages, rule, input.IndicatorDisagreement ?? 1m, input.TotalDisagreement ?? 10m, input.Historical);
        }
        catch (DomainValidationException e)
        {
            errors.AddRange(e.Errors.Where(x => !(x.Field == "region" && region is null) && !(x.Field == "year" && input.Year is null)));
        }
        if (input.Year is null) errors.Add(new("year", "请填写考核年度（四位数字，如 2026）"));
        DateOnly? planIssued = null;
        if (input.PlanIssuedOn is { Length: > 0 } pi)
        {
            try { planIssued = ParseDate(pi, "planIssuedOn"); } catch (DomainException e) { errors.Add(e); }
        }
        if (campaign is not null && errors.Count == 0)
        {
            try { campaign.SetPlan(input.PlanTitle, input.DocumentNumber, planIssued, input.ListBasis); }
            catch (DomainValidationException e) { errors.AddRange(e.Errors); }
        }
        if (errors.Count > 0) throw new DomainValidationException(errors);
        db.Campaigns.Add(campaign!);
        await db.SaveChangesAsync(ct);
        return await GetAsync(u, campaign!.Id, ct);
    }

    /// <summary>The stages as given (each stage's name and dates checked, problems added to <paramref name="errors"/>), and which stages were named.</summary>
    private static (List<StageWindow> Stages, HashSet<CampaignStage> Named) ParseStages(IReadOnlyList<StageInput> input, List<DomainException> errors)
    {
        var stages = new List<StageWindow>();
        var named = new HashSet<CampaignStage>(); // given, whether or not its dates are right (no second message for it)
        for (var i = 0; i < input.Count; i++)
        {
            try
            {
                var s = input[i];
                var stage = ParseStage(s.Stage, $"stages[{i}].stage");
                var name = CampaignSchedule.Chinese(stage);
                named.Add(stage);
                DateOnly? from = null, to = null;
                try { from = ParseDate(s.From, $"stages[{i}].from", name + "的开始日期"); } catch (DomainException e) { errors.Add(e); }
                try { to = ParseDate(s.To, $"stages[{i}].to", name + "的结束日期"); } catch (DomainException e) { errors.Add(e); }
                if (from is { } f && to is { } t) stages.Add(new StageWindow(stage, f, t));
            }
            catch (DomainException e)
            {
                errors.Add(e);
            }
        }
        return (stages, named);
    }

    /// <summary>
    /// Changes the campaign's schedule while it is not closed (Campaign.Reschedule: stages that have begun keep their
    /// start; nothing starts before today). Every stage is given, as on the form; a stage left out is dropped.
    /// </summary>
    public async Task<CampaignView> RescheduleAsync(ReviewUser u, int id, IReadOnlyList<StageInput> input, CancellationToken ct = default)
    {
        var c = await LoadVisibleAsync(u, id, ct);
        ReviewAccess.RequireStaff(u, c);
        var errors = new List<DomainException>();
        var (stages, named) = ParseStages(input, errors);
        if (!c.Historical && !named.Contains(CampaignStage.SelfAssessment)) errors.Add(new("stages", "须安排机构自评阶段"));
        if (!c.Historical && !named.Contains(CampaignStage.PanelReview)) errors.Add(new("stages", "须安排考核小组评审阶段"));
        if (errors.Count > 0) throw new DomainValidationException(errors);
        c.Reschedule(stages, Today(db));
        await SaveAsync(ct);
        return await GetAsync(u, id, ct);
    }

    /// <summary>
    /// Sets the plan's title, 文号, issue date and the list's basis, which the results notice cites (seed 000 三(一)). Any
    /// time, even after the campaign is issued or closed: it corrects how the plan is cited, not what was decided.
    /// </summary>
    public async Task<CampaignView> SetPlanAsync(ReviewUser u, int id, CampaignPlanInput input, CancellationToken ct = default)
    {
        var c = await LoadVisibleAsync(u, id, ct);
        ReviewAccess.RequireStaff(u, c);
        DateOnly? issued = input.PlanIssuedOn is { Length: > 0 } pi ? ParseDate(pi, "planIssuedOn") : null;
        c.SetPlan(input.PlanTitle, input.DocumentNumber, issued, input.ListBasis);
        await SaveAsync(ct); // the change is in the audit trail (AppDb writes it in the same save)
        return await GetAsync(u, id, ct);
    }

    /// <summary>Applies the target rule (seed 001 一) to the region's filings as of a day; hand adjustments are kept.</summary>
    public async Task<IReadOnlyList<TargetChoice>> ApplyTargetsAsync(ReviewUser u, int id, DateOnly asOf, CancellationToken ct = default)
    {
        var c = await LoadVisibleAsync(u, id, ct);
        ReviewAccess.RequireStaff(u, c);
        c.RequireNotClosed();
        var region = Regions.Find(c.RegionCode)!;
        var prefix = region.DescendantPrefix;
        var filings = await db.Filings.AsNoTracking().Where(f => f.RegionCode.StartsWith(prefix))
            .Select(f => new { f.Id, f.LegalEntity.Name, f.RegionCode, f.Status, f.FiledOn, f.Supervision }).ToListAsync(ct);
        var choices = TargetRule.Apply(filings.Select(f => new TargetCandidate(f.Id, f.Name, f.RegionCode, f.Status, f.FiledOn, f.Supervision)), region, asOf, c.Year);
        c.ApplyTargets(choices);
        await RequireNoPanelConflictAsync(c, ct);
        c.Touch();
        await EnsureAssessmentsAsync(c, ct);
        await SaveAsync(ct);
        return choices;
    }

    public Task SetTargetAsync(ReviewUser u, int id, int filingId, bool included, string? reason, CancellationToken ct = default) =>
        SetTargetsAsync(u, id, [filingId], included, reason, ct);

    /// <summary>Adds or removes several filings by hand with one reason: all or nothing, one save.</summary>
    public async Task SetTargetsAsync(ReviewUser u, int id, IReadOnlyCollection<int> filingIds, bool included, string? reason, CancellationToken ct = default)
    {
        var c = await LoadVisibleAsync(u, id, ct);
        ReviewAccess.RequireStaff(u, c);
        c.RequireNotClosed();
        var found = await db.Filings.AsNoTracking().Where(x => filingIds.Contains(x.Id)).Select(x => new { x.Id, x.RegionCode }).ToDictionaryAsync(x => x.Id, ct);
        var prefix = Regions.Find(c.RegionCode)!.DescendantPrefix;
        foreach (var filingId in filingIds)
        {
            if (!found.TryGetValue(filingId, out var f)) throw new DomainException("filingId", "没有找到所选的备案：可能已删除，请刷新页面后重新选择");
            if (!f.RegionCode.StartsWith(prefix, StringComparison.Ordinal)) throw new DomainException("filingId", $"备案 {filingId} 不在本次考核的地区内");
            c.SetTarget(filingId, included, reason ?? "");
        }
        await RequireNoPanelConflictAsync(c, ct);
        c.Touch();
        await EnsureAssessmentsAsync(c, ct);
        await SaveAsync(ct);
    }

    /// <summary>
    /// Who may sit on a panel (<see cref="AddMemberAsync"/>: experts and staff; the 领导小组 may be anyone), offered as the
    /// officer types a member's user name: each account in use of those roles, by user name, with its name.
    /// </summary>
    public async Task<IReadOnlyList<(string UserName, string DisplayName)>> PanelCandidatesAsync(CancellationToken ct = default)
    {
        var rows = await db.Users.AsNoTracking()
            .Where(x => !x.Disabled && x.UserName != null && db.UserRoles.Any(ur => ur.UserId == x.Id && db.Roles.Any(ro => ro.Id == ur.RoleId && (ro.Name == Roles.Expert || ro.Name == Roles.Officer))))
            .Select(x => new { x.UserName, x.DisplayName }).ToListAsync(ct);
        return rows.Select(x => (x.UserName!, x.DisplayName)).OrderBy(x => x.Item1, StringComparer.Ordinal).ToList();
    }

    public async Task AddMemberAsync(ReviewUser u, int id, string? userName, string? role, string? title, CancellationToken ct = default)
    {
        var c = await LoadVisibleAsync(u, id, ct);
        ReviewAccess.RequireStaff(u, c);
        c.RequireNotClosed();
        if (!Enum.TryParse<CampaignMemberRole>(role ?? "Panel", true, out var r) || !Enum.IsDefined(r))
            throw new DomainException("role", $"未知的成员角色“{role}”：应为 Panel（考核小组成员）、PanelLead（组长）或 LeadingGroup（领导小组）");
        var name = (userName ?? "").Trim();
        var user = await db.Users.AsNoTracking().Where(x => x.UserName == name).Select(x => x.Id).FirstOrDefaultAsync(ct);
        if (user is null) throw new DomainException("userName", $"没有用户“{name}”");
        if (r != CampaignMemberRole.LeadingGroup)
        {
            var isExpert = await db.UserRoles.AnyAsync(x => x.UserId == user && db.Roles.Any(ro => ro.Id == x.RoleId && (ro.Name == Roles.Expert || ro.Name == Roles.Officer)), ct);
            if (!isExpert) throw new DomainException("userName", $"用户“{name}”不是专家或工作人员，不能加入考核小组");
        }
        c.AddMember(name, r, title);
        await RequireNoPanelConflictAsync(c, ct);
        Notifications.ReviewNotices.MemberAdded(db, c, name, r);
        c.Touch();
        await SaveAsync(ct);
    }

    public async Task OpenAsync(ReviewUser u, int id, CancellationToken ct = default)
    {
        var c = await LoadVisibleAsync(u, id, ct);
        ReviewAccess.RequireStaff(u, c);
        c.Open(db.ActorName, db.Now);
        await EnsureAssessmentsAsync(c, ct);
        await Notifications.ReviewNotices.CampaignOpenedAsync(db, c, ct);
        await SaveAsync(ct);
    }

    public async Task CloseAsync(ReviewUser u, int id, CancellationToken ct = default)
    {
        var c = await LoadVisibleAsync(u, id, ct);
        ReviewAccess.RequireStaff(u, c);
        var targets = c.TargetFilingIds.ToList();
        var finalised = await db.Assessments.Where(a => a.CampaignId == id && a.FinalisedAt != null).Select(a => a.FilingId).ToListAsync(ct);
        var missing = targets.Except(finalised).ToList();
        var names = await db.Filings.Where(f => missing.Contains(f.Id)).Select(f => f.LegalEntity.Name).ToListAsync(ct);
        c.Close(db.ActorName, db.Now, names);
        await Notifications.ReviewNotices.ResultsPublishedAsync(db, c, ct);
        await SaveAsync(ct);
    }

    /// <summary>
    /// Conflict of interest (RosterPerson.ConflictsWith): no panel member may score a body of their own employer or a body
    /// they named; refused before anything is written, naming the expert and the bodies.
    /// </summary>
    private async Task RequireNoPanelConflictAsync(Campaign c, CancellationToken ct)
    {
        var targets = c.TargetFilingIds.ToList();
        foreach (var m in c.Members.Where(m => m.Role is CampaignMemberRole.Panel or CampaignMemberRole.PanelLead))
        {
            var conflicts = await People.RosterHandlers.ConflictsAsync(db, m.UserName, targets, ct);
            if (conflicts.Count > 0)
                throw new DomainException("userName", $"专家“{m.UserName}”与 {string.Join("、", conflicts)} 有利害关系（本人工作单位或申报回避的机构），不能担任评审该机构的考核小组成员");
        }
    }

    /// <summary>Once a campaign is open, every included target has its assessment row (sheets are added as they are filled).</summary>
    private async Task EnsureAssessmentsAsync(Campaign c, CancellationToken ct)
    {
        if (c.State != CampaignState.Open) return;
        var existing = (await db.Assessments.Where(a => a.CampaignId == c.Id).Select(a => a.FilingId).ToListAsync(ct)).ToHashSet();
        foreach (var f in c.TargetFilingIds.Where(f => !existing.Contains(f))) db.Assessments.Add(new Assessment(c.Id, f));
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("该考核已被他人修改，请刷新后重试。");
        }
    }

    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(ReviewUser u, CancellationToken ct = default)
    {
        var all = await db.Campaigns.AsNoTracking().Include(c => c.Targets).Include(c => c.Members).AsSplitQuery().OrderByDescending(c => c.Year).ThenBy(c => c.Id).ToListAsync(ct);
        var today = Today(db);
        return all.Where(c => ReviewAccess.MaySeeCampaign(u, c)).Select(c =>
        {
            var stage = StageOf(c, today);
            return new CampaignSummary(c.Id, c.Title, c.DocumentNumber, c.Year, Regions.FullName(c.RegionCode), c.RubricId, c.State.ToString(), stage.ToString(),
                CampaignSchedule.Chinese(stage), c.Historical, c.Targets.Count(t => t.Included));
        }).ToList();
    }

    /// <summary>The stage in force: the schedule's, except that a closed campaign is closed and an unopened one still planning.</summary>
    public static CampaignStage StageOf(Campaign c, DateOnly today) => c.State switch
    {
        CampaignState.Closed => CampaignStage.Closed,
        CampaignState.Draft => CampaignStage.Planning,
        _ => c.Stages.Count == 0 ? CampaignStage.Planning : c.Schedule.StageOn(today),
    };

    /// <summary>The campaign as <see cref="GetAsync"/> shows it, for staff who may change it (others are refused as by its updates).</summary>
    public async Task<CampaignView> GetForStaffAsync(ReviewUser u, int id, CancellationToken ct = default)
    {
        ReviewAccess.RequireStaff(u, await LoadVisibleAsync(u, id, ct, tracking: false));
        return await GetAsync(u, id, ct);
    }

    /// <summary>Who sees a campaign's members (its panel and leading group): the region's staff and the experts; a body does not.</summary>
    public static bool SeesMembers(ReviewUser u, string regionCode) => u.CoversRegion(regionCode) || u.IsExpert;

    public async Task<CampaignView> GetAsync(ReviewUser u, int id, CancellationToken ct = default)
    {
        var c = await LoadVisibleAsync(u, id, ct, tracking: false);
        var today = Today(db);
        var stage = StageOf(c, today);
        var ids = c.Targets.Select(t => t.FilingId).ToList();
        var filings = await db.Filings.AsNoTracking().Where(f => ids.Contains(f.Id)).Select(f => new { f.Id, f.LegalEntity.Name, f.Number }).ToDictionaryAsync(f => f.Id, ct);
        var staff = u.CoversRegion(c.RegionCode);
        var targets = c.Targets
            .Where(t => staff || (u.IsExpert && c.IsPanelMember(u.UserName)) ? true : u.FilingIds.Contains(t.FilingId))
            .Where(t => staff || t.Included)
            .Select(t => new TargetView(t.FilingId, filings.GetValueOrDefault(t.FilingId)?.Name ?? "", filings.GetValueOrDefault(t.FilingId)?.Number?.Value, t.Included, t.ByHand, t.Reason))
            .OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        return new CampaignView(c.Id, c.Title, c.DocumentNumber, c.Authority, c.Year, c.RegionCode, Regions.FullName(c.RegionCode), c.RubricId,
            c.Consolidation.ToString(), c.IndicatorDisagreement, c.TotalDisagreement, c.Historical, c.PreviousCampaignId,
            c.State.ToString(), stage.ToString(), CampaignSchedule.Chinese(stage), today, c.Version,
            c.Stages.OrderBy(s => s.Stage).Select(s => new StageView(s.Stage.ToString(), CampaignSchedule.Chinese(s.Stage), s.From, s.To, s.Stage == stage)).ToList(),
            targets, SeesMembers(u, c.RegionCode) ? c.Members.Select(m => new MemberView(m.UserName, m.Role.ToString(), m.Title)).ToList() : [],
            c.PlanTitle, c.PlanIssuedOn, c.ListBasis);
    }

    /// <summary>Next year's campaign: same rules and members, schedule a year on, targets recomputed as of its first day.</summary>
    public async Task<CampaignView> NextYearAsync(ReviewUser u, int id, string? title, string? documentNumber, string? rubric, CancellationToken ct = default)
    {
        var c = await LoadVisibleAsync(u, id, ct);
        ReviewAccess.RequireStaff(u, c);
        string? newer = null;
        if (rubric is { Length: > 0 })
        {
            if (!RubricRef.TryParse(rubric, out var r) || await rubrics.FindAsync(r, ct) is not { } found) throw new DomainException("rubric", $"没有评估表 {rubric}");
            newer = found.Label;
        }
        if (c.Stages.Count == 0) throw new DomainException("stages", "历史考核没有日程，不能按年复制");
        var next = c.NextYear(string.IsNullOrWhiteSpace(title) ? c.Title.Replace(c.Year.ToString(CultureInfo.InvariantCulture), (c.Year + 1).ToString(CultureInfo.InvariantCulture)) : title!, documentNumber, newer);
        db.Campaigns.Add(next);
        await db.SaveChangesAsync(ct);
        await ApplyTargetsAsync(u, next.Id, next.Stages.Min(s => s.From), ct);
        return await GetAsync(u, next.Id, ct);
    }
}
