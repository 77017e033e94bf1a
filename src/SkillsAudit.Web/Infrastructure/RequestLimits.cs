using Microsoft.AspNetCore.Http.Features;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// JSON request bodies are held whole while they are read, so they get a small limit of their own (Limits:JsonBodyBytes,
/// default 1 MB); uploads keep the server's limit and each importer's own. Over it the request gets 413 with a Chinese
/// message (RefusalHandler). System.Text.Json refuses nesting deeper than 64 levels on its own.
/// </summary>
public static class RequestLimits
{
    public static IApplicationBuilder UseJsonBodyLimit(this IApplicationBuilder app, IConfiguration config)
    {
        var max = config.GetValue<long?>("Limits:JsonBodyBytes") ?? 1L << 20;
        return app.Use(next => http =>
        {
            if (http.Request.HasJsonContentType() && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = Math.Min(limit.MaxRequestBodySize ?? long.MaxValue, max);
            if (http.Request.HasJsonContentType() && http.Request.ContentLength > max)
                throw new BadHttpRequestException($"请求正文 {http.Request.ContentLength:N0} 字节，超过 JSON 请求的上限 {max:N0} 字节。", StatusCodes.Status413PayloadTooLarge);
            return next(http);
        });
    }
}
