using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>Clean refusals (issue 12 item 6): 428 without If-Match, length limits that agree, CLI refusals on one line.</summary>
public sealed class CleanRefusalTests(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<int> XinzhouFiling() =>
        app.WithAsync(sp => sp.GetRequiredService<AppDb>().Filings.Where(f => f.RegionCode.StartsWith("1409")).OrderBy(f => f.Id).Select(f => f.Id).FirstAsync());

    [Fact]
    public async Task A_filing_update_without_if_match_gets_428_and_writes_nothing_with_the_etag_it_succeeds()
    {
        var officer = await app.OfficerAsync();
        var list = await officer.GetFromJsonAsync<JsonElement>("/api/filings?q=忻州市高级技工学校");
        var id = list.GetProperty("items")[0].GetProperty("id").GetInt32();
        var get = await officer.GetAsync($"/api/filings/{id}");
        var etag = get.Headers.ETag!.Tag;
        var input = new { entityName = "忻州市高级技工学校", region = "忻州市", supervision = "City", status = "Active", notes = "428 测试" };
        var missing = await officer.PutAsJsonAsync($"/api/filings/{id}", input);
        missing.StatusCode.ShouldBe((HttpStatusCode)428);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("需要版本号");
        problem.GetProperty("detail").GetString()!.ShouldContain("If-Match");
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Filings.Where(f => f.Id == id).Select(f => f.Notes).FirstAsync())).ShouldNotBe("428 测试");

        using var bad = new HttpRequestMessage(HttpMethod.Put, $"/api/filings/{id}") { Content = JsonContent.Create(input) };
        bad.Headers.TryAddWithoutValidation("If-Match", "abc");
        (await officer.SendAsync(bad)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var ok = new HttpRequestMessage(HttpMethod.Put, $"/api/filings/{id}") { Content = JsonContent.Create(input) };
        ok.Headers.TryAddWithoutValidation("If-Match", etag);
        var res = await officer.SendAsync(ok);
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Name", 100)]
    [InlineData("Address", 200)]
    public async Task A_change_request_is_limited_to_what_the_registry_keeps_so_that_it_can_be_approved(string kind, int max)
    {
        var officer = await app.OfficerAsync();
        var id = await XinzhouFiling();
        MultipartFormDataContent Form(string value)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(id.ToString(CultureInfo.InvariantCulture)), "filingId" }, { new StringContent(kind), "kind" }, { new StringContent(value), "value" },
            };
            foreach (var k in new[] { "ChangeBasis", "NewQualification" })
            {
                var file = new ByteArrayContent(RulesKit.Pdf);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                form.Add(file, k, k + ".pdf");
            }
            return form;
        }
        var tooLong = await officer.PostAsync("/api/changes", Form(new string('晋', max + 1)));
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLong.Content.ReadAsStringAsync()).ShouldContain($"不能超过 {max} 个字符");

        var longest = await officer.PostAsync("/api/changes", Form(new string('晋', max - 3) + "有限公司"[..3]));
        longest.StatusCode.ShouldBe(HttpStatusCode.Created, await longest.Content.ReadAsStringAsync());
        var change = (await longest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var approved = await officer.PostAsJsonAsync($"/api/changes/{change}/approve", new { note = "材料齐全" });
        approved.StatusCode.ShouldBe(HttpStatusCode.NoContent, await approved.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string[]> CorruptImports => new()
    {
        { "bad.xlsx", ["filings", "import", "{file}"] },
        { "bad.xlsx", ["certs", "import", "{file}", "--filing", "{filing}", "--year", "2025"] },
        { "bad.xlsx", ["stats", "import", "{file}"] },
        { "bad.csv", ["stats", "check", "{file}"] },
        { "bad.xlsx", ["roster", "import", "{file}"] },
        { "bad.xlsx", ["rubric", "import", "{file}", "--id", "fuzz", "--title", "测试", "--check"] },
        { "bad.docx", ["audit-notice", "{file}", "--offline"] },
        { "bad.yaml", ["rubric", "validate", "{file}"] },
        { "huge-version.yaml", ["rubric", "validate", "{file}"] },
    };

    [Theory]
    [MemberData(nameof(CorruptImports))]
    public async Task Every_cli_import_refuses_a_corrupt_file_with_one_chinese_line_and_exit_1(string name, string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("sa-cli-").FullName;
        var path = Path.Combine(dir, name);
        await File.WriteAllBytesAsync(path, name switch
        {
            "huge-version.yaml" => Encoding.UTF8.GetBytes("formatVersion: 99999999999999999999999999999\nid: x\n"),
            "bad.yaml" => Encoding.UTF8.GetBytes("id: [unclosed\n  - : :\n"),
            "bad.csv" => [0xFF, 0xFE, 0x00, 0xD8, 0x0A, 0x00, 0x00],
            _ => [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03],
        });
        var filing = (await XinzhouFiling()).ToString(CultureInfo.InvariantCulture);
        var (exit, _, error) = await app.CliAsync(args.Select(a => a.Replace("{file}", path, StringComparison.Ordinal).Replace("{filing}", filing, StringComparison.Ordinal)).ToArray());
        exit.ShouldBe(1, error);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Length.ShouldBe(1, error);
        lines[0].ShouldContain(name);
        lines[0].Any(c => c is >= '\u4e00' and <= '\u9fff').ShouldBeTrue(error);
        Directory.Delete(dir, recursive: true);
    }
}
