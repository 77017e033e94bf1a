using System.Collections.Frozen;

namespace SkillsAudit.Domain.Reviews;

/// <summary>The five renewal decisions of seed 001 附件4 (评估意见 (一)–(五)).</summary>
public enum RenewalDecisionKind
{
    /// <summary>(一) 需终止备案 — filings of either year.</summary>
    Terminate = 1,
    /// <summary>(二) 同意延续备案 — filings whose period ends (附件4: "只涉及2020年备案的").</summary>
    Renew = 2,
    /// <summary>(三) 暂时不予延续备案 — filings whose period ends, with rectification.</summary>
    DeferRenewal = 3,
    /// <summary>(四) 暂停评价活动 — filings whose period goes on (附件4: "只涉及2021年备案的"), with rectification.</summary>
    Suspend = 4,
    /// <summary>(五) 正常评价 — filings whose period goes on.</summary>
    Continue = 5,
}

/// <summary>Facts an officer records with evidence; each leads straight to termination (seed 001 四(一)2–6, 六(一)).</summary>
public enum SeriousFinding
{
    /// <summary>四(一)2 备案申请中故意提供虚假承诺、虚假资料</summary>
    FalseMaterials = 1,
    /// <summary>四(一)3 严重超出备案范围开展评价工作</summary>
    SeriouslyExceedingScope = 2,
    /// <summary>四(一)4 为参评人员伪造申报资料或证件，或纵容违规报名</summary>
    ForgedApplicantDocuments = 3,
    /// <summary>四(一)5 考场秩序混乱，有组织舞弊</summary>
    OrganisedCheating = 4,
    /// <summary>四(一)6 未经评价直接颁发证书或伪造虚假成绩颁发证书</summary>
    CertificatesWithoutAssessment = 5,
    /// <summary>六(一) 无故拒绝参加评估：视为不再开展认定工作，取消备案资质</summary>
    RefusedEvaluation = 6,
}

/// <summary>Facts that defer renewal or suspend assessment until rectified (seed 001 四(二)1–2).</summary>
public enum RectifiableFinding
{
    /// <summary>四(二)1 对涉及审计提出问题整改不到位</summary>
    UnrectifiedAuditFindings = 1,
    /// <summary>四(二)2 法人登记证明已不在有效期内，或年度评估中存在影响法人资质合规性问题</summary>
    LegalPersonRegistrationInvalid = 2,
}

/// <summary>
/// Where the review result stands. Seed 001 四(一)7 terminates on "评估结果不合格" (below the pass mark, 三(三): 60)
/// and 四(二)3 defers or suspends on "评估结果不达标准" without defining the standard: an officer records it.
/// </summary>
public enum ResultStanding
{
    Pass = 1,
    BelowStandard = 2,
    Fail = 3,
}

public sealed record DecisionFacts
{
    /// <summary>No assessments in two consecutive years since filing (from the statistics; InactivityRule).</summary>
    public bool InactiveTwoConsecutiveYears { get; init; }
    public IReadOnlySet<SeriousFinding> SeriousFindings { get; init; } = new HashSet<SeriousFinding>();
    public IReadOnlySet<RectifiableFinding> RectifiableFindings { get; init; } = new HashSet<RectifiableFinding>();
    public ResultStanding Result { get; init; } = ResultStanding.Pass;
    /// <summary>The filing period ends by this evaluation, so the question is renewal (附件4 (二)(三)); otherwise continuation ((四)(五)).</summary>
    public bool PeriodEnds { get; init; }
}

/// <summary>Why: the rule in words and the seed clause it comes from.</summary>
public sealed record DecisionReason(string Rule, string Clause);

public sealed record RenewalDecision(RenewalDecisionKind Kind, IReadOnlyList<DecisionReason> Reasons, DateOnly? RectificationDue)
{
    public string Chinese => RenewalRules.Chinese(Kind);
}

/// <summary>Seed 001 四、评估处理, as rules. Termination wins over rectification, which wins over renewal.</summary>
public static class RenewalRules
{
    /// <summary>四(二): 限期2个月内完成整改.</summary>
    public const int RectificationMonths = 2;

    /// <summary>四(三): 机构评估期间备案时间已到期的，认定工作可暂时延续 2 个月.</summary>
    public const int GraceMonthsWhileUnderEvaluation = 2;

    private static readonly FrozenDictionary<SeriousFinding, DecisionReason> SeriousReasons = new Dictionary<SeriousFinding, DecisionReason>
    {
        [SeriousFinding.FalseMaterials] = new("备案申请中故意提供虚假承诺、虚假资料", "seed 001 四(一)2"),
        [SeriousFinding.SeriouslyExceedingScope] = new("严重超出备案范围开展评价工作", "seed 001 四(一)3"),
        [SeriousFinding.ForgedApplicantDocuments] = new("为参评人员或协助参评人员伪造申报资料或证件，或纵容参评人员违规报名", "seed 001 四(一)4"),
        [SeriousFinding.OrganisedCheating] = new("考场秩序混乱，有组织舞弊", "seed 001 四(一)5"),
        [SeriousFinding.CertificatesWithoutAssessment] = new("未经评价，直接颁发证书或伪造虚假成绩颁发证书", "seed 001 四(一)6"),
        [SeriousFinding.RefusedEvaluation] = new("无故拒绝参加评估，视为不再开展职业技能等级认定工作", "seed 001 六(一)"),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<RectifiableFinding, DecisionReason> RectifiableReasons = new Dictionary<RectifiableFinding, DecisionReason>
    {
        [RectifiableFinding.UnrectifiedAuditFindings] = new("对涉及审计提出问题整改不到位", "seed 001 四(二)1"),
        [RectifiableFinding.LegalPersonRegistrationInvalid] = new("备案机构法人登记证明已不在有效期内，或存在影响单位法人资质合规性问题", "seed 001 四(二)2"),
    }.ToFrozenDictionary();

    public static RenewalDecision Decide(DecisionFacts facts, DateOnly decidedOn)
    {
        var terminate = new List<DecisionReason>();
        if (facts.InactiveTwoConsecutiveYears) terminate.Add(new("自备案以来连续两年未开展职业技能等级评价工作", "seed 001 四(一)1"));
        terminate.AddRange(facts.SeriousFindings.Order().Select(f => SeriousReasons[f]));
        if (facts.Result == ResultStanding.Fail) terminate.Add(new("评估结果不合格（低于60分）", "seed 001 四(一)7, 三(三)"));
        if (terminate.Count > 0) return new RenewalDecision(RenewalDecisionKind.Terminate, terminate, null);

        var rectify = facts.RectifiableFindings.Order().Select(f => RectifiableReasons[f]).ToList();
        if (facts.Result == ResultStanding.BelowStandard) rectify.Add(new("评估结果不达标准", "seed 001 四(二)3"));
        if (rectify.Count > 0)
        {
            var kind = facts.PeriodEnds ? RenewalDecisionKind.DeferRenewal : RenewalDecisionKind.Suspend;
            rectify.Add(new(facts.PeriodEnds ? "备案期满的机构暂不予延续备案，整改后再视情况决定" : "备案期未满的机构暂停评价活动，整改后再视情况决定恢复", "seed 001 四(二), 附件4"));
            return new RenewalDecision(kind, rectify, decidedOn.AddMonths(RectificationMonths));
        }

        return facts.PeriodEnds
            ? new RenewalDecision(RenewalDecisionKind.Renew, [new("评估合格，备案期满，同意延续备案", "seed 001 三(三), 附件4(二)")], null)
            : new RenewalDecision(RenewalDecisionKind.Continue, [new("评估合格，备案期未满，正常评价", "seed 001 附件4(五)")], null);
    }

    /// <summary>The last day a filing whose period ended during its evaluation may still assess (seed 001 四(三)).</summary>
    public static DateOnly AssessingAllowedUntil(DateOnly periodEnd) => periodEnd.AddMonths(GraceMonthsWhileUnderEvaluation);

    public static string Chinese(RenewalDecisionKind kind) => kind switch
    {
        RenewalDecisionKind.Terminate => "终止备案",
        RenewalDecisionKind.Renew => "同意延续备案",
        RenewalDecisionKind.DeferRenewal => "暂时不予延续备案",
        RenewalDecisionKind.Suspend => "暂停评价活动",
        RenewalDecisionKind.Continue => "正常评价",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
