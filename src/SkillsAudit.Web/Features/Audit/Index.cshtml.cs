using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Registry;

namespace SkillsAudit.Web.Features.Audit;

public sealed class IndexModel(AuditLogQuery query) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? EntityType { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? EntityKey { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public Paged<AuditRow> Result { get; private set; } = new([], 0, 1, 50);
    public List<string> EntityTypes { get; private set; } = [];

    public async Task OnGetAsync()
    {
        EntityTypes = await query.EntityTypesAsync();
        Result = await query.RunAsync(new AuditQuery(EntityType, Actor, EntityKey, Math.Max(1, PageNumber)));
    }
}
