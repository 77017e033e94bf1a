using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Rules;

namespace SkillsAudit.Web.Features.Public;

/// <summary>
/// 公示公告, the public's home: every published notice with its 公示期 and where it stands (withdrawn and corrected
/// ones shown as such), the latest published inspection draws, the certificate lookup and the complaint lookup by
/// tracking number. No sign-in; no staff menu (the public layout).
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(PublicNotices notices, DrawHandlers draws) : PageModel
{
    public IReadOnlyList<PublicNoticeItem> Notices { get; private set; } = [];
    public IReadOnlyList<DrawView> Draws { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Notices = await notices.ListAsync(ct);
        Draws = (await draws.ListAsync(publishedOnly: true, ct)).Take(5).Select(d => d.ForPublic()).ToList();
    }
}
