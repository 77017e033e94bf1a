using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Common;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Reviews;

public sealed record SheetInput(JsonElement Answers, int? Version);
public sealed record VersionInput(int? Version);
public sealed record TargetsInput(DateOnly? AsOf);
public sealed record TargetInput(bool Included, string? Reason);
public sealed record MemberInput(string? UserName, string? Role, string? Title);
public sealed record NextYearInput(string? Title, string? DocumentNumber, string? Rubric);
public sealed record ReopenInput(string? Stage, string? Reason, DateOnly? Until);
public sealed record FindingInput(int FilingId, string? Finding, string? Note, List<string>? Evidence);
public sealed record DecideInput(int? FilingId, DateOnly? DecidedOn, List<int>? FilingIds, List<DecisionChoice>? Choices);
public sealed record FollowUpInput(string? Kind, string? Reason, DateOnly? DecidedOn);
public sealed record RespondInput(string? Response, List<string>? Evidence);
public sealed record CheckInput(bool Passed, string? Note);

/// <summary>One assessment of a campaign in the list the user may see.</summary>
public sealed record AssessmentItem(int Id, int FilingId, string Name, string? Outcome, bool Finalised);

/// <summary>
/// JSON API for review campaigns (绩效考核): campaigns, targets, members, open/close, self-assessment, evidence, panel
/// sheets, finalise, reopen, findings, decisions, 附件4, rectification, results and analysis. Refusals: 400 naming the
/// field or indicator, 403 for an action the user may not take on something they see, 404 for another body's data,
/// 409 for a sheet saved by someone else in between.
/// </summary>
public static class ReviewsApi
{
    internal static Task<ReviewUser> Who(HttpContext http) =>
        ReviewUser.LoadAsync(http.RequestServices.GetRequiredService<AppDb>(), http.User, http.RequestAborted);

    private static DomainException BadFile(string message) => new("file", message);

    /// <summary>The sheet version named in If-Match (null for *).</summary>
    private static int? SheetVersion(HttpContext http) => Preconditions.NumberedVersion(http.Request.Headers.IfMatch.ToString(), "评分表的版本号");

    /// <summary>Only those who see the assessment learn that a version is required.</summary>
    private static async Task SeeAssessment(EndpointFilterInvocationContext c) =>
        await c.HttpContext.RequestServices.GetRequiredService<AssessmentHandlers>().GetAsync(await Who(c.HttpContext), c.GetArgument<int>(0));

    /// <summary>A saved sheet, with its new version as the ETag to send back in If-Match next time.</summary>
    private static Ok<SheetView> Sheet(HttpContext http, SheetView sheet)
    {
        http.Response.Headers.ETag = $"\"{sheet.Version}\"";
        return TypedResults.Ok(sheet);
    }

    private static string Raw(JsonElement e) => e.ValueKind == JsonValueKind.Undefined ? "" : e.GetRawText();

    public static void MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reviews").WithTags("绩效考核").RequireAuthorization();

        // ---- campaigns
        api.MapGet("/campaigns", async (HttpContext http, CampaignHandlers h) => TypedResults.Ok(await h.ListAsync(await Who(http))))
            .WithSummary("考核列表（工作人员：本地区；专家：所在考核小组；机构：本机构参加的）");
        api.MapPost("/campaigns", async (CampaignInput input, HttpContext http, CampaignHandlers h) =>
        {
            var v = await h.CreateAsync(await Who(http), input);
            return TypedResults.Created($"/api/reviews/campaigns/{v.Id}", v);
        }).RequireAuthorization(Policies.Staff).WithSummary("新建考核（评估表、日程、汇总规则、分歧阈值）");
        api.MapGet("/campaigns/{id:int}", async (int id, HttpContext http, CampaignHandlers h) => TypedResults.Ok(await h.GetAsync(await Who(http), id))).WithETag()
            .WithSummary("考核详情：日程、当前阶段、考核对象、成员");
        api.MapPost("/campaigns/{id:int}/targets/apply", async (int id, TargetsInput? input, HttpContext http, CampaignHandlers h, AppDb db) =>
            TypedResults.Ok(await h.ApplyTargetsAsync(await Who(http), id, input?.AsOf ?? DateOnly.FromDateTime(db.Now.UtcDateTime))))
            .WithSummary("按规则确定考核对象（阳人社函〔2023〕221号第一部分：备案不满一年的不列入）；手工调整的保留");
        api.MapPut("/campaigns/{id:int}/targets/{filingId:int}", async (int id, int filingId, TargetInput input, HttpContext http, CampaignHandlers h) =>
        {
            await h.SetTargetAsync(await Who(http), id, filingId, input.Included, input.Reason);
            return TypedResults.Ok(await h.GetAsync(await Who(http), id));
        }).RequireIfMatch("调整考核对象", async c => await c.HttpContext.RequestServices.GetRequiredService<CampaignHandlers>().GetForStaffAsync(await Who(c.HttpContext), c.GetArgument<int>(0)))
        .WithSummary("手工增减考核对象（须说明理由）");
        api.MapPut("/campaigns/{id:int}/plan", async (int id, CampaignPlanInput input, HttpContext http, CampaignHandlers h) =>
            TypedResults.Ok(await h.SetPlanAsync(await Who(http), id, input)))
        .RequireIfMatch("修改考核工作方案", async c => await c.HttpContext.RequestServices.GetRequiredService<CampaignHandlers>().GetForStaffAsync(await Who(c.HttpContext), c.GetArgument<int>(0)))
        .WithSummary("填写或更正考核工作方案的标题、文号、印发日期和名录依据（结果公告引用）");
        api.MapPut("/campaigns/{id:int}/schedule", async (int id, ScheduleInput input, HttpContext http, CampaignHandlers h) =>
            TypedResults.Ok(await h.RescheduleAsync(await Who(http), id, input.Stages ?? [])))
        .RequireIfMatch("修改考核日程", async c => await c.HttpContext.RequestServices.GetRequiredService<CampaignHandlers>().GetForStaffAsync(await Who(c.HttpContext), c.GetArgument<int>(0)))
        .WithSummary("修改考核日程（进度安排与步骤）：已开始的阶段不能改开始日期、可延长；未开始的阶段可调整、增加或取消，但不能早于今天");
        api.MapPost("/campaigns/{id:int}/members", async (int id, MemberInput input, HttpContext http, CampaignHandlers h) =>
        {
            await h.AddMemberAsync(await Who(http), id, input.UserName, input.Role, input.Title);
            return TypedResults.Ok(await h.GetAsync(await Who(http), id));
        }).WithSummary("添加成员（Panel 考核小组、PanelLead 组长、LeadingGroup 领导小组）");
        api.MapPost("/campaigns/{id:int}/open", async (int id, HttpContext http, CampaignHandlers h) =>
        {
            await h.OpenAsync(await Who(http), id);
            return TypedResults.Ok(await h.GetAsync(await Who(http), id));
        }).WithSummary("印发（开始）：机构与专家可见，按日程进入各阶段");
        api.MapPost("/campaigns/{id:int}/close", async (int id, HttpContext http, CampaignHandlers h) =>
        {
            await h.CloseAsync(await Who(http), id);
            return TypedResults.Ok(await h.GetAsync(await Who(http), id));
        }).WithSummary("结束（结果已公布）：全部结果须已确认；之后不能再评分");
        api.MapPost("/campaigns/{id:int}/next-year", async (int id, NextYearInput input, HttpContext http, CampaignHandlers h) =>
        {
            var v = await h.NextYearAsync(await Who(http), id, input.Title, input.DocumentNumber, input.Rubric);
            return TypedResults.Created($"/api/reviews/campaigns/{v.Id}", v);
        }).WithSummary("复制为下一年度考核（日程顺延一年，考核对象重新确定）");
        api.MapGet("/campaigns/{id:int}/assessments", async (int id, HttpContext http, AssessmentHandlers h) =>
            TypedResults.Ok((await h.ListAsync(await Who(http), id)).Select(a => new AssessmentItem(a.Id, a.FilingId, a.Name, a.Outcome, a.Finalised)).ToList()))
            .WithSummary("本人可见的评审记录");
        api.MapGet("/campaigns/{id:int}/filings/{filingId:int}", async (int id, int filingId, HttpContext http, AssessmentHandlers h) =>
        {
            var who = await Who(http);
            return TypedResults.Ok(await h.GetAsync(who, await h.FindAsync(who, id, filingId)));
        }).WithSummary("某考核中某备案的评审记录");
        api.MapPost("/campaigns/{id:int}/historical", async (int id, HttpRequest request, HttpContext http, HistoricalImport h) =>
        {
            string text, source;
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync();
                if (form.Files.GetFile("file") is not { } file) throw BadFile("请上传文件（字段 file）");
                using var reader = new StreamReader(file.OpenReadStream());
                text = await reader.ReadToEndAsync();
                source = form["source"].FirstOrDefault() is { Length: > 0 } s ? s : file.FileName;
            }
            else
            {
                using var reader = new StreamReader(request.Body);
                text = await reader.ReadToEndAsync();
                source = request.Query["source"].FirstOrDefault() ?? "导入";
            }
            return TypedResults.Ok(await h.ImportAsync(await Who(http), id, text, source));
        }).DisableAntiforgery().RequireAuthorization(Policies.Staff).AcceptsUpload("历史考核总分表（md 或 txt 表格）；也可直接以请求体发送文字（?source=）", "source").WithSummary("导入历史考核总分（如《忻州市2023年度职业技能等级评价年度绩效考核工作情况》附件2 的自评得分、考核小组打分；md/txt 表格）");
        api.MapGet("/campaigns/{id:int}/results", async (int id, HttpContext http, ReviewResults h) => TypedResults.Ok(await h.GetAsync(await Who(http), id)))
            .WithSummary("考核结果：各机构自评、考核小组得分、差值、等级、评估意见；等级分布（distribution：等级 → 个数）；排名；分部分对比");
        api.MapGet("/campaigns/{id:int}/findings", async (int id, HttpContext http, DecisionHandlers h) => TypedResults.Ok(await h.FindingsAsync(await Who(http), id)))
            .WithSummary("本考核已记录的认定情形及其事实与证据");
        api.MapPost("/campaigns/{id:int}/findings", async (int id, FindingInput input, HttpContext http, DecisionHandlers h) =>
            TypedResults.Ok(await h.RecordFindingAsync(await Who(http), id, input.FilingId, input.Finding, input.Note, input.Evidence)))
            .WithSummary("记录认定情形（阳人社函〔2023〕221号第四部分（一）2–6、六(一)、四(二)1–2、四(二)3），附事实与证据");
        api.MapPost("/campaigns/{id:int}/findings/{filingId:int}/evidence", async (int id, int filingId, HttpRequest request, HttpContext http, DecisionHandlers h, EvidenceStore store) =>
        {
            if (!request.HasFormContentType) throw BadFile("请以 multipart/form-data 上传（字段 file）");
            var form = await request.ReadFormAsync();
            if (form.Files.GetFile("file") is not { } file) throw BadFile("请上传文件（字段 file）");
            await using var s = file.OpenReadStream();
            return TypedResults.Ok(await h.UploadFindingEvidenceAsync(await Who(http), id, filingId, store, file.FileName, s));
        }).DisableAntiforgery().AcceptsUpload("证据材料（PDF、PNG、JPEG）").WithSummary("上传情形的证据材料（PDF/PNG/JPEG，按内容判断类型）");
        api.MapGet("/campaigns/{id:int}/proposals", async (int id, DateOnly? decidedOn, HttpContext http, DecisionHandlers h) =>
            TypedResults.Ok(await h.ProposeAsync(await Who(http), id, decidedOn)))
            .WithSummary("每个考核对象的建议评估意见（规则与条款、提示）、尚不能决定的原因或已作出的意见");
        api.MapPost("/campaigns/{id:int}/decisions", async (int id, DecideInput? input, HttpContext http, DecisionHandlers h) =>
            TypedResults.Ok(await h.DecideAsync(await Who(http), id, new DecideRequest
            {
                FilingIds = input?.FilingIds ?? (input?.FilingId is { } f ? [f] : null), DecidedOn = input?.DecidedOn, Choices = input?.Choices,
            })))
            .WithSummary("作出评估意见（阳人社函〔2023〕221号第四部分）：filingIds 指定机构（省略为全部已确认结果的机构），choices 改定意见须说明理由；未完成评审的跳过并列出（skipped）；他人已作出的为 409");
        api.MapPost("/rectifications/{rid:int}/follow-up", async (int rid, FollowUpInput input, HttpContext http, DecisionHandlers h) =>
            TypedResults.Ok(await h.FollowUpAsync(await Who(http), rid, input.Kind, input.Reason, input.DecidedOn)))
            .RequireAuthorization(Policies.Staff).WithSummary("整改复查后的决定（阳人社函〔2023〕221号第四部分（二））：Renew 准予延续备案、Continue 恢复评价活动、Terminate 终止备案");
        api.MapGet("/campaigns/{id:int}/decisions", async (int id, HttpContext http, DecisionHandlers h) => TypedResults.Ok(await h.ListAsync(await Who(http), id)))
            .WithSummary("本考核已作出的评估意见及其依据");
        api.MapGet("/campaigns/{id:int}/annex4.xlsx", async (int id, HttpContext http, DecisionHandlers h) =>
            TypedResults.File(await h.Annex4Async(await Who(http), id), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"附件4-评估意见汇总表-{id}.xlsx"))
            .ProducesFile(ApiDocumentation.Xlsx)
            .WithSummary("阳人社函〔2023〕221号附件4 备案机构评估意见汇总表（xlsx）");

        // ---- assessments
        api.MapGet("/assessments/{id:int}", async (int id, HttpContext http, AssessmentHandlers h) => TypedResults.Ok(await h.GetAsync(await Who(http), id)))
            .WithSummary("评审记录：自评、专家评分表（含版本号）、阶段与结果");
        api.MapGet("/assessments/{id:int}/comparison", async (int id, HttpContext http, AssessmentHandlers h) => TypedResults.Ok(await h.ComparisonAsync(await Who(http), id)))
            .WithSummary("逐项对照：自评、各专家、考核小组汇总（含原因与证明材料），按查看权限（工作人员随时；专家在机构提交自评后；机构在结果确认后）");
        api.MapGet("/assessments/{id:int}/sheet.xlsx", async (int id, HttpContext http, SheetHandlers h) =>
            TypedResults.File(await h.XlsxAsync(await Who(http), id), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"评分表-{id}.xlsx"))
            .ProducesFile(ApiDocumentation.Xlsx)
            .WithSummary("离线评分表（xlsx）：评估表、机构自评得分与原因（机构提交后）、空白的专家得分列");
        api.MapPost("/assessments/{id:int}/sheet", async (int id, HttpRequest request, HttpContext http, SheetHandlers h) =>
        {
            if (!request.HasFormContentType) throw BadFile("请以 multipart/form-data 上传（字段 file）");
            var form = await request.ReadFormAsync();
            if (form.Files.GetFile("file") is not { } file) throw BadFile("请上传填好的评分表（字段 file）");
            await using var s = file.OpenReadStream();
            return TypedResults.Ok(await h.ImportAsync(await Who(http), id, s, file.FileName));
        }).DisableAntiforgery().AcceptsUpload("填好的离线评分表（xlsx）").WithSummary("上传填好的离线评分表，作为上传专家本人的评分（草稿）；逐行校验，有错则整表不保存，错误注明行和列");
        api.MapPost("/assessments/{id:int}/score", async (int id, JsonElement answers, HttpContext http, AssessmentHandlers h) =>
            TypedResults.Ok(await h.PreviewAsync(await Who(http), id, Raw(answers)))).WithSummary("按评估表计算得分（不保存），供页面实时显示");
        // A scoring sheet's version (the "version" of its sheet in GET /assessments/{id}) goes in If-Match; stale: 409.
        api.MapPut("/assessments/{id:int}/self", async (int id, SheetInput input, HttpContext http, AssessmentHandlers h) =>
                Sheet(http, await h.SaveSelfAsync(await Who(http), id, Raw(input.Answers), SheetVersion(http) ?? input.Version)))
            .RequireIfMatchVersion("保存自评", SeeAssessment).WithSummary("保存自评草稿（If-Match 为打开时自评表的版本号；* 则以请求体 version 为准）");
        api.MapPost("/assessments/{id:int}/self/submit", async (int id, VersionInput? input, HttpContext http, AssessmentHandlers h) =>
            TypedResults.Ok(await h.SubmitSelfAsync(await Who(http), id, input?.Version))).WithSummary("提交自评（提交后锁定）");
        api.MapPost("/assessments/{id:int}/evidence", async (int id, HttpRequest request, HttpContext http, AssessmentHandlers h) =>
        {
            if (!request.HasFormContentType) throw BadFile("请以 multipart/form-data 上传（字段 file，可选 indicator）");
            var form = await request.ReadFormAsync();
            if (form.Files.GetFile("file") is not { } file) throw BadFile("请上传文件（字段 file）");
            await using var s = file.OpenReadStream();
            return TypedResults.Ok(await h.UploadEvidenceAsync(await Who(http), id, form["indicator"].FirstOrDefault(), file.FileName, s));
        }).DisableAntiforgery().AcceptsUpload("证明材料（PDF、PNG、JPEG）", "indicator").WithSummary("上传证明材料（PDF、PNG、JPEG，按内容判断；大小上限 Evidence:MaxBytes，默认 10 MB）");
        api.MapPut("/assessments/{id:int}/panel", async (int id, SheetInput input, HttpContext http, AssessmentHandlers h) =>
                Sheet(http, await h.SaveExpertAsync(await Who(http), id, Raw(input.Answers), SheetVersion(http) ?? input.Version)))
            .RequireIfMatchVersion("保存评分", SeeAssessment).WithSummary("专家保存评分（If-Match 为本人评分表的版本号；并发保存时后者得到 409）");
        api.MapPost("/assessments/{id:int}/panel/submit", async (int id, VersionInput? input, HttpContext http, AssessmentHandlers h) =>
            TypedResults.Ok(await h.SubmitExpertAsync(await Who(http), id, input?.Version))).WithSummary("专家提交评分");
        api.MapPost("/assessments/{id:int}/finalise", async (int id, VersionInput? input, HttpContext http, AssessmentHandlers h) =>
            TypedResults.Ok(await h.FinaliseAsync(await Who(http), id, input?.Version))).WithSummary("工作人员确认结果：按规则汇总、定等级（否决项直接取消评价资格）、锁定并签名");
        api.MapPost("/assessments/{id:int}/reopen", async (int id, ReopenInput input, HttpContext http, AssessmentHandlers h) =>
            TypedResults.Ok(await h.ReopenAsync(await Who(http), id, input.Stage, input.Reason, input.Until))).WithSummary("重新开放自评或评审阶段（须说明理由）");
        api.MapGet("/evidence/{id:int}", async (int id, HttpContext http, EvidenceStore store, AssessmentHandlers h) =>
        {
            var e = await h.EvidenceForDownloadAsync(await Who(http), id, http.RequestAborted);
            // Content missing from the store (a restore without it, a purge): 404 with a message, never 500.
            var content = await store.OpenAsync(e.Sha256, http.RequestAborted)
                ?? throw new NotFoundException($"证明材料“{e.OriginalName}”的文件内容已不在材料存储中，请联系系统管理员从备份恢复");
            return TypedResults.File(content, e.MediaType, e.OriginalName);
        }).ProducesFile(ApiDocumentation.Pdf, "image/png", "image/jpeg").WithSummary("下载证明材料");

        // ---- rectifications
        api.MapGet("/rectifications", async (bool? overdue, HttpContext http, RectificationHandlers h) =>
            TypedResults.Ok(await h.ListAsync(await Who(http), overdue ?? false))).WithSummary("整改事项（overdue=true 只列逾期未整改的）");
        api.MapGet("/rectifications/{id:int}", async (int id, HttpContext http, RectificationHandlers h) => TypedResults.Ok(await h.GetAsync(await Who(http), id)))
            .WithSummary("一项整改事项：期限、机构的整改情况与材料、复查结果");
        api.MapPost("/rectifications/{id:int}/evidence", async (int id, HttpRequest request, HttpContext http, RectificationHandlers h, EvidenceStore store) =>
        {
            if (!request.HasFormContentType) throw BadFile("请以 multipart/form-data 上传（字段 file）");
            var form = await request.ReadFormAsync();
            if (form.Files.GetFile("file") is not { } file) throw BadFile("请上传文件（字段 file）");
            await using var s = file.OpenReadStream();
            return TypedResults.Ok(await h.UploadAsync(await Who(http), id, store, file.FileName, s));
        }).DisableAntiforgery().AcceptsUpload("整改证明材料（PDF、PNG、JPEG）").WithSummary("上传整改证明材料");
        api.MapPost("/rectifications/{id:int}/respond", async (int id, RespondInput input, HttpContext http, RectificationHandlers h) =>
            TypedResults.Ok(await h.RespondAsync(await Who(http), id, input.Response, input.Evidence))).WithSummary("机构提交整改情况");
        api.MapPost("/rectifications/{id:int}/check", async (int id, CheckInput input, HttpContext http, RectificationHandlers h) =>
            TypedResults.Ok(await h.CheckAsync(await Who(http), id, input.Passed, input.Note))).WithSummary("工作人员复查整改");

        // ---- analysis
        api.MapGet("/filings/{filingId:int}/history", async (int filingId, HttpContext http, ReviewResults h) =>
            TypedResults.Ok(await h.AcrossYearsAsync(await Who(http), filingId))).WithSummary("同一机构历年考核结果");
    }
}
