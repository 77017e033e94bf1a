using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Files;
using Xunit;

namespace SkillsAudit.Web.Tests;

public sealed class RubricApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<JsonElement> Json(HttpResponseMessage res) => JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;

    /// <summary>A rubric sheet laid out like seed 002 附件3; <paramref name="badMax"/> puts text in a 标准分值 cell (row 4, column D).</summary>
    internal static byte[] Xlsx(string? badMax = null, string secondContent = "考试报名渠道畅通。", string secondMax = "1")
    {
        var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms))
        {
            IReadOnlyList<XCell>[] rows =
            [
                ["序号", "评估项目", "评估内容", "标准分值", "评估标准", "评估要求及相应分值", "自评结果"],
                ["1", "考务管理 (3项, 3分)", "报名准备 (2项, 2分)", badMax ?? "1", "认定公告符合规程。", "制定年度工作计划的，得1分，否则0分；", null],
                [null, null, null, secondMax, secondContent, "开放线上、线下报名渠道。同时具备的得1分，缺一项扣0.5分，扣完为止；", null],
                [null, null, "考试报名 (1项, 1分)", "1", "报名信息完整准确。", "由考核小组酌情评分", null],
            ];
            w.AddSheet("评估表", rows);
        }
        return ms.ToArray();
    }

    private static MultipartFormDataContent Form(byte[] file, string id, string fileName = "评估表.xlsx")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(id), "id" },
            { new StringContent("测试评估表"), "title" },
            { new StringContent("2024"), "year" },
            { new StringContent("grades"), "outcome" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", fileName);
        return form;
    }

    [Fact]
    public async Task The_list_has_the_three_shipped_rubrics_as_version_1()
    {
        var body = await Json(await app.CreateClient().GetAsync("/api/rubrics"));
        var ids = body.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        ids.ShouldContain("xinzhou-2023");
        ids.ShouldContain("yangquan-2023");
        ids.ShouldContain("huainan-2021");
        var x = body.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "xinzhou-2023");
        x.GetProperty("version").GetInt32().ShouldBe(1);
        x.GetProperty("indicatorCount").GetInt32().ShouldBe(140);
    }

    [Fact]
    public async Task Show_returns_the_rubric_view_with_the_printed_declarations()
    {
        var res = await app.CreateClient().GetAsync("/api/rubrics/xinzhou-2023");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await Json(res);
        body.GetProperty("indicatorCount").GetInt32().ShouldBe(140);
        var part1 = body.GetProperty("sections")[0];
        part1.GetProperty("name").GetString().ShouldBe("考务管理");
        part1.GetProperty("declaredCount").GetInt32().ShouldBe(56);
        part1.GetProperty("declaredPoints").GetDecimal().ShouldBe(49.75m);
        (await app.CreateClient().GetAsync("/api/rubrics/no-such-rubric")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync("/api/rubrics/Bad%20Id")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Yangquan_validation_warns_that_100_points_are_declared_but_92_add_up()
    {
        var body = await Json(await app.CreateClient().GetAsync("/api/rubrics/yangquan-2023/validation"));
        body.GetProperty("valid").GetBoolean().ShouldBeTrue();
        var w = body.GetProperty("warnings").EnumerateArray().Single(x => x.GetProperty("code").GetString() == "total-base");
        w.GetProperty("declared").GetDecimal().ShouldBe(100m);
        w.GetProperty("computed").GetDecimal().ShouldBe(92m);
    }

    [Fact]
    public async Task Scoring_with_points_above_the_max_is_a_400_naming_the_indicator()
    {
        var answers = """{ "formatVersion": 1, "answers": { "1.1.1": { "points": 5 } } }""";
        var res = await app.CreateClient().PostAsync("/api/rubrics/xinzhou-2023/score", new StringContent(answers, Encoding.UTF8, "application/json"));
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        res.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await Json(res);
        body.GetProperty("errors").GetProperty("1.1.1")[0].GetString()!.ShouldContain("超过本项满分");
    }

    [Fact]
    public async Task Scoring_good_answers_returns_the_total_and_grade()
    {
        var answers = """{ "formatVersion": 1, "context": { "levelsAssessed": ["技师"], "computerExams": true }, "answers": { "1.1.1": { "met": false } } }""";
        var res = await app.CreateClient().PostAsync("/api/rubrics/xinzhou-2023/score", new StringContent(answers, Encoding.UTF8, "application/json"));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await Json(res);
        // 100 less 1.1.1 (1 point), less 0.25 on 3.6: its standard gives at most 1 of its 1.25 (the seed inconsistency).
        body.GetProperty("baseTotal").GetDecimal().ShouldBe(98.75m);
        body.GetProperty("outcome").GetProperty("label").GetString().ShouldBe("A");
    }

    [Fact]
    public async Task Import_needs_an_officer()
    {
        var res = await app.CreateClient().PostAsync("/api/rubrics/import?dryRun=true", Form(Xlsx(), "anon-2024"));
        res.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_dry_run_of_a_broken_sheet_reports_row_and_column_and_saves_nothing()
    {
        var client = await app.OfficerAsync();
        var res = await client.PostAsync("/api/rubrics/import?dryRun=true", Form(Xlsx(badMax: "一分"), "broken-2024"));
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await Json(res);
        body.GetProperty("saved").GetBoolean().ShouldBeFalse();
        var error = body.GetProperty("report").GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("line").GetInt32().ShouldBe(2);
        error.GetProperty("column").GetInt32().ShouldBe(4);
        error.GetProperty("location").GetString().ShouldBe("工作表“评估表” 第2行 D列（标准分值）");
        using var scope = app.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<AppDb>().RubricDefinitions.CountAsync(r => r.RubricId == "broken-2024")).ShouldBe(0);
        (await client.GetAsync("/api/rubrics/broken-2024")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_good_dry_run_reports_judgement_rows_and_saves_nothing()
    {
        var client = await app.OfficerAsync();
        var res = await client.PostAsync("/api/rubrics/import?dryRun=true", Form(Xlsx(), "dry-2024"));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await Json(res);
        body.GetProperty("saved").GetBoolean().ShouldBeFalse();
        body.GetProperty("judgementRows").EnumerateArray().Select(e => e.GetInt32()).ShouldBe([4]);
        (await client.GetAsync("/api/rubrics/dry-2024")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_imported_rubric_is_listed_audited_and_a_second_import_is_version_2_that_compares_with_the_first()
    {
        var client = await app.OfficerAsync();
        var first = await client.PostAsync("/api/rubrics/import", Form(Xlsx(), "city-2024", "城市评估表.xlsx"));
        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        first.Headers.Location!.ToString().ShouldBe("/api/rubrics/city-2024@1");

        var list = await Json(await app.CreateClient().GetAsync("/api/rubrics"));
        var entry = list.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "city-2024");
        entry.GetProperty("origin").GetString().ShouldBe("Imported");
        entry.GetProperty("importedBy").GetString().ShouldBe("officer");
        entry.GetProperty("sourceFileName").GetString().ShouldBe("城市评估表.xlsx");

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            (await db.AuditLog.CountAsync(a => a.EntityType == "RubricDefinition" && a.EntityKey == "city-2024,1" && a.Actor == "officer")).ShouldBe(1);
        }

        // Version 2: the same sheet with the second row's 标准分值 raised from 1 to 1.5.
        var second = await client.PostAsync("/api/rubrics/import", Form(Xlsx(secondMax: "1.5"), "city-2024"));
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Json(await app.CreateClient().GetAsync("/api/rubrics/city-2024"))).GetProperty("indicatorCount").GetInt32().ShouldBe(3);

        var diff = await Json(await app.CreateClient().GetAsync("/api/rubrics/compare?left=city-2024@1&right=city-2024@2"));
        diff.GetProperty("summary").GetProperty("changed").GetInt32().ShouldBe(1);
        var changed = diff.GetProperty("changed")[0];
        changed.GetProperty("leftCode").GetString().ShouldBe("1.1.2");
        changed.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()).ShouldBe(["max"]);
    }

    [Fact]
    public async Task Compare_with_a_shifted_row_pairs_by_content_and_says_so()
    {
        var client = await app.OfficerAsync();
        (await client.PostAsync("/api/rubrics/import", Form(Xlsx(), "shift-2024"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        // Version 2 of the same sheet with a new first row in 报名准备: everything after it moves down one code.
        var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms))
        {
            IReadOnlyList<XCell>[] sheet =
            [
                ["序号", "评估项目", "评估内容", "标准分值", "评估标准", "评估要求及相应分值"],
                ["1", "考务管理 (4项, 4分)", "报名准备 (3项, 3分)", "1", "考点视频监控全覆盖并保存录像。", "全部覆盖的，得1分，否则0分；"],
                [null, null, null, "1", "认定公告符合规程。", "制定年度工作计划的，得1分，否则0分；"],
                [null, null, null, "1", "考试报名渠道畅通。", "开放线上、线下报名渠道。同时具备的得1分，缺一项扣0.5分，扣完为止；"],
                [null, null, "考试报名 (1项, 1分)", "1", "报名信息完整准确。", "由考核小组酌情评分"],
            ];
            w.AddSheet("评估表", sheet);
        }
        (await client.PostAsync("/api/rubrics/import", Form(ms.ToArray(), "shift-2024"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var diff = await Json(await app.CreateClient().GetAsync("/api/rubrics/compare?left=shift-2024@1&right=shift-2024@2"));
        diff.GetProperty("added")[0].GetProperty("code").GetString().ShouldBe("1.1.1");
        diff.GetProperty("removed").GetArrayLength().ShouldBe(0);
        var moved = diff.GetProperty("changed").EnumerateArray().Single(c => c.GetProperty("leftCode").GetString() == "1.1.1");
        moved.GetProperty("rightCode").GetString().ShouldBe("1.1.2");
        moved.GetProperty("matchedBy").GetString().ShouldBe("content");
    }
}

public sealed class RubricPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_Xinzhou_page_shows_printed_declarations_computed_subtotals_and_the_3_6_warning_to_anyone()
    {
        var res = await app.CreateClient().GetAsync("/Rubrics/xinzhou-2023");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await res.Content.ReadAsStringAsync();
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var part1 = doc.GetElementById("sec-1")!.TextContent;
        part1.ShouldContain("考务管理");
        part1.ShouldContain("(56项, 49.75分)");
        part1.ShouldContain("计算：56项");
        doc.GetElementById("ind-3.6")!.ClassName.ShouldBe("table-warning");
        var warnings = doc.GetElementById("warnings")!.TextContent;
        warnings.ShouldContain("指标 3.6");
        warnings.ShouldContain("1.25");
        doc.GetElementById("notes")!.TextContent.ShouldContain("信息管理岗位职责");
    }

    [Fact]
    public async Task The_import_page_sends_anonymous_users_to_sign_in()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var res = await client.GetAsync("/Rubrics/Import");
        res.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        res.Headers.Location!.ToString().ShouldContain("/Account/Login");
        (await (await app.CreateClient().GetAsync("/Rubrics")).Content.ReadAsStringAsync()).ShouldContain("yangquan-2023");
    }

    [Fact]
    public async Task The_compare_page_opened_without_a_choice_asks_for_one_and_shows_no_errors()
    {
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await app.CreateClient().GetStringAsync("/Rubrics/Compare"));
        page.QuerySelector("#problems").ShouldBeNull();
        page.QuerySelector("#choose").ShouldNotBeNull();
        var bad = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await app.CreateClient().GetStringAsync("/Rubrics/Compare?left=x&right=y"));
        bad.QuerySelector("#problems").ShouldNotBeNull(); // a choice that names nothing is still said
    }
}
