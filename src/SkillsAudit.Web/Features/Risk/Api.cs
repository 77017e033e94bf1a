using SkillsAudit.Data.Features.Risk;
using SkillsAudit.Domain.Risk;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Risk;

public sealed record RiskConfigBody(RiskConfig Config, string? Note);

/// <summary>JSON API of risk-based supervision; the same handlers as the pages and the CLI.</summary>
public static class RiskApi
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapRiskApi(this IEndpointRouteBuilder app)
    {
        var risk = app.MapGroup("/api/risk").WithTags("风险监管");
        risk.MapGet("/", async (int? year, string? region, string? occupation, int? level, string? risk, RiskHandlers h) =>
            TypedResults.Ok(await h.ListAsync(new RiskFilter(year, region, occupation, level, risk))))
            .RequireAuthorization(Policies.Staff).WithSummary("风险名单：按风险等级和风险分排序，附各机构触发的风险信号及其依据数字；工作人员只见本地区");
        risk.MapGet("/export.xlsx", async (int? year, string? region, string? occupation, int? level, string? risk, RiskHandlers h) =>
        {
            var list = await h.ListAsync(new RiskFilter(year, region, occupation, level, risk));
            return TypedResults.File(RiskExport.Xlsx(list), XlsxType, $"风险名单-{list.Year}.xlsx");
        }).RequireAuthorization(Policies.Staff).ProducesFile(XlsxType).WithSummary("风险名单导出 xlsx");
        risk.MapGet("/config", async (RiskHandlers h) => TypedResults.Ok(await h.ConfigAsync()))
            .WithETag().RequireAuthorization(Policies.Staff).WithSummary("风险权重、阈值与抽查比例");
        risk.MapPut("/config", async (RiskConfigBody body, RiskHandlers h) => TypedResults.Ok(await h.SaveConfigAsync(body.Config, body.Note)))
            .RequireIfMatch("修改风险权重与阈值", async c => await c.HttpContext.RequestServices.GetRequiredService<RiskHandlers>().ConfigAsync())
            .RequireAuthorization(Policies.Admin).WithSummary("修改风险权重与阈值（仅系统管理员；保留历次版本）");
        risk.MapPost("/levels", async (int? year, string? region, RiskHandlers h) => TypedResults.Ok(new ChangedCount(await h.RecordLevelsAsync(region, year))))
            .RequireAuthorization(Policies.Staff).WithSummary("重新计算并记录风险等级变化（附理由）");
        risk.MapGet("/{filing}", async (string filing, int? year, int? years, RiskHandlers h) =>
            TypedResults.Ok(await h.ShowAsync(await h.FilingIdAsync(filing), year, years ?? 5)))
            .RequireAuthorization().WithSummary("一个机构历年的风险等级、各信号及依据数字；机构用户只能查看本机构");
        risk.MapGet("/{filing}/explain", async (string filing, int? year, RiskHandlers h) =>
            TypedResults.Ok((await h.ShowAsync(await h.FilingIdAsync(filing), year, 1)).Timeline[0]))
            .RequireAuthorization().WithSummary("一个机构某年度风险等级的逐项说明");
    }
}
