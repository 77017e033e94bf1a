using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SkillsAudit.Web.Features;

/// <summary>
/// 接口文档 at /api/docs: the interactive reference (Scalar) of the OpenAPI document. Public, like /openapi/v1.json:
/// it describes the interface and shows no data; calling an operation from it needs the same sign-in as any client.
/// </summary>
[AllowAnonymous]
public sealed class ApiReferenceModel : PageModel
{
    public void OnGet()
    {
    }
}
