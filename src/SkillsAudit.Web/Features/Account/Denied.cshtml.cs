using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Account;

/// <summary>无权访问: names the page that was refused, what it is for and which roles may use it.</summary>
public sealed class DeniedModel : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public PageCatalog.Entry? Target { get; private set; }

    public void OnGet()
    {
        var path = ReturnUrl is { } r && Url.IsLocalUrl(r) ? r.Split('?')[0] : null;
        Target = PageCatalog.Find(path);
        // The page a refusal leads to answers as the refusal it explains (403), so that a browser's history, a proxy's
        // log or a script following the redirect sees a refusal, not a page served; opened by itself it is a page (200).
        if (ReturnUrl is { Length: > 0 }) Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
