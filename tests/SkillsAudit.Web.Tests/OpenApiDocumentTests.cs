using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Shouldly;
using SkillsAudit.Web.Infrastructure;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// /openapi/v1.json is enough for another team to build a client: every operation has an operationId, a Chinese
/// summary, its response schema, the problem-details answers it can give and (where sign-in is needed) the cookie
/// scheme; downloads are binary; the document passes Redocly's recommended rules; /api/docs shows it from this app.
/// </summary>
public sealed class OpenApiDocumentTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly Regex Chinese = new(@"\p{IsCJKUnifiedIdeographs}", RegexOptions.None, TimeSpan.FromSeconds(1));
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private sealed record Operation(string Method, string Path, JsonElement Body)
    {
        public override string ToString() => $"{Method.ToUpperInvariant()} {Path}";

        public IEnumerable<string> Statuses => Body.GetProperty("responses").EnumerateObject().Select(p => p.Name);

        public JsonElement Response(string status) => Body.GetProperty("responses").GetProperty(status);

        public bool SignedIn => Body.TryGetProperty("security", out var s) && s.EnumerateArray().Any(r => r.TryGetProperty(ApiDocumentation.CookieScheme, out _));
    }

    private async Task<(JsonDocument Doc, string Text)> DocumentAsync()
    {
        var res = await app.CreateClient().GetAsync("/openapi/v1.json");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await res.Content.ReadAsStringAsync();
        return (JsonDocument.Parse(text), text);
    }

    private static List<Operation> Operations(JsonDocument doc) =>
        doc.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)).Select(m => new Operation(m.Name, p.Name, m.Value)))
            .ToList();

    [Fact]
    public async Task Every_operation_has_a_unique_operationId_a_Chinese_summary_and_a_tag()
    {
        var (doc, _) = await DocumentAsync();
        var ops = Operations(doc);
        ops.Count.ShouldBeGreaterThan(100);
        foreach (var op in ops)
        {
            op.Body.TryGetProperty("operationId", out var id).ShouldBeTrue($"{op}: no operationId");
            (id.GetString() ?? "").ShouldMatch("^[A-Za-z][A-Za-z0-9]*$", $"{op}: operationId");
            op.Body.TryGetProperty("summary", out var summary).ShouldBeTrue($"{op}: no summary");
            Chinese.IsMatch(summary.GetString() ?? "").ShouldBeTrue($"{op}: the summary is not Chinese");
            op.Body.GetProperty("tags").GetArrayLength().ShouldBeGreaterThan(0, $"{op}: no tag");
        }
        ops.Select(o => o.Body.GetProperty("operationId").GetString()).ShouldBeUnique();
    }

    [Fact]
    public async Task Every_operation_declares_its_success_schema_and_the_problem_answers_it_can_give()
    {
        var (doc, _) = await DocumentAsync();
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        schemas.TryGetProperty(ApiDocumentation.Problem, out _).ShouldBeTrue();
        schemas.TryGetProperty(ApiDocumentation.ValidationProblem, out var validation).ShouldBeTrue();
        validation.GetProperty("properties").TryGetProperty("errors", out _).ShouldBeTrue();
        // Every schema has a name a client generator can use: no anonymous types.
        schemas.EnumerateObject().Select(p => p.Name).ShouldNotContain(n => n.StartsWith("AnonymousType", StringComparison.Ordinal));
        var scheme = doc.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty(ApiDocumentation.CookieScheme);
        scheme.GetProperty("type").GetString().ShouldBe("apiKey");
        scheme.GetProperty("in").GetString().ShouldBe("cookie");
        scheme.GetProperty("name").GetString().ShouldBe("skillsaudit");

        var missing = new List<string>();
        foreach (var op in Operations(doc))
        {
            var success = op.Statuses.Where(s => s.StartsWith('2')).ToList();
            if (success.Count == 0) missing.Add($"{op}: no 2xx answer");
            foreach (var s in success.Where(s => s != "204"))
            {
                if (!op.Response(s).TryGetProperty("content", out var content) || !content.EnumerateObject().Any())
                {
                    missing.Add($"{op}: {s} has no content");
                    continue;
                }
                foreach (var media in content.EnumerateObject())
                {
                    if (!media.Value.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Object || !schema.EnumerateObject().Any())
                        missing.Add($"{op}: {s} {media.Name} has no schema");
                }
            }
            var write = op.Method is "post" or "put" or "patch" or "delete";
            var expected = new List<string>();
            if (op.SignedIn) expected.AddRange(["401", "403"]);
            if (op.Path.Contains('{', StringComparison.Ordinal)) expected.Add("404");
            if (write) expected.AddRange(["400", "403", "409"]);
            if (op.Body.TryGetProperty("parameters", out var ps) && ps.GetArrayLength() > 0) expected.Add("400");
            foreach (var status in expected.Distinct())
            {
                if (!op.Statuses.Contains(status)) { missing.Add($"{op}: no {status}"); continue; }
                if (!op.Response(status).GetProperty("content").TryGetProperty("application/problem+json", out var problem))
                    missing.Add($"{op}: {status} is not problem details");
                else if (!problem.GetProperty("schema").GetProperty("$ref").GetString()!.EndsWith("Problem", StringComparison.Ordinal))
                    missing.Add($"{op}: {status} does not refer to the problem schema");
            }
            // Public operations say so with an empty requirement; the others name the cookie scheme.
            op.Body.TryGetProperty("security", out _).ShouldBeTrue($"{op}: no security");
        }
        missing.ShouldBeEmpty();
    }

    [Fact]
    public async Task Updates_that_need_a_version_declare_the_If_Match_header_and_the_412_and_428_answers()
    {
        var (doc, _) = await DocumentAsync();
        var ops = Operations(doc);
        var versioned = ops.Where(o => o.Statuses.Contains("428")).ToList();
        versioned.Select(o => o.ToString()).ShouldContain("PUT /api/filings/{id}");
        versioned.Select(o => o.ToString()).ShouldContain("PUT /api/roster/{id}");
        versioned.Select(o => o.ToString()).ShouldContain("PUT /api/reviews/assessments/{id}/self");
        foreach (var op in versioned)
        {
            op.Statuses.ShouldContain("412", op.ToString());
            op.Body.GetProperty("parameters").EnumerateArray()
                .ShouldContain(p => p.GetProperty("name").GetString() == "If-Match" && p.GetProperty("in").GetString() == "header" && p.GetProperty("required").GetBoolean(), op.ToString());
        }
    }

    [Fact]
    public async Task File_downloads_are_declared_as_binary_with_their_media_types_and_uploads_as_multipart()
    {
        var (doc, _) = await DocumentAsync();
        var ops = Operations(doc);
        var downloads = ops.Where(o => o.Method == "get" && (Regex.IsMatch(o.Path, @"\.(xlsx|docx|pdf|csv|\{format\})$", RegexOptions.None, TimeSpan.FromSeconds(1))
            || o.Path.EndsWith("/download/{format}", StringComparison.Ordinal) || o.Path == "/api/reviews/evidence/{id}" || o.Path == "/api/statistics/export")).ToList();
        downloads.Count.ShouldBeGreaterThanOrEqualTo(10);
        foreach (var op in downloads)
        {
            var content = op.Response("200").GetProperty("content").EnumerateObject().ToList();
            content.ShouldNotBeEmpty(op.ToString());
            foreach (var media in content)
            {
                media.Name.ShouldNotContain("json", Case.Insensitive, op.ToString());
                media.Value.GetProperty("schema").GetProperty("type").GetString().ShouldBe("string", op.ToString());
                media.Value.GetProperty("schema").GetProperty("format").GetString().ShouldBe("binary", op.ToString());
            }
        }
        string Types(string path) => string.Join(",", ops.Single(o => o.Method == "get" && o.Path == path).Response("200").GetProperty("content").EnumerateObject().Select(m => m.Name));
        Types("/api/filings/export.xlsx").ShouldBe(ApiDocumentation.Xlsx);
        Types("/api/notices/{id}/download/{format}").ShouldContain(ApiDocumentation.Docx);
        Types("/api/notices/{id}/download/{format}").ShouldContain(ApiDocumentation.Pdf);

        foreach (var path in new[] { "/api/roster/import", "/api/reviews/assessments/{id}/evidence", "/api/rubrics/import", "/api/audit-notice", "/api/statistics/import" })
        {
            var upload = ops.Single(o => o.Method == "post" && o.Path == path);
            var body = upload.Body.GetProperty("requestBody").GetProperty("content");
            body.EnumerateObject().Select(m => m.Name).ShouldContain(n => n.StartsWith("multipart/form-data", StringComparison.Ordinal), path);
        }
    }

    /// <summary>Redocly CLI (tools/openapi-lint, installed by test.sh), recommended rules: any error fails.</summary>
    [OpenApiLintFact]
    public async Task The_document_passes_the_Redocly_linter_with_its_recommended_rules()
    {
        var (_, text) = await DocumentAsync();
        var linter = OpenApiLinter.Find() ?? throw new InvalidOperationException(OpenApiLinter.Missing);
        var file = Path.Combine(Path.GetTempPath(), $"skillsaudit-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, text);
        try
        {
            var psi = new ProcessStartInfo(linter.Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = linter.Folder,
            };
            foreach (var a in new[] { "lint", file, "--config", Path.Combine(linter.Folder, "redocly.yaml"), "--format=stylish" }) psi.ArgumentList.Add(a);
            psi.Environment["REDOCLY_TELEMETRY"] = "off";
            psi.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            psi.Environment["NO_COLOR"] = "1";
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            using (var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3))) await p.WaitForExitAsync(cts.Token);
            var output = await stdout + await stderr;
            p.ExitCode.ShouldBe(0, "redocly lint found errors:\n" + output);
            output.ShouldContain("valid", Case.Insensitive);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_api_docs_page_is_public_and_loads_the_reference_from_this_app_without_inline_script()
    {
        var client = app.CreateClient();
        var page = await client.GetAsync("/api/docs");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self';");
        var html = await page.Content.ReadAsStringAsync();
        var dom = new HtmlParser().ParseDocument(html);
        var scripts = dom.QuerySelectorAll("script").ToList();
        scripts.ShouldNotBeEmpty();
        foreach (var s in scripts)
        {
            s.TextContent.Trim().ShouldBeEmpty("an inline script");
            var src = s.GetAttribute("src") ?? "";
            src.ShouldStartWith("/", customMessage: "a script from elsewhere: " + src);
        }
        dom.QuerySelector("#app")!.GetAttribute("data-openapi").ShouldBe("/openapi/v1.json");
        foreach (var el in dom.All) el.Attributes.ShouldNotContain(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));

        var bundle = await client.GetAsync("/api/docs/scalar.js");
        bundle.StatusCode.ShouldBe(HttpStatusCode.OK);
        bundle.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        var bytes = await bundle.Content.ReadAsByteArrayAsync();
        if (bundle.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            using var unzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await unzip.CopyToAsync(plain);
            bytes = plain.ToArray();
        }
        var js = System.Text.Encoding.UTF8.GetString(bytes);
        js.ShouldContain("createApiReference");
        js.Length.ShouldBeGreaterThan(1_000_000);

        var starter = await client.GetStringAsync("/js/api-docs.js");
        starter.ShouldContain("createApiReference");
        starter.ShouldNotContain("http://");
        starter.ShouldNotContain("https://");
    }

    [Fact]
    public async Task The_staff_API_page_links_to_the_interactive_documentation()
    {
        var officer = await app.OfficerAsync();
        var html = await officer.GetStringAsync("/ApiDocs");
        html.ShouldContain("href=\"/api/docs\"");
    }
}

/// <summary>Where the Redocly CLI is: SKILLSAUDIT_REDOCLY (test.sh sets it: then it must be there), else tools/openapi-lint of the repository.</summary>
internal sealed record OpenApiLinter(string Executable, string Folder)
{
    public const string Missing =
        "Redocly CLI 未安装：在 tools/openapi-lint 中运行 npm ci（test.sh 会自动安装）。The OpenAPI linter is not installed: run `npm ci` in tools/openapi-lint (test.sh does).";

    /// <summary>test.sh names the linter: then a missing linter fails the test instead of skipping it.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("SKILLSAUDIT_REDOCLY") is { Length: > 0 };

    public static OpenApiLinter? Find()
    {
        if (Environment.GetEnvironmentVariable("SKILLSAUDIT_REDOCLY") is { Length: > 0 } named)
            return File.Exists(named) ? new OpenApiLinter(named, FolderOf(named)) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "SkillsAudit.slnx"))) continue;
            var folder = Path.Combine(dir.FullName, "tools", "openapi-lint");
            var exe = Path.Combine(folder, "node_modules", ".bin", "redocly");
            return File.Exists(exe) ? new OpenApiLinter(exe, folder) : null;
        }
        return null;
    }

    /// <summary>tools/openapi-lint for …/tools/openapi-lint/node_modules/.bin/redocly.</summary>
    private static string FolderOf(string executable)
    {
        var dir = new FileInfo(executable).Directory;
        while (dir is not null && dir.Name != "node_modules") dir = dir.Parent;
        return dir?.Parent?.FullName ?? Path.GetDirectoryName(executable)!;
    }
}

/// <summary>A fact that is skipped, with the reason, only when the linter is absent and test.sh did not ask for it.</summary>
internal sealed class OpenApiLintFactAttribute : FactAttribute
{
    public OpenApiLintFactAttribute()
    {
        if (!OpenApiLinter.Required && OpenApiLinter.Find() is null) Skip = OpenApiLinter.Missing;
    }
}
