using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using Xunit;

namespace SkillsAudit.Web.Tests;

public sealed class StatisticsTemplateTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_downloaded_template_filled_in_and_uploaded_stores_the_figures()
    {
        var officer = await app.AdminAsync() /* acts on another city than the demo officer's 忻州市 */;
        var res = await officer.GetAsync("/api/statistics/template.xlsx?year=2022&region=淮南市");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var template = await res.Content.ReadAsByteArrayAsync();
        // Rows are ordered by name: the first of Huainan's 8 is 中煤新集能源股份有限公司 (Y000034040002).
        var filled = TemplateRows.Fill(template, ("E", "中式烹调师"), ("F", "4-03-02-01"), ("H", 2), ("I", 60), ("J", 50), ("K", 50), ("L", 20), ("M", 30), ("Q", 5));

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(filled);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "统计表模板-2022.xlsx");
        var upload = await officer.PostAsync("/api/statistics/import", form);
        upload.StatusCode.ShouldBe(HttpStatusCode.OK, await upload.Content.ReadAsStringAsync());

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var filing = await db.Filings.Where(f => f.LegalEntity.Name == "中煤新集能源股份有限公司").Select(f => f.Id).SingleAsync();
        var record = await db.StatisticsRecords.SingleAsync(r => r.FilingId == filing && r.Year == 2022);
        (record.Assessed, record.Passed, record.Certified, record.CertifiedL5, record.CertifiedL4, record.SubsidyRecipients).ShouldBe((60L, 50L, 50L, 20L, 30L, 5L));
        record.OccupationCode.ShouldBe("4-03-02-01");
        // The seven other pre-filled filings had no figures: not a report of "0 assessed", so nothing is stored for them,
        // and the import says so for each line.
        (await db.StatisticsRecords.CountAsync(r => r.Year == 2022)).ShouldBe(1);
        var report = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement;
        report.GetProperty("warnings").EnumerateArray().Count(w => w.GetProperty("code").GetString() == "import.unfilled-row").ShouldBe(7);
    }

    [Fact]
    public async Task A_body_user_template_lists_only_its_own_filing()
    {
        var body = await app.SignedInAsync("body", "Body#2026");
        var bytes = await body.GetByteArrayAsync("/api/statistics/template.xlsx?year=2024&region=忻州市");
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var rows = doc.WorkbookPart!.WorksheetParts.First().Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
        rows.Count.ShouldBe(3);
        rows[2].InnerText.ShouldContain("忻州市高级技工学校");
    }
}
