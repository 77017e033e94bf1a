using SkillsAudit.Domain.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Reviews;

/// <summary>
/// The officer's campaign board: each target's stage and status, counts per status (each a filter), search by name;
/// several targets selected and their results confirmed, or added, removed, reminded or decided at once, with progress.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class BoardModel(BoardHandlers board, AppDb db) : PageModel
{
    public BoardView Board { get; private set; } = null!;
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public DateOnly Today { get; private set; }

    public static IReadOnlyList<(string Kind, string Name)> Kinds { get; } =
        Enum.GetValues<RenewalDecisionKind>().Select(k => (k.ToString(), RenewalRules.Chinese(k))).ToList();

    public async Task<IActionResult> OnGetAsync(int id)
    {
        Board = await board.GetAsync(await ReviewUser.LoadAsync(db, User), id, Status, Q, HttpContext.RequestAborted);
        Today = db.Now.ChinaDate();
        return Page();
    }

    /// <summary>Offered by "勾选全部可确认结果的机构" (BoardHandlers.Finalisable).</summary>
    public bool Finalisable(BoardRow r) => BoardHandlers.Finalisable(Board, r);

    public static string Badge(string status) => status switch
    {
        "Excluded" => "bg-light text-muted border",
        "NotStarted" => "bg-secondary",
        "Draft" => "bg-info text-dark",
        "Submitted" => "bg-primary",
        "BeingScored" => "bg-warning text-dark",
        "Scored" => "bg-warning",
        "Finalised" => "bg-success",
        "Decided" => "bg-dark",
        "UnderRectification" => "bg-danger",
        _ => "bg-secondary",
    };
}
