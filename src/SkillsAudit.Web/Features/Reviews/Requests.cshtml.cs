using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Access;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Web.Features.Reviews;

/// <summary>复核申请: the officer sees and answers the requests of the region (a body sees its own).</summary>
[Authorize]
public sealed class RequestsModel(ReviewRequestHandlers handlers, AppDb db) : PageModel
{
    public IReadOnlyList<ReviewRequestView> Items { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public int? Campaign { get; set; }
    public bool IsStaff => User.IsStaff();

    public async Task OnGetAsync() =>
        Items = (await handlers.ListAsync(await ReviewUser.LoadAsync(db, User), Campaign, HttpContext.RequestAborted))
            .OrderBy(r => r.State == "Open" ? 0 : 1).ThenBy(r => r.Deadline).ToList();
}
