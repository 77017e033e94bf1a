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
    }
}
