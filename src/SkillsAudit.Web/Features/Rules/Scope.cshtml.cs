using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Features.Rules;

/// <summary>新增职业条件检查（seed 003 第二十四至二十六条），逐条显示。</summary>
public sealed class ScopeModel(ScopeHandlers handlers, FilingSearch filings) : PageModel
{
    /// <summary>The filing as an officer knows it, typed in the form: its 备案号 or the body's name (FilingSearch.FilingIdAsync).</summary>
    [BindProperty(SupportsGet = true)] public string? Filing { get; set; }
    /// <summary>The filing as links name it.</summary>
    [BindProperty(SupportsGet = true)] public int? FilingId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Occupation { get; set; }
    [BindProperty(SupportsGet = true)] public string? Replacing { get; set; }
    [BindProperty(SupportsGet = true)] public int Experts { get; set; }
    [BindProperty(SupportsGet = true)] public int Examiners { get; set; }
    [BindProperty(SupportsGet = true)] public int QuestionBanks { get; set; }
    public ScopeCheckView? Result { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var noFiling = FilingId is null && string.IsNullOrWhiteSpace(Filing);
        if (noFiling && string.IsNullOrWhiteSpace(Occupation)) return; // the empty form
        if (noFiling || string.IsNullOrWhiteSpace(Occupation))
        {
            Error = noFiling ? "请填写备案号或机构名称" : "请填写申请职业代码";
            return;
        }
        try
        {
            var id = string.IsNullOrWhiteSpace(Filing) ? FilingId!.Value : await filings.FilingIdAsync(Filing, ct);
            Result = await handlers.CheckAsync(new ScopeRequest(id, Occupation, null, Replacing, Experts, Examiners, QuestionBanks), ct);
        }
        catch (Exception e) when (e is DomainException or NotFoundException or ForbiddenException)
        {
            Error = e.Message; // said above the form, which keeps what was typed; another region's filing is still a 403
            if (e is ForbiddenException) Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }
}
