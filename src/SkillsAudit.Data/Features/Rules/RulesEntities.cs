using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Data.Features.Rules;

/// <summary>
/// What a body asks and an officer decides once (a 变更申请, seed 003 第二十一条、第二十二条; a 新增职业申请, 第六章): Submitted,
/// then 同意 (with an optional note) or 不予同意 (with the reason the body is shown), by whom and when — or, before any
/// decision, 撤回 by the body itself (so that it can correct and submit again). While one request is pending, the same
/// body may not submit another of its kind (<see cref="StillPending"/>): the officers never face two that contradict each
/// other. Not an entity of its own: its columns are those of each request's table.
/// </summary>
public abstract class DecidedOnce
{
    /// <summary>Submitted, then Approved (<see cref="Approve"/>), Rejected (<see cref="Reject"/>) or Withdrawn (<see cref="Withdraw"/>), once.</summary>
    public ChangeState State { get; private set; } = ChangeState.Submitted;
    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionReason { get; private set; }
    /// <summary>撤回: the body's user who took the request back, and when (M0025); null unless <see cref="State"/> is Withdrawn.</summary>
    public string? WithdrawnBy { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }

    /// <summary>The refusal of a second decision, naming the request as the user knows it.</summary>
    protected abstract string AlreadyDecided { get; }

    /// <summary>What the request is, as its body knows it (its kind; for a new occupation, which one), never its number.</summary>
    protected abstract string What { get; }

    /// <summary>When the body submitted it.</summary>
    protected abstract DateTimeOffset SubmittedOn { get; }

    /// <summary>"2026年12月4日提交的地址变更申请": the request in words, by its kind and the day (China time) it was submitted.</summary>
    public string Described(string? what = null) => $"{SubmittedOn.ChinaDate():yyyy年M月d日}提交的{what ?? What}";

    /// <summary>
    /// The refusal of a second request of the same kind while this one is pending (409): it names this one in words and
    /// says what the body can do instead. <paramref name="what"/> replaces <see cref="What"/> where the caller knows a
    /// better name (the occupation's name from the catalogue).
    /// </summary>
    public ConflictException StillPending(string? what = null) =>
        new($"本机构已有一份{Described(what)}尚待审核，不能再提交同类申请。请等待审核结果；如需修改，请先撤回该申请，再重新提交。");

    /// <summary>A request is decided once, and not after its body has withdrawn it.</summary>
    public void RequireSubmitted()
    {
        if (State == ChangeState.Withdrawn)
            throw new DomainException("state", $"{Described()}已由机构于 {WithdrawnAt!.Value.ChinaDate():yyyy年M月d日} 撤回，不能再审核");
        if (State != ChangeState.Submitted) throw new DomainException("state", AlreadyDecided);
    }

    /// <summary>不予同意 says why.</summary>
    public static void RequireRejectionReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason", "不予同意须写明理由");
    }

    /// <summary>同意: the officer may add a note.</summary>
    public void Approve(string? note, string by, DateTimeOffset at) => Decide(ChangeState.Approved, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), by, at);

    /// <summary>不予同意, with the reason the body is shown.</summary>
    public void Reject(string? reason, string by, DateTimeOffset at)
    {
        RequireRejectionReason(reason);
        Decide(ChangeState.Rejected, reason!.Trim(), by, at);
    }

    /// <summary>
    /// 撤回: the body takes back its own pending request; it is no longer decided, and the body may submit a corrected
    /// one. A decided request stands (the registry may already show it), and a withdrawn one is withdrawn once. Who may
    /// withdraw (the body bound to the filing, never an officer for it) is the handler's check.
    /// </summary>
    public void Withdraw(string by, DateTimeOffset at)
    {
        if (State == ChangeState.Withdrawn)
            throw new DomainException("state", $"{Described()}已于 {WithdrawnAt!.Value.ChinaDate():yyyy年M月d日} 撤回，无需再次撤回");
        if (State != ChangeState.Submitted)
            throw new DomainException("state", $"{Described()}已经审核（{ChangeRules.Chinese(State)}），不能撤回");
        State = ChangeState.Withdrawn;
        WithdrawnBy = by;
        WithdrawnAt = at;
    }

    private void Decide(ChangeState state, string? reason, string by, DateTimeOffset at)
    {
        RequireSubmitted();
        State = state;
        DecidedBy = by;
        DecidedAt = at;
        DecisionReason = reason;
    }
}

/// <summary>
/// A request to change a filing's legal person, name or address (seed 003 第五章 第二十一条、第二十二条): the requested value,
/// the attachments the clause requires, and the officer's decision.
/// </summary>
public sealed class ChangeRequest : DecidedOnce
{
    public int Id { get; set; }
    public int FilingId { get; set; }
    public ChangeKind Kind { get; set; }
    /// <summary>The value in the registry when the request was made (变更前).</summary>
    public string? CurrentValue { get; set; }
    /// <summary>The value asked for (变更后).</summary>
    public string RequestedValue { get; set; } = "";
    /// <summary>变更原因 (第二十二条: 法人变更须写明).</summary>
    public string? Reason { get; set; }
    public string SubmittedBy { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    public List<ChangeAttachment> Attachments { get; set; } = [];

    protected override string AlreadyDecided => $"这项{ChangeRules.Chinese(Kind)}申请已经审核（{ChangeRules.Chinese(State)}），不能再次审核";
    protected override string What => $"{ChangeRules.Chinese(Kind)}申请";
    protected override DateTimeOffset SubmittedOn => SubmittedAt;
}

/// <summary>One attachment of a change request, stored in the evidence store by its SHA-256.</summary>
public sealed class ChangeAttachment
{
    public int Id { get; set; }
    public int ChangeRequestId { get; set; }
    public AttachmentKind Kind { get; set; }
    public string Sha256 { get; set; } = "";
    public string OriginalName { get; set; } = "";
    public string MediaType { get; set; } = "";
    public long Size { get; set; }
    /// <summary>Seed 003 第二十条: 电子材料不少于5年.</summary>
    public DateOnly KeepUntil { get; set; }
}

/// <summary>
/// An application to add an occupation (seed 003 第六章 新增职业（工种）、等级): made by the body (or recorded by an officer),
/// with the figures it declares, its explanation and materials, the eligibility result as it stood when applied, and the
/// officer's decision (第二十三条: the service centre checks what is submitted).
/// </summary>
public sealed class ScopeApplication : DecidedOnce
{
    public int Id { get; set; }
    public int FilingId { get; set; }
    public string OccupationCode { get; set; } = "";
    /// <summary>The levels applied for, "5,4,3" (<see cref="OccupationApplicationRules.LevelCodes"/>); "" for none (专项职业能力, or not stated).</summary>
    public string Levels { get; set; } = "";
    /// <summary>以旧换新 (第二十六条): the filed occupation given back for the new one.</summary>
    public string? Replacing { get; set; }
    public int DeclaredExperts { get; set; }
    public int DeclaredExaminers { get; set; }
    public int DeclaredQuestionBanks { get; set; }
    public bool HasBadRecord { get; set; }
    public bool Eligible { get; set; }
    /// <summary>The rule-by-rule checks when applied (JSON array of {rule, clause, passed, detail}).</summary>
    public string ChecksJson { get; set; } = "[]";
    /// <summary>The body's written explanation (新增理由及具备的条件).</summary>
    public string? Explanation { get; set; }
    public string AppliedBy { get; set; } = "";
    public DateTimeOffset AppliedAt { get; set; }
    public List<ScopeAttachment> Attachments { get; set; } = [];

    protected override string AlreadyDecided => $"该新增职业申请已{ChangeRules.Chinese(State)}，不能再审核";
    protected override string What => $"新增职业申请（{OccupationCode}）";
    protected override DateTimeOffset SubmittedOn => AppliedAt;
}

/// <summary>One material of an occupation application, stored in the evidence store by its SHA-256 (like <see cref="ChangeAttachment"/>).</summary>
public sealed class ScopeAttachment
{
    public int Id { get; set; }
    public int ScopeApplicationId { get; set; }
    public OccupationAttachmentKind Kind { get; set; }
    public string Sha256 { get; set; } = "";
    public string OriginalName { get; set; } = "";
    public string MediaType { get; set; } = "";
    public long Size { get; set; }
    /// <summary>Seed 003 第二十条: 电子材料不少于5年.</summary>
    public DateOnly KeepUntil { get; set; }
}

/// <summary>A 双随机、一公开 draw (seed 003 第二十九条): seed, parameters, the pools as drawn from, the result, published or not.</summary>
public sealed class InspectionDraw
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string Seed { get; set; } = "";
    public int AlgorithmVersion { get; set; }
    public int BodiesRequested { get; set; }
    public int InspectorsPerBody { get; set; }
    public bool ExcludeSameCounty { get; set; }
    public string FiltersJson { get; set; } = "{}";
    public string PoolJson { get; set; } = "[]";
    public string RosterJson { get; set; } = "[]";
    public string ResultJson { get; set; } = "[]";
    /// <summary>A risk-weighted draw's strata (差异化监管): each level's ratio, count and the keys of the bodies it was drawn from; null for a plain draw.</summary>
    public string? StrataJson { get; set; }
    public bool Published { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    /// <summary>一公开 (第二十九条) publishes the draw and the findings; the inspectors' names only when this is set at draw time (default withheld).</summary>
    public bool PublishInspectorNames { get; set; }
    public string DrawnBy { get; set; } = "";
    public DateTimeOffset DrawnAt { get; set; }
    public List<InspectionFinding> Findings { get; set; } = [];

    /// <summary>一公开: published once, then never changed (publishing again changes nothing).</summary>
    public void Publish(DateTimeOffset at)
    {
        if (Published) return;
        Published = true;
        PublishedAt = at;
    }
}

/// <summary>What the inspection found at one drawn body (一公开: published with the draw).</summary>
public sealed class InspectionFinding
{
    public int Id { get; set; }
    public int DrawId { get; set; }
    public string BodyKey { get; set; } = "";
    public string Finding { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>
/// One line of a certificate roster (seed 003 第十九条、第二十条). The resident ID number is never stored in plain text:
/// <see cref="IdCipher"/> is ASP.NET Core Data Protection output, <see cref="IdHash"/> an HMAC-SHA256 for lookups and
/// duplicates, <see cref="IdMasked"/> the 1409**********1234 form shown to the public.
/// </summary>
public sealed class CertificateRecord
{
    public int Id { get; set; }
    public int FilingId { get; set; }
    public string? Batch { get; set; }
    public string PersonName { get; set; } = "";
    public string IdCipher { get; set; } = "";
    public string IdHash { get; set; } = "";
    public string IdMasked { get; set; } = "";
    public string OccupationCode { get; set; } = "";
    public int Level { get; set; }
    public string Number { get; set; } = "";
    public int Year { get; set; }
    public DateOnly IssuedOn { get; set; }
    public string ImportedBy { get; set; } = "";
    public DateTimeOffset ImportedAt { get; set; }
    /// <summary>撤销证书 (registered in error, or obtained by fraud): when, by whom and why; null while the certificate is valid.
    /// A revoked certificate stays in the roster (the public lookup answers that it was revoked), and is never revoked twice.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public string? RevokeReason { get; set; }
}

/// <summary>A record removed after its retention period (seed 003 第二十条), kept as proof of what went and when.</summary>
public sealed class PurgeLogEntry
{
    public int Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    /// <summary>EvidenceFile or ChangeAttachment.</summary>
    public string What { get; set; } = "";
    public string RecordKey { get; set; } = "";
    public string? Sha256 { get; set; }
    public DateOnly KeepUntil { get; set; }
    public string? Note { get; set; }
}
