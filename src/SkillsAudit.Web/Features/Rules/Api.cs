using SkillsAudit.Data.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Rules;

public sealed record DecisionBody(string? Note, string? Reason);

/// <summary>JSON API for the seed 003 management rules; the same handlers as the pages and the CLI.</summary>
public static class RulesApi
{
    /// <summary>The public certificate lookup's rate limit (Certificates:LookupPermitsPerMinute, default 30 per client address).</summary>
    public const string LookupPolicy = "certificate-lookup";

    public static IServiceCollection AddRulesRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var permits = config.GetValue<int?>("Certificates:LookupPermitsPerMinute") ?? 30;
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only a lookup counts (a query naming what to look up, or a POST): loading the empty form is never limited.
            o.AddPolicy(LookupPolicy, http => IsLookup(http.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("form"));
        });
        return services;
    }

    /// <summary>A request that looks something up: any method but GET/HEAD, or a GET carrying a non-empty query value.</summary>
    public static bool IsLookup(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || request.Query.Any(q => !string.IsNullOrWhiteSpace(q.Value.ToString()));

    private static T ParseEnum<T>(string? text, string field) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var v) && Enum.IsDefined(v) ? v
            : throw new DomainException(field, $"“{text}”无效，可选：{string.Join(" / ", Enum.GetNames<T>())}");

    public static void MapRulesApi(this IEndpointRouteBuilder app)
    {
        // Staff decide; a body user (机构用户) may submit and list changes for its own filings only (seed 003 第二十二条).
        var changes = app.MapGroup("/api/changes").WithTags("法人及备案信息变更");
        changes.MapGet("/", async Task<Results<Ok<IReadOnlyList<ChangeRequestView>>, ForbidHttpResult>> (string? state, HttpContext http, ChangeHandlers h) =>
        {
            if (!http.User.IsStaff() && !http.User.IsBodyUser()) return TypedResults.Forbid();
            var own = await h.OwnFilingsAsync(http.User.Identity?.Name, http.User.IsStaff());
            return TypedResults.Ok(await h.ListAsync(state is { Length: > 0 } ? ParseEnum<ChangeState>(state, "state") : null, own));
        }).RequireAuthorization().WithSummary("变更申请列表（《忻州市职业技能等级评价机构管理办法》第二十一条）；机构用户只见本机构的申请");
        changes.MapPost("/", async Task<Results<Created<CreatedId>, ForbidHttpResult, NotFound>> (HttpRequest request, HttpContext http, ChangeHandlers h) =>
        {
            if (!http.User.IsStaff() && !http.User.IsBodyUser()) return TypedResults.Forbid();
            var form = await request.ReadFormAsync();
            if (!int.TryParse(form["filingId"], out var filingId)) throw new DomainException("filingId", "请指定备案");
            // Another body's filing is not even confirmed to exist (404).
            if (await h.OwnFilingsAsync(http.User.Identity?.Name, http.User.IsStaff()) is { } own && !own.Contains(filingId)) return TypedResults.NotFound();
            var uploads = new List<ChangeUpload>();
            foreach (var f in form.Files)
            {
                using var ms = new MemoryStream();
                await f.CopyToAsync(ms);
                uploads.Add(new ChangeUpload(ParseEnum<AttachmentKind>(f.Name, "attachments"), f.FileName, ms.ToArray()));
            }
            var id = await h.SubmitAsync(filingId, ParseEnum<ChangeKind>(form["kind"], "kind"), form["value"], form["reason"], uploads);
            return TypedResults.Created($"/api/changes/{id}", new CreatedId(id));
        }).DisableAntiforgery().RequireAuthorization().AcceptsUpload("材料文件：字段名为材料种类（如 BusinessLicence），可多个", "filingId", "kind", "value", "reason")
            .WithSummary("提交变更申请（multipart：filingId, kind, value, reason；附件字段名为材料种类）：缺少第二十二条要求的材料则 400 并说明缺少哪一项，不写入；同一备案已有同类待审核申请则 409 并说明是哪一份；机构用户只能为本机构提交，否则 404");
        changes.MapPost("/{id:int}/approve", async (int id, DecisionBody body, ChangeHandlers h) =>
        {
            await h.ApproveAsync(id, body.Note);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Staff).WithSummary("同意并更新备案（历史与曾用名保留）");
        changes.MapPost("/{id:int}/reject", async (int id, DecisionBody body, ChangeHandlers h) =>
        {
            await h.RejectAsync(id, body.Reason);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Staff).WithSummary("不予同意（须写明理由）");
        changes.MapPost("/{id:int}/withdraw", async (int id, ChangeHandlers h) =>
        {
            await h.WithdrawAsync(id);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("机构撤回本机构待审核的变更申请（撤回后不再审核，可修改后重新提交）：只有绑定该备案的机构用户可以撤回，工作人员 403，其他人 404；已审核或已撤回的 400 并说明");
        changes.MapGet("/attachments/{id:int}", async (int id, HttpContext http, ChangeHandlers h, SkillsAudit.Data.Features.Reviews.EvidenceStore store) =>
        {
            var a = await h.AttachmentForDownloadAsync(id, http.RequestAborted);
            // Content missing from the store (a restore without it, a purge after 第二十条's period): 404 with a message, never 500.
            var content = await store.OpenAsync(a.Sha256, http.RequestAborted)
                ?? throw new NotFoundException($"材料“{a.OriginalName}”的文件内容已不在材料存储中，请联系系统管理员从备份恢复");
            return TypedResults.File(content, a.MediaType, a.OriginalName);
        }).ProducesFile(ApiDocumentation.Pdf, "image/png", "image/jpeg").RequireAuthorization()
            .WithSummary("下载变更申请的材料（原文件名）：备案所在地区的工作人员，或绑定该备案的机构用户；其他人 404");
        changes.MapGet("/report.xlsx", async (int year, int quarter, ChangeHandlers h) =>
            TypedResults.File(await h.QuarterlyReportAsync(year, quarter), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"变更报备-{year}Q{quarter}.xlsx"))
            .ProducesFile(ApiDocumentation.Xlsx)
            .RequireAuthorization(Policies.Staff).WithSummary("季度报备表（第二十一条）");

        var scope = app.MapGroup("/api/scope").WithTags("新增职业").RequireAuthorization(Policies.Staff);
        scope.MapPost("/check", async (ScopeRequest r, ScopeHandlers h) => TypedResults.Ok(await h.CheckAsync(r)))
            .WithSummary("逐条检查新增职业条件（《忻州市职业技能等级评价机构管理办法》第二十四至二十六条），不保存");
        scope.MapPost("/apply", async (ScopeRequest r, ScopeHandlers h) => TypedResults.Ok(await h.ApplyAsync(r)))
            .WithSummary("提交新增职业申请，保存检查结果快照");

        // 新增职业（工种）申请 (第六章): a body user applies for its own filing only; the region's staff decide.
        var occupations = app.MapGroup("/api/occupation-applications").WithTags("新增职业申请");
        occupations.MapGet("/", async Task<Results<Ok<IReadOnlyList<OccupationApplicationView>>, ForbidHttpResult>> (string? state, HttpContext http, OccupationApplicationHandlers h) =>
        {
            if (!http.User.IsStaff() && !http.User.IsBodyUser()) return TypedResults.Forbid();
            var own = await h.OwnFilingsAsync();
            return TypedResults.Ok(await h.ListAsync(state is { Length: > 0 } ? ParseEnum<ChangeState>(state, "state") : null, own));
        }).RequireAuthorization().WithSummary("新增职业申请列表（《忻州市职业技能等级评价机构管理办法》第二十三至二十六条），待审核的附逐条核验结果；机构用户只见本机构的申请");
        occupations.MapPost("/", async Task<Results<Created<CreatedId>, ForbidHttpResult, NotFound>> (HttpRequest request, HttpContext http, OccupationApplicationHandlers h) =>
        {
            if (!http.User.IsStaff() && !http.User.IsBodyUser()) return TypedResults.Forbid();
            var form = await request.ReadFormAsync();
            if (!int.TryParse(form["filingId"], out var filingId)) throw new DomainException("filingId", "请指定备案");
            // Another body's filing is not even confirmed to exist (404).
            if (await h.OwnFilingsAsync() is { } own && !own.Contains(filingId)) return TypedResults.NotFound();
            var errors = new List<DomainException>();
            int Count(string field, string name)
            {
                var text = form[field].ToString();
                if (text.Length == 0) { errors.Add(new(field, $"请填写{name}")); return 0; }
                if (int.TryParse(text, out var n)) return n;
                errors.Add(new(field, $"{name}：“{text}”不是有效的数量，请填写 0 或正整数"));
                return 0;
            }
            var experts = Count("experts", "专家人数");
            var examiners = Count("examiners", "考评人员人数");
            var banks = Count("questionBanks", "题库（套）");
            var levels = new List<Level>();
            foreach (var l in form["levels"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (Enum.TryParse<Level>(l, ignoreCase: true, out var level) && Enum.IsDefined(level)) levels.Add(level);
                else errors.Add(new("levels", $"等级“{l}”无效，可选：{string.Join(" / ", Enum.GetNames<Level>())}"));
            }
            var uploads = new List<OccupationUpload>();
            foreach (var f in form.Files)
            {
                using var ms = new MemoryStream();
                await f.CopyToAsync(ms);
                uploads.Add(new OccupationUpload(ParseEnum<OccupationAttachmentKind>(f.Name, "attachments"), f.FileName, ms.ToArray()));
            }
            var input = new OccupationApplicationRequest(filingId, form["occupation"], levels, form["replacing"], experts, examiners, banks, form["explanation"]);
            if (errors.Count > 0)
            {
                // Said with the handler's own problems, all at once; nothing is stored.
                var more = await h.ProblemsAsync(input, uploads);
                throw new DomainValidationException([.. errors, .. more.Where(x => !errors.Any(e => e.Field == x.Field))]);
            }
            var id = await h.SubmitAsync(input, uploads);
            return TypedResults.Created($"/api/occupation-applications/{id}", new CreatedId(id));
        }).DisableAntiforgery().RequireAuthorization()
            .AcceptsUpload("材料文件：字段名为材料种类（StaffList / QuestionBanks / Premises / Other），可多个", "filingId", "occupation", "levels", "replacing", "experts", "examiners", "questionBanks", "explanation")
            .WithSummary("提交新增职业申请（multipart：filingId, occupation, levels 可多个如 Level5, replacing, experts, examiners, questionBanks, explanation；附件字段名为材料种类）：有误则 400 逐项说明，不写入；本机构已有该职业的待审核申请则 409 并说明是哪一份；机构用户只能为本机构提交，否则 404");
        occupations.MapPost("/{id:int}/approve", async (int id, DecisionBody body, OccupationApplicationHandlers h) =>
        {
            await h.ApproveAsync(id, body.Note);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Staff).WithSummary("同意（须符合第二十四至二十六条全部条件）：新增职业写入备案职业范围，以旧换新交回的职业移出，记入备案历史并通知机构");
        occupations.MapPost("/{id:int}/reject", async (int id, DecisionBody body, OccupationApplicationHandlers h) =>
        {
            await h.RejectAsync(id, body.Reason);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Staff).WithSummary("不予同意（须写明理由，机构可见）");
        occupations.MapPost("/{id:int}/withdraw", async (int id, OccupationApplicationHandlers h) =>
        {
            await h.WithdrawAsync(id);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("机构撤回本机构待审核的新增职业申请（撤回后不再审核，可修改后重新申请）：只有绑定该备案的机构用户可以撤回，工作人员 403，其他人 404；已审核或已撤回的 400 并说明");
        occupations.MapGet("/attachments/{id:int}", async (int id, HttpContext http, OccupationApplicationHandlers h, SkillsAudit.Data.Features.Reviews.EvidenceStore store) =>
        {
            var (a, sha256) = await h.AttachmentForDownloadAsync(id, http.RequestAborted);
            var content = await store.OpenAsync(sha256, http.RequestAborted)
                ?? throw new NotFoundException($"材料“{a.OriginalName}”的文件内容已不在材料存储中，请联系系统管理员从备份恢复");
            return TypedResults.File(content, a.MediaType, a.OriginalName);
        }).ProducesFile(ApiDocumentation.Pdf, "image/png", "image/jpeg").RequireAuthorization()
            .WithSummary("下载新增职业申请的材料（原文件名）：备案所在地区的工作人员，或绑定该备案的机构用户；其他人 404");

        var filings = app.MapGroup("/api/filings").WithTags("备案期限").RequireAuthorization(Policies.Staff);
        filings.MapGet("/expiring", async (DateOnly? on, ExpiryHandlers h) => TypedResults.Ok(await h.ExpiringAsync(on)))
            .WithSummary($"{FilingExpiry.WarningDays} 天内期满的备案");
        // Under the job's database lock and logged as a run, like the daily job: two servers at once never clash.
        filings.MapPost("/expire", async (DateOnly? on, HttpContext http, SkillsAudit.Data.Platform.JobRunner jobs) =>
            TypedResults.Ok((await jobs.RunNowAsync(SkillsAudit.Data.Platform.JobServices.FilingExpiry, http.User.Identity?.Name, async (sp, ct) =>
            {
                var run = await sp.GetRequiredService<ExpiryHandlers>().ExpireAsync(on, ct);
                return (run, SkillsAudit.Data.Platform.JobServices.ExpiryMessage(run));
            }, http.RequestAborted)).Result))
            .WithSummary("将期满备案标为“备案期满”（幂等）");

        var retention = app.MapGroup("/api/retention").WithTags("资料保管").RequireAuthorization(Policies.Admin);
        retention.MapGet("/", async (DateOnly? on, RetentionHandlers h) => TypedResults.Ok(await h.ListAsync(on)))
            .WithSummary("保管期满可清理的资料（《忻州市职业技能等级评价机构管理办法》第二十条）");
        retention.MapPost("/purge", async (bool? confirm, DateOnly? on, RetentionHandlers h) => TypedResults.Ok(await h.PurgeAsync(confirm ?? false, on)))
            .WithSummary("清理（confirm=true 才删除），记入清理日志");
        retention.MapGet("/log", async (RetentionHandlers h) => TypedResults.Ok(await h.LogAsync()))
            .WithSummary("资料清理日志（每次清理的时间、操作人与清理的资料）");

        var inspections = app.MapGroup("/api/inspections").WithTags("双随机一公开");
        inspections.MapGet("/", async (HttpContext http, DrawHandlers h) => TypedResults.Ok(http.User.IsStaff() ? await h.ListAsync() : (await h.ListAsync(publishedOnly: true)).Select(v => v.ForPublic()).ToList()))
            .WithSummary("抽查列表（未登录只见已公布的）");
        inspections.MapPost("/draw", async (DrawRequest r, DrawHandlers h) => TypedResults.Ok(await h.DrawAsync(r)))
            .RequireAuthorization(Policies.Staff).WithSummary("抽取（《忻州市职业技能等级评价机构管理办法》第二十九条）：抽取数多于范围时 400，不写入");
        inspections.MapGet("/{id:int}", async Task<Results<Ok<DrawView>, NotFound>> (int id, DrawHandlers h) =>
            await h.GetAsync(id) is { } v ? TypedResults.Ok(v) : TypedResults.NotFound())
            .WithSummary("一次抽查：种子、范围、抽中的机构与检查人员、检查结果（未公布的仅工作人员可见）");
        inspections.MapPost("/{id:int}/publish", async (int id, DrawHandlers h) => { await h.PublishAsync(id); return TypedResults.NoContent(); })
            .RequireAuthorization(Policies.Staff).WithSummary("公布抽查（种子、范围与结果）");
        inspections.MapGet("/{id:int}/verify", async (int id, DrawHandlers h) => TypedResults.Ok(await h.CoversAsync(id) ? await h.VerifyAsync(id) : await h.VerifyForPublicAsync(id)))
            .WithSummary("按公布的种子与范围重算并核对（任何人可用）");
        inspections.MapPost("/{id:int}/findings", async (int id, FindingBody body, DrawHandlers h) =>
        {
            await h.RecordFindingAsync(id, body.Body ?? "", body.Finding);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Staff).WithSummary("记录对抽中机构的检查结果");

        var certs = app.MapGroup("/api/certificates").WithTags("证书");
        certs.MapPost("/import", async (IFormFile file, int filingId, int year, string? batch, bool? generateNumbers, bool? dryRun, CertificateHandlers h) =>
        {
            await h.MayImportAsync(filingId);
            await using var s = file.OpenReadStream();
            var lines = CertificateHandlers.ReadRoster(s, file.FileName);
            return TypedResults.Ok(await h.ImportAsync(filingId, year, batch, lines, generateNumbers ?? false, dryRun ?? false));
        }).DisableAntiforgery().RequireAuthorization(Policies.Staff).WithSummary("导入证书名册（任何一行有误则全部不写入）");
        certs.MapGet("/lookup", async Task<Results<Ok<CertificatePublicView>, NotFound>> (string? number, string? name, CertificateHandlers h) =>
            await h.LookupAsync(number, name) is { } v ? TypedResults.Ok(v) : TypedResults.NotFound())
            .RequireRateLimiting(LookupPolicy).WithSummary("公众查询：证书编号 + 姓名；身份证号码脱敏显示（限流）");
        certs.MapGet("/crosscheck", async (int year, int? filingId, bool? differencesOnly, CertificateHandlers h) =>
            TypedResults.Ok(await h.CrossCheckAsync(year, filingId, differencesOnly ?? false)))
            .RequireAuthorization(Policies.Staff).WithSummary("名册人数与统计发证人数核对");
        certs.MapGet("/", async (string? number, string? name, CertificateHandlers h) => TypedResults.Ok(await h.SearchAsync(number, name)))
            .RequireAuthorization(Policies.Staff).WithSummary("工作人员按证书编号（或其开头）和/或持证人姓名查找本地区的证书（含撤销情况）");
        certs.MapPost("/{number}/revoke", async (string number, RevokeBody body, CertificateHandlers h) => TypedResults.Ok(await h.RevokeAsync(number, body.Reason)))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("撤销证书（须填写撤销原因，如 登记错误、弄虚作假取得）；撤销后公众查询显示“已撤销”，不能恢复；已撤销的证书不能再次撤销（409）");
    }

    public sealed record FindingBody(string? Body, string? Finding);
    public sealed record RevokeBody(string? Reason);
}
