using System.Collections.Frozen;
using SkillsAudit.Domain.Common;

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
    /// <summary>The panel found a 否决项 (the result is 不合格 whatever the points).</summary>
    public bool Vetoed { get; init; }
    /// <summary>The filing is up for renewal in this evaluation (附件4 (二)(三)); otherwise continuation ((四)(五)). See <see cref="RenewalRules.IsRenewalYear"/>.</summary>
    public bool PeriodEnds { get; init; }
    /// <summary>Years without a statistics record could hide two idle years: a flag for the officer, never a reason to terminate.</summary>
    public bool StatisticsMissing { get; init; }
    /// <summary>
    /// Neither the filing date nor the end of the period is recorded: whether the period ends cannot be known. The
    /// proposal then treats it as not ending ((四)(五)), says so in its reason, and flags it for the officer.
    /// </summary>
    public bool PeriodUnknown { get; init; }
}

/// <summary>Why: the rule in words and the seed clause it comes from.</summary>
public sealed record DecisionReason(string Rule, string Clause);

public sealed record RenewalDecision(RenewalDecisionKind Kind, IReadOnlyList<DecisionReason> Reasons, DateOnly? RectificationDue)
{
    /// <summary>What the officer should look at before confirming; never a ground for the decision.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    public string Chinese => RenewalRules.Chinese(Kind);
}

/// <summary>Seed 001 四、评估处理, as rules. Termination wins over rectification, which wins over renewal.</summary>
public static class RenewalRules
{
    /// <summary>The document the clauses refer to (seed 001), as users see it.</summary>
    public const string Doc = "阳人社函〔2023〕221号";

    /// <summary>A clause of that document, e.g. Clause("四(一)1").</summary>
    public static string Clause(string clause) => $"{Doc} {clause}";

    /// <summary>
    /// The document cited for a campaign of <paramref name="regionCode"/>: Yangquan's own rules for Yangquan (阳泉市,
    /// 140300, and its counties); elsewhere the same rules are applied by reference (参照), so that a Xinzhou officer is not
    /// told another city's notice is their legal basis.
    /// </summary>
    public static string DocFor(string? regionCode) => AreOwnRulesOf(regionCode) ? Doc : "参照" + Doc;

    /// <summary>Is the document (seed 001) the region's own: Yangquan and its counties.</summary>
    public static bool AreOwnRulesOf(string? regionCode) => regionCode is { } code && code.StartsWith(YangquanPrefix, StringComparison.Ordinal);

    private const string YangquanPrefix = "1403";

    /// <summary>A filing period (备案期限) runs three years (seed 004: 2020.4–2023.3; seed 001 附件4 renews 2020 filings in 2023).</summary>
    public const int FilingTermYears = 3;

    /// <summary>
    /// Seed 001 附件4 chooses the columns by FILING YEAR: (二)(三) "只涉及2020年备案的", (四)(五) "只涉及2021年备案的", in the
    /// 2023 evaluation — a filing is up for renewal when its filing year is at least three years before the evaluation
    /// year. Only where the filing year is not known does the recorded period end decide.
    /// </summary>
    public static bool IsRenewalYear(int? filedYear, DateOnly? periodEnd, int evaluationYear) =>
        filedYear is { } y ? evaluationYear - y >= FilingTermYears : periodEnd is { } end && end.Year <= evaluationYear;

    /// <summary>The decisions a filing may receive: its 附件4 pair, and termination.</summary>
    public static IReadOnlyList<RenewalDecisionKind> Allowed(bool periodEnds) => periodEnds
        ? [RenewalDecisionKind.Renew, RenewalDecisionKind.DeferRenewal, RenewalDecisionKind.Terminate]
        : [RenewalDecisionKind.Continue, RenewalDecisionKind.Suspend, RenewalDecisionKind.Terminate];

    /// <summary>
    /// The officer chooses another decision than the proposal, with a reason that is kept. The choice must be one of
    /// the filing's 附件4 columns; defer and suspend open a rectification counted from the decision date.
    /// </summary>
    public static RenewalDecision Override(RenewalDecision proposed, RenewalDecisionKind chosen, string? reason, bool periodEnds, DateOnly decidedOn)
    {
        if (chosen == proposed.Kind) return proposed;
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason", $"改为“{Chinese(chosen)}”须说明理由");
        if (!Allowed(periodEnds).Contains(chosen))
            throw new DomainException("kind", periodEnds
                ? $"本备案本年度到期，只能作出延续备案、暂时不予延续备案或终止备案，不能作出“{Chinese(chosen)}”（{Clause("附件4")}）"
                : $"本备案本年度未到期，只能作出正常评价、暂停评价活动或终止备案，不能作出“{Chinese(chosen)}”（{Clause("附件4")}）");
        var reasons = new List<DecisionReason> { new($"工作人员改为“{Chinese(chosen)}”（建议为“{Chinese(proposed.Kind)}”）：{reason.Trim()}", Clause("四")) };
        DateOnly? due = chosen is RenewalDecisionKind.DeferRenewal or RenewalDecisionKind.Suspend ? decidedOn.AddMonths(RectificationMonths) : null;
        if (due is not null) reasons.Add(new(FollowUpRule, Clause("四(二)")));
        return new RenewalDecision(chosen, reasons, due);
    }

    private const string FollowUpRule = "限期2个月内完成整改，再视情况决定";

    /// <summary>
    /// The rectification as the body reads it (四(二)): the two-month limit and what it rests on. Where the officer chose
    /// another decision than the rules proposed, only the officer's reason is given: the proposal it replaced is the
    /// bureau's own deliberation, not a requirement on the body. The limit is said once.
    /// </summary>
    public static string RectificationRequirement(RenewalDecision decision, string? overrideReason)
    {
        IEnumerable<DecisionReason> grounds = overrideReason is { Length: > 0 } reason
            ? [new DecisionReason(reason.Trim(), Clause("四"))]
            : decision.Reasons.Where(r => r.Rule != FollowUpRule);
        return $"限期{RectificationMonths}个月内完成整改（{Clause("四(二)")}）：" + string.Join("；", grounds.Select(r => $"{r.Rule}（{r.Clause}）"));
    }

    /// <summary>
    /// Seed 001 四(二) "限期2个月内完成整改，再视情况决定是否准予延续备案或恢复评价活动": after the re-check of a deferral
    /// the officer renews or terminates; after the re-check of a suspension, restores evaluation (正常评价) or terminates.
    /// </summary>
    public static RenewalDecision FollowUp(RenewalDecisionKind original, bool rectificationPassed, RenewalDecisionKind chosen, string? reason)
    {
        if (original is not (RenewalDecisionKind.DeferRenewal or RenewalDecisionKind.Suspend))
            throw new DomainException("kind", $"“{Chinese(original)}”之后没有整改，不需要再作决定");
        var allowed = original == RenewalDecisionKind.DeferRenewal
            ? new[] { RenewalDecisionKind.Renew, RenewalDecisionKind.Terminate }
            : [RenewalDecisionKind.Continue, RenewalDecisionKind.Terminate];
        if (!allowed.Contains(chosen))
            throw new DomainException("kind", original == RenewalDecisionKind.DeferRenewal
                ? "暂时不予延续备案的机构整改复查后，只能准予延续备案或终止备案"
                : "暂停评价活动的机构整改复查后，只能恢复评价活动或终止备案");
        var positive = chosen != RenewalDecisionKind.Terminate;
        if (positive && !rectificationPassed) throw new DomainException("kind", "整改复查未通过，不能准予延续备案或恢复评价活动");
        if (rectificationPassed && !positive && string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason", "整改复查通过却终止备案，须说明理由");
        var rule = chosen switch
        {
            RenewalDecisionKind.Renew => "整改复查通过，准予延续备案",
            RenewalDecisionKind.Continue => "整改复查通过，恢复评价活动",
            _ => rectificationPassed ? "整改复查后终止备案" : "整改复查未通过，终止备案",
        };
        if (!string.IsNullOrWhiteSpace(reason)) rule += "：" + reason.Trim();
        return new RenewalDecision(chosen, [new(rule, Clause("四(二)"))], null);
    }

    /// <summary>Chinese name of a follow-up choice: 正常评价 after a suspension reads 恢复评价活动.</summary>
    public static string FollowUpChinese(RenewalDecisionKind kind) => kind == RenewalDecisionKind.Continue ? "恢复评价活动" : Chinese(kind);

    /// <summary>四(二): 限期2个月内完成整改.</summary>
    public const int RectificationMonths = 2;

    /// <summary>四(三): 机构评估期间备案时间已到期的，认定工作可暂时延续 2 个月.</summary>
    public const int GraceMonthsWhileUnderEvaluation = 2;

    private static readonly FrozenDictionary<SeriousFinding, DecisionReason> SeriousReasons = new Dictionary<SeriousFinding, DecisionReason>
    {
        [SeriousFinding.FalseMaterials] = new("备案申请中故意提供虚假承诺、虚假资料", Doc + " 四(一)2"),
        [SeriousFinding.SeriouslyExceedingScope] = new("严重超出备案范围开展评价工作", Doc + " 四(一)3"),
        [SeriousFinding.ForgedApplicantDocuments] = new("为参评人员或协助参评人员伪造申报资料或证件，或纵容参评人员违规报名", Doc + " 四(一)4"),
        [SeriousFinding.OrganisedCheating] = new("考场秩序混乱，有组织舞弊", Doc + " 四(一)5"),
        [SeriousFinding.CertificatesWithoutAssessment] = new("未经评价，直接颁发证书或伪造虚假成绩颁发证书", Doc + " 四(一)6"),
        [SeriousFinding.RefusedEvaluation] = new("无故拒绝参加评估，视为不再开展职业技能等级认定工作", Doc + " 六(一)"),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<RectifiableFinding, DecisionReason> RectifiableReasons = new Dictionary<RectifiableFinding, DecisionReason>
    {
        [RectifiableFinding.UnrectifiedAuditFindings] = new("对涉及审计提出问题整改不到位", Doc + " 四(二)1"),
        [RectifiableFinding.LegalPersonRegistrationInvalid] = new("备案机构法人登记证明已不在有效期内，或存在影响单位法人资质合规性问题", Doc + " 四(二)2"),
    }.ToFrozenDictionary();

    public static RenewalDecision Decide(DecisionFacts facts, DateOnly decidedOn)
    {
        var d = DecideOnFacts(facts, decidedOn);
        var flags = new List<string>();
        if (facts.StatisticsMissing) flags.Add("缺少部分年度的评价统计：无法判断是否连续两年未开展评价，缺报不作为终止备案的依据，请核实");
        if (facts.PeriodUnknown && !facts.PeriodEnds) flags.Add("备案时间未注明：无法判断备案期是否届满，已按备案期未满提出，请核实备案年度后再作决定");
        return flags.Count > 0 ? d with { Flags = flags } : d;
    }

    private static RenewalDecision DecideOnFacts(DecisionFacts facts, DateOnly decidedOn)
    {
        var terminate = new List<DecisionReason>();
        if (facts.InactiveTwoConsecutiveYears) terminate.Add(new("自备案以来连续两年未开展职业技能等级评价工作（年度统计记录为0）", Doc + " 四(一)1"));
        terminate.AddRange(facts.SeriousFindings.Order().Select(f => SeriousReasons[f]));
        // 四(一)7 评估结果不合格: said as what made it so, a veto (the rubric's 否决项: 取消评价资格, whatever the points) or the
        // lowest band of the points.
        if (facts.Result == ResultStanding.Fail)
            terminate.Add(new(facts.Vetoed ? "评估中存在否决项，取消评价资格，评估结果不合格" : "评估结果不合格（低于60分）", Doc + " 四(一)7, 三(三)"));
        if (terminate.Count > 0) return new RenewalDecision(RenewalDecisionKind.Terminate, terminate, null);

        var rectify = facts.RectifiableFindings.Order().Select(f => RectifiableReasons[f]).ToList();
        if (facts.Result == ResultStanding.BelowStandard) rectify.Add(new("评估结果不达标准", Doc + " 四(二)3"));
        if (rectify.Count > 0)
        {
            var kind = facts.PeriodEnds ? RenewalDecisionKind.DeferRenewal : RenewalDecisionKind.Suspend;
            rectify.Add(new(facts.PeriodEnds ? "备案期满的机构暂不予延续备案，整改后再视情况决定"
                : (facts.PeriodUnknown ? "备案时间未注明，按备案期未满处理：" : "备案期未满的机构") + "暂停评价活动，整改后再视情况决定恢复", Doc + " 四(二), 附件4"));
            return new RenewalDecision(kind, rectify, decidedOn.AddMonths(RectificationMonths));
        }

        return facts.PeriodEnds
            ? new RenewalDecision(RenewalDecisionKind.Renew, [new("评估合格，备案期满，同意延续备案", Doc + " 三(三), 附件4(二)")], null)
            : new RenewalDecision(RenewalDecisionKind.Continue, [new(facts.PeriodUnknown ? "评估合格，正常评价（备案时间未注明，按备案期未满处理）" : "评估合格，备案期未满，正常评价", Doc + " 附件4(五)")], null);
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
