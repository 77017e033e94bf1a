using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Access;
using SkillsAudit.Data.Features.Risk;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Risk;

/// <summary>One body's risk across the years, every signal with the figures behind it; a body user sees its own (and only its own).</summary>
public sealed class BodyModel(RiskHandlers handlers, AccessGuard access) : PageModel
{
    public RiskDetail Detail { get; private set; } = null!;
    public bool IsStaff { get; private set; }

    public async Task OnGetAsync(int? id, int? year)
    {
        var u = await access.ActorAsync();
        IsStaff = u.IsStaff;
        // A body user without an id sees their own filing (the first one bound to them).
        var filing = id ?? (u.IsBody && u.FilingIds.Count > 0 ? u.FilingIds.Min() : throw new NotFoundException("请从风险名单中选择机构"));
        Detail = await handlers.ShowAsync(filing, year, 5);
    }
}
