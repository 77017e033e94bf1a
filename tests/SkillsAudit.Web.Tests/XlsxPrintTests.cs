using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Every spreadsheet the system writes prints, read back with OpenXml: schema-valid; A4, one page wide (landscape when
/// wider than a portrait page), page numbers in the footer; header rows repeated on every page; the 合计/小计 rows bold;
/// 序号 stored as numbers; the notice's annexes carry the 制表 line and date as seed 000 prints them; 附件4 has the
/// seed's three header rows.
/// </summary>
public sealed class XlsxPrintTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(int Campaign, int Assessment)> IdsAsync()
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var campaign = await db.Set<Campaign>().Where(c => c.Year == 2023).Select(c => c.Id).SingleAsync();
        return (campaign, await db.Set<Assessment>().Where(a => a.CampaignId == campaign).Select(a => a.Id).FirstAsync());
    }

    private static List<string[]> Rows(WorksheetPart part) =>
        part.Worksheet.Descendants<Row>().Select(r =>
        {
            var cells = r.Elements<Cell>().ToList();
            var width = cells.Count == 0 ? 0 : cells.Max(c => ColumnIndex(c.CellReference!.Value!)) + 1;
            var values = new string[width];
            foreach (var c in cells) values[ColumnIndex(c.CellReference!.Value!)] = c.InnerText;
            return values.Select(v => v ?? "").ToArray();
        }).ToList();

    private static int ColumnIndex(string reference) => reference.TakeWhile(char.IsLetter).Aggregate(0, (n, ch) => n * 26 + ch - 'A' + 1) - 1;

    private static bool IsBold(WorkbookPart wb, Cell c)
    {
        var xf = wb.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)(c.StyleIndex?.Value ?? 0));
        return wb.WorkbookStylesPart.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)xf.FontId!.Value).Bold is not null;
    }

    [Fact]
    public async Task Every_spreadsheet_prints_one_page_wide_with_repeated_headers_page_numbers_and_bold_totals()
    {
        var (campaign, assessment) = await IdsAsync();
        var admin = await app.AdminAsync();
        string[] downloads =
        [
            $"/api/notices/preview.xlsx?year=2023&region=忻州市&campaignId={campaign}", "/api/statistics/export?year=2023&region=忻州市",
            $"/api/reviews/campaigns/{campaign}/annex4.xlsx", "/api/changes/report.xlsx?year=2024&quarter=1", "/api/filings/export.xlsx",
            "/api/audit/export.xlsx", $"/api/reviews/assessments/{assessment}/sheet.xlsx", "/api/statistics/template.xlsx?year=2023", "/api/risk/export.xlsx?region=忻州市",
        ];
        var totalsSeen = 0;
        foreach (var url in downloads)
        {
            var res = await admin.GetAsync(url);
            res.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            using var doc = SpreadsheetDocument.Open(new MemoryStream(await res.Content.ReadAsByteArrayAsync()), false);
            var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(doc).ToList();
            errors.ShouldBeEmpty(url + ": " + string.Join("\n", errors.Take(5).Select(e => $"{e.Path?.XPath} {e.Description}")));
            var wb = doc.WorkbookPart!;
            var sheets = wb.Workbook.Sheets!.Elements<Sheet>().ToList();
            var titles = wb.Workbook.DefinedNames?.Elements<DefinedName>().Where(d => d.Name == "_xlnm.Print_Titles").ToList() ?? [];
            for (var i = 0; i < sheets.Count; i++)
            {
                var part = (WorksheetPart)wb.GetPartById(sheets[i].Id!);
                var ws = part.Worksheet;
                var where = $"{url} sheet {sheets[i].Name}";
                ws.GetFirstChild<SheetProperties>()?.PageSetupProperties?.FitToPage?.Value.ShouldBe(true, where);
                var setup = ws.GetFirstChild<PageSetup>().ShouldNotBeNull(where);
                setup.PaperSize!.Value.ShouldBe(9u, where);
                setup.FitToWidth!.Value.ShouldBe(1u, where);
                setup.FitToHeight!.Value.ShouldBe(0u, where);
                var width = ws.GetFirstChild<Columns>()?.Elements<Column>().Sum(c => c.Width!.Value) ?? 0;
                setup.Orientation!.Value.ShouldBe(width > SkillsAudit.Data.Files.XlsxWriter.PortraitWidth ? OrientationValues.Landscape : OrientationValues.Portrait, where);
                ws.GetFirstChild<HeaderFooter>()!.OddFooter!.Text.ShouldContain("&P", Case.Sensitive, where);
                if (ws.SheetViews?.Descendants<Pane>().FirstOrDefault() is { } pane)
                    titles.ShouldContain(d => d.LocalSheetId!.Value == (uint)i && d.Text.EndsWith($"${(int)pane.VerticalSplit!.Value}", StringComparison.Ordinal), where);
                foreach (var row in ws.Descendants<Row>())
                {
                    var cells = row.Elements<Cell>().ToList();
                    if (!cells.Take(3).Any(c => c.InnerText is "合计" or "小计")) continue;
                    totalsSeen++;
                    cells.Where(c => c.InnerText.Length > 0).ShouldAllBe(c => IsBold(wb, c), $"{where} row {row.RowIndex}");
                }
            }
        }
        totalsSeen.ShouldBeGreaterThanOrEqualTo(5); // notice 2, statistics 2, 附件4 小计 + 合计
    }

    [Fact]
    public async Task Notice_annexes_carry_the_maker_line_and_date_and_number_their_rows()
    {
        var (campaign, _) = await IdsAsync();
        var officer = await app.OfficerAsync();
        var res = await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市", campaignId = campaign, datedOn = "2024-01-25", documentNumber = "忻人社函〔2024〕5号" });
        res.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var doc = SpreadsheetDocument.Open(new MemoryStream(await officer.GetByteArrayAsync($"/api/notices/{id}/download/xlsx")), false);
        foreach (var part in doc.WorkbookPart!.WorksheetParts)
        {
            var rows = Rows(part);
            rows[1][0].ShouldStartWith("制表：");
            rows[2][0].ShouldBe("2024年1月25日");
            rows[3][0].ShouldBe("序号");
            var data = part.Worksheet.Descendants<Row>().Skip(5).Select(r => r.Elements<Cell>().First()).Where(c => c.InnerText.Length > 0).ToList();
            data.Count.ShouldBeGreaterThan(10);
            data.ShouldAllBe(c => c.DataType == null && c.CellValue != null); // numbers, not text
            data.Select(c => int.Parse(c.InnerText, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(Enumerable.Range(1, data.Count));
        }
    }

    [Fact]
    public async Task Annex4_has_the_seeds_three_header_rows_with_room_for_their_text()
    {
        var (campaign, _) = await IdsAsync();
        var admin = await app.AdminAsync();
        using var doc = SpreadsheetDocument.Open(new MemoryStream(await admin.GetByteArrayAsync($"/api/reviews/campaigns/{campaign}/annex4.xlsx")), false);
        var part = doc.WorkbookPart!.WorksheetParts.Single();
        var rows = Rows(part);
        rows[2][5].ShouldBe("评估意见");
        rows[3][5..11].ShouldBe(["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]);
        rows[4][5].ShouldStartWith("需终止备案的机构");
        rows[4][10].ShouldStartWith("评估得分");
        var header = part.Worksheet.Descendants<Row>().Single(r => r.RowIndex!.Value == 5);
        header.CustomHeight!.Value.ShouldBeTrue();
        header.Height!.Value.ShouldBeGreaterThanOrEqualTo(60);
        doc.WorkbookPart.Workbook.DefinedNames!.Elements<DefinedName>().Single(d => d.Name == "_xlnm.Print_Titles").Text.ShouldBe("'附件4'!$3:$5");
    }
}
