using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>
/// A results notice (seed 000: 忻州市 2023 年度…绩效考核工作情况) as the officer drafts and issues it. The wording is kept
/// as a template with placeholders ({assessed}, {rate}, …) and the figures beside it (<see cref="FiguresJson"/>), so the
/// figures stay bound to the data: the officer edits words, never numbers, and a regenerated notice shows which figures
/// changed since it was issued. The annex tables are stored as computed when generated (<see cref="AnnexesJson"/>).
/// </summary>
public sealed class StoredNotice
{
    public int Id { get; set; }
    /// <summary>Public address segment (/Public/{slug}), e.g. "140900-2023-1"; set when issued.</summary>
    public string? Slug { get; set; }
    public int Year { get; set; }
    public string RegionCode { get; set; } = "";
    public int? CampaignId { get; set; }
    public string Title { get; set; } = "";
    public string Authority { get; set; } = "";
    public string? DocumentNumber { get; set; }
    /// <summary>The paragraphs, one per line, with {placeholders}.</summary>
    public string TemplateText { get; set; } = "";
    /// <summary>Placeholder → value as generated (JSON object of strings).</summary>
    public string FiguresJson { get; set; } = "{}";
    /// <summary>The annex tables as generated (JSON).</summary>
    public string AnnexesJson { get; set; } = "[]";
    /// <summary>Draft, then Issued (<see cref="Issue"/>), then possibly Withdrawn (<see cref="Withdraw"/>); stored as its name.</summary>
    public NoticeState State { get; private set; } = NoticeState.Draft;
    /// <summary>成文日期 printed under the authority (seed 000: 2024年1月25日).</summary>
    public DateOnly? DatedOn { get; set; }
    /// <summary>公示期: the public window.</summary>
    public DateOnly? PublicFrom { get; set; }
    public DateOnly? PublicTo { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? IssuedBy { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    /// <summary>撤回: who withdrew the issued notice, when and why; it stays on the public page marked 已撤回.</summary>
    public string? WithdrawnBy { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawReason { get; set; }
    /// <summary>更正: this notice corrects the issued notice with this id (which is then shown as 已更正, pointing here).</summary>
    public int? CorrectsNoticeId { get; set; }
    public int Version { get; set; }

    /// <summary>Issued or withdrawn: on the public page (a draft is seen by the staff of its region only).</summary>
    public bool IsPublic => State != NoticeState.Draft;

    /// <summary>Only a draft's words and dates may change: an issued notice is corrected by a correction notice.</summary>
    public void RequireDraft()
    {
        if (State != NoticeState.Draft) throw new DomainException("state", "公告已发布，不能再修改；如需更正请发布更正通知");
    }

    /// <summary>A notice is issued once, from its draft.</summary>
    public void RequireIssuable()
    {
        if (State != NoticeState.Draft) throw new DomainException("state", $"公告 {Id} 已于 {IssuedAt:yyyy-MM-dd} 发布");
    }

    /// <summary>The 公示期 ends on or after its start.</summary>
    public static DomainException? WindowError(DateOnly? from, DateOnly? to) =>
        from is { } a && to is { } b && b < a ? new DomainException("publicTo", $"公示期结束 {b:yyyy-MM-dd} 早于开始 {a:yyyy-MM-dd}") : null;

    /// <summary>Issues the draft for its 公示期 and gives it its public address (region-year-id).</summary>
    public void Issue(DateOnly publicFrom, DateOnly publicTo, string by, DateTimeOffset at)
    {
        RequireIssuable();
        if (WindowError(publicFrom, publicTo) is { } wrong) throw wrong;
        State = NoticeState.Issued;
        PublicFrom = publicFrom;
        PublicTo = publicTo;
        IssuedBy = by;
        IssuedAt = at;
        Slug = $"{RegionCode}-{Year}-{Id}";
    }

    /// <summary>What stands against withdrawing: only an issued notice is withdrawn, with a reason of at most 500 characters, once confirmed.</summary>
    public IReadOnlyList<DomainException> WithdrawErrors(string? reason, bool confirmed)
    {
        var errors = new List<DomainException>();
        if (State != NoticeState.Issued) errors.Add(new("state", State == NoticeState.Withdrawn ? "公告已撤回" : "草稿尚未发布，无需撤回"));
        if (string.IsNullOrWhiteSpace(reason)) errors.Add(new("reason", "请填写撤回理由"));
        else if (reason.Trim().Length > 500) errors.Add(new("reason", "撤回理由不能超过 500 字"));
        if (!confirmed) errors.Add(new("confirm", "撤回后公众页面将标注“已撤回”，请确认后再撤回"));
        return errors;
    }

    /// <summary>撤回: the issued notice stays on the public page marked 已撤回, with the reason, and takes no more complaints.</summary>
    public void Withdraw(string? reason, bool confirmed, string by, DateTimeOffset at)
    {
        if (WithdrawErrors(reason, confirmed) is { Count: > 0 } errors) throw new DomainValidationException(errors);
        State = NoticeState.Withdrawn;
        WithdrawnBy = by;
        WithdrawnAt = at;
        WithdrawReason = reason!.Trim();
    }

    /// <summary>更正: only an issued notice that is not withdrawn is corrected; the correction starts as a draft pointing here.</summary>
    public void RequireCorrectable()
    {
        if (State != NoticeState.Issued) throw new DomainException("state", "只能更正已发布（且未撤回）的公告");
    }

    /// <summary>A withdrawn notice takes no more complaints.</summary>
    public static DomainException? ComplaintRefusal(NoticeState state) =>
        state == NoticeState.Withdrawn ? new DomainException("notice", "公告已撤回，不再受理投诉举报") : null;
}

/// <summary>Where a notice stands; stored as its name.</summary>
public enum NoticeState
{
    Draft,
    Issued,
    Withdrawn,
}

/// <summary>Where a complaint stands: Open until its outcome is recorded; stored as its name.</summary>
public enum ComplaintState
{
    Open,
    Closed,
}

public static class NoticeStates
{
    public static string Chinese(this NoticeState state) => state switch { NoticeState.Issued => "已发布", NoticeState.Withdrawn => "已撤回", _ => "草稿" };
    public static string Chinese(this ComplaintState state) => state == ComplaintState.Closed ? "已办结" : "处理中";
}

/// <summary>
/// A complaint (投诉举报) filed by a member of the public against a published notice during its 公示期. The contact is
/// personal data: kept for the officer, never shown on the public page.
/// </summary>
public sealed class NoticeComplaint
{
    public int Id { get; set; }
    public int NoticeId { get; set; }
    /// <summary>Given to the complainant, e.g. "TS-20240126-7K3QH2".</summary>
    public string TrackingNumber { get; set; } = "";
    /// <summary>The body complained about, as written by the complainant (optional).</summary>
    public string? Subject { get; set; }
    public string Text { get; set; } = "";
    public string? Contact { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    /// <summary>Open until the outcome is recorded (<see cref="Close"/>).</summary>
    public ComplaintState State { get; private set; } = ComplaintState.Open;
    public string? Outcome { get; private set; }
    public string? OutcomeBy { get; private set; }
    public DateTimeOffset? OutcomeAt { get; private set; }

    /// <summary>Records the outcome (处理结果) and closes the complaint: it must say what was done; a closed complaint stays closed.</summary>
    public void Close(string? outcome, string by, DateTimeOffset at)
    {
        if (State == ComplaintState.Closed) throw new ConflictException($"投诉举报 {TrackingNumber} 已办结");
        var text = outcome?.Trim() ?? "";
        if (text.Length == 0) throw new DomainException("outcome", "请填写处理结果");
        if (text.Length > 4000) throw new DomainException("outcome", "处理结果不能超过 4000 字");
        Outcome = text;
        OutcomeBy = by;
        OutcomeAt = at;
        State = ComplaintState.Closed;
    }
}
