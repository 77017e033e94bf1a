using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Public;

/// <summary>
/// 双随机、一公开 (seed 003 第二十九条) — the public side: every published draw (title, seed, date, the bodies drawn and
/// each body's recorded findings) and a “复核” link that re-runs the draw from its seed. Unpublished draws are not shown.
/// The inspectors' names are withheld unless the draw was set to publish them (<see cref="DrawView.ForPublic"/>).
/// </summary>
[AllowAnonymous]
public sealed class InspectionsModel(DrawHandlers handlers) : PageModel
{
    public IReadOnlyList<DrawView> Draws { get; private set; } = [];
    public int? VerifiedId { get; private set; }
    public DrawVerification? Verification { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(int? verify)
    {
        Draws = (await handlers.ListAsync(publishedOnly: true)).Select(d => d.ForPublic()).ToList();
        if (verify is { } id && Draws.Any(d => d.Id == id))
        {
            VerifiedId = id;
            try { Verification = await handlers.VerifyForPublicAsync(id); }
            catch (DomainException e) { Message = e.Message; }
        }
    }
}
