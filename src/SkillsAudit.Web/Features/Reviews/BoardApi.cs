using SkillsAudit.Data.Features.Calendar;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Reviews;

public sealed record FileReviewInput(string? Grounds);

/// <summary>
/// JSON API of the campaign board (status per target, counts, filters; bulk actions in steps with progress), of review
/// requests (复核申请) and of the working-day calendar. Same handlers as the pages and the CLI.
/// </summary>
public static class BoardApi
{
    public static void MapBoardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reviews").WithTags("绩效考核").RequireAuthorization();
        api.MapGet("/campaigns/{id:int}/board", async (int id, string? status, string? q, HttpContext http, BoardHandlers h) =>
            TypedResults.Ok(await h.GetAsync(await ReviewsApi.Who(http), id, status, q)))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("考核看板：每个考核对象的阶段与状态（未填写自评、自评草稿、自评已提交、专家评分中、专家已评分、结果已确认、已作出评估意见、整改中），各状态数量；status 按状态筛选，q 按名称或备案号搜索");
        api.MapPost("/campaigns/{id:int}/board/bulk", async (int id, BulkInput input, HttpContext http, BoardOperations h) =>
        {
            var op = await h.StartAsync(await ReviewsApi.Who(http), id, input);
            return TypedResults.Created($"/api/reviews/bulk/{op.Id}", op);
        }).RequireAuthorization(Policies.Staff)
            .WithSummary("开始批量操作：action 为 add（列入考核）、remove（移出考核）、remind（提醒）、finalise（确认结果）或 decide（作出评估意见），filingIds 所选机构，reason 理由；同一考核同时只能有一项批量操作（否则 409）。之后反复调用 step 直至 finished。确认结果逐个机构确认（与单个机构页面同一规则，每个机构一个事务）：尚无专家提交评分、仍有评分未提交、已确认（含他人刚确认的）的机构跳过并说明原因");
        api.MapGet("/bulk/{opId:int}", async (int opId, HttpContext http, BoardOperations h) => TypedResults.Ok(await h.GetAsync(await ReviewsApi.Who(http), opId)))
            .RequireAuthorization(Policies.Staff).WithSummary("批量操作的进度（done/total）、跳过的机构与出错原因");
        api.MapPost("/bulk/{opId:int}/step", async (int opId, HttpContext http, BoardOperations h) => TypedResults.Ok(await h.StepAsync(await ReviewsApi.Who(http), opId)))
            .RequireAuthorization(Policies.Staff).WithSummary("处理批量操作的下一批机构（每批一个事务）；同一时间只能有一个请求在处理（否则 409）");

        api.MapGet("/assessments/{id:int}/review-window", async (int id, HttpContext http, ReviewRequestHandlers h) =>
            TypedResults.Ok(await h.WindowAsync(await ReviewsApi.Who(http), id)))
            .WithSummary("复核申请期限：结果公布日、截止日（公布后 15 个工作日，按节假日安排计算）、现在能否申请");
        api.MapPost("/assessments/{id:int}/review-requests", async (int id, FileReviewInput input, HttpContext http, ReviewRequestHandlers h) =>
        {
            var r = await h.FileAsync(await ReviewsApi.Who(http), id, input.Grounds);
            return TypedResults.Created($"/api/reviews/review-requests/{r.Id}", r);
        }).WithSummary("机构申请复核（结果公布后 15 个工作日内，写明事项和理由）");
        api.MapGet("/review-requests", async (int? campaignId, HttpContext http, ReviewRequestHandlers h) =>
            TypedResults.Ok(await h.ListAsync(await ReviewsApi.Who(http), campaignId)))
            .WithSummary("复核申请（工作人员：本地区；机构：本机构的）");
        api.MapGet("/review-requests/{rid:int}", async (int rid, HttpContext http, ReviewRequestHandlers h) => TypedResults.Ok(await h.GetAsync(await ReviewsApi.Who(http), rid)))
            .WithSummary("一项复核申请：理由、答复与处理情况");
        api.MapPost("/review-requests/{rid:int}/answer", async (int rid, ReviewAnswerInput input, HttpContext http, ReviewRequestHandlers h) =>
            TypedResults.Ok(await h.AnswerAsync(await ReviewsApi.Who(http), rid, input.Answer, input.Reopen)))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("答复复核申请：reopen=false 维持原结果；reopen=true 重新开放考核小组评审（答复意见即理由，记录在案），结果经重新评审、确认后才改变");

        var cal = app.MapGroup("/api/calendar").WithTags("节假日安排").RequireAuthorization();
        cal.MapGet("/{year:int}", async (int year, CalendarHandlers h) => TypedResults.Ok(await h.YearAsync(year)))
            .WithETag().WithSummary("某年的节假日安排：放假日与调休上班日（计算工作日用）");
        cal.MapPut("/days", async (CalendarDayInput input, HttpContext http, CalendarHandlers h) =>
            TypedResults.Ok(await h.SetAsync(http.User.IsInRole(SkillsAudit.Data.Roles.Admin), http.User.Identity?.Name ?? "", input)))
            // The version is that of the year the day falls in (GET /api/calendar/{year}).
            .RequireIfMatch("修改节假日安排", async c => DateOnly.TryParse(c.GetArgument<CalendarDayInput>(0).Date, System.Globalization.CultureInfo.InvariantCulture, out var d)
                ? await c.HttpContext.RequestServices.GetRequiredService<CalendarHandlers>().YearAsync(d.Year) : null)
            .RequireAuthorization(Policies.Admin).WithSummary("添加或修改一天：kind 为 Holiday（放假）或 Workday（调休上班）");
        cal.MapDelete("/days/{date}", async (string date, HttpContext http, CalendarHandlers h) =>
        {
            await h.RemoveAsync(http.User.IsInRole(SkillsAudit.Data.Roles.Admin), date);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Admin).WithSummary("删除一天（恢复为普通工作日或周末）");
    }
}
