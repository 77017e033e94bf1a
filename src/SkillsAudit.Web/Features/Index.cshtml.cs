using SkillsAudit.Data.Access;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;

namespace SkillsAudit.Web.Features;

public sealed class IndexModel(AppDb db, SkillsAudit.Data.Features.Rules.ExpiryHandlers expiry) : PageModel
{
    public int Filings { get; private set; }
    public int Entities { get; private set; }
    /// <summary>Filings whose period ends within 90 days (staff only).</summary>
    public IReadOnlyList<SkillsAudit.Data.Features.Rules.ExpiringFiling> Expiring { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Filings = await db.Filings.CountAsync();
        Entities = await db.LegalEntities.CountAsync();
        if (User.IsStaff()) Expiring = await expiry.ExpiringAsync();
    }
}
