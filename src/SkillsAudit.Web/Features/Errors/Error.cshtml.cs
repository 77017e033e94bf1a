using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Errors;

/// <summary>
/// The styled Chinese error page for browsers: 400/403/404/409/500/503… The exception handler and the status code
/// pages re-execute the request here, with its original method (so no handler methods and no antiforgery check).
/// A refusal shows its own Chinese message; a crash shows none of its internals, only the trace id.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public int Status => HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null || HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null
        ? HttpContext.Response.StatusCode
        : Code is >= 400 and < 600 ? Code.Value : StatusCodes.Status404NotFound;

    private int? Code => int.TryParse(RouteData.Values["code"]?.ToString(), out var c) ? c : null;

    public string Title => ErrorTexts.Title(Status);

    /// <summary>The refusal's own message when there is one (a Chinese domain message), else the status's explanation.</summary>
    public string Explanation =>
        HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Error is { } e && Refusal.Of(e) is { } r ? r.Detail : ErrorTexts.Explanation(Status);

    public string TraceId => TraceIds.Of(HttpContext);

    /// <summary>
    /// An error on the public site (/Public…, the certificate lookup) is shown in the public layout, with its menu and a
    /// way back to the public home, never the staff menu.
    /// </summary>
    public bool OnPublicSite
    {
        get
        {
            var path = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
                       ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? "";
            return path.StartsWith("/Public", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/Certificates/Lookup", StringComparison.OrdinalIgnoreCase);
        }
    }

    public override void OnPageHandlerSelected(Microsoft.AspNetCore.Mvc.Filters.PageHandlerSelectedContext context)
    {
        // Visited directly (/Error/503), the page answers with that status too.
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null && HttpContext.Features.Get<IExceptionHandlerPathFeature>() is null)
            HttpContext.Response.StatusCode = Status;
        if (Status == StatusCodes.Status503ServiceUnavailable) HttpContext.Response.Headers.RetryAfter = "5";
    }
}
