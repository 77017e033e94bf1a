using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;

namespace SkillsAudit.Web.Features;

public sealed class IndexModel(AppDb db) : PageModel
{
    public int Filings { get; private set; }
    public int Entities { get; private set; }

    public async Task OnGetAsync()
    {
        Filings = await db.Filings.CountAsync();
        Entities = await db.LegalEntities.CountAsync();
    }
}
