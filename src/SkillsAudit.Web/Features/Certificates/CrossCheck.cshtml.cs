using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Certificates;

/// <summary>名册与统计核对（seed 003 第二十条 证书发放数据报送）：per filing, year and level, roster count vs reported 发证 figures.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class CrossCheckModel(CertificateHandlers handlers) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public int? FilingId { get; set; }
    [BindProperty(SupportsGet = true)] public bool DifferencesOnly { get; set; }
    public IReadOnlyList<CrossCheckRow>? Rows { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        if (Year is not { } year) return;
        try { Rows = await handlers.CrossCheckAsync(year, FilingId, DifferencesOnly); }
        catch (DomainException e) { Error = e.Message; }
    }
}
