using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>/Statistics: the query form and the levels' chart.</summary>
public sealed class StatisticsDashboardPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly HtmlParser Parser = new();

    private static JsonElement ChartLevels(string html) =>
        JsonDocument.Parse(Parser.ParseDocument(html).QuerySelector("#charts")!.GetAttribute("data-chart")!).RootElement.GetProperty("levels");

    [Fact]
    public async Task A_year_that_is_not_a_number_is_refused_naming_the_field_and_kept()
    {
        var res = await app.CreateClient().GetAsync("/Statistics?year=abc&region=忻州市");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var doc = Parser.ParseDocument(await res.Content.ReadAsStringAsync());
        doc.QuerySelector("#year-error")!.TextContent.ShouldContain("年度：“abc”不是有效的年度"); // at the field, not only above the figures
        doc.QuerySelector("#q-year")!.ClassList.ShouldContain("is-invalid");
        doc.QuerySelector("#q-year")!.GetAttribute("aria-describedby").ShouldBe("year-error");
        doc.QuerySelector("#q-year")!.GetAttribute("value").ShouldBe("abc");
        doc.QuerySelector("#q-region")!.GetAttribute("value").ShouldBe("忻州市");
        doc.QuerySelector("#region-error").ShouldBeNull();
        doc.QuerySelector("#summary").ShouldBeNull(); // not the default year's figures under a year nobody asked for
    }

    [Fact]
    public async Task A_region_unknown_or_without_any_filing_is_refused_at_the_region_field_keeping_the_year_and_supervision()
    {
        var officer = await app.OfficerAsync();
        var doc = Parser.ParseDocument(await officer.GetStringAsync("/Statistics?year=2023&region=北京市&supervision=市属"));
        doc.QuerySelector("#region-error")!.TextContent.ShouldContain("北京市没有已登记的评价机构备案，没有可统计的数据");
        doc.QuerySelector("#region-error")!.TextContent.ShouldContain("如“忻州市”");
        doc.QuerySelector("#q-region")!.ClassList.ShouldContain("is-invalid");
        (doc.QuerySelector("#q-year")!.GetAttribute("value"), doc.QuerySelector("#q-region")!.GetAttribute("value")).ShouldBe(("2023", "北京市"));
        doc.QuerySelector("#q-supervision option[selected]")!.TextContent.ShouldBe("市属");
        doc.QuerySelector("#year-error").ShouldBeNull();
        doc.QuerySelector("#summary").ShouldBeNull(); // not a page of zeros

        // a name that is no region, with a year that is no number: each field says its own
        var both = Parser.ParseDocument(await officer.GetStringAsync("/Statistics?year=abc&region=不存在市"));
        both.QuerySelector("#year-error")!.TextContent.ShouldContain("“abc”");
        both.QuerySelector("#region-error")!.TextContent.ShouldContain("未知的地区“不存在市”");
        (both.QuerySelector("#q-year")!.GetAttribute("value"), both.QuerySelector("#q-region")!.GetAttribute("value")).ShouldBe(("abc", "不存在市"));

        // a region with filings still shows its figures, without a message
        var fine = Parser.ParseDocument(await officer.GetStringAsync("/Statistics?year=2023&region=忻州市"));
        fine.QuerySelector("#region-error").ShouldBeNull();
        fine.QuerySelector("#summary").ShouldNotBeNull();
    }

    [Fact]
    public async Task An_officer_whose_own_region_has_no_filing_yet_is_told_the_page_is_empty_not_to_correct_a_query_they_did_not_type()
    {
        var datong = await app.UserAsync("stats-datong-officer", SkillsAudit.Data.Roles.Officer);
        await app.DbAsync(async db =>
        {
            var u = await db.Users.FirstAsync(x => x.UserName == "stats-datong-officer");
            u.RegionCode = "140200"; // 大同市: no filing in the demo registry
            return await db.SaveChangesAsync();
        });

        var doc = Parser.ParseDocument(await datong.GetStringAsync("/Statistics"));
        doc.QuerySelector("#q-region")!.GetAttribute("value").ShouldBe("大同市");
        doc.QuerySelector("#region-error").ShouldBeNull();
        doc.QuerySelector("#q-region")!.ClassList.ShouldNotContain("is-invalid");
        doc.QuerySelector("#query-errors").ShouldBeNull();
        doc.QuerySelector("#empty-region")!.TextContent.ShouldContain("大同市还没有已登记的评价机构备案，暂无统计数据");
        doc.QuerySelector("#summary").ShouldBeNull();

        // the same region typed into the query is still refused at the field
        var typed = Parser.ParseDocument(await datong.GetStringAsync("/Statistics?region=大同市"));
        typed.QuerySelector("#region-error")!.TextContent.ShouldContain("大同市没有已登记的评价机构备案");
        typed.QuerySelector("#empty-region").ShouldBeNull();
    }

    [Fact]
    public async Task Levels_stated_only_under_certificates_reach_the_summary_and_the_chart()
    {
        // 附件2's form and template state levels only under 已发证人数 (初级/中级…), never 合格 by level
        var officer = await app.OfficerAsync();
        var id = await app.FilingIdAsync("忻州市高级技工学校");
        var url = $"/api/statistics/entry/{id}/2016";
        var saved = await officer.PutIfMatchAsync(url, url, new object[]
        {
            new { occupationName = "中式烹调师", assessed = 120, passed = 100, certifiedL5 = 40, certifiedL4 = 60 },
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());

        var summary = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/statistics/summary?year=2016&region=忻州市")).RootElement;
        var levels = summary.GetProperty("byLevel").EnumerateArray()
            .ToDictionary(l => l.GetProperty("name").GetString()!, l => (Passed: l.GetProperty("passed").ValueKind, Certified: l.GetProperty("certified").GetInt64()));
        levels.ShouldBe(new Dictionary<string, (JsonValueKind, long)> { ["初级"] = (JsonValueKind.Null, 40), ["中级"] = (JsonValueKind.Null, 60) });

        var chart = ChartLevels(await app.CreateClient().GetStringAsync("/Statistics?year=2016&region=忻州市"));
        chart.GetProperty("title").GetString().ShouldBe("已发证人数按等级"); // not passed persons: the figures do not say those
        chart.GetProperty("data").EnumerateArray().Select(d => (d.GetProperty("name").GetString(), d.GetProperty("value").GetInt64()))
            .ShouldBe([("初级", 40L), ("中级", 60L)]);
    }

    [Fact]
    public async Task Passed_persons_by_level_stay_what_the_chart_shows_when_stated()
    {
        var chart = ChartLevels(await app.CreateClient().GetStringAsync("/Statistics?year=2023&region=忻州市"));
        chart.GetProperty("title").GetString().ShouldBe("合格人数按等级");
        chart.GetProperty("data").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!, d => d.GetProperty("value").GetInt64())
            .ShouldBe(new Dictionary<string, long> { ["初级"] = 514, ["中级"] = 4022, ["高级"] = 2730 });
    }

    [Fact]
    public async Task A_year_without_levels_gives_the_chart_no_data_which_the_script_says_in_words()
    {
        var chart = ChartLevels(await app.CreateClient().GetStringAsync("/Statistics?year=2015&region=忻州市"));
        chart.GetProperty("data").GetArrayLength().ShouldBe(0);
        var script = await app.CreateClient().GetStringAsync("/js/statistics/index.js");
        script.ShouldContain("暂无数据");
    }
}
