using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Domain.Rubrics;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The bomb files, scaled down so that the test stays quick, sent through the real endpoints (issue 12 item 2):
/// each is refused with 400 or 413 and a Chinese message naming the file and the limit, never a 500. The full-size
/// files and their peak memory are measured in bench/ (`bombs`).
/// </summary>
public sealed class UploadLimitTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<(HttpStatusCode Status, string Detail)> Post(HttpClient client, string url, byte[] file, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        var res = await client.PostAsync(url, form);
        var body = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, body);
    }

    private static byte[] Zip(params (string Name, Action<TextWriter> Write)[] parts)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, write) in parts)
            {
                using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false));
                write(w);
            }
        }
        return ms.ToArray();
    }

    private static byte[] Xlsx(Action<TextWriter> sheetData) => Zip(
        ("xl/workbook.xml", w => w.Write("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")),
        ("xl/_rels/workbook.xml.rels", w => w.Write("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>")),
        ("xl/worksheets/sheet1.xml", w =>
        {
            w.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
            sheetData(w);
            w.Write("</worksheet>");
        }));

    [Fact]
    public async Task A_sheet_of_empty_rows_is_refused_by_the_rubric_import_at_the_row_limit()
    {
        var file = Xlsx(w =>
        {
            w.Write("<dimension ref=\"A1:AMJ200000\"/><sheetData>");
            for (var r = 1; r <= 200_000; r++) w.Write($"<row r=\"{r}\"/>");
            w.Write("</sheetData>");
        });
        var (status, body) = await Post(await app.OfficerAsync(), "/api/rubrics/import?dryRun=true", file, "空行.xlsx");
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("空行.xlsx");
        body.ShouldContain("行数超过上限 100,000 行");
    }

    [Fact]
    public async Task A_cell_of_hundreds_of_megabytes_is_refused_by_the_certificate_import_without_holding_it()
    {
        // the part stays under the part limit, so only the streaming cell limit can stop it
        var file = Xlsx(w =>
        {
            w.Write("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>");
            var chunk = new string('A', 1 << 16);
            for (var i = 0; i < 1600; i++) w.Write(chunk); // 100 MB
            w.Write("</t></is></c></row></sheetData>");
        });
        file.Length.ShouldBeLessThan(1 << 20);
        var filing = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Filings.Where(f => f.RegionCode.StartsWith("1409")).Select(f => f.Id).FirstAsync());
        var (status, body) = await Post(await app.OfficerAsync(), $"/api/certificates/import?filingId={filing}&year=2025&dryRun=true", file, "名册.xlsx");
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("名册.xlsx");
        body.ShouldContain("32767 个字符的上限");
    }

    [Fact]
    public async Task A_word_document_that_unpacks_to_gigabytes_is_refused_by_the_notice_audit()
    {
        var file = Zip(("[Content_Types].xml", w => w.Write("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")),
            ("word/document.xml", w =>
            {
                w.Write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
                for (var i = 0; i < 400_000; i++) w.Write("<w:p><w:r><w:t>公示</w:t></w:r></w:p>"); // 16 MB
                w.Write("</w:body></w:document>");
            }));
        var (status, body) = await Post(await app.OfficerAsync(), "/api/audit-notice?offline=true", file, "公告.docx");
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("公告.docx");
        body.ShouldContain("疑似压缩炸弹");
    }

    [Fact]
    public async Task A_word_document_with_a_dtd_is_refused_naming_it()
    {
        var file = Zip(("[Content_Types].xml", w => w.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>")),
            ("_rels/.rels", w => w.Write("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>")),
            ("word/document.xml", w => w.Write("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>")));
        var (status, body) = await Post(await app.OfficerAsync(), "/api/audit-notice?offline=true", file, "带DTD.docx");
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.ShouldContain("带DTD.docx");
    }

    [Fact]
    public async Task A_json_body_over_one_megabyte_gets_413_in_chinese()
    {
        var client = await app.OfficerAsync();
        var big = "{\"reason\":\"" + new string('x', 2 << 20) + "\"}";
        var res = await client.PostAsync("/api/scope/check", new StringContent(big, Encoding.UTF8, "application/json"));
        res.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var problem = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("title").GetString().ShouldBe("内容过大");
        problem.GetProperty("detail").GetString()!.ShouldContain("超过 JSON 请求的上限");
    }

    [Fact]
    public void A_billion_laughs_rubric_and_deep_nesting_are_refused_before_loading()
    {
        var laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
        RubricLoader.TryLoadText(laughs, "笑.yaml").Errors.ShouldHaveSingleItem().Message.ShouldContain("不支持 YAML");
        var deep = new string('[', 10_000) + new string(']', 10_000);
        RubricLoader.TryLoadText(deep, "深.yaml").Errors.ShouldHaveSingleItem().Message.ShouldContain("嵌套层级超过上限 32 层");
    }
}
