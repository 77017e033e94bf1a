using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>/Statistics/Import: the page checks or imports through the same handler as the API, answering in Chinese.</summary>
public sealed class StatisticsImportPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string handler, string year, byte[]? file)
    {
        var token = new HtmlParser().ParseDocument(await client.GetStringAsync("/Statistics/Import"))
            .QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(year), "Year" } };
        if (file is not null) form.Add(new ByteArrayContent(file), "file", "统计.csv");
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
}
