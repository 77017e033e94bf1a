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
    /// <summary>Draft or Issued.</summary>
    public string State { get; set; } = NoticeStates.Draft;
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
}

public static class NoticeStates
{
    public const string Draft = "Draft";
    public const string Issued = "Issued";
    public const string Withdrawn = "Withdrawn";
    public static string Chinese(string state) => state switch { Issued => "已发布", Withdrawn => "已撤回", _ => "草稿" };
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
    /// <summary>Open or Closed.</summary>
    public string State { get; set; } = "Open";
    public string? Outcome { get; set; }
    public string? OutcomeBy { get; set; }
    public DateTimeOffset? OutcomeAt { get; set; }
}
