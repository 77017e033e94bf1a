using SkillsAudit.Data.Access;
using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Web.Features.Registry;

public sealed class DetailModel(FilingHandlers handlers) : PageModel
{
    public FilingDetail Filing { get; private set; } = null!;
    public bool IsStaff => User.IsStaff();

    public async Task<IActionResult> OnGetAsync(int id)
    {
        var f = await handlers.GetAsync(id);
        if (f is null) return NotFound();
        Filing = f;
        return Page();
    }

    public string Show(string? value) =>
        value is null ? $"<span class=\"not-stated\">{RegistryLabels.NotStated}</span>" : WebUtility.HtmlEncode(value);
}
