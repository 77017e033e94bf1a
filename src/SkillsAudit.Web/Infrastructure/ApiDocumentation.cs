using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>The answer of a create that gives only the new record's number: <c>{"id": 12}</c>.</summary>
public sealed record CreatedId(int Id);

/// <summary>A count answered by itself: <c>{"unread": 3}</c>, <c>{"marked": 3}</c>, <c>{"changed": 3}</c>.</summary>
public sealed record UnreadCount(int Unread);

/// <inheritdoc cref="UnreadCount"/>
public sealed record MarkedCount(int Marked);

/// <inheritdoc cref="UnreadCount"/>
public sealed record ChangedCount(int Changed);

/// <summary>A multipart/form-data upload read by hand from the request: its file field and text fields, for the document.</summary>
public sealed record UploadMetadata(string Description, string FileField, IReadOnlyList<string> TextFields, IReadOnlyList<string> OtherFiles);

/// <summary>An update that must name the version it was made from in If-Match (428 without it, 412 or 409 when stale).</summary>
public sealed class IfMatchRequiredMetadata;

/// <summary>
/// The OpenAPI document (/openapi/v1.json) that another team can build a client from: every operation with an
/// operationId (its endpoint name, else one derived from method and route), a Chinese summary, the cookie security
/// scheme where sign-in is required, the problem-details answers it can give (400/401/403/404/409/412/428) and
/// binary schemas for file downloads. Response schemas come from the handlers' typed results.
/// </summary>
public static class ApiDocumentation
{
    public const string CookieScheme = "cookie";
    public const string Problem = "Problem";
    public const string ValidationProblem = "ValidationProblem";

    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Pdf = "application/pdf";
    public const string Csv = "text/csv";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                Describe(doc);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((op, ctx, _) =>
            {
                Describe(op, ctx);
                return Task.CompletedTask;
            });
        });

    /// <summary>A file download: 200 with the file's media type(s), declared as binary in the document.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder, string contentType, params string[] more) =>
        builder.Produces<Stream>(StatusCodes.Status200OK, contentType, more);

    /// <summary>A multipart/form-data upload (field <c>file</c> and the given text fields) that the handler reads by hand.</summary>
    public static RouteHandlerBuilder AcceptsUpload(this RouteHandlerBuilder builder, string description, params string[] textFields) =>
        builder.WithMetadata(new UploadMetadata(description, "file", textFields, []));

    /// <summary>As <see cref="AcceptsUpload(RouteHandlerBuilder, string, string[])"/>, with further optional file fields.</summary>
    public static RouteHandlerBuilder AcceptsUpload(this RouteHandlerBuilder builder, string description, string[] otherFiles, params string[] textFields) =>
        builder.WithMetadata(new UploadMetadata(description, "file", textFields, otherFiles));

    private static void Describe(OpenApiDocument doc)
    {
        doc.Info.Title = "职业技能等级评价机构监管系统 接口";
        doc.Info.Version = "v1";
        doc.Info.Description =
            "供其他系统对接使用的 JSON 接口。登录：POST /api/auth/login（用户名、密码），之后以返回的 Cookie（skillsaudit）调用需要登录的接口。" +
            "出错时返回 RFC 7807 格式的问题说明（application/problem+json，中文 title、detail，字段错误在 errors 中，另附 traceId）。" +
            "修改类接口须在请求头 If-Match 中携带读取时响应头 ETag 给出的版本号：缺少时 428，版本已过时 412（或 409）。";

        doc.Components ??= new OpenApiComponents();
        doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        doc.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "skillsaudit",
            Description = "登录（POST /api/auth/login）后服务器设置的会话 Cookie；空闲 30 分钟或登录满 12 小时后失效。",
        };
        doc.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        // Downloads are declared inline as binary (see the operations): the placeholder type's schema is not needed.
        doc.Components.Schemas.Remove("Stream");
        // The framework's own problem types, replaced in every operation by Problem / ValidationProblem (with traceId).
        doc.Components.Schemas.Remove("ProblemDetails");
        doc.Components.Schemas.Remove("HttpValidationProblemDetails");
        doc.Components.Schemas[Problem] = ProblemSchema(withErrors: false);
        doc.Components.Schemas[ValidationProblem] = ProblemSchema(withErrors: true);

        foreach (var server in doc.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
        }

        // Routing ignores a trailing slash ("/api/risk/" answers at "/api/risk"): document the path without it.
        if (doc.Paths is { } paths)
        {
            foreach (var key in paths.Keys.Where(k => k.Length > 1 && k.EndsWith('/')).ToList())
            {
                var item = paths[key];
                paths.Remove(key);
                paths[key.TrimEnd('/')] = item;
            }
        }

        // Each tag used by an operation, with a description.
        var tags = (doc.Paths?.Values ?? Enumerable.Empty<IOpenApiPathItem>()).SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).OfType<string>()
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        doc.Tags ??= new HashSet<OpenApiTag>();
        foreach (var t in tags)
        {
            if (doc.Tags.FirstOrDefault(x => x.Name == t) is { } tag) tag.Description ??= TagDescription(t);
            else doc.Tags.Add(new OpenApiTag { Name = t, Description = TagDescription(t) });
        }
    }

    private static string TagDescription(string tag) => tag switch
    {
        "账号" => "登录、退出、当前用户、修改本人密码",
        "账号管理" => "管理员管理账号：创建、停用、启用、重置密码、角色与绑定",
        "专家库/检查人员库" => "专家与检查人员名册",
        "备案登记" => "评价机构备案的查询、导出、新建与修改；行政区划；职业目录",
        "审计日志" => "谁在何时做了什么（管理员）",
        "定时任务" => "每日自动运行的任务及其运行记录（管理员）",
        "评估表" => "绩效考核评估表：列表、查看、校验、比较、计分、导入",
        "评价统计" => "年度评价统计的填报、导入、查询、汇总与导出",
        "公告核查" => "核对公告中的合计、合格率、百分比与等级",
        "结果公告" => "考核结果公告的生成、修改、发布、更正与下载",
        "公示" => "公众可见的公告与投诉举报",
        "绩效考核" => "考核方案、自评、专家评分、结果、评估意见与整改",
        "节假日安排" => "计算工作日用的放假与调休安排",
        "通知" => "站内通知与首页待办",
        "风险监管" => "风险信号、风险等级及其依据",
        _ => "依据《忻州市职业技能等级评价机构管理办法》的管理事项：" + tag,
    };

    private static OpenApiSchema ProblemSchema(bool withErrors)
    {
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "问题类型（URI）" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "问题标题（中文），如“输入有误”“未找到”" },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "HTTP 状态码" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "说明（中文），指明字段、行、列等位置" },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "追踪编号，联系管理员时提供" },
        };
        if (withErrors)
        {
            properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "字段 → 该字段的错误说明（中文）",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = withErrors ? "RFC 7807 问题说明，附字段错误" : "RFC 7807 问题说明",
            Required = new HashSet<string> { "title", "status" },
            Properties = properties,
        };
    }

    private static void Describe(OpenApiOperation op, OpenApiOperationTransformerContext ctx)
    {
        var d = ctx.Description;
        var metadata = d.ActionDescriptor.EndpointMetadata;
        var method = (d.HttpMethod ?? "GET").ToUpperInvariant();
        var route = d.RelativePath ?? "";

        op.OperationId ??= metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName ?? OperationId(method, route);

        var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        op.Security ??= [];
        op.Security.Add(signedIn
            ? new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, ctx.Document)] = [] }
            : new OpenApiSecurityRequirement()); // public: no credentials needed

        if (metadata.OfType<UploadMetadata>().LastOrDefault() is { } upload)
        {
            var fields = new Dictionary<string, IOpenApiSchema>
            {
                [upload.FileField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = upload.Description },
            };
            foreach (var f in upload.OtherFiles) fields[f] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
            foreach (var f in upload.TextFields) fields[f] = new OpenApiSchema { Type = JsonSchemaType.String };
            op.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Required = new HashSet<string> { upload.FileField }, Properties = fields },
                    },
                },
            };
        }

        var write = method is "POST" or "PUT" or "PATCH" or "DELETE";
        var hasRouteValue = route.Contains('{', StringComparison.Ordinal);
        var ifMatch = metadata.OfType<IfMatchRequiredMetadata>().Any();
        op.Responses ??= new OpenApiResponses();
        if (write || op.RequestBody is not null || op.Parameters is { Count: > 0 })
            AddProblem(op, ctx, 400, "输入有误：说明指明字段（及行、列），字段错误在 errors 中", ValidationProblem);
        if (signedIn) AddProblem(op, ctx, 401, "未登录或会话已过期");
        if (signedIn || write) AddProblem(op, ctx, 403, "无权操作（不在本人地区、角色不允许，或来自其他网站的提交）");
        if (hasRouteValue) AddProblem(op, ctx, 404, "未找到（或无权查看）");
        if (write) AddProblem(op, ctx, 409, "操作冲突：当前状态不允许，或他人刚刚保存了修改");
        if (metadata.OfType<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>().Any())
            AddProblem(op, ctx, 429, "请求过于频繁（响应头 Retry-After 给出等待秒数）");
        if (ifMatch)
        {
            AddProblem(op, ctx, 412, "If-Match 的版本已不是最新（他人刚保存了修改），未保存");
            AddProblem(op, ctx, 428, "缺少 If-Match 请求头（须携带读取时响应头 ETag 给出的版本号），未保存");
            op.Parameters ??= [];
            if (!op.Parameters.Any(p => string.Equals(p.Name, "If-Match", StringComparison.OrdinalIgnoreCase) && p.In == ParameterLocation.Header))
            {
                op.Parameters.Add(new OpenApiParameter
                {
                    Name = "If-Match",
                    In = ParameterLocation.Header,
                    Required = true,
                    Description = "读取时响应头 ETag 给出的版本号",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
            else
            {
                foreach (var p in op.Parameters.OfType<OpenApiParameter>().Where(p => string.Equals(p.Name, "If-Match", StringComparison.OrdinalIgnoreCase)))
                {
                    p.Required = true;
                    p.Description ??= "读取时响应头 ETag 给出的版本号";
                }
            }
        }

        // Every problem answer the endpoint declared itself (ProducesProblem, ValidationProblem results) uses the same schemas.
        foreach (var (status, response) in op.Responses)
        {
            if (response.Content is null || !response.Content.TryGetValue("application/problem+json", out var problem)) continue;
            problem.Schema = new OpenApiSchemaReference(status == "400" ? ValidationProblem : Problem, ctx.Document);
            if (response is OpenApiResponse r && (string.IsNullOrEmpty(r.Description) || r.Description.All(char.IsAscii)))
                r.Description = int.TryParse(status, CultureInfo.InvariantCulture, out var code) ? ErrorTexts.Title(code) : r.Description;
        }

        // Downloads (any non-JSON success content) are binary files.
        foreach (var (status, response) in op.Responses)
        {
            if (!status.StartsWith('2') || response.Content is null) continue;
            foreach (var (type, media) in response.Content)
            {
                if (type.Contains("json", StringComparison.OrdinalIgnoreCase)) continue;
                media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
            }
        }
        // Chinese descriptions of the success answers.
        foreach (var (status, response) in op.Responses)
        {
            if (response is OpenApiResponse r && (string.IsNullOrEmpty(r.Description) || r.Description.All(char.IsAscii)))
                r.Description = status switch { "200" => "成功", "201" => "已创建", "204" => "成功（无内容）", _ => r.Description };
        }
    }

    private static void AddProblem(OpenApiOperation op, OpenApiOperationTransformerContext ctx, int status, string description, string schema = Problem)
    {
        var key = status.ToString(CultureInfo.InvariantCulture);
        var media = new OpenApiMediaType { Schema = new OpenApiSchemaReference(schema, ctx.Document) };
        if (op.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse declared)
        {
            // Declared by the endpoint (e.g. a report as JSON): the problem details are a second possible answer.
            declared.Content ??= new Dictionary<string, OpenApiMediaType>();
            declared.Content["application/problem+json"] = media; // one problem schema everywhere (with traceId)
            if (string.IsNullOrEmpty(declared.Description) || declared.Description.All(char.IsAscii)) declared.Description = description;
            return;
        }
        op.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = media },
        };
    }

    /// <summary>An operationId from method and route: GET api/filings/{id} → getFilingsById.</summary>
    public static string OperationId(string method, string route)
    {
        var sb = new StringBuilder(method.ToLowerInvariant());
        var segments = route.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var raw in segments.SkipWhile((s, i) => i == 0 && s == "api"))
        {
            if (raw.StartsWith('{'))
            {
                var name = raw.Trim('{', '}').Split(':', '=', '?')[0];
                sb.Append("By").Append(Pascal(name));
            }
            else
            {
                sb.Append(Pascal(raw));
            }
        }
        return sb.ToString();
    }

    private static string Pascal(string s)
    {
        var sb = new StringBuilder();
        var upper = true;
        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c)) { upper = true; continue; }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return sb.ToString();
    }

    /// <summary>
    /// The Scalar reference's script for /api/docs, as the Scalar.AspNetCore package ships it (embedded, gzip): served
    /// by this app, never from a CDN. Sent compressed to browsers that accept gzip (all of them), else unpacked.
    /// </summary>
    public static void MapApiReferenceAssets(this IEndpointRouteBuilder app)
    {
        var bundle = new Lazy<byte[]>(() =>
        {
            using var s = typeof(Scalar.AspNetCore.ScalarOptions).Assembly.GetManifestResourceStream("ScalarStaticAssets.scalar.js")
                ?? throw new InvalidOperationException("Scalar.AspNetCore no longer embeds ScalarStaticAssets.scalar.js");
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return ms.ToArray();
        });
        app.MapGet("/api/docs/scalar.js", (HttpContext http) =>
        {
            var gz = bundle.Value;
            http.Response.Headers.CacheControl = "public, max-age=86400";
            http.Response.Headers.Vary = "Accept-Encoding";
            var gzipped = gz.Length > 2 && gz[0] == 0x1f && gz[1] == 0x8b;
            if (!gzipped || http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                if (gzipped) http.Response.Headers.ContentEncoding = "gzip";
                return Results.Bytes(gz, "text/javascript; charset=utf-8");
            }
            using var unzip = new System.IO.Compression.GZipStream(new MemoryStream(gz), System.IO.Compression.CompressionMode.Decompress);
            using var plain = new MemoryStream();
            unzip.CopyTo(plain);
            return Results.Bytes(plain.ToArray(), "text/javascript; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
