using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>/Statistics/Import: the page checks or imports through the same handler as the API, answering in Chinese.</summary>
public sealed class StatisticsImportPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string handler, string year, byte[]? file, string fileName = "统计.csv")
    {
        var token = new HtmlParser().ParseDocument(await client.GetStringAsync("/Statistics/Import"))
            .QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(year), "Year" } };
        if (file is not null) form.Add(new ByteArrayContent(file), "file", fileName);
        return await client.PostAsync($"/Statistics/Import?handler={handler}", form);
    }

    [Fact]
    public async Task A_year_that_is_not_a_number_is_refused_in_Chinese_and_kept_in_the_form()
    {
        var officer = await app.OfficerAsync();
        var res = await PostAsync(officer, "Check", "abc", Encoding.UTF8.GetBytes("序号,备案号,组织评价,评价合格\n1,X,3,2\n"));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await res.Content.ReadAsStringAsync();
        html.ShouldContain("年度应为 2000 至 2100 之间的四位数字");
        html.ShouldNotContain("is not valid");
        new HtmlParser().ParseDocument(html).QuerySelector("#Year")!.GetAttribute("value").ShouldBe("abc");
    }

    [Fact]
    public async Task A_year_that_has_not_come_yet_is_refused_at_its_row_and_column_and_nothing_is_written()
    {
        var officer = await app.OfficerAsync();
        var next = DateTime.UtcNow.AddHours(8).Year + 1;
        var html = await (await PostAsync(officer, "Check", "", Encoding.UTF8.GetBytes($"序号,年度,机构名称,组织评价,评价合格\n1,{next},忻州市高级技工学校,3,2\n"))).Content.ReadAsStringAsync();
        var doc = new HtmlParser().ParseDocument(html);
        doc.QuerySelector("#import-checked").ShouldBeNull();
        var errors = doc.QuerySelector("#error-table")!.TextContent;
        errors.ShouldContain("第2行");
        errors.ShouldContain("“B 年度”列");
        errors.ShouldContain($"年度 {next} 晚于今年");
    }

    [Fact]
    public async Task Without_a_file_the_page_asks_for_one()
    {
        var officer = await app.OfficerAsync();
        var html = await (await PostAsync(officer, "Import", "", null)).Content.ReadAsStringAsync();
        html.ShouldContain("请选择统计文件");
    }

    [Fact]
    public async Task A_checked_file_with_an_unknown_filing_lists_the_row_and_writes_nothing()
    {
        var officer = await app.OfficerAsync();
        var html = await (await PostAsync(officer, "Import", "2021", Encoding.UTF8.GetBytes("序号,备案号,组织评价,评价合格\n1,Y999999999999,3,2\n"))).Content.ReadAsStringAsync();
        var doc = new HtmlParser().ParseDocument(html);
        doc.QuerySelector("#import-errors")!.TextContent.ShouldContain("未写入任何数据");
        doc.QuerySelector("#error-table")!.TextContent.ShouldContain("第2行");
        (await officer.GetStringAsync("/api/statistics/summary?year=2021&region=忻州市")).ShouldContain("\"assessed\":0");
    }

    [Fact]
    public async Task A_file_that_passes_the_check_names_the_year_it_would_write_and_writes_nothing()
    {
        var officer = await app.OfficerAsync();
        var html = await (await PostAsync(officer, "Check", "2019", Encoding.UTF8.GetBytes("序号,机构名称,组织评价,评价合格\n1,忻州市高级技工学校,3,2\n"))).Content.ReadAsStringAsync();
        var doc = new HtmlParser().ParseDocument(html);
        doc.QuerySelector("#import-checked").ShouldNotBeNull(doc.QuerySelector("#error-table")?.TextContent);
        doc.QuerySelector("#import-checked")!.TextContent.ShouldContain("1 行可以导入（2019 年度）");
        (await officer.GetStringAsync("/api/statistics/summary?year=2019&region=忻州市")).ShouldContain("\"assessed\":0");
    }

    [Fact]
    public async Task Figures_for_a_year_before_the_filing_was_filed_are_imported_with_a_warning_and_the_summary_counts_that_body_neither_way()
    {
        var officer = await app.OfficerAsync();
        var name = "晚备案测试机构" + Guid.NewGuid().ToString("N")[..6];
        var created = await officer.PostAsync("/api/filings", new StringContent(
            $$"""{"entityName":"{{name}}","type":"Employer","supervision":"City","region":"忻州市","filedOn":"2025-03"}""", Encoding.UTF8, "application/json"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var html = await (await PostAsync(officer, "Import", "2018", Encoding.UTF8.GetBytes($"序号,机构名称,组织评价,评价合格\n1,{name},3,2\n"))).Content.ReadAsStringAsync();
        var doc = new HtmlParser().ParseDocument(html);
        doc.QuerySelector("#import-done").ShouldNotBeNull(doc.QuerySelector("#error-table")?.TextContent);
        doc.QuerySelector("#warning-table")!.TextContent.ShouldContain($"“{name}”备案于 2025年3月，晚于统计年度 2018 年");

        var summary = System.Text.Json.JsonDocument.Parse(await officer.GetStringAsync("/api/statistics/summary?year=2018&region=忻州市")).RootElement;
        summary.GetProperty("assessed").GetInt64().ShouldBe(3); // its figures count
        summary.GetProperty("filedLater").GetInt32().ShouldBe(1); // the body does not, either way
        summary.GetProperty("conducted").GetInt32().ShouldBe(0);
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Statistics?year=2018&region=忻州市"));
        page.QuerySelector("#filed-later")!.TextContent.ShouldContain("另有 1 个机构在 2018 年之后备案，不计入");
    }

    [Fact]
    public async Task The_year_field_is_a_text_field_so_that_a_browser_sends_what_was_typed()
    {
        // type="number" let a browser drop "abc" and send an empty year: the refusal above never showed
        var officer = await app.OfficerAsync();
        var year = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Statistics/Import")).QuerySelector("#Year")!;
        year.GetAttribute("type").ShouldBe("text");
        year.GetAttribute("inputmode").ShouldBe("numeric");
    }

    [Fact]
    public async Task A_row_of_a_body_in_another_region_says_whose_it_is()
    {
        var officer = await app.OfficerAsync();
        var html = await (await PostAsync(officer, "Check", "2022", Encoding.UTF8.GetBytes("序号,机构名称,组织评价,评价合格\n1,阳泉职业技术学院,3,2\n"))).Content.ReadAsStringAsync();
        var table = new HtmlParser().ParseDocument(html).QuerySelector("#error-table")!.TextContent;
        table.ShouldContain("阳泉职业技术学院属于阳泉市，不在您负责的地区（忻州市）");
        table.ShouldNotContain("登记册中没有名为");
        table.ShouldContain("第2行");
    }

    [Fact]
    public async Task A_row_of_a_xinzhou_body_imported_by_a_yangquan_officer_says_whose_it_is()
    {
        var yangquan = await app.UserAsync("stat-officer-yq", SkillsAudit.Data.Roles.Officer);
        await app.DbAsync(async db =>
        {
            var u = await db.Users.FirstAsync(x => x.UserName == "stat-officer-yq");
            u.RegionCode = "140300";
            return await db.SaveChangesAsync();
        });
        var html = await (await PostAsync(yangquan, "Check", "2022", Encoding.UTF8.GetBytes("序号,机构名称,组织评价,评价合格\n1,忻州市高级技工学校,3,2\n"))).Content.ReadAsStringAsync();
        new HtmlParser().ParseDocument(html).QuerySelector("#error-table")!.TextContent
            .ShouldContain("忻州市高级技工学校属于忻州市，不在您负责的地区（阳泉市）");
    }

    [Fact]
    public async Task A_corrupt_xlsx_is_refused_in_Chinese_without_the_readers_english_message()
    {
        var officer = await app.OfficerAsync();
        var files = new[] { Encoding.ASCII.GetBytes("PK\u0003\u0004 this is not really a zip archive at all"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 } };
        foreach (var bytes in files)
        {
            var html = await (await PostAsync(officer, "Check", "2022", bytes, "坏文件.xlsx")).Content.ReadAsStringAsync();
            var table = new HtmlParser().ParseDocument(html).QuerySelector("#error-table")!.TextContent;
            table.ShouldContain("坏文件.xlsx：文件已损坏");
            // no English from the zip or Excel reader ("Invalid file signature.", "End of Central Directory…")
            System.Text.RegularExpressions.Regex.IsMatch(table, "[A-Za-z]{2,}[ .][A-Za-z]{2,}|Invalid|signature").ShouldBeFalse(table);
        }
    }

    [Fact]
    public async Task Problems_are_listed_by_row_then_column_not_in_the_order_the_checks_found_them()
    {
        var officer = await app.OfficerAsync();
        // row 2: unknown body (found when the row's filing is resolved); row 3: passed above assessed (found by the
        // figures' check of the whole table, before any filing is resolved); row 4: unknown body again
        var csv = "序号,机构名称,组织评价,评价合格\n1,没有这个机构甲,3,2\n2,忻州市高级技工学校,3,9\n3,没有这个机构乙,3,2\n";
        var html = await (await PostAsync(officer, "Check", "2022", Encoding.UTF8.GetBytes(csv))).Content.ReadAsStringAsync();
        var rows = new HtmlParser().ParseDocument(html).QuerySelectorAll("#error-table tbody tr").Select(r => r.Children[0].TextContent).ToList();
        rows.Count.ShouldBeGreaterThanOrEqualTo(3);
        var numbers = rows.Select(r => int.Parse(System.Text.RegularExpressions.Regex.Match(r, @"第(\d+)行").Groups[1].Value)).ToList();
        numbers.ShouldBe(numbers.Order().ToList(), string.Join(" | ", rows));
    }

    [Fact]
    public void Problems_of_one_row_are_ordered_by_column_A_before_B_before_AA()
    {
        static SkillsAudit.Data.Features.Statistics.StatisticsIssue At(int? row, string? column) => new("f.xlsx", "表", row, column, null, null, "x", "c");
        var ordered = SkillsAudit.Data.Features.Statistics.StatisticsImport.InFileOrder(
            [At(3, "AA 备注"), At(3, "B 组织评价"), At(2, "C 评价合格"), At(null, null), At(3, "A 机构名称"), At(3, null)]);
        ordered.Select(i => (i.Row, i.Column)).ShouldBe(
            [(null, null), (2, "C 评价合格"), (3, null), (3, "A 机构名称"), (3, "B 组织评价"), (3, "AA 备注")]);
    }
}
