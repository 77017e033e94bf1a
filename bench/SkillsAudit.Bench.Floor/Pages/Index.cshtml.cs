using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace SkillsAudit.Bench.Floor.Pages;

public sealed class IndexModel(FloorDb db) : PageModel
{
    public int Count { get; private set; }

    public async Task OnGetAsync() => Count = await db.Items.CountAsync();
}
