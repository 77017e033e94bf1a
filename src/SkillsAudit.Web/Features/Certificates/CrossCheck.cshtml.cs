using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Certificates;

/// <summary>名册与统计核对（seed 003 第二十条 证书发放数据报送）：per filing, year and level, roster count vs reported 发证 figures.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class CrossCheckModel(CertificateHandlers handlers, FilingSearch filings) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    /// <summary>The filing as an officer knows it, typed in the form: its 备案号 or the body's name (FilingSearch.FilingIdAsync).</summary>
    [BindProperty(SupportsGet = true)] public string? Filing { get; set; }
    /// <summary>The filing as the roster import page links to it.</summary>
    [BindProperty(SupportsGet = true)] public int? FilingId { get; set; }
    [BindProperty(SupportsGet = true)] public bool DifferencesOnly { get; set; }
    public IReadOnlyList<CrossCheckRow>? Rows { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // A year that is not a number ("abc") is refused with the field named, the typed text kept in the form.
        if (YearProblem(ModelState, nameof(Year)) is { } problem)
        {
            Error = problem;
            return;
        }
        if (Year is not { } year)
        {
            if (Request.Query.ContainsKey(nameof(Year))) Error = "请填写年度（四位数字，如 2025）"; // the form sent without a year
            return;
        }
        try
        {
            if (!string.IsNullOrWhiteSpace(Filing)) FilingId = await filings.FilingIdAsync(Filing, ct);
            Rows = await handlers.CrossCheckAsync(year, FilingId, DifferencesOnly, ct);
            // a link by id shows the filing's number in the form, as if typed
            if (Filing is null && FilingId is not null) Filing = Rows.Select(r => r.FilingNumber).FirstOrDefault(n => !string.IsNullOrEmpty(n));
        }
        catch (Exception e) when (e is DomainException or NotFoundException or ForbiddenException)
        {
            Error = e.Message; // said above the form, which keeps what was typed; another region's filing is still a 403
            if (e is ForbiddenException) Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }

    /// <summary>
    /// The refusal for a year field that did not bind ("abc", a number too large, or left empty), naming the field as the
    /// form labels it; null when it bound. Shared with the roster import's 发证年度.
    /// </summary>
    internal static string? YearProblem(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, string key, string label = "年度")
    {
        if (!state.TryGetValue(key, out var entry) || entry.Errors.Count == 0) return null;
        return string.IsNullOrWhiteSpace(entry.AttemptedValue)
            ? $"请填写{label}（四位数字，如 2025）"
            : $"{label}：“{entry.AttemptedValue}”不是有效的年度，请填写四位数字（如 2025）";
    }
}
