using System.Text.Json;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Reviews;

public enum FindingCategory
{
    /// <summary>Seed 001 四(一)2–6, 六(一): leads straight to termination.</summary>
    Serious = 1,
    /// <summary>Seed 001 四(二)1–2: defer renewal or suspend until rectified.</summary>
    Rectifiable = 2,
    /// <summary>Seed 001 四(二)3 "评估结果不达标准": the notice does not define the standard, so an officer records it.</summary>
    BelowStandard = 3,
}

/// <summary>
/// A fact an officer recorded about one filing in one campaign, with a note and evidence (content hashes of uploaded
/// files). Decisions are computed from these rows, never from free text.
/// </summary>
public sealed class RecordedFinding
{
    public int Id { get; private set; }
    public int CampaignId { get; private set; }
    public int FilingId { get; private set; }
    public FindingCategory Category { get; private set; }
    public SeriousFinding? Serious { get; private set; }
    public RectifiableFinding? Rectifiable { get; private set; }
    public string Note { get; private set; } = "";
    /// <summary>Comma-separated SHA-256 hashes of the evidence files.</summary>
    public string? EvidenceHashes { get; private set; }
    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }

    private RecordedFinding() { }

    /// <summary>
    /// <paramref name="code"/> is a <see cref="SeriousFinding"/> or <see cref="RectifiableFinding"/> name, or
    /// "BelowStandard". A note is required: a finding without its facts cannot be checked later.
    /// </summary>
    public RecordedFinding(int campaignId, int filingId, string code, string note, IEnumerable<string> evidenceHashes, string by, DateTimeOffset at)
    {
        var errors = new List<DomainException>();
        if (Enum.TryParse<SeriousFinding>(code, ignoreCase: false, out var s) && Enum.IsDefined(s) && !int.TryParse(code, out _))
        {
            Category = FindingCategory.Serious;
            Serious = s;
        }
        else if (Enum.TryParse<RectifiableFinding>(code, ignoreCase: false, out var r) && Enum.IsDefined(r) && !int.TryParse(code, out _))
        {
            Category = FindingCategory.Rectifiable;
            Rectifiable = r;
        }
        else if (code == nameof(FindingCategory.BelowStandard))
        {
            Category = FindingCategory.BelowStandard;
        }
        else
        {
            errors.Add(new("finding", $"未知的情形“{code}”：应为 {string.Join("、", Codes)}"));
        }
        if (string.IsNullOrWhiteSpace(note)) errors.Add(new("note", "须写明认定的事实"));
        var hashes = evidenceHashes.ToList();
        if (hashes.Any(h => h.Length != 64 || !h.All(Uri.IsHexDigit))) errors.Add(new("evidence", "证据须为已上传文件的 SHA-256 编号"));
        if (errors.Count > 0) throw new DomainValidationException(errors);
        CampaignId = campaignId;
        FilingId = filingId;
        Note = note.Trim();
        EvidenceHashes = hashes.Count == 0 ? null : string.Join(',', hashes.Select(h => h.ToLowerInvariant()));
        RecordedBy = by;
        RecordedAt = at;
    }

    public static IReadOnlyList<string> Codes { get; } =
        [.. Enum.GetNames<SeriousFinding>(), .. Enum.GetNames<RectifiableFinding>(), nameof(FindingCategory.BelowStandard)];

    public string Code => Serious?.ToString() ?? Rectifiable?.ToString() ?? nameof(FindingCategory.BelowStandard);

    public static string Chinese(string code) => code switch
    {
        nameof(SeriousFinding.FalseMaterials) => "备案申请中故意提供虚假承诺、虚假资料（阳人社函〔2023〕221号 四(一)2）",
        nameof(SeriousFinding.SeriouslyExceedingScope) => "严重超出备案范围开展评价工作（阳人社函〔2023〕221号 四(一)3）",
        nameof(SeriousFinding.ForgedApplicantDocuments) => "伪造申报资料或证件，或纵容违规报名（阳人社函〔2023〕221号 四(一)4）",
        nameof(SeriousFinding.OrganisedCheating) => "考场秩序混乱，有组织舞弊（阳人社函〔2023〕221号 四(一)5）",
        nameof(SeriousFinding.CertificatesWithoutAssessment) => "未经评价直接颁发证书或伪造成绩（阳人社函〔2023〕221号 四(一)6）",
        nameof(SeriousFinding.RefusedEvaluation) => "无故拒绝参加评估（阳人社函〔2023〕221号 六(一)）",
        nameof(RectifiableFinding.UnrectifiedAuditFindings) => "审计提出问题整改不到位（阳人社函〔2023〕221号 四(二)1）",
        nameof(RectifiableFinding.LegalPersonRegistrationInvalid) => "法人登记证明失效或法人资质合规性问题（阳人社函〔2023〕221号 四(二)2）",
        nameof(FindingCategory.BelowStandard) => "评估结果不达标准（阳人社函〔2023〕221号 四(二)3）",
        _ => code,
    };
}

/// <summary>
/// A renewal decision as persisted (seed 001 四, 附件4): the kind, the reasons with their clauses, the facts it rests on,
/// who decided and when, the rectification it opened, and the filing status it set.
/// </summary>
public sealed class DecisionRecord
{
    public int Id { get; private set; }
    public int CampaignId { get; private set; }
    public int FilingId { get; private set; }
    public int? AssessmentId { get; private set; }
    public RenewalDecisionKind Kind { get; private set; }
    public ResultStanding Standing { get; private set; }
    public bool PeriodEnds { get; private set; }
    public bool InactiveTwoYears { get; private set; }
    /// <summary>The panel total the decision rests on (附件4 (六) 评估得分), when there is one.</summary>
    public decimal? Score { get; private set; }
    public string? Outcome { get; private set; }
    /// <summary>JSON list of {rule, clause}.</summary>
    public string ReasonsJson { get; private set; } = "[]";
    public DateOnly DecidedOn { get; private set; }
    public string DecidedBy { get; private set; } = "";
    public DateTimeOffset DecidedAt { get; private set; }
    public int? RectificationId { get; private set; }
    public DateOnly? RectificationDue { get; private set; }
    /// <summary>What the rules proposed; differs from <see cref="Kind"/> when the officer chose another decision.</summary>
    public RenewalDecisionKind? ProposedKind { get; private set; }
    /// <summary>The officer's reason for choosing another decision than the proposal (logged).</summary>
    public string? OverrideReason { get; private set; }
    /// <summary>Statistics were missing for some years (a flag shown to the officer, not a ground).</summary>
    public bool StatisticsMissing { get; private set; }
    /// <summary>0 for the evaluation's decision; 1, 2… for decisions that follow a rectification re-check (seed 001 四(二)).</summary>
    public int Round { get; private set; }
    /// <summary>The re-checked rectification a follow-up decision rests on.</summary>
    public int? FollowsRectificationId { get; private set; }

    public bool Overridden => ProposedKind is { } p && p != Kind;

    private DecisionRecord() { }

    public DecisionRecord(int campaignId, int filingId, int? assessmentId, RenewalDecision decision, DecisionFacts facts, decimal? score, string? outcome,
        DateOnly decidedOn, string by, DateTimeOffset at, RenewalDecisionKind? proposed = null, string? overrideReason = null)
    {
        ProposedKind = proposed ?? decision.Kind;
        OverrideReason = string.IsNullOrWhiteSpace(overrideReason) ? null : overrideReason.Trim();
        StatisticsMissing = facts.StatisticsMissing;
        CampaignId = campaignId;
        FilingId = filingId;
        AssessmentId = assessmentId;
        Kind = decision.Kind;
        Standing = facts.Result;
        PeriodEnds = facts.PeriodEnds;
        InactiveTwoYears = facts.InactiveTwoConsecutiveYears;
        Score = score;
        Outcome = outcome;
        ReasonsJson = JsonSerializer.Serialize(decision.Reasons.Select(r => new ReasonRow(r.Rule, r.Clause)), Json);
        DecidedOn = decidedOn;
        DecidedBy = by;
        DecidedAt = at;
        RectificationDue = decision.RectificationDue;
    }

    public void LinkRectification(int rectificationId) => RectificationId = rectificationId;

    /// <summary>A decision after a rectification re-check (seed 001 四(二)): renew, restore evaluation or terminate.</summary>
    public static DecisionRecord FollowUp(DecisionRecord previous, Rectification rectification, RenewalDecision decision, DateOnly decidedOn, string by, DateTimeOffset at)
    {
        if (previous.RectificationId != rectification.Id) throw new DomainException("rectification", "该整改不属于这项评估意见");
        if (rectification.State is not (RectificationState.Passed or RectificationState.Failed))
            throw new DomainException("rectification", "整改尚未复查，不能作出后续决定");
        return new DecisionRecord
        {
            CampaignId = previous.CampaignId, FilingId = previous.FilingId, AssessmentId = previous.AssessmentId, Kind = decision.Kind, ProposedKind = decision.Kind,
            Standing = previous.Standing, PeriodEnds = previous.PeriodEnds, InactiveTwoYears = previous.InactiveTwoYears, Score = previous.Score, Outcome = previous.Outcome,
            ReasonsJson = JsonSerializer.Serialize(decision.Reasons.Select(r => new ReasonRow(r.Rule, r.Clause)), Json),
            DecidedOn = decidedOn, DecidedBy = by, DecidedAt = at, Round = previous.Round + 1, FollowsRectificationId = rectification.Id,
        };
    }

    public IReadOnlyList<DecisionReason> Reasons =>
        (JsonSerializer.Deserialize<List<ReasonRow>>(ReasonsJson, Json) ?? []).Select(r => new DecisionReason(r.Rule, r.Clause)).ToList();

    private sealed record ReasonRow(string Rule, string Clause);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The filing status a decision sets (seed 001 四): Terminate → 终止备案, Suspend → 暂停评价活动; others leave it.</summary>
    public static Registry.FilingStatus? StatusAfter(RenewalDecisionKind kind) => kind switch
    {
        RenewalDecisionKind.Terminate => Registry.FilingStatus.Terminated,
        RenewalDecisionKind.Suspend => Registry.FilingStatus.Suspended,
        _ => null,
    };

    /// <summary>After a re-check, renewing or restoring puts a suspended filing back to 正常.</summary>
    public static Registry.FilingStatus? StatusAfterFollowUp(RenewalDecisionKind kind, Registry.FilingStatus current) => kind switch
    {
        RenewalDecisionKind.Terminate => Registry.FilingStatus.Terminated,
        RenewalDecisionKind.Renew or RenewalDecisionKind.Continue when current == Registry.FilingStatus.Suspended => Registry.FilingStatus.Active,
        _ => null,
    };
}
