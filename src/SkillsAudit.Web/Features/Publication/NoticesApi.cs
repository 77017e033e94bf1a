using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Cryptography;
using System.Text;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Domain.Common;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Publication;

public sealed record GenerateNoticeRequest(int Year, string? Region, int? CampaignId, string? DatedOn = null, string? DocumentNumber = null);
/// <summary>Issuing needs <c>confirm: true</c> and a 公示期; <c>noDocumentNumber: true</c> issues without a 发文字号 (seed 000 prints none), refused when the notice has one.</summary>
public sealed record IssueNoticeRequest(string? PublicFrom, string? PublicTo, bool? Confirm = null, bool? NoDocumentNumber = null);
/// <summary>撤回 needs a reason and <c>confirm: true</c>.</summary>
public sealed record WithdrawNoticeRequest(string? Reason, bool? Confirm = null);
public sealed record OutcomeRequest(string? Outcome);

/// <summary>What the public may see of an issued notice: the notice, its annexes and its 公示期 — no staff names.</summary>
public sealed record PublicNoticeView(int Id, string Slug, string Title, string Authority, string? DocumentNumber, string Date,
    IReadOnlyList<string> Paragraphs, IReadOnlyList<NoticeAnnex> Annexes, DateOnly? PublicFrom, DateOnly? PublicTo)
{
    public static PublicNoticeView Of(NoticeView v) => new(v.Id, v.Slug ?? "", v.Content.FilledTitle, v.Content.Authority, v.Content.DocumentNumber,
        v.Content.DateText, v.Content.Paragraphs, v.Content.Annexes, v.PublicFrom, v.PublicTo);
}

/// <summary>A filed complaint: the tracking number to ask about it later.</summary>
public sealed record ComplaintReceipt(string TrackingNumber, DateTimeOffset FiledAt, ComplaintState State);

/// <summary>Where a complaint stands, as the public may see it.</summary>
public sealed record ComplaintStatus(string TrackingNumber, DateTimeOffset FiledAt, ComplaintState State, string? Outcome, DateTimeOffset? OutcomeAt);

/// <summary>
/// Results notices (seed 000): staff generate a draft from the data, edit its words, issue it and see which figures
/// changed since; everyone reads issued notices and files complaints during the 公示期. Downloads: docx, xlsx (annex
/// tables), html and pdf (503 when no Chromium is configured).
/// </summary>
public static class NoticesApi
{
    public static readonly IReadOnlyDictionary<string, string> MediaTypes = new Dictionary<string, string>
    {
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["pdf"] = "application/pdf",
        ["html"] = "text/html; charset=utf-8",
    };

    /// <summary>The notice in one format; throws <see cref="UnavailableException"/> for pdf without Chromium.</summary>
    public static async Task<byte[]> RenderAsync(NoticeContent n, string format, NoticeFonts fonts, NoticePdf pdf, CancellationToken ct)
    {
        var ms = new MemoryStream();
        switch (format)
        {
            case "docx": NoticeDocx.Write(ms, n, fonts); break;
            case "xlsx": NoticeXlsx.Write(ms, n); break;
            case "html": return Encoding.UTF8.GetBytes(NoticeHtml.Document(n, fonts));
            case "pdf": return await pdf.RenderAsync(NoticeHtml.Document(n, fonts), ct: ct);
            default: throw new DomainException("format", $"格式应为 docx、xlsx、pdf 或 html，而不是“{format}”");
        }
        return ms.ToArray();
    }

    private static async Task<FileContentHttpResult> File(NoticeContent n, string format, NoticeFonts fonts, NoticePdf pdf, CancellationToken ct)
    {
        format = (format ?? "").Trim().ToLowerInvariant();
        var bytes = await RenderAsync(n, format, fonts, pdf, ct);
        return TypedResults.File(bytes, MediaTypes[format], FileName(n, format));
    }

    private static string FileName(NoticeContent n, string format) => $"{n.RegionName}{n.Year}年度公告.{format}";

    public static void MapNoticesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notices").WithTags("结果公告");
        // Officers see and act on their own region's notices only: NoticeService asks AccessGuard.
        api.MapGet("", async (NoticeService notices, CancellationToken ct) => TypedResults.Ok(await notices.ListAsync(ct)))
            .RequireAuthorization(Policies.Staff).WithSummary("公告列表（草稿与已发布）");
        api.MapPost("/generate", async (GenerateNoticeRequest req, NoticeService notices, CancellationToken ct) =>
        {
            DateOnly? dated = null;
            if (req.DatedOn is { Length: > 0 } ds)
                dated = DateOnly.TryParseExact(ds.Trim(), "yyyy-MM-dd", out var d) ? d : throw new DomainException("datedOn", $"成文日期“{ds.Trim()}”应写作 yyyy-MM-dd");
            var v = await notices.CreateDraftAsync(req.Year, req.Region ?? "", req.CampaignId, dated, req.DocumentNumber, ct);
            return TypedResults.Created($"/api/notices/{v.Id}", v);
        }).RequireAuthorization(Policies.Staff).WithSummary("由统计与考核结果生成公告草稿（《忻州市2023年度职业技能等级评价年度绩效考核工作情况》格式）");
        api.MapGet("/preview.{format}", async (string format, int year, string? region, int? campaignId, NoticeGenerator generator, NoticeFonts fonts, NoticePdf pdf, SkillsAudit.Data.Access.AccessGuard access, CancellationToken ct) =>
            {
                await access.RegionAsync(region, ct);
                return await File(await generator.GenerateAsync(year, region ?? "", campaignId, null, ct), format, fonts, pdf, ct);
            })
            .RequireAuthorization(Policies.Staff).ProducesFile(ApiDocumentation.Docx, ApiDocumentation.Xlsx, ApiDocumentation.Pdf, "text/html").WithSummary("不保存，直接生成并下载（docx、xlsx、pdf、html）");
        api.MapGet("/{id:int}", async (int id, NoticeService notices, CancellationToken ct) => TypedResults.Ok(await notices.GetAsync(id, ct)))
            .WithETag().RequireAuthorization(Policies.Staff).WithSummary("公告（模板、数字与附件）");
        api.MapPut("/{id:int}", async (int id, NoticeEdit edit, NoticeService notices, CancellationToken ct) => TypedResults.Ok(await notices.UpdateAsync(id, edit, ct)))
            .RequireIfMatch("修改公告", async c => await c.HttpContext.RequestServices.GetRequiredService<NoticeService>().GetAsync(c.GetArgument<int>(0), c.HttpContext.RequestAborted))
            .RequireAuthorization(Policies.Staff).WithSummary("修改草稿的文字与日期（数字只能以 {占位符} 引用）");
        api.MapPost("/{id:int}/issue", async (int id, IssueNoticeRequest? req, NoticeService notices, CancellationToken ct) =>
                TypedResults.Ok(await notices.IssueAsync(id, req?.PublicFrom, req?.PublicTo, confirmed: req?.Confirm == true, withoutDocumentNumber: req?.NoDocumentNumber == true, ct: ct)))
            .RequireAuthorization(Policies.Staff).WithSummary("发布公告并设定公示期（须 confirm: true；缺少数字、发文字号或成文日期时拒绝并列出；不编发文字号的须 noDocumentNumber: true）");
        api.MapPost("/{id:int}/withdraw", async (int id, WithdrawNoticeRequest req, NoticeService notices, CancellationToken ct) =>
                TypedResults.Ok(await notices.WithdrawAsync(id, req.Reason, req.Confirm == true, ct)))
            .RequireAuthorization(Policies.Staff).WithSummary("撤回已发布的公告（须填写理由并 confirm: true）");
        api.MapPost("/{id:int}/correct", async (int id, NoticeService notices, CancellationToken ct) =>
        {
            var v = await notices.CreateCorrectionAsync(id, ct);
            return TypedResults.Created($"/api/notices/{v.Id}", v);
        }).RequireAuthorization(Policies.Staff).WithSummary("为已发布的公告起草更正通知");
        api.MapGet("/{id:int}/compare", async (int id, NoticeService notices, CancellationToken ct) => TypedResults.Ok(await notices.CompareAsync(id, ct)))
            .RequireAuthorization(Policies.Staff).WithSummary("按当前数据重新计算，列出与公告不同的数字");
        api.MapGet("/{id:int}/complaints", async (int id, NoticeService notices, CancellationToken ct) => TypedResults.Ok(await notices.ComplaintsAsync(id, ct)))
            .RequireAuthorization(Policies.Staff).WithSummary("公告的投诉举报");
        api.MapGet("/{id:int}/download/{format}", async Task<Results<FileContentHttpResult, UnauthorizedHttpResult>> (int id, string format, NoticeService notices, NoticeFonts fonts, NoticePdf pdf, IssuedNoticeFiles issued, HttpContext http, CancellationToken ct) =>
        {
            // Drafts are for the staff of their region (NoticeService asks AccessGuard); an issued notice is public.
            if (http.User.Identity?.IsAuthenticated != true && !await notices.IsIssuedAsync(id, ct)) return TypedResults.Unauthorized();
            var v = await notices.GetAsync(id, ct);
            if (v.State != NoticeState.Issued) return await File(v.Content, format, fonts, pdf, ct);
            // An issued notice's file is made once per version (IssuedNoticeFiles); not cancelled with one request, as
            // others may be waiting for the same print.
            var f = (format ?? "").Trim().ToLowerInvariant();
            if (!MediaTypes.ContainsKey(f)) return await File(v.Content, f, fonts, pdf, ct); // refused there, with the formats named
            var bytes = await issued.GetAsync(v.Id, v.Version, f, () => RenderAsync(v.Content, f, fonts, pdf, CancellationToken.None));
            return TypedResults.File(bytes, MediaTypes[f], FileName(v.Content, f));
        }).RequireRateLimiting(PublicRateLimits.Policy).ProducesFile(ApiDocumentation.Docx, ApiDocumentation.Xlsx, ApiDocumentation.Pdf, "text/html").WithSummary("下载公告：docx、xlsx（附件表格）、pdf、html（公开下载限流）");
        app.MapPost("/api/complaints/{id:int}/outcome", async (int id, OutcomeRequest req, NoticeService notices, CancellationToken ct) => TypedResults.Ok(await notices.RecordOutcomeAsync(id, req.Outcome, ct)))
            .RequireAuthorization(Policies.Staff).WithTags("结果公告").WithSummary("记录投诉举报的处理结果");

        var pub = app.MapGroup("/api/public").WithTags("公示");
        // The ETag first (from the notice's version alone): 304 before any body is read; anonymous answers from the output cache.
        pub.MapGet("/notices/{key}", async Task<Results<Ok<PublicNoticeView>, StatusCodeHttpResult>> (string key, HttpContext http, SkillsAudit.Web.Features.Public.PublicNoticeCache cache, CancellationToken ct) =>
        {
            var stamp = http.Items[typeof(PublicNoticeStamp)] as PublicNoticeStamp ?? await cache.StampAsync(key, http.RequestServices, ct)
                ?? throw new NotFoundException($"没有已发布的公告“{key.Trim()}”");
            var etag = cache.ETag(stamp);
            http.Response.Headers.ETag = etag;
            http.Response.Headers.CacheControl = http.User.Identity?.IsAuthenticated == true ? "private, max-age=0" : "public, no-cache";
            if (SkillsAudit.Web.Features.Public.PublicNoticeCache.NotModified(http.Request, etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
            return TypedResults.Ok(PublicNoticeView.Of(await cache.ViewAsync(stamp, http.RequestServices, ct)));
        }).CacheOutput(SkillsAudit.Web.Features.Public.PublicNoticeCachePolicy.Name).WithSummary("已发布的公告（公开；ETag 与 304）");
        pub.MapPost("/notices/{key}/complaints", async (string key, ComplaintInput input, NoticeService notices, CancellationToken ct) =>
        {
            var c = await notices.FileComplaintAsync(key, input, ct);
            return TypedResults.Created($"/api/public/complaints/{c.TrackingNumber}", new ComplaintReceipt(c.TrackingNumber, c.FiledAt, c.State));
        }).RequireRateLimiting(PublicRateLimits.Policy).WithSummary("投诉举报（公示期内），返回受理编号（限流）");
        pub.MapGet("/complaints/{tracking}", async (string tracking, NoticeService notices, CancellationToken ct) =>
        {
            var c = await notices.TrackAsync(tracking, ct);
            return TypedResults.Ok(new ComplaintStatus(c.TrackingNumber, c.FiledAt, c.State, c.Outcome, c.OutcomeAt));
        }).WithSummary("按受理编号查询投诉举报的处理情况");
    }

    /// <summary>A strong validator for a public notice: its id, version and whether complaints are open today.</summary>
    public static string ETag(NoticeView v, bool open) => ETag(v.Id, v.Version, v.IssuedAt, open);

    /// <summary>The same validator from the notice's stamp alone (no body read).</summary>
    public static string ETag(int id, int version, DateTimeOffset? issuedAt, bool open) =>
        "\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{id}|{version}|{issuedAt:O}|{open}")))[..20].ToLowerInvariant() + "\"";
}
