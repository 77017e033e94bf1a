using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Certificates;

/// <summary>
/// 撤销证书: staff find a certificate of their region by 证书编号 and/or the holder's name and revoke it with a reason,
/// after a confirmation; the public lookup then answers that it was revoked. The same handler as the API and the CLI.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class RevokeModel(CertificateHandlers handlers) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
    /// <summary>The certificate being revoked (its 证书编号), and the reason typed for it.</summary>
    [BindProperty] public string? Target { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public IReadOnlyList<CertificateStaffView>? Rows { get; private set; }
    public string? SearchError { get; private set; }
    public string? Error { get; private set; }
    public string? Message { get; private set; }
    /// <summary>The refusal of the reason typed for <see cref="Target"/>, shown at that row's field.</summary>
    public string? ReasonError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Number) && string.IsNullOrWhiteSpace(Name))
        {
            if (Request.Query.ContainsKey(nameof(Number)) || Request.Query.ContainsKey(nameof(Name))) SearchError = "请输入证书编号或持证人姓名";
            return;
        }
        await SearchAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var done = await handlers.RevokeAsync(Target, Reason, ct);
            Message = $"已撤销证书 {done.Number}（{done.PersonName}）。公众在“证书查询”中查到该证书时，显示“已于 {done.RevokedAt!.Value.ChinaDate():yyyy-MM-dd} 撤销”。";
            Reason = null;
            ModelState.Clear();
        }
        catch (DomainException e) when (e.Field == "reason") { ReasonError = e.Message; } // at the field, the text kept
        catch (ForbiddenException e) { Error = e.Message; Response.StatusCode = StatusCodes.Status403Forbidden; }
        catch (ConflictException e) { Error = e.Message; Response.StatusCode = StatusCodes.Status409Conflict; }
        catch (NotFoundException e) { Error = e.Message; Response.StatusCode = StatusCodes.Status404NotFound; }
        catch (InvalidInputException e) { Error = e.Message; }
        if (string.IsNullOrWhiteSpace(Number) && string.IsNullOrWhiteSpace(Name)) Number = Target; // the row stays in view
        await SearchAsync(ct);
        return Page();
    }

    private async Task SearchAsync(CancellationToken ct)
    {
        try { Rows = await handlers.SearchAsync(Number, Name, ct: ct); }
        catch (InvalidInputException e) { SearchError = e.Message; }
    }
}
