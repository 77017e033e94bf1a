using SkillsAudit.Data.Access;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Web.Features;

public sealed class IndexModel(AppDb db, SkillsAudit.Data.Features.Rules.ExpiryHandlers expiry, TodoList todo, AccessGuard access) : PageModel
{
    public int Filings { get; private set; }
    public int Entities { get; private set; }
    /// <summary>The region the counts are for, when the user is the staff of one region; null: every region.</summary>
    public string? Scope { get; private set; }
    /// <summary>Filings whose period ends within 90 days (staff only).</summary>
    public IReadOnlyList<SkillsAudit.Data.Features.Rules.ExpiringFiling> Expiring { get; private set; } = [];
    /// <summary>What the signed-in user has to do now (their role's list); empty for visitors.</summary>
    public IReadOnlyList<TodoItem> Todo { get; private set; } = [];
    public DateOnly Today { get; private set; }
    /// <summary>A body user's own filings (those bound to the account), each linked to its page; empty for everyone else.</summary>
    public IReadOnlyList<(int Id, string Name, string? Number, string Status)> OwnFilings { get; private set; } = [];

    public async Task OnGetAsync()
    {
        // The staff of one region count their region's filings; visitors and the province see every region's.
        var prefix = User.IsStaff() ? await access.StaffPrefixAsync() : null;
        if (prefix is { Length: > 0 })
        {
            Filings = await db.Filings.CountAsync(f => f.RegionCode.StartsWith(prefix));
            Entities = await db.LegalEntities.CountAsync(e => db.Filings.Any(f => f.LegalEntityId == e.Id && f.RegionCode.StartsWith(prefix)));
            Scope = SkillsAudit.Domain.Registry.Regions.Find((await access.ActorAsync()).RegionCode)?.Name;
        }
        else
        {
            Filings = await db.Filings.CountAsync();
            Entities = await db.LegalEntities.CountAsync();
        }
        Today = ReviewWork.Today(db);
        if (User.IsStaff()) Expiring = await expiry.ExpiringAsync();
        if (User.Identity?.IsAuthenticated == true) Todo = await todo.ForAsync(await ReviewUser.LoadAsync(db, User));
        if (User.Identity?.IsAuthenticated == true && !User.IsStaff() && (await access.ActorAsync()) is { IsBody: true, FilingIds.Count: > 0 } body)
        {
            var ids = body.FilingIds.ToList();
            OwnFilings = (await db.Filings.Where(f => ids.Contains(f.Id)).Select(f => new { f.Id, f.LegalEntity.Name, f.Number, f.Status }).ToListAsync())
                .OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => (f.Id, f.Name, f.Number?.Value, f.Status.Chinese())).ToList();
        }
    }
}
