using Microsoft.AspNetCore.Diagnostics;
using SkillsAudit.Data.Access;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// The authorisation check's denials (AccessGuard), wherever they are thrown — an API endpoint, a page handler (GET or
/// POST), a handler called by either: 404 for records the actor may not know of, 403 otherwise. The API gets problem
/// details; pages get the status code, shown by the status-code pages.
/// </summary>
public sealed class AccessDenials(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            NotVisibleException => (StatusCodes.Status404NotFound, "未找到"),
            ForbiddenException => (StatusCodes.Status403Forbidden, "无权办理"),
            _ => (0, ""),
        };
        if (status == 0) return false;
        httpContext.Response.StatusCode = status;
        if (!httpContext.Request.Path.StartsWithSegments("/api"))
        {
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            await httpContext.Response.WriteAsync(ErrorPage(title, exception.Message), cancellationToken);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = status, Title = title, Detail = exception.Message },
            Exception = exception,
        });
    }

    private static string ErrorPage(string title, string message) =>
        $"""
        <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title} - 职业技能等级评价机构监管</title>
        <link rel="stylesheet" href="/css/site.css"></head><body><main class="container"><h1>{title}</h1>
        <p>{System.Net.WebUtility.HtmlEncode(message)}</p><p><a href="/">返回首页</a></p></main></body></html>
        """;
}
