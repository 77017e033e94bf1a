using SkillsAudit.Data.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Statistics;

/// <summary>The query string of GET /api/statistics and the export.</summary>
public sealed class StatisticsQueryParameters
{
    public int? Year { get; set; }
    public string? Region { get; set; }
    public string? Supervision { get; set; }
    public string? Type { get; set; }
    public string? Occupation { get; set; }
    public int? FilingId { get; set; }
    /// <summary>province, city, county, region, supervision, type, occupation, level, year or filing: totals per group instead of rows.</summary>
    public string? GroupBy { get; set; }
    public int? Take { get; set; }

    public StatisticsFilter ToFilter() => new()
    {
        Year = Year, Region = Region, Supervision = Supervision, Type = Type, Occupation = Occupation, FilingId = FilingId,
    };
}

/// <summary>The answer of saving a statistics entry: the number of lines saved and the entry as now stored.</summary>
public sealed record EntrySaved(int Saved, IReadOnlyList<EntryLine> Lines);

/// <summary>JSON API for annual statistics: summary, rows or groups, import (staff only) and export.</summary>
public static class StatisticsApi
{
    private static string UserId(HttpContext http) => http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";


    public static void MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/statistics").WithTags("评价统计");

        api.MapGet("/summary", async (int year, string? region, bool? names, StatisticsQueries queries) => TypedResults.Ok(await queries.SummaryAsync(year, region, names ?? false)))
            .WithSummary("地区年度汇总（《忻州市2023年度职业技能等级评价年度绩效考核工作情况》第一、二部分：组织评价、合格、合格率、各等级、省属/市属、已开展/未开展；names=true 时列出机构名称）");

        api.MapGet("/template.xlsx", async (int year, string? region, SkillsAudit.Data.AppDb db, HttpContext http) =>
        {
            // Body users get their own filings pre-filled; staff get the region's (or an empty form).
            var filings = db.Filings.AsQueryable();
            if (!http.User.IsStaff())
            {
                var uid = UserId(http);
                filings = filings.Where(f => db.UserFilings.Any(u => u.UserId == uid && u.FilingId == f.Id));
            }
            else if (SkillsAudit.Domain.Registry.Regions.Find(region) is { } r)
            {
                var prefix = r.DescendantPrefix;
                filings = filings.Where(f => f.RegionCode.StartsWith(prefix));
            }
            else filings = filings.Where(_ => false);
            var list = (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                    filings.OrderBy(f => f.LegalEntity.Name).Select(f => new { f.Number, f.LegalEntity.Name })))
                .Select(f => (f.Number?.Value, f.Name)).ToList();
            var ms = new MemoryStream();
            StatisticsTemplate.Write(ms, year, list);
            return TypedResults.File(ms.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"统计表模板-{year}.xlsx");
        })
            .ProducesFile(ApiDocumentation.Xlsx)
            .RequireAuthorization()
            .WithSummary("下载统计表 xlsx 模板（附件2 表式，含备案号、年度列）");

        api.MapGet("/entry/{filingId:int}/{year:int}", async (int filingId, int year, StatisticsEntry entry) =>
        {
            return TypedResults.Ok(await entry.GetAsync(filingId, year));
        })
            .WithETag()
            .RequireAuthorization()
            .WithSummary("读取某备案某年度的统计填报（附件2 表式）");

        api.MapPut("/entry/{filingId:int}/{year:int}", async (int filingId, int year, List<EntryLine> lines, StatisticsEntry entry) =>
        {
            var n = await entry.SaveAsync(filingId, year, lines);
            return TypedResults.Ok(new EntrySaved(n, await entry.GetAsync(filingId, year)));
        })
            .RequireIfMatch("保存统计", async c => await c.HttpContext.RequestServices.GetRequiredService<StatisticsEntry>().GetAsync(c.GetArgument<int>(0), c.GetArgument<int>(1)))
            .RequireAuthorization()
            .WithSummary("保存某备案某年度的统计（替换原有数据，记入审计日志）：机构用户只能填报本机构");

        api.MapGet("/", async Task<Results<Ok<IReadOnlyList<StatisticsGroupRow>>, Ok<IReadOnlyList<StatisticsRecordRow>>>> ([AsParameters] StatisticsQueryParameters p, StatisticsQueries queries) => p.GroupBy is { Length: > 0 } by
                ? TypedResults.Ok(await queries.GroupAsync(p.ToFilter(), by))
                : TypedResults.Ok(await queries.RowsAsync(p.ToFilter(), Math.Clamp(p.Take ?? 1000, 1, 10_000))))
            .WithSummary("统计记录（按年度、地区、监管、类型、职业、备案筛选；groupBy 给出分组合计）");

        api.MapGet("/inactive", async (string? region, DateOnly? evaluatedOn, StatisticsQueries queries) => TypedResults.Ok(await queries.InactivityAsync(new StatisticsFilter { Region = region }, evaluatedOn ?? DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)))))
            .WithSummary("自备案以来连续两年未开展评价的备案（阳人社函〔2023〕221号第四部分（一）1）");

        api.MapPost("/import", async Task<Results<Ok<StatisticsImportReport>, UnprocessableEntity<StatisticsImportReport>>> (IFormFile file, int? year, bool? dryRun, StatisticsImport import, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            var report = await import.ImportAsync(stream, file.FileName, year, dryRun ?? false, null, ct);
            return report.Succeeded ? TypedResults.Ok(report) : TypedResults.UnprocessableEntity(report);
        })
            .DisableAntiforgery()
            .RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("导入统计文件（multipart，字段 file；dryRun=true 只检查）：全部通过才写入，否则 422 列出每处错误");

        api.MapGet("/export", async Task<Results<FileContentHttpResult, ValidationProblem>> ([AsParameters] StatisticsQueryParameters p, string? format, StatisticsQueries queries, TimeProvider clock) =>
            {
                if (p.Year is not { } year) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = ["请指定统计年度"] });
                var fmt = (format ?? "xlsx").ToLowerInvariant();
                if (fmt is not ("xlsx" or "csv")) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["格式应为 xlsx 或 csv"] });
                var rows = await queries.RowsAsync(p.ToFilter());
                var regionName = p.Region is null ? "市" : SkillsAudit.Domain.Registry.Regions.Find(p.Region)?.Name ?? p.Region;
                var tables = StatisticsExport.BuildAnnexTables(rows, year, regionName);
                var ms = new MemoryStream();
                if (fmt == "csv") StatisticsExport.WriteCsv(ms, tables);
                else StatisticsExport.WriteXlsx(ms, tables, StatisticsExport.Maker(p.Region, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8))));
                return fmt == "csv"
                    ? TypedResults.File(ms.ToArray(), "text/csv; charset=utf-8", $"评价统计-{year}.csv")
                    : TypedResults.File(ms.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"评价统计-{year}.xlsx");
            })
            .ProducesFile(ApiDocumentation.Xlsx, ApiDocumentation.Csv)
            .WithSummary("按《忻州市2023年度职业技能等级评价年度绩效考核工作情况》附件格式导出（xlsx 或 csv）");
    }
}
