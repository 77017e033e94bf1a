using Microsoft.AspNetCore.Http.HttpResults;
using SkillsAudit.Data.Features.Rubrics;
using SkillsAudit.Domain.Rubrics;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Rubrics;

public sealed record RubricImportResponse(string? Id, int? Version, bool Saved, IReadOnlyList<int> JudgementRows, ValidationReportView Report);

public static class RubricsApi
{
    /// <summary>Services for the rubric pages and API, and the endpoints.</summary>
    private static JsonHttpResult<T> Json<T>(T value, int status = StatusCodes.Status200OK) => TypedResults.Json(value, RubricJson.Options, statusCode: status);

    private static ValidationProblem BadRef(string name, string? text) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [$"“{text}”不是评估表编号（如 xinzhou-2023 或 xinzhou-2023@2）"] }, title: "输入有误");

    private static ProblemHttpResult NotFound(RubricRef r) => TypedResults.Problem(title: "未找到评估表", detail: $"没有评估表 {r}", statusCode: StatusCodes.Status404NotFound);

    public static void MapRubricsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rubrics").WithTags("评估表");

        api.MapGet("", async (RubricLibrary library, bool? allVersions) => Json(await library.ListAsync(allVersions ?? false)))
            .Produces<IReadOnlyList<RubricEntry>>(StatusCodes.Status200OK).WithSummary("评估表列表（每个编号的最新版本；allVersions=true 列出全部版本）");

        api.MapGet("/compare", async Task<Results<JsonHttpResult<RubricDiffView>, ValidationProblem, ProblemHttpResult>> (string? left, string? right, RubricLibrary library) =>
        {
            if (!RubricRef.TryParse(left, out var l)) return BadRef("left", left);
            if (!RubricRef.TryParse(right, out var r)) return BadRef("right", right);
            var a = await library.FindAsync(l);
            if (a is null) return NotFound(l);
            var b = await library.FindAsync(r);
            if (b is null) return NotFound(r);
            return Json(RubricDiff.Compare(a.Rubric, b.Rubric).ToView(a.Label, b.Label));
        }).Produces<RubricDiffView>(StatusCodes.Status200OK).WithSummary("比较两个评估表版本（left、right 为 编号[@版本]）");

        api.MapGet("/{id}", async Task<Results<JsonHttpResult<RubricView>, ValidationProblem, ProblemHttpResult>> (string id, int? version, RubricLibrary library) =>
        {
            if (!RubricRef.TryParse(id, out var r)) return BadRef("id", id);
            var found = await library.FindAsync(r.Id, version ?? r.Version);
            return found is null ? NotFound(r) : Json(found.Rubric.ToView());
        }).Produces<RubricView>(StatusCodes.Status200OK).WithSummary("评估表（编号[@版本]，或 ?version=）");

        api.MapGet("/{id}/validation", async Task<Results<JsonHttpResult<ValidationReportView>, ValidationProblem, ProblemHttpResult>> (string id, int? version, RubricLibrary library) =>
        {
            if (!RubricRef.TryParse(id, out var r)) return BadRef("id", id);
            var found = await library.FindAsync(r.Id, version ?? r.Version);
            return found is null ? NotFound(r) : Json(RubricValidator.Validate(found.Rubric).ToView());
        }).Produces<ValidationReportView>(StatusCodes.Status200OK).WithSummary("评估表校验报告（声明值与计算值不符的警告）");

        api.MapPost("/{id}/score", async Task<Results<JsonHttpResult<ScoreResultView>, ValidationProblem, ProblemHttpResult>> (string id, int? version, string? @default, HttpRequest request, RubricLibrary library) =>
        {
            if (!RubricRef.TryParse(id, out var r)) return BadRef("id", id);
            var found = await library.FindAsync(r.Id, version ?? r.Version);
            if (found is null) return NotFound(r);
            UnansweredDefault whenUnanswered;
            switch (@default)
            {
                case null or "full": whenUnanswered = UnansweredDefault.Full; break;
                case "zero": whenUnanswered = UnansweredDefault.Zero; break;
                default: return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["default"] = ["default 应为 full 或 zero"] }, title: "输入有误");
            }
            string body;
            using (var reader = new StreamReader(request.Body)) body = await reader.ReadToEndAsync();
            var parsed = AnswerSheetJson.Parse(body);
            var errors = parsed.Errors;
            ScoreResult? result = null;
            if (parsed.Sheet is { } sheet)
            {
                var outcome = RubricScorer.Score(found.Rubric, sheet, whenUnanswered);
                errors = outcome.Errors;
                result = outcome.Result;
            }
            if (result is null)
            {
                // Problem details keyed by indicator code ("" = the sheet as a whole), as docs/rubric-format.md describes.
                var byCode = errors.GroupBy(e => e.Code.Length == 0 ? "answers" : e.Code)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
                return TypedResults.ValidationProblem(byCode, title: "评分答案有误",
                    detail: string.Join("；", errors.Select(e => e.Code.Length == 0 ? e.Message : $"{e.Code}: {e.Message}")));
            }
            return Json(result.ToView());
        }).Produces<ScoreResultView>(StatusCodes.Status200OK).Accepts<System.Text.Json.JsonElement>("application/json").WithSummary("按答案计分（请求体为答案 JSON：各指标编号及其得分或发现的情形；?default=full|zero）");

        // Multipart: file + id, title, year, outcome (grades|stars|passFail), issuer, documentNumber. The form is read by
        // hand (no IFormFile binding): cookies are SameSite=Lax, so another site cannot post it with the user's session.
        api.MapPost("/import", async Task<Results<JsonHttpResult<RubricImportResponse>, CreatedJson, ValidationProblem>> (HttpRequest request, bool? dryRun, RubricXlsxImport import) =>
        {
            if (!request.HasFormContentType)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["请以 multipart/form-data 上传 xlsx 文件"] }, title: "输入有误");
            var form = await request.ReadFormAsync();
            var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (file is null || file.Length == 0)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["请选择要导入的 xlsx 文件"] }, title: "输入有误");
            if (file.Length > RubricXlsxImport.MaxBytes)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["文件超过 10 MB"] }, title: "输入有误");
            var meta = MetadataFrom(form);
            if (meta is null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = [$"年度“{form["year"]}”不是整数"] }, title: "输入有误");
            await using var stream = file.OpenReadStream();
            var fileName = Path.GetFileName(file.FileName);
            var (result, version) = await import.ImportAsync(stream, fileName, meta, dryRun ?? false);
            var response = new RubricImportResponse(result.Rubric?.Id, version, version is not null, result.JudgementRows, result.ToReport(fileName).ToView());
            if (!result.Succeeded) return Json(response, StatusCodes.Status400BadRequest);
            if (version is { } v) return new CreatedJson(Json(response, StatusCodes.Status201Created), $"/api/rubrics/{result.Rubric!.Id}@{v}");
            return Json(response);
        }).RequireAuthorization(Policies.Staff)
          .Produces<RubricImportResponse>(StatusCodes.Status200OK).Produces<RubricImportResponse>(StatusCodes.Status201Created).Produces<RubricImportResponse>(StatusCodes.Status400BadRequest)
          .AcceptsUpload("xlsx 评估表文件", "id", "title", "year", "outcome", "issuer", "documentNumber")
          .WithSummary("从 xlsx 导入评估表（?dryRun=true 只返回校验报告，不保存）");
    }

    /// <summary>The form fields of an import; null when the year is not a number.</summary>
    internal static RubricImportMetadata? MetadataFrom(IFormCollection form)
    {
        int? year = null;
        var yearText = form["year"].ToString().Trim();
        if (yearText.Length > 0)
        {
            if (!int.TryParse(yearText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y)) return null;
            year = y;
        }
        return new RubricImportMetadata(form["id"].ToString(), form["title"].ToString(), year, form["outcome"].ToString(),
            form["issuer"].ToString(), form["documentNumber"].ToString());
    }

    /// <summary>201 with a Location header and the JSON body.</summary>
    internal sealed class CreatedJson(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
