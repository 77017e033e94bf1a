using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using SkillsAudit.Data.Files;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The filing import in the browser and the API (the CLI's handler): check, then import; export → edit → import as a
/// round trip; the officer's region; and the column letter on every problem.
/// </summary>
public sealed class FilingImportPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly HtmlParser Parser = new();
    private const string Header = "序号,机构名称,统一社会信用代码,备案号,机构类型,监管,所在地区,备案时间,备案期限截止,状态,地址,法定代表人,职业范围,备注\n";

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
        return form;
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>The workbook with one cell replaced (rows and columns counted from 0, the header being row 0).</summary>
    private static byte[] WithCell(byte[] xlsx, int row, string header, string value)
    {
        var rows = TabularReader.ReadRows(new MemoryStream(xlsx), "备案.xlsx").Where(r => !r.IsEmpty).Select(r => r.Cells.ToArray()).ToList();
        var column = Array.IndexOf(rows[0], header);
        column.ShouldBeGreaterThanOrEqualTo(0, header);
        rows[row][column] = value;
        using var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms)) w.AddSheet("备案机构", rows.Select(r => (IReadOnlyList<XCell>)r.Select(c => (XCell)c).ToList()).ToList());
        return ms.ToArray();
    }

    private static string Cell(byte[] xlsx, int row, string header)
    {
        var rows = TabularReader.ReadRows(new MemoryStream(xlsx), "备案.xlsx").Where(r => !r.IsEmpty).ToList();
        return rows[row].Cells[Array.IndexOf(rows[0].Cells, header)] ?? "";
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage res) => JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task The_export_has_every_column_the_import_reads()
    {
        var xlsx = await app.CreateClient().GetByteArrayAsync("/api/filings/export.xlsx?region=忻州市");
        var header = TabularReader.ReadRows(new MemoryStream(xlsx), "备案.xlsx").First(r => !r.IsEmpty).Cells;
        header.ShouldBe(["序号", "机构名称", "统一社会信用代码", "备案号", "机构类型", "监管", "所在地区", "备案时间", "备案期限截止", "状态", "地址", "法定代表人", "职业范围", "备注"]);
        foreach (var h in header) SkillsAudit.Data.Features.Registry.FilingImport.Headers.Keys.ShouldContain(h);
    }

    [Fact]
    public async Task An_export_imported_again_unchanged_changes_nothing_and_one_edited_cell_changes_exactly_that_field()
    {
        var officer = await app.OfficerAsync(); // 忻州市
        var xlsx = await officer.GetByteArrayAsync("/api/filings/export.xlsx?region=忻州市&sort=name");
        var history = await app.DbAsync(db => db.FilingHistory.CountAsync());
        var filings = await app.DbAsync(db => db.Filings.CountAsync());

        using (var res = await officer.PostAsync("/api/filings/import", Upload(xlsx, "备案.xlsx")))
        {
            res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
            var r = await JsonOf(res);
            r.GetProperty("created").GetInt32().ShouldBe(0);
            r.GetProperty("changed").GetInt32().ShouldBe(0);
            r.GetProperty("unchanged").GetInt32().ShouldBe(48);
        }
        (await app.DbAsync(db => db.FilingHistory.CountAsync())).ShouldBe(history);

        // One cell changed in Excel: the address of the third row.
        var name = Cell(xlsx, 3, "机构名称");
        var edited = WithCell(xlsx, 3, "地址", "忻州市往返测试路3号");
        using (var check = await officer.PostAsync("/api/filings/import?dryRun=true", Upload(edited, "备案.xlsx")))
        {
            check.StatusCode.ShouldBe(HttpStatusCode.OK);
            var r = await JsonOf(check);
            r.GetProperty("created").GetInt32().ShouldBe(0);
            r.GetProperty("changed").GetInt32().ShouldBe(1);
            var item = r.GetProperty("items").EnumerateArray().Single();
            item.GetProperty("row").GetInt32().ShouldBe(4);
            item.GetProperty("entityName").GetString().ShouldBe(name);
            var change = item.GetProperty("changes").EnumerateArray().Single();
            change.GetProperty("field").GetString().ShouldBe("地址");
            change.GetProperty("after").GetString().ShouldBe("忻州市往返测试路3号");
        }
        (await app.DbAsync(db => db.FilingHistory.CountAsync())).ShouldBe(history); // a check writes nothing

        using (var res = await officer.PostAsync("/api/filings/import", Upload(edited, "备案.xlsx")))
        {
            res.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await JsonOf(res)).GetProperty("changed").GetInt32().ShouldBe(1);
        }
        (await app.DbAsync(db => db.FilingHistory.CountAsync())).ShouldBe(history + 1);
        (await app.DbAsync(db => db.Filings.CountAsync())).ShouldBe(filings);
        (await app.DbAsync(db => db.LegalEntities.Where(e => e.Name == name).Select(e => e.Address).SingleAsync())).ShouldBe("忻州市往返测试路3号");
        var again = await officer.GetByteArrayAsync("/api/filings/export.xlsx?region=忻州市&sort=name");
        Cell(again, 3, "地址").ShouldBe("忻州市往返测试路3号");
    }

    [Fact]
    public async Task A_row_of_another_region_is_refused_naming_its_row_and_nothing_is_written()
    {
        var officer = await app.OfficerAsync(); // 忻州市
        var csv = Header + "1,忻州区域测试机构,,,用人单位,市属,忻州市,2022,,正常,,,,\n2,阳泉区域测试机构,,,用人单位,市属,阳泉市,2022,,正常,,,,\n";
        using var res = await officer.PostAsync("/api/filings/import", Upload(Utf8(csv), "区域.csv"));
        res.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var body = await res.Content.ReadAsStringAsync();
        body.ShouldContain("第3行 [G:所在地区]");
        body.ShouldContain("阳泉市不属于您负责的地区（忻州市）");
        body.ShouldNotContain("第2行");
        (await app.DbAsync(db => db.LegalEntities.CountAsync(e => e.Name.EndsWith("区域测试机构")))).ShouldBe(0);
    }

    [Fact]
    public async Task Changing_another_regions_filing_in_an_export_is_refused_while_its_unchanged_rows_pass()
    {
        var officer = await app.OfficerAsync();
        var xlsx = await officer.GetByteArrayAsync("/api/filings/export.xlsx?region=阳泉市&sort=name");
        using (var same = await officer.PostAsync("/api/filings/import?dryRun=true", Upload(xlsx, "阳泉.xlsx")))
            same.StatusCode.ShouldBe(HttpStatusCode.OK); // identical rows change nothing, wherever their filings are
        var edited = WithCell(xlsx, 2, "备注", "越权修改");
        using var res = await officer.PostAsync("/api/filings/import", Upload(edited, "阳泉.xlsx"));
        res.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await res.Content.ReadAsStringAsync()).ShouldContain("第3行");
        (await app.DbAsync(db => db.Filings.CountAsync(f => f.Notes == "越权修改"))).ShouldBe(0);
    }

    [Fact]
    public async Task Columns_the_file_lacks_keep_their_values_and_a_filing_without_number_is_matched_by_body_and_type()
    {
        var officer = await app.OfficerAsync();
        var first = Header + "1,列保留测试机构,,Y000014090188,用人单位,市属,忻州市,2021-03,2024-03,暂停评价活动,忻州市保留路1号,李四,,\n"
            + "2,无号匹配测试机构,,,社会培训评价组织,市属,忻州市,2022,,正常,忻州市无号路2号,,,\n";
        using (var res = await officer.PostAsync("/api/filings/import", Upload(Utf8(first), "新增.csv")))
        {
            res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
            (await JsonOf(res)).GetProperty("created").GetInt32().ShouldBe(2);
        }
        // seed 004's columns only: the period changes; the address, status and representative stay.
        using (var res = await officer.PostAsync("/api/filings/import?region=" + Uri.EscapeDataString("忻州市"), Upload(Utf8("机构名称,机构备案号,备案期限\n列保留测试机构,Y000014090188,2021.3-2025.3\n"), "期限.csv")))
        {
            res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
            var item = (await JsonOf(res)).GetProperty("items").EnumerateArray().Single();
            item.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("field").GetString()).ShouldBe(["备案期限截止"]);
        }
        var kept = await app.DbAsync(db => db.Filings.Include(f => f.LegalEntity).SingleAsync(f => f.LegalEntity.Name == "列保留测试机构"));
        kept.LegalEntity.Address.ShouldBe("忻州市保留路1号");
        kept.Status.ShouldBe(SkillsAudit.Domain.Registry.FilingStatus.Suspended);

        // No 备案号: the body's one filing of that type without a number is changed, not added again.
        var second = Header + "1,无号匹配测试机构,,,社会培训评价组织,市属,忻州市,2022,,正常,忻州市无号路9号,,,\n";
        using (var res = await officer.PostAsync("/api/filings/import", Upload(Utf8(second), "无号.csv")))
        {
            var r = await JsonOf(res);
            r.GetProperty("created").GetInt32().ShouldBe(0);
            r.GetProperty("changed").GetInt32().ShouldBe(1);
        }
        (await app.DbAsync(db => db.Filings.CountAsync(f => f.LegalEntity.Name == "无号匹配测试机构"))).ShouldBe(1);
    }

    [Fact]
    public async Task Officer_checks_a_file_on_the_page_then_imports_it_after_confirming_without_choosing_it_again()
    {
        var officer = await app.OfficerAsync();
        var registry = Parser.ParseDocument(await officer.GetStringAsync("/Registry"));
        registry.QuerySelector("a[href='/Registry/Import']")!.TextContent.ShouldBe("导入备案");
        Parser.ParseDocument(await app.CreateClient().GetStringAsync("/Registry")).QuerySelector("a[href='/Registry/Import']").ShouldBeNull();

        var form = Parser.ParseDocument(await officer.GetStringAsync("/Registry/Import"));
        form.QuerySelector("#Region")!.GetAttribute("value").ShouldBe("忻州市"); // the officer's own, for files without the column
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var csv = "机构名称,机构类型,备案时间\n页面导入测试机构,用人单位,2023\n";
        using var check = await officer.PostAsync("/Registry/Import?handler=Check", Upload(Utf8(csv), "页面.csv", ("Region", "忻州市"), ("__RequestVerificationToken", token)));
        check.StatusCode.ShouldBe(HttpStatusCode.OK);
        var checkedPage = Parser.ParseDocument(await check.Content.ReadAsStringAsync());
        checkedPage.QuerySelector("#import-checked")!.TextContent.ShouldContain("将新增 1 条、修改 0 条备案");
        checkedPage.QuerySelector("#change-table")!.TextContent.ShouldContain("页面导入测试机构");
        var confirm = checkedPage.QuerySelector("#confirm-form")!;
        confirm.GetAttribute("data-confirm")!.ShouldContain("新增 1 条备案，修改 0 条备案");
        (await app.DbAsync(db => db.LegalEntities.CountAsync(e => e.Name == "页面导入测试机构"))).ShouldBe(0);

        using var import = await officer.PostAsync("/Registry/Import?handler=Import", FormKit.Form(
            confirm.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ("Token", confirm.QuerySelector("input[name=Token]")!.GetAttribute("value")!)));
        import.StatusCode.ShouldBe(HttpStatusCode.OK);
        Parser.ParseDocument(await import.Content.ReadAsStringAsync()).QuerySelector("#import-done")!.TextContent.ShouldContain("新增 1 条、修改 0 条备案");
        (await app.DbAsync(db => db.Filings.CountAsync(f => f.LegalEntity.Name == "页面导入测试机构" && f.RegionCode == "140900"))).ShouldBe(1);
    }

    [Fact]
    public async Task The_page_lists_every_problem_with_row_and_column_and_refuses_another_region_with_a_403_keeping_the_region_typed()
    {
        var officer = await app.OfficerAsync();
        var token = await FormKit.TokenAsync(officer, "/Registry/Import");
        var csv = Header + "1,页面错误测试机构,,Y14,用人单位,市属,忻州市,2022,,正常,,,,\n2,页面阳泉测试机构,,,用人单位,市属,阳泉市,2022,,正常,,,,\n";
        using var res = await officer.PostAsync("/Registry/Import?handler=Check", Upload(Utf8(csv), "错误.csv", ("Region", "忻州市"), ("__RequestVerificationToken", token)));
        res.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var page = Parser.ParseDocument(await res.Content.ReadAsStringAsync());
        var rows = page.QuerySelectorAll("#error-table tbody tr").Select(r => r.TextContent).ToList();
        rows.ShouldContain(r => r.Contains("第2行 [D:备案号]") && r.Contains("Y14"));
        rows.ShouldContain(r => r.Contains("第3行 [G:所在地区]") && r.Contains("阳泉市不属于您负责的地区（忻州市）"));
        page.QuerySelector("#import-errors")!.TextContent.ShouldContain("未写入任何数据");
        page.QuerySelector("#confirm-form").ShouldBeNull();
        page.QuerySelector("#Region")!.GetAttribute("value").ShouldBe("忻州市");
    }

    [Fact]
    public async Task A_forged_or_other_users_import_token_writes_nothing_and_says_to_check_again()
    {
        var officer = await app.OfficerAsync();
        var token = await FormKit.TokenAsync(officer, "/Registry/Import");
        using var res = await officer.PostAsync("/Registry/Import?handler=Import", FormKit.Form(token, ("Token", "forged")));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        Parser.ParseDocument(await res.Content.ReadAsStringAsync()).QuerySelector("#import-error")!.TextContent.ShouldContain("请重新选择文件并检查");
    }
}
