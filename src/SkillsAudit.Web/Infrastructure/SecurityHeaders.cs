using System.Text.Json;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// OWASP ASVS 4.0 L2 response headers on every response (V14.4), and the CSRF defence of the cookie-authenticated
/// API and pages (V4.2.2): a write (POST, PUT, PATCH, DELETE) that a browser says comes from another origin — another
/// site, or the same site on another port or scheme (Sec-Fetch-Site: same-site / cross-site, or an Origin that is not
/// this one) — is refused with 403 before it reaches any handler. Requests without those headers (the CLI, scripts)
/// carry no ambient cookie risk and pass.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Pages that still carry an inline script while it moves to wwwroot/js: their CSP allows inline script until then.
    /// SecurityHeaderTests fails when any other page has an inline script, and when a page listed here no longer has one.
    /// </summary>
    public static readonly IReadOnlyList<string> InlineScriptPages = [];

    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path.Value ?? "/";
        http.Response.OnStarting(() =>
        {
            var h = http.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            h.ContentSecurityPolicy = InlineScriptPages.Any(p => string.Equals(p, path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
                ? Policy.Replace("script-src 'self'", "script-src 'self' 'unsafe-inline'", StringComparison.Ordinal)
                : Policy;
            return Task.CompletedTask;
        });
        if (IsCrossOriginWrite(http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            http.Response.ContentType = "application/problem+json; charset=utf-8";
            await http.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                title = "跨站请求被拒绝",
                status = 403,
                detail = "该操作只能在本系统的页面中提交；来自其他网站或其他端口页面的请求已被拒绝。",
            }, Json));
            return;
        }
        await next(http);
    });

    /// <summary>A state-changing request that the browser says does not come from this origin.</summary>
    public static bool IsCrossOriginWrite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
            return false;
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site") return true; // same-site includes another port of this host
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return false;
        return !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }
}
