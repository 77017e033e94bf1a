using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>/Statistics/Entry as a browser uses it: the form posted as typed, and the picker that opens it.</summary>
public sealed class StatisticsEntryPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Body = "忻州市驿荣职业技术培训学校";

    private static readonly HtmlParser Parser = new();

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, int filing, int year, params (string Name, string Value)[] cells)
    {
        var url = $"/Statistics/Entry?filing={filing}&year={year}";
        var token = await FormKit.TokenAsync(client, url);
        var fields = new List<(string, string)> { ("filing", filing.ToString()), ("year", year.ToString()) };
        fields.AddRange(cells);
        return await client.PostAsync(url, FormKit.Form(token, [.. fields]));
    }

    private Task<int> RecordsAsync(int filing, int year) => app.DbAsync(db => db.StatisticsRecords.CountAsync(r => r.FilingId == filing && r.Year == year));

    [Fact]
    public async Task A_negative_figure_is_refused_in_the_same_round_as_an_unreadable_one_and_a_comparison_waits_for_both()
    {
        var officer = await app.OfficerAsync();
        var id = await app.FilingIdAsync(Body);
        var res = await PostFormAsync(officer, id, 2021,
            ("Lines[0].OccupationName", "中式烹调师"), ("Lines[0].Batches", "abc"), ("Lines[0].Assessed", "-5"), ("Lines[0].Passed", "100"), ("Lines[0].Certified", "1.5"),
            ("Lines[1].OccupationName", "电工"), ("Lines[1].Batches", "x"), ("Lines[1].Assessed", "50"), ("Lines[1].Passed", "60"));
        var errors = Parser.ParseDocument(await res.Content.ReadAsStringAsync()).QuerySelector("#errors")!.TextContent;
        errors.ShouldContain("第1行 批次：“abc”不是整数");
        errors.ShouldContain("第1行 已发证小计：“1.5”不是整数");
        errors.ShouldContain("第1行 人次：人数不能为负数（-5）");
        errors.ShouldNotContain("第1行 评价合格"); // 100 above -5 says nothing a fixed 人次 would not
        // an unreadable 批次 takes part in no comparison: 评价合格 above 人次 is said in the same round
        errors.ShouldContain("第2行 批次：“x”不是整数");
        errors.ShouldContain("第2行 评价合格");
        (await RecordsAsync(id, 2021)).ShouldBe(0);
    }

    [Fact]
    public async Task A_figure_that_is_not_a_whole_number_is_refused_with_line_and_field_and_nothing_is_saved()
    {
        var officer = await app.OfficerAsync();
        var id = await app.FilingIdAsync(Body);
        var res = await PostFormAsync(officer, id, 2022,
            ("Lines[0].OccupationName", "中式烹调师"), ("Lines[0].Assessed", "100"), ("Lines[0].Passed", "九十"),
            ("Lines[1].OccupationName", "电工"), ("Lines[1].Assessed", "abc"), ("Lines[1].CertifiedL5", "3.5"));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var doc = Parser.ParseDocument(await res.Content.ReadAsStringAsync());
        doc.QuerySelector("#saved").ShouldBeNull();
        var errors = doc.QuerySelector("#errors")!.TextContent;
        // every problem at once, each naming its line and field, with the text as typed
        errors.ShouldContain("第1行 评价合格：“九十”不是整数");
        errors.ShouldContain("第2行 人次：“abc”不是整数");
        errors.ShouldContain("第2行 初级：“3.5”不是整数");
        errors.ShouldNotContain("须填写组织评价人次"); // 人次 was filled in, only not as a number
        // the typed text stays in its cell, marked
        var passed = doc.QuerySelector("input[name='Lines[0].Passed']")!;
        passed.GetAttribute("value").ShouldBe("九十");
        passed.ClassList.ShouldContain("is-invalid");
        doc.QuerySelector("input[name='Lines[1].Assessed']")!.GetAttribute("value").ShouldBe("abc");
        (await RecordsAsync(id, 2022)).ShouldBe(0);
    }

    [Fact]
    public async Task A_form_with_only_a_non_number_in_a_line_is_not_taken_for_a_blank_line()
    {
        var officer = await app.OfficerAsync();
        var id = await app.FilingIdAsync(Body);
        var res = await PostFormAsync(officer, id, 2021, ("Lines[0].Passed", "九十"));
        var doc = Parser.ParseDocument(await res.Content.ReadAsStringAsync());
        doc.QuerySelector("#saved").ShouldBeNull();
        doc.QuerySelector("#errors")!.TextContent.ShouldContain("第1行 评价合格：“九十”不是整数");
        (await RecordsAsync(id, 2021)).ShouldBe(0);
    }

    [Fact]
    public async Task Whole_numbers_as_people_type_them_are_saved()
    {
        var officer = await app.OfficerAsync();
        var id = await app.FilingIdAsync(Body);
        var res = await PostFormAsync(officer, id, 2020,
            ("Lines[0].OccupationName", "中式烹调师"), ("Lines[0].Assessed", "1,200"), ("Lines[0].Passed", " １０００ "));
        var doc = Parser.ParseDocument(await res.Content.ReadAsStringAsync());
        doc.QuerySelector("#saved")!.TextContent.ShouldContain("已保存 2020 年统计 1 行");
        var row = await app.DbAsync(db => db.StatisticsRecords.SingleAsync(r => r.FilingId == id && r.Year == 2020));
        (row.Assessed, row.Passed).ShouldBe((1200L, (long?)1000));
    }

    [Fact]
    public async Task Saving_says_that_earlier_figures_were_replaced_only_when_there_were_some()
    {
        var officer = await app.OfficerAsync();
        var id = await app.FilingIdAsync(Body);
        var first = Parser.ParseDocument(await (await PostFormAsync(officer, id, 2019, ("Lines[0].OccupationName", "中式烹调师"), ("Lines[0].Assessed", "10"))).Content.ReadAsStringAsync());
        first.QuerySelector("#saved")!.TextContent.ShouldBe("已保存 2019 年统计 1 行（记入审计日志）。");
        var again = Parser.ParseDocument(await (await PostFormAsync(officer, id, 2019, ("Lines[0].OccupationName", "中式烹调师"), ("Lines[0].Assessed", "12"))).Content.ReadAsStringAsync());
        again.QuerySelector("#saved")!.TextContent.ShouldBe("已保存 2019 年统计 1 行，原有的 1 行已被替换（记入审计日志）。");
    }

    [Fact]
    public async Task A_rule_broken_in_a_line_is_said_once_with_its_line_and_field()
    {
        var officer = await app.OfficerAsync();
        var id = await app.FilingIdAsync(Body);
        var res = await PostFormAsync(officer, id, 2019, ("Lines[0].OccupationName", "电工"), ("Lines[0].Assessed", "10"), ("Lines[0].Passed", "20"));
        var errors = Parser.ParseDocument(await res.Content.ReadAsStringAsync()).QuerySelector("#errors")!.TextContent;
        errors.ShouldContain("第1行 评价合格：评价合格 20 人多于组织评价 10 人");
        errors.ShouldNotContain("第1行：");
        (await RecordsAsync(id, 2019)).ShouldBe(0);
    }

    [Fact]
    public async Task The_api_refuses_a_figure_that_is_not_a_number_and_saves_nothing()
    {
        var officer = await app.OfficerAsync();
        var id = await app.FilingIdAsync(Body);
        var url = $"/api/statistics/entry/{id}/2018";
        var res = await officer.PutIfMatchAsync(url, url, new object[] { new { occupationName = "电工", assessed = 10, passed = "九十" } });
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("title").GetString().ShouldBe("输入有误");
        (await RecordsAsync(id, 2018)).ShouldBe(0);
    }

    [Fact]
    public async Task The_api_says_a_broken_rule_once_with_its_line_and_field()
    {
        var officer = await app.OfficerAsync();
        var id = await app.FilingIdAsync(Body);
        var url = $"/api/statistics/entry/{id}/2017";
        var res = await officer.PutIfMatchAsync(url, url, new object[] { new { occupationName = "电工", assessed = 10, passed = 20 } });
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var detail = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        detail.ShouldContain("评价合格 20 人多于组织评价 10 人");
        detail.ShouldNotContain("第1行：");
    }

    [Fact]
    public async Task Without_a_body_an_officer_gets_a_picker_that_opens_the_form_by_name_or_filing_number()
    {
        var officer = await app.OfficerAsync();
        var page = await officer.GetStringAsync("/Statistics/Entry");
        var doc = Parser.ParseDocument(page);
        doc.QuerySelector("#pick-form input[name=body]").ShouldNotBeNull();
        doc.QuerySelector("#pick-form input[name=year]").ShouldNotBeNull();
        page.ShouldNotContain("备案编号"); // the internal record number is not offered to users
        page.ShouldNotContain("?filing=");

        var id = await app.FilingIdAsync("忻州市高级技工学校");
        var byName = await officer.GetAsync($"/Statistics/Entry?body={Uri.EscapeDataString("忻州市高级技工学校")}&year=2022");
        byName.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        byName.Headers.Location!.OriginalString.ShouldBe($"/Statistics/Entry?filing={id}&year=2022");

        // the demo's 忻州 filings carry no 备案号: one that has
        var created = await officer.PostAsJsonAsync("/api/filings", new { entityName = "填报选择测试机构", region = "忻州市", filingNumber = "Y000014090077", type = "Employer" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var numbered = await app.FilingIdAsync("填报选择测试机构");
        var byNumber = await officer.GetAsync("/Statistics/Entry?body=Y000014090077&year=2022");
        byNumber.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        byNumber.Headers.Location!.OriginalString.ShouldBe($"/Statistics/Entry?filing={numbered}&year=2022");

        // the registry's link keeps working
        var form = Parser.ParseDocument(await officer.GetStringAsync($"/Statistics/Entry?filing={id}&year=2022"));
        form.QuerySelector("#entry-form").ShouldNotBeNull();
        form.QuerySelector("#filing-name")!.TextContent.ShouldBe("忻州市高级技工学校");
    }

    [Theory]
    [InlineData("没有这个机构", "没有备案“没有这个机构”")]
    [InlineData("阳泉职业技术学院", "阳泉职业技术学院属于阳泉市，不在您负责的地区（忻州市）")] // two filings, both in 阳泉市
    [InlineData("阳泉市元承建业工程有限公司", "您负责的地区（忻州市）")]
    public async Task A_body_the_picker_cannot_open_is_said_in_Chinese_and_the_input_kept(string typed, string message)
    {
        var officer = await app.OfficerAsync();
        var res = await officer.GetAsync($"/Statistics/Entry?body={Uri.EscapeDataString(typed)}&year=2022");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var doc = Parser.ParseDocument(await res.Content.ReadAsStringAsync());
        doc.QuerySelector("#pick-errors")!.TextContent.ShouldContain(message);
        doc.QuerySelector("#pick-body")!.GetAttribute("value").ShouldBe(typed);
        doc.QuerySelector("#pick-year")!.GetAttribute("value").ShouldBe("2022");
        doc.QuerySelector("#entry-form").ShouldBeNull();
    }

    [Fact]
    public async Task A_year_that_is_not_a_number_is_refused_naming_the_field_and_kept()
    {
        var officer = await app.OfficerAsync();
        var res = await officer.GetAsync($"/Statistics/Entry?body={Uri.EscapeDataString("忻州市高级技工学校")}&year=abc");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var doc = Parser.ParseDocument(await res.Content.ReadAsStringAsync());
        doc.QuerySelector("#pick-errors")!.TextContent.ShouldContain("年度：“abc”不是有效的年度");
        doc.QuerySelector("#pick-year")!.GetAttribute("value").ShouldBe("abc");
        doc.QuerySelector("#pick-body")!.GetAttribute("value").ShouldBe("忻州市高级技工学校");

        var id = await app.FilingIdAsync("忻州市高级技工学校");
        var form = Parser.ParseDocument(await officer.GetStringAsync($"/Statistics/Entry?filing={id}&year=abc"));
        form.QuerySelector("#pick-errors")!.TextContent.ShouldContain("年度：“abc”不是有效的年度");
        form.QuerySelector("#entry-year")!.GetAttribute("value").ShouldBe("abc");
        form.QuerySelector("#entry-form").ShouldBeNull();
    }
}
