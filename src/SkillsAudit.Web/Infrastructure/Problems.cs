using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>The request's trace id, as error pages, problem details and the request log show it.</summary>
public static class TraceIds
{
    public static string Of(HttpContext http) => Activity.Current?.TraceId.ToHexString() ?? http.TraceIdentifier;
}

/// <summary>What a refusal looks like to a user: status, Chinese title, detail and the field errors.</summary>
public sealed record Refusal(int Status, string Title, string Detail, IDictionary<string, string[]>? Errors = null)
{
    /// <summary>
    /// The one mapping from exceptions to what the user sees: the domain's refusals (400/403/404/409/503), a lost
    /// concurrency race (409) and a request the framework could not read (malformed JSON, a missing parameter, too
    /// large a body). Anything else is not a refusal (null): a 500 that shows no internals.
    /// </summary>
    public static Refusal? Of(Exception e) => e switch
    {
        InvalidInputException v => new(StatusCodes.Status400BadRequest, "输入有误",
            string.Join("；", v.InputErrors.Select(x => x.Located()).Distinct()) is { Length: > 0 } d ? d : v.Message, v.ToDictionary()),
        NotFoundException => new(StatusCodes.Status404NotFound, "未找到", e.Message),
        ForbiddenException => new(StatusCodes.Status403Forbidden, "无权操作", e.Message),
        ConflictException => new(StatusCodes.Status409Conflict, "操作冲突", e.Message),
        UnavailableException => new(StatusCodes.Status503ServiceUnavailable, "服务暂不可用", e.Message),
        // A row changed meanwhile or a unique value taken by a concurrent request; the database unreachable after retries.
        _ when SkillsAudit.Data.Platform.Resilience.IsConflict(e) => new(StatusCodes.Status409Conflict, "操作冲突",
            "您提交的内容与他人刚刚保存的内容冲突（记录已被修改，或同一编号已被占用），未保存。请刷新页面后重试。"),
        // An instance on a read-only replica (Database:MigrateOnStart=false) serves reads; writes are refused, not 500.
        _ when SkillsAudit.Data.Platform.Resilience.IsReadOnly(e) => new(StatusCodes.Status503ServiceUnavailable, "服务暂不可用",
            "本服务器连接的是只读数据库副本，只能查询，不能保存。请到主站点办理。"),
        _ when SkillsAudit.Data.Platform.Resilience.IsTransient(e) => new(StatusCodes.Status503ServiceUnavailable, "服务暂不可用", "数据库暂时无法访问，请稍后重试。"),
        BadHttpRequestException b => FromBadRequest(b),
        _ => null,
    };

    private static Refusal FromBadRequest(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Our own limits say it in Chinese; the server's ("… max request body size is 30000000 bytes.") is restated.
            if (Regex.IsMatch(e.Message, @"\p{IsCJKUnifiedIdeographs}", RegexOptions.None, TimeSpan.FromSeconds(1))) return new(e.StatusCode, "内容过大", e.Message);
            var max = Regex.Match(e.Message, @"(\d{4,})\s*bytes", RegexOptions.None, TimeSpan.FromSeconds(1));
            return new(e.StatusCode, "内容过大", max.Success && long.TryParse(max.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var bytes)
                ? $"提交的内容超过了允许的大小（上限 {bytes / 1024.0 / 1024.0:0.#} MB），未处理。"
                : "提交的内容超过了允许的大小，未处理。");
        }
        if (e.InnerException is JsonException j)
        {
            var field = string.IsNullOrEmpty(j.Path) || j.Path == "$" ? "body" : j.Path.TrimStart('$', '.');
            var where = j.LineNumber is { } line ? $"第{line + 1}行第{(j.BytePositionInLine ?? 0) + 1}个字符" : "";
            var detail = field == "body"
                ? $"请求正文不是有效的 JSON（{where}）。"
                : $"字段 {field} 的值无法读取（{where}），请检查类型和格式。";
            return new(StatusCodes.Status400BadRequest, "输入有误", detail, new Dictionary<string, string[]> { [field] = [detail] });
        }
        // Minimal APIs name the parameter in English: "Required parameter "int year" was not provided…",
        // "Failed to bind parameter "int year" from "abc"."; keep the name, say it in Chinese.
        var m = Regex.Match(e.Message, "parameter \"(?:[^\" ]+ )?(?<name>[^\" ]+)\"", RegexOptions.None, TimeSpan.FromSeconds(1));
        if (m.Success)
        {
            var name = m.Groups["name"].Value;
            var detail = e.Message.StartsWith("Required", StringComparison.Ordinal) ? $"缺少参数 {name}。" : $"参数 {name} 的值格式不对。";
            return new(StatusCodes.Status400BadRequest, "输入有误", detail, new Dictionary<string, string[]> { [name] = [detail] });
        }
        if (e.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("Content-Type", StringComparison.OrdinalIgnoreCase))
            return new(StatusCodes.Status400BadRequest, "输入有误", "请求正文应为 JSON（Content-Type: application/json）。",
                new Dictionary<string, string[]> { ["body"] = ["请求正文应为 JSON（Content-Type: application/json）。"] });
        return new(e.StatusCode, "请求有误", "请求无法读取，请检查后重试。");
    }
}

/// <summary>
/// Maps every refusal once. For the API (/api/…): RFC 7807 problem details with a Chinese title and detail, the field
/// errors in <c>errors</c> and the trace id. Browsers get the styled error page (the exception handler's path), which
/// reads the same <see cref="Refusal"/>.
/// </summary>
public sealed class RefusalHandler(Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IExceptionHandler
{
    /// <summary>Is this an API request? (While an exception is handled, the request's path is already the error page's.)</summary>
    public static bool IsApi(HttpContext http) =>
        (http.Features.Get<IExceptionHandlerPathFeature>()?.Path is { } original ? new PathString(original) : http.Request.Path).StartsWithSegments("/api");

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsApi(httpContext) || httpContext.Response.HasStarted) return false;
        var refusal = Refusal.Of(exception);
        var details = refusal?.Errors is { } errors
            ? new ValidationProblemDetails(errors)
            : new ProblemDetails();
        details.Status = refusal?.Status ?? StatusCodes.Status500InternalServerError;
        details.Title = refusal?.Title ?? ErrorTexts.Title(StatusCodes.Status500InternalServerError);
        details.Detail = refusal?.Detail ?? $"处理请求时出错。请稍后重试；如问题持续，请把追踪编号 {TraceIds.Of(httpContext)} 告知管理员。";
        ProblemDefaults.Customize(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
        httpContext.Response.StatusCode = details.Status.Value;
        if (details.Status == StatusCodes.Status503ServiceUnavailable) httpContext.Response.Headers.RetryAfter = "5";
        await httpContext.Response.WriteAsJsonAsync(details, details.GetType(), json.Value.SerializerOptions, "application/problem+json", cancellationToken);
        return true;
    }

    /// <summary>The status for the error page of a browser request (the exception handler's StatusCodeSelector).</summary>
    public static int StatusOf(Exception e) => Refusal.Of(e)?.Status ?? StatusCodes.Status500InternalServerError;
}

/// <summary>Problem details everywhere carry the same trace id and Chinese titles for bare statuses.</summary>
public static class ProblemDefaults
{
    public static void Customize(ProblemDetailsContext ctx)
    {
        var p = ctx.ProblemDetails;
        p.Extensions["traceId"] = TraceIds.Of(ctx.HttpContext);
        // The framework's default titles are English ("Not Found"); a user reads Chinese.
        if (p.Status is { } status && (p.Title is null || p.Title.All(char.IsAscii)))
        {
            p.Title = ErrorTexts.Title(status);
            p.Detail ??= ErrorTexts.Explanation(status);
        }
    }
}

/// <summary>Chinese titles and explanations of the error statuses, for pages and problem details alike.</summary>
public static class ErrorTexts
{
    public static string Title(int status) => status switch
    {
        400 => "请求有误",
        401 => "请先登录",
        403 => "无权访问",
        404 => "页面不存在",
        405 => "不支持的操作",
        409 => "操作冲突",
        412 => "内容已被他人修改",
        413 => "内容过大",
        415 => "不支持的内容类型",
        428 => "需要版本号",
        429 => "请求过于频繁",
        503 => "服务暂不可用",
        >= 500 => "服务器内部错误",
        _ => "请求未能完成",
    };

    public static string Explanation(int status) => status switch
    {
        400 => "提交的内容有误，请返回检查后重试。",
        401 => "请登录后再访问此页面。",
        403 => "您没有权限查看或操作此内容。如需访问，请联系本地区人社部门的系统管理员。",
        404 => "您要找的页面或记录不存在，或者您无权查看。请检查地址，或从首页重新进入。",
        409 => "记录已被他人修改，或当前状态不允许此操作。请刷新后重试。",
        413 => "提交的内容超过了允许的大小。",
        429 => "请求过于频繁，请稍候再试。",
        503 => "服务暂时不可用，请稍后再试。",
        >= 500 => "系统处理您的请求时出错，我们已记录此问题。请稍后重试；如问题持续，请把下方的追踪编号告知管理员。",
        _ => "请求未能完成，请返回重试。",
    };
}
