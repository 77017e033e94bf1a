using SkillsAudit.Data.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Registry;

public sealed record RegionDto(string Code, string Name, RegionLevel Level, string? ParentCode);

public static class RegistryApi
{
    public static void MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("备案登记");

        api.MapGet("/filings", async ([AsParameters] FilingQueryParameters p, FilingSearch search) => TypedResults.Ok(await search.RunAsync(p.ToQuery())))
            .WithSummary("查询备案（分页、筛选、排序）");

        api.MapGet("/filings/export.xlsx", async ([AsParameters] FilingQueryParameters p, FilingSearch search) =>
            {
                var rows = await search.ExportAsync(p.ToQuery());
                var ms = new MemoryStream();
                FilingExport.WriteXlsx(ms, rows);
                return TypedResults.File(ms.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "备案机构.xlsx");
            })
            .ProducesFile(ApiDocumentation.Xlsx).WithSummary("导出筛选结果为 xlsx");

        api.MapGet("/filings/{id:int}", async Task<Results<Ok<FilingDetail>, NotFound>> (int id, FilingHandlers handlers, HttpContext http) =>
        {
            var detail = await handlers.GetAsync(id);
            if (detail is null) return TypedResults.NotFound();
            // The version to send back in If-Match when editing.
            http.Response.Headers.ETag = $"\"{detail.Version}\"";
            // The history names staff; only staff see it.
            if (!http.User.IsStaff()) detail = detail with { History = [] };
            return TypedResults.Ok(detail);
        }).WithSummary("备案详情");

        api.MapPost("/filings", async (FilingInput input, FilingHandlers handlers) =>
            {
                var id = await handlers.CreateAsync(input);
                return TypedResults.Created($"/api/filings/{id}", await handlers.GetAsync(id));
            })
            .RequireAuthorization(Policies.Staff)
            .WithSummary("新建备案");

        api.MapPut("/filings/{id:int}", async Task<Results<Ok<FilingDetail>, NotFound, ProblemHttpResult>> (int id, FilingInput input, FilingHandlers handlers, SkillsAudit.Data.Access.AccessGuard access,
                [FromHeader(Name = "If-Match")] string? ifMatch) =>
            {
                // The version the client saw is required (RFC 6585 428): without it a write could silently overwrite
                // another user's. Access is decided first, so that a record one may not touch is refused as such.
                if (string.IsNullOrWhiteSpace(ifMatch))
                {
                    await access.FilingAsync(id);
                    if (await handlers.GetAsync(id) is null) return TypedResults.NotFound();
                    return SkillsAudit.Web.Infrastructure.Preconditions.Required("修改备案");
                }
                var version = SkillsAudit.Web.Infrastructure.Preconditions.NumberedVersion(ifMatch, "备案详情中的 version")
                    ?? throw new SkillsAudit.Domain.Common.DomainException("If-Match", "修改备案须在 If-Match 中写明所编辑的版本号（备案详情中的 version），不能用 *");
                if (!await handlers.UpdateAsync(id, input, version)) return TypedResults.NotFound();
                return TypedResults.Ok((await handlers.GetAsync(id))!);
            })
            .RequireAuthorization(Policies.Staff).WithMetadata(new IfMatchRequiredMetadata())
            .WithSummary("修改备案（If-Match 携带版本号以防覆盖他人修改）");

        api.MapPost("/filings/import", async Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ValidationProblem>> (IFormFile file, string? region, bool? dryRun, FilingImport import, CancellationToken ct) =>
            {
                if (file.Length > FilingImport.MaxBytes)
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [$"文件超过 {FilingImport.MaxBytes / 1024 / 1024} MB，请分成几个文件导入"] });
                await using var stream = file.OpenReadStream();
                var report = await import.ImportAsync(stream, Path.GetFileName(file.FileName), region, null, dryRun ?? false, ct);
                // Rows that add or change filings outside the officer's region: refused as such (403), each row named.
                if (report.Refused)
                    throw new SkillsAudit.Domain.Common.ForbiddenException($"{report.File}：以下各行的备案不属于您负责的地区，未写入任何数据。" + string.Join("；", report.Errors.Where(e => e.OutsideRegion).Select(e => e.ToString())));
                return report.Succeeded ? TypedResults.Ok(report) : TypedResults.UnprocessableEntity(report);
            })
            .DisableAntiforgery()
            .RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("导入备案（multipart，字段 file；region 为文件无“所在地区”列时的地区；dryRun=true 只检查）：已登记的备案按文件修改，其余新增；全部通过才在一个事务中写入，否则 422 列出每处错误（行、列、字段）；含本人负责地区以外的备案则 403");

        api.MapGet("/regions", () => Regions.All.Select(r => new RegionDto(r.Code, r.Name, r.Level, r.ParentCode)))
            .WithSummary("行政区划（GB/T 2260）");

        api.MapGet("/occupations", async (OccupationHandlers h) => TypedResults.Ok(await h.ListAsync()))
            .WithSummary("职业目录");

        api.MapPost("/occupations", async (OccupationInput input, OccupationHandlers h) =>
            {
                var occ = await h.CreateAsync(input);
                return TypedResults.Created($"/api/occupations/{occ.Code}", occ);
            })
            .RequireAuthorization(Policies.Staff)
            .WithSummary("新增职业");
    }
}

/// <summary>The query string of GET /api/filings.</summary>
public sealed class FilingQueryParameters
{
    public string? Region { get; set; }
    public string? Type { get; set; }
    public string? Supervision { get; set; }
    public string? Status { get; set; }
    public string? Occupation { get; set; }
    public string? Q { get; set; }
    public string? Sort { get; set; }
    public int? Page { get; set; }
    public int? PageSize { get; set; }

    public FilingQuery ToQuery() => new()
    {
        Region = Region, Type = Type, Supervision = Supervision, Status = Status, Occupation = Occupation, Q = Q, Sort = Sort,
        Page = Page ?? 1, PageSize = PageSize ?? FilingSearch.DefaultPageSize,
    };
}
