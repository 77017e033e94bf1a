using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Reviews;

public enum RectificationState
{
    /// <summary>Waiting for the body's response.</summary>
    Open = 1,
    /// <summary>The body has responded; waiting for the officer's re-check.</summary>
    Responded = 2,
    /// <summary>Re-checked and accepted: renewal or assessment may resume.</summary>
    Passed = 3,
    /// <summary>Re-checked and not accepted.</summary>
    Failed = 4,
}

/// <summary>
/// 整改: required actions with a deadline (seed 001 四(二): 限期2个月内完成整改), the body's response with evidence,
/// and the officer's re-check ("再视情况决定是否准予延续备案或恢复评价活动").
/// </summary>
public sealed class Rectification
{
    public int Id { get; private set; }
    public int FilingId { get; private set; }
    public int? AssessmentId { get; private set; }
    public string RequiredActions { get; private set; } = "";
    public DateOnly Due { get; private set; }
    public string IssuedBy { get; private set; } = "";
    public DateTimeOffset IssuedAt { get; private set; }
    public string? Response { get; private set; }
    /// <summary>Content hashes of the evidence files the body attached.</summary>
    public string? EvidenceHashes { get; private set; }
    public DateTimeOffset? RespondedAt { get; private set; }
    public string? CheckedBy { get; private set; }
    public DateTimeOffset? CheckedAt { get; private set; }
    public string? CheckNote { get; private set; }
    public RectificationState State { get; private set; } = RectificationState.Open;

    private Rectification() { }

    /// <param name="decidedOn">The day of the decision that requires it, when back-dated: the deadline counts from it (seed 001 四(二)).</param>
    public Rectification(int filingId, int? assessmentId, string requiredActions, DateOnly due, string issuedBy, DateTimeOffset issuedAt, DateOnly? decidedOn = null)
    {
        if (string.IsNullOrWhiteSpace(requiredActions)) throw new DomainException("requiredActions", "须写明整改要求");
        var from = decidedOn ?? DateOnly.FromDateTime(issuedAt.UtcDateTime);
        if (due < from) throw new DomainException("due", $"整改期限 {due:yyyy-MM-dd} 不能早于决定日期 {from:yyyy-MM-dd}");
        FilingId = filingId;
        AssessmentId = assessmentId;
        RequiredActions = requiredActions.Trim();
        Due = due;
        IssuedBy = issuedBy;
        IssuedAt = issuedAt;
    }

    /// <summary>Seed 001 四(二): two months from the decision.</summary>
    public static DateOnly DefaultDue(DateOnly decidedOn) => decidedOn.AddMonths(RenewalRules.RectificationMonths);

    public const int MaxResponseLength = 4000;
    public const int MaxCheckNoteLength = 2000;
    /// <summary>The stored list of 64-character hashes holds 30 (2,000 characters).</summary>
    public const int MaxEvidenceFiles = 30;

    public void Respond(string response, IEnumerable<string> evidenceHashes, DateTimeOffset at)
    {
        if (State is RectificationState.Passed or RectificationState.Failed) throw new DomainException("rectification", "整改已复查完毕，不能再提交");
        if (string.IsNullOrWhiteSpace(response)) throw new DomainException("response", "须填写整改情况");
        if (response.Trim().Length > MaxResponseLength) throw new DomainException("response", $"整改情况不超过 {MaxResponseLength} 字（现为 {response.Trim().Length} 字），详细材料请作为附件上传");
        var hashes = evidenceHashes.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (hashes.Count > MaxEvidenceFiles) throw new DomainException("evidence", $"证明材料最多 {MaxEvidenceFiles} 个（现为 {hashes.Count} 个），请合并后上传");
        Response = response.Trim();
        EvidenceHashes = hashes.Count == 0 ? null : string.Join(',', hashes);
        RespondedAt = at;
        State = RectificationState.Responded;
    }

    public void Check(bool passed, string note, string officer, DateTimeOffset at)
    {
        if (State != RectificationState.Responded) throw new DomainException("rectification", State == RectificationState.Open ? "机构尚未提交整改情况，不能复查" : "已复查完毕");
        if (string.IsNullOrWhiteSpace(note)) throw new DomainException("checkNote", "须填写复查意见");
        if (note.Trim().Length > MaxCheckNoteLength) throw new DomainException("checkNote", $"复查意见不超过 {MaxCheckNoteLength} 字（现为 {note.Trim().Length} 字）");
        CheckedBy = officer;
        CheckedAt = at;
        CheckNote = note.Trim();
        State = passed ? RectificationState.Passed : RectificationState.Failed;
    }

    /// <summary>Open past its deadline with no response: shown on the dashboard.</summary>
    public bool IsOverdue(DateOnly today) => State == RectificationState.Open && today > Due;
}
