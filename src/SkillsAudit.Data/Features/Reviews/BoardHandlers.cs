using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Reviews;

namespace SkillsAudit.Data.Features.Reviews;

/// <summary>Where one target of a campaign stands, in the order a review year moves through.</summary>
public enum BoardStatus
{
    /// <summary>Taken off the campaign by hand or by the target rule.</summary>
    Excluded = 0,
    NotStarted = 1,
    Draft = 2,
    Submitted = 3,
    BeingScored = 4,
    Scored = 5,
    Finalised = 6,
    Decided = 7,
    UnderRectification = 8,
}

public sealed record BoardRow(int FilingId, string Name, string? FilingNumber, bool Included, string Status, string StatusName, int? AssessmentId,
    int ExpertSheets, int ExpertSubmitted, decimal? Score, string? Outcome, string? DecisionName, DateOnly? RectificationDue);
public sealed record BoardCount(string Status, string Name, int Count);
public sealed record BoardView(int CampaignId, string Title, string State, string StageName, int Version, IReadOnlyList<BoardCount> Counts, IReadOnlyList<BoardRow> Rows,
    BulkOperationView? Running);

/// <summary>
/// The officer's campaign board: every target with its stage and status, counts per status, filter and search. Reads
/// are projected (six small queries whatever the number of targets).
/// </summary>
public sealed class BoardHandlers(AppDb db, CampaignHandlers campaigns)
{
    public static string Chinese(BoardStatus s) => s switch
    {
        BoardStatus.Excluded => "不列入考核",
        BoardStatus.NotStarted => "未填写自评",
        BoardStatus.Draft => "自评草稿",
        BoardStatus.Submitted => "自评已提交",
        BoardStatus.BeingScored => "专家评分中",
        BoardStatus.Scored => "专家已评分",
        BoardStatus.Finalised => "结果已确认",
        BoardStatus.Decided => "已作出评估意见",
        BoardStatus.UnderRectification => "整改中",
        _ => s.ToString(),
    };

    /// <summary>
    /// How far one included target has got by its sheets, up to 结果已确认 (the decision and rectification come after):
    /// one rule for the board and the campaign page.
    /// </summary>
    public static BoardStatus Progress(bool finalised, SheetStatus? self, bool selfSaved, int expertsSaved, int expertsSubmitted) =>
        finalised ? BoardStatus.Finalised
        : expertsSaved > 0 && expertsSubmitted == expertsSaved ? BoardStatus.Scored
        : expertsSaved > 0 ? BoardStatus.BeingScored
        : self == SheetStatus.Submitted ? BoardStatus.Submitted
        : selfSaved ? BoardStatus.Draft
        : BoardStatus.NotStarted;

    /// <summary>
    /// A body offered for 确认结果 in bulk (the board's "勾选全部可确认结果的机构", the CLI's default): every expert sheet
    /// submitted and the result not yet confirmed (专家已评分), while the campaign runs. Only a preselection: confirming
    /// applies the handler's own rules (AssessmentHandlers.FinaliseAsync) and skips, with the reason, what they refuse.
    /// </summary>
    public static bool Finalisable(BoardView board, BoardRow r) =>
        r.Included && r.Status == nameof(BoardStatus.Scored) && board.State != nameof(CampaignState.Closed);

    /// <summary>A status from its name or its Chinese (CLI --status, API ?status=); null for none.</summary>
    public static BoardStatus? ParseStatus(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) return null;
        foreach (var s in Enum.GetValues<BoardStatus>())
            if (string.Equals(s.ToString(), t, StringComparison.OrdinalIgnoreCase) || Chinese(s) == t) return s;
        throw new DomainException("status", $"未知的状态“{t}”：应为 " + string.Join("、", Enum.GetValues<BoardStatus>().Select(s => $"{s}（{Chinese(s)}）")));
    }

    public async Task<BoardView> GetAsync(ReviewUser u, int campaignId, string? status = null, string? search = null, CancellationToken ct = default)
    {
        var wanted = ParseStatus(status);
        var c = await campaigns.LoadVisibleAsync(u, campaignId, ct, tracking: false);
        ReviewAccess.RequireStaff(u, c);
        var ids = c.Targets.Select(t => t.FilingId).ToList();
        var filings = await db.Filings.AsNoTracking().Where(f => ids.Contains(f.Id)).Select(f => new { f.Id, f.LegalEntity.Name, f.Number }).ToDictionaryAsync(f => f.Id, ct);
        var assessments = await db.Assessments.AsNoTracking().Where(a => a.CampaignId == campaignId)
            .Select(a => new { a.Id, a.FilingId, Finalised = a.FinalisedAt != null, a.Outcome, Total = a.PanelBaseTotal + a.PanelBonusTotal }).ToListAsync(ct);
        var sheets = (await db.ScoreSheets.AsNoTracking().Where(s => db.Set<Assessment>().Any(a => a.Id == s.AssessmentId && a.CampaignId == campaignId))
            .Select(s => new { s.AssessmentId, Self = s.Expert == null, s.Status, Saved = s.SavedAt != null }).ToListAsync(ct)).ToLookup(s => s.AssessmentId);
        var decisions = await db.ReviewDecisions.AsNoTracking().Where(d => d.CampaignId == campaignId && d.Round == 0)
            .Select(d => new { d.FilingId, d.Kind, d.RectificationId, d.RectificationDue }).ToListAsync(ct);
        var rectIds = decisions.Where(d => d.RectificationId != null).Select(d => d.RectificationId!.Value).ToList();
        var rectStates = await db.Rectifications.AsNoTracking().Where(r => rectIds.Contains(r.Id)).Select(r => new { r.Id, r.State }).ToDictionaryAsync(r => r.Id, r => r.State, ct);
        var byFiling = assessments.ToDictionary(a => a.FilingId);
        var decided = decisions.ToDictionary(d => d.FilingId);
        var rows = new List<BoardRow>();
        foreach (var t in c.Targets)
        {
            var f = filings.GetValueOrDefault(t.FilingId);
            var a = byFiling.GetValueOrDefault(t.FilingId);
            var own = a is null ? [] : sheets[a.Id].ToList();
            var self = own.FirstOrDefault(s => s.Self);
            var experts = own.Where(s => !s.Self && s.Saved).ToList();
            var d = decided.GetValueOrDefault(t.FilingId);
            var st = !t.Included ? BoardStatus.Excluded
                : d is not null ? (d.RectificationId is { } rid && rectStates.GetValueOrDefault(rid) is RectificationState.Open or RectificationState.Responded ? BoardStatus.UnderRectification : BoardStatus.Decided)
                : Progress(a?.Finalised == true, self?.Status, self is { Saved: true }, experts.Count, experts.Count(s => s.Status == SheetStatus.Submitted));
            rows.Add(new BoardRow(t.FilingId, f?.Name ?? "", f?.Number?.Value, t.Included, st.ToString(), Chinese(st), a?.Id,
                experts.Count, experts.Count(s => s.Status == SheetStatus.Submitted), a?.Finalised == true ? a.Total : null, a?.Finalised == true ? a.Outcome : null,
                d is null ? null : RenewalRules.Chinese(d.Kind), d?.RectificationDue));
        }
        var counts = Enum.GetValues<BoardStatus>().Select(s => new BoardCount(s.ToString(), Chinese(s), rows.Count(r => r.Status == s.ToString()))).ToList();
        var term = (search ?? "").Trim();
        var shown = rows.Where(r => wanted is null || r.Status == wanted.ToString())
            .Where(r => term.Length == 0 || r.Name.Contains(term, StringComparison.Ordinal) || (r.FilingNumber?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false))
            .OrderBy(r => r.Included ? 0 : 1).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var running = await BoardOperations.RunningViewAsync(db, campaignId, ct);
        return new BoardView(c.Id, c.Title, c.State.ToString(), CampaignSchedule.Chinese(CampaignHandlers.StageOf(c, CampaignHandlers.Today(db))), c.Version, counts, shown, running);
    }
}
