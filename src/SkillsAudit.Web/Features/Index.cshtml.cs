using SkillsAudit.Data.Access;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Web.Features;

public sealed class IndexModel(AppDb db, SkillsAudit.Data.Features.Rules.ExpiryHandlers expiry, TodoList todo) : PageModel
{
    public int Filings { get; private set; }
    public int Entities { get; private set; }
    /// <summary>Filings whose period ends within 90 days (staff only).</summary>
    public IReadOnlyList<SkillsAudit.Data.Features.Rules.ExpiringFiling> Expiring { get; private set; } = [];
    /// <summary>What the signed-in user has to do now (their role's list); empty for visitors.</summary>
    public IReadOnlyList<TodoItem> Todo { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync()
    {
        Filings = await db.Filings.CountAsync();
        Entities = await db.LegalEntities.CountAsync();
        Today = ReviewWork.Today(db);
        if (User.IsStaff()) Expiring = await expiry.ExpiringAsync();
        if (User.Identity?.IsAuthenticated == true) Todo = await todo.ForAsync(await ReviewUser.LoadAsync(db, User));
    }
}
