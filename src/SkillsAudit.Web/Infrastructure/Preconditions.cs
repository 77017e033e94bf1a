using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillsAudit.Data.Platform;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// The one home of the rule "an update names the version it was made from" (RFC 7232 If-Match, RFC 6585 428):
/// each GET of an editable resource gives an ETag; each PUT of it must send that ETag back in If-Match.
/// Without If-Match: 428, nothing saved. With a version that is no longer the current one: 412, nothing saved.
/// The ETag is a hash of the resource's JSON as the GET gives it, so any change by anybody changes it.
/// </summary>
public static class Preconditions
{
    public const string RequiredDetail = "须在请求头 If-Match 中携带您所编辑内容的版本号（取自读取时响应头 ETag），以免覆盖他人刚保存的修改；未保存。";

    /// <summary>The 428 answer when an update names no version; <paramref name="what"/> is e.g. "修改公告".</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Required(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "需要版本号", detail: what + RequiredDetail);

    /// <summary>
    /// The numbered version an If-Match names ("3" or W/"3", as the ETag of a filing or a scoring sheet); null for *
    /// (any version); a value that is no number is refused, naming the header.
    /// </summary>
    public static int? NumberedVersion(string ifMatch, string example)
    {
        var t = ifMatch.Trim();
        if (t == "*") return null;
        if (t.StartsWith("W/", StringComparison.Ordinal)) t = t[2..];
        if (!int.TryParse(t.Trim('"'), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var version))
            throw new SkillsAudit.Domain.Common.DomainException("If-Match", $"请求头 If-Match 的值“{(ifMatch.Length > 40 ? ifMatch[..40] : ifMatch)}”不是版本号（应为{example}，如 \"3\"）");
        return version;
    }

    /// <summary>
    /// An update whose handler compares a numbered version itself (409 when stale): requires If-Match, after
    /// <paramref name="access"/> has refused those who may not see the record (so that they are refused as such).
    /// </summary>
    public static RouteHandlerBuilder RequireIfMatchVersion(this RouteHandlerBuilder builder, string what, Func<EndpointFilterInvocationContext, Task> access) =>
        builder.WithMetadata(new IfMatchRequiredMetadata()).AddEndpointFilter(async (ctx, next) =>
        {
            await access(ctx);
            return string.IsNullOrWhiteSpace(ctx.HttpContext.Request.Headers.IfMatch.ToString()) ? Required(what) : await next(ctx);
        });

    /// <summary>The strong ETag of a representation: a hash of its JSON (the API's own serializer settings).</summary>
    public static string ETagOf(object value, HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options));
        return $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 12))}\"";
    }

    /// <summary>Whether an If-Match header names the current ETag (a list, weak prefixes and * allowed).</summary>
    public static bool Matches(string ifMatch, string current) =>
        ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(t => t == "*" || (t.StartsWith("W/", StringComparison.Ordinal) ? t[2..] : t) == current);

    /// <summary>The result inside a typed union (Results&lt;Ok&lt;T&gt;, NotFound&gt;).</summary>
    private static object? Unwrap(object? result) => result is INestedHttpResult nested ? nested.Result : result;

    /// <summary>A GET: answers its value with the ETag to send back in If-Match.</summary>
    public static RouteHandlerBuilder WithETag(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (ctx, next) =>
        {
            var result = Unwrap(await next(ctx));
            if (result is IValueHttpResult { Value: { } value } && result is IStatusCodeHttpResult { StatusCode: null or (>= 200 and < 300) })
                ctx.HttpContext.Response.Headers.ETag = ETagOf(value, ctx.HttpContext);
            return result;
        });

    /// <summary>
    /// An update: requires If-Match naming the current version of what <paramref name="current"/> reads (the same
    /// representation its GET gives, read with the same access check the update makes, so that a record one may not
    /// touch is refused as such first). <paramref name="current"/> answering null lets the update report the problem.
    /// After a successful update the answer carries the new ETag.
    /// The comparison and the write are one unit: they run in one transaction that first takes the resource's write lock
    /// (a transaction advisory lock on the request path on PostgreSQL, shared by every instance; on SQLite the database
    /// write lock, which BEGIN IMMEDIATE takes), so of two updates racing with the same If-Match exactly one is saved and
    /// the other, compared after the first committed, gets 412.
    /// </summary>
    public static RouteHandlerBuilder RequireIfMatch(this RouteHandlerBuilder builder, string what, Func<EndpointFilterInvocationContext, Task<object?>> current) =>
        builder.WithMetadata(new IfMatchRequiredMetadata()).AddEndpointFilter(async (ctx, next) =>
        {
            var http = ctx.HttpContext;
            var ifMatch = http.Request.Headers.IfMatch.ToString();
            var db = http.RequestServices.GetRequiredService<SkillsAudit.Data.AppDb>();
            var attempt = 0;
            return await db.InTransactionAsync(async t =>
            {
                if (attempt++ > 0) http.Response.Headers.Remove("ETag");
                if (db.Database.IsNpgsql())
                    await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})",
                        [SkillsAudit.Data.Platform.DbLock.ForName("if-match:" + http.Request.Path.Value)], t);
                var now = await current(ctx);
                if (now is not null)
                {
                    if (string.IsNullOrWhiteSpace(ifMatch)) return (object?)Required(what);
                    if (!Matches(ifMatch, ETagOf(now, http)))
                        return Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "内容已被他人修改",
                            detail: $"{what}：您编辑的版本已不是最新（他人刚保存了修改）；未保存。请刷新后在最新内容上重新修改。");
                }
                var result = await next(ctx);
                if (Unwrap(result) is IStatusCodeHttpResult { StatusCode: null or (>= 200 and < 300) } && !http.Response.HasStarted
                    && await current(ctx) is { } after)
                    http.Response.Headers.ETag = ETagOf(after, http);
                return result;
            }, http.RequestAborted);
        });
}
