using System.Net.Http.Json;
using System.Net;
using AngleSharp.Html.Parser;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

public sealed class RegistryPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task The_edit_form_shows_each_error_in_Chinese_beside_its_field_and_saves_nothing()
    {
        var officer = await app.OfficerAsync();
        var page = Parser.ParseDocument(await officer.GetStringAsync("/Registry/Edit"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var res = await officer.PostAsync("/Registry/Edit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.EntityName"] = "表单测试机构",
            ["Input.Region"] = "忻州市",
            ["Input.CreditCode"] = "91350100M000100Y44",
            ["Input.FilingNumber"] = "Y12",
        }));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = Parser.ParseDocument(await res.Content.ReadAsStringAsync());
        html.QuerySelector("#Input_CreditCode")!.ClassList.ShouldContain("is-invalid");
        html.QuerySelector("#Input_FilingNumber")!.ClassList.ShouldContain("is-invalid");
        html.Body!.TextContent.ShouldContain("校验位错误");
        html.Body.TextContent.ShouldContain("备案号应为13位");
        (await officer.GetStringAsync("/api/filings?q=表单测试机构")).ShouldContain("\"total\":0");
    }

    [Fact]
    public async Task The_change_log_gives_the_time_of_a_change_in_Beijing_time()
    {
        var officer = await app.OfficerAsync();
        var list = await officer.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/filings?q=忻州市高级技工学校");
        var id = list.GetProperty("items")[0].GetProperty("id").GetInt32();
        var etag = (await officer.GetAsync($"/api/filings/{id}")).Headers.ETag!.Tag;
        var before = DateTimeOffset.UtcNow;
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/filings/{id}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { entityName = "忻州市高级技工学校", region = "忻州市", supervision = "City", status = "Active", notes = "时区测试" }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", etag);
        (await officer.SendAsync(put)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = DateTimeOffset.UtcNow;

        var html = Parser.ParseDocument(await officer.GetStringAsync($"/Registry/Detail/{id}"));
        var times = html.QuerySelectorAll("#history tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
        // The server runs in UTC here: a page that showed the server's clock would be 8 hours off.
        var beijing = new[] { before, after }.Select(t => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        times.ShouldContain(t => beijing.Any(b => t.StartsWith(b, StringComparison.Ordinal)), string.Join(" | ", times));
        // who: people's names, never the internal actor ids ("system" loaded the demo)
        var actors = html.QuerySelectorAll("#history tbody tr td:nth-child(2)").Select(td => td.TextContent.Trim()).ToList();
        actors.ShouldContain("系统");
        actors.ShouldNotContain("system");
    }

    [Fact]
    public async Task An_officer_is_offered_the_edit_form_only_for_filings_of_their_own_region()
    {
        var officer = await app.OfficerAsync(); // 忻州市
        var items = System.Text.Json.JsonDocument.Parse(await officer.GetStringAsync("/api/filings?region=淮南市")).RootElement.GetProperty("items");
        var huainan = items[0].GetProperty("id").GetInt32();
        var other = Parser.ParseDocument(await officer.GetStringAsync($"/Registry/Detail/{huainan}"));
        other.QuerySelector("#entity-name").ShouldNotBeNull();
        other.QuerySelector("#edit").ShouldBeNull();
        var own = System.Text.Json.JsonDocument.Parse(await officer.GetStringAsync("/api/filings?region=忻州市")).RootElement.GetProperty("items")[0].GetProperty("id").GetInt32();
        Parser.ParseDocument(await officer.GetStringAsync($"/Registry/Detail/{own}")).QuerySelector("#edit").ShouldNotBeNull();
    }

    [Fact]
    public async Task The_home_page_counts_a_city_officer_s_own_filings_and_every_filing_for_visitors()
    {
        var officer = Parser.ParseDocument(await (await app.OfficerAsync()).GetStringAsync("/"));
        officer.QuerySelector("#filing-count")!.TextContent.Trim().ShouldBe("48");
        officer.QuerySelector("#filing-count")!.ParentElement!.TextContent.ShouldContain("备案（忻州市）");
        var visitor = Parser.ParseDocument(await app.CreateClient().GetStringAsync("/"));
        int.Parse(visitor.QuerySelector("#filing-count")!.TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(48);
    }

    [Fact]
    public async Task Fields_with_a_fixed_set_of_values_are_chosen_from_a_list_and_the_scope_shows_its_format()
    {
        var officer = await app.OfficerAsync();
        var blank = Parser.ParseDocument(await officer.GetStringAsync("/Registry/Edit"));
        blank.QuerySelectorAll("select#Input_Type option").Select(o => o.TextContent).ShouldBe(["（未注明）", "用人单位（自主评价企业）", "职业院校（自主评价院校）", "社会培训评价组织"]);
        blank.QuerySelectorAll("select#Input_Supervision option").Length.ShouldBe(3);
        ((AngleSharp.Html.Dom.IHtmlSelectElement)blank.QuerySelector("select#Input_Status")!).Value.ShouldBe("正常");
        blank.QuerySelector("#Input_Scope")!.GetAttribute("placeholder")!.ShouldContain("4-03-02-01:5/4/3");

        var id = System.Text.Json.JsonDocument.Parse(await officer.GetStringAsync("/api/filings?region=淮南市")).RootElement.GetProperty("items")[0].GetProperty("id").GetInt32();
        using var admin = await app.SignedInAsync("admin", "Admin#2026");
        var filled = Parser.ParseDocument(await admin.GetStringAsync($"/Registry/Edit/{id}"));
        var type = ((AngleSharp.Html.Dom.IHtmlSelectElement)filled.QuerySelector("select#Input_Type")!).Value;
        var detail = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/filings/{id}");
        detail.GetProperty("type").ValueKind.ShouldNotBe(System.Text.Json.JsonValueKind.Null);
        type.ShouldNotBeNullOrEmpty(); // the filing's own type is the one selected
    }

    [Fact]
    public async Task A_page_past_the_end_of_the_list_shows_the_last_page()
    {
        var html = Parser.ParseDocument(await app.CreateClient().GetStringAsync("/Registry?sort=name&page=999"));
        var count = html.QuerySelector("#result-count")!.TextContent;
        var m = System.Text.RegularExpressions.Regex.Match(count, @"第 (\d+) / (\d+) 页");
        m.Success.ShouldBeTrue(count);
        m.Groups[1].Value.ShouldBe(m.Groups[2].Value);
        html.QuerySelectorAll("table tbody tr").Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Anonymous_users_are_sent_to_sign_in_before_editing()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var res = await client.GetAsync("/Registry/Edit");
        res.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        res.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task The_registry_list_marks_unstated_facts_as_not_stated()
    {
        var html = Parser.ParseDocument(await app.CreateClient().GetStringAsync("/Registry?region=忻州市"));
        html.QuerySelector("#result-count")!.TextContent.ShouldContain("共 48 条");
        html.QuerySelectorAll(".not-stated").Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_registry_list_shows_the_page_asked_for()
    {
        var officer = await app.OfficerAsync();
        var first = Parser.ParseDocument(await officer.GetStringAsync("/Registry?sort=name"));
        var second = Parser.ParseDocument(await officer.GetStringAsync("/Registry?sort=name&page=2"));
        first.QuerySelector("#result-count")!.TextContent.ShouldContain("第 1 /");
        second.QuerySelector("#result-count")!.TextContent.ShouldContain("第 2 /");
        second.QuerySelector(".page-item.active")!.TextContent.Trim().ShouldBe("2");
        var names = (AngleSharp.Html.Dom.IHtmlDocument d) => d.QuerySelectorAll("table.registry tbody tr td:first-child").Select(c => c.TextContent).ToList();
        names(second).ShouldNotBeEmpty();
        names(second).ShouldNotContain(names(first)[0]);
    }

    [Fact]
    public async Task The_kept_list_is_shared_by_readers_but_each_page_keeps_its_reader_s_own_parts()
    {
        const string url = "/Registry?region=忻州市&sort=-name";
        var anonymous = Parser.ParseDocument(await app.CreateClient().GetStringAsync(url)); // renders and keeps the list
        var officer = Parser.ParseDocument(await (await app.OfficerAsync()).GetStringAsync(url));
        var again = Parser.ParseDocument(await app.CreateClient().GetStringAsync(url));
        officer.QuerySelector("table.registry")!.OuterHtml.ShouldBe(anonymous.QuerySelector("table.registry")!.OuterHtml);
        officer.QuerySelector("#filters")!.OuterHtml.ShouldBe(anonymous.QuerySelector("#filters")!.OuterHtml);
        officer.QuerySelector("#current-user")!.TextContent.ShouldBe("officer");
        officer.QuerySelector("a[href='/Registry/Edit']").ShouldNotBeNull(); // staff only, outside the kept part
        again.QuerySelector("a[href='/Registry/Edit']").ShouldBeNull();
        again.QuerySelector("#current-user").ShouldBeNull();
        again.QuerySelector("#f-region option[selected]")!.GetAttribute("value").ShouldBe("140900");
    }

    private static async Task<int> XinzhouFilingAsync(HttpClient client, int index) =>
        System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/filings?region=忻州市&sort=-name")).RootElement.GetProperty("items")[index].GetProperty("id").GetInt32();

    private static Dictionary<string, string> FormValues(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#filing-form input[name], #filing-form textarea[name], #filing-form select[name]")
            .Select(e => (Name: e.GetAttribute("name")!, Value: e switch
            {
                AngleSharp.Html.Dom.IHtmlInputElement i => i.Value,
                AngleSharp.Html.Dom.IHtmlTextAreaElement t => t.Value,
                AngleSharp.Html.Dom.IHtmlSelectElement sel => sel.Value ?? "",
                _ => "",
            })).ToDictionary(x => x.Name, x => x.Value);

    [Fact]
    public async Task A_region_outside_the_officers_is_refused_beside_the_region_field_keeping_everything_typed()
    {
        var officer = await app.OfficerAsync(); // 忻州市
        foreach (var url in new[] { $"/Registry/Edit/{await XinzhouFilingAsync(officer, 5)}", "/Registry/Edit" })
        {
            var form = Parser.ParseDocument(await officer.GetStringAsync(url));
            var values = FormValues(form);
            values["Input.EntityName"] = "地区越权测试机构";
            values["Input.Region"] = "阳泉市";
            values["Input.Address"] = "已输入的地址";
            values["Input.Notes"] = "已输入的备注";
            var res = await officer.PostAsync(url, new FormUrlEncodedContent(values));
            res.StatusCode.ShouldBe(HttpStatusCode.Forbidden, url); // still a refusal, but on the form
            var html = Parser.ParseDocument(await res.Content.ReadAsStringAsync());
            html.QuerySelector("#Input_Region")!.ClassList.ShouldContain("is-invalid");
            html.QuerySelector("#Input_Region")!.ParentElement!.QuerySelector(".invalid-feedback")!.TextContent.ShouldContain("阳泉市不属于您负责的地区（忻州市）");
            html.QuerySelector("#Input_Region")!.GetAttribute("value").ShouldBe("阳泉市");
            html.QuerySelector("#Input_Address")!.GetAttribute("value").ShouldBe("已输入的地址");
            html.QuerySelector("#Input_Notes")!.TextContent.ShouldBe("已输入的备注");
            html.QuerySelector("#filing-form").ShouldNotBeNull();
        }
        (await officer.GetStringAsync("/api/filings?q=地区越权测试机构")).ShouldContain("\"total\":0");
    }

    [Fact]
    public async Task An_edit_saved_after_someone_elses_says_who_changed_it_and_when_without_version_numbers_and_keeps_the_input()
    {
        var officer = await app.OfficerAsync();
        var id = await XinzhouFilingAsync(officer, 6);
        var url = $"/Registry/Edit/{id}";
        var values = FormValues(Parser.ParseDocument(await officer.GetStringAsync(url))); // opened in one tab

        using var admin = await app.AdminAsync(); // saved by someone else meanwhile
        var etag = (await admin.GetAsync($"/api/filings/{id}")).Headers.ETag!.Tag;
        var detail = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/filings/{id}");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/filings/{id}")
        {
            Content = JsonContent.Create(new { entityName = detail.GetProperty("entityName").GetString(), region = "忻州市", notes = "管理员先保存" }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", etag);
        (await admin.SendAsync(put)).StatusCode.ShouldBe(HttpStatusCode.OK);

        values["Input.Notes"] = "第二个标签页输入的备注";
        var res = await officer.PostAsync(url, new FormUrlEncodedContent(values));
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = Parser.ParseDocument(await res.Content.ReadAsStringAsync());
        var message = html.QuerySelector("#filing-form .validation-summary-errors")!.TextContent;
        message.ShouldContain("该备案已在您打开后被他人修改");
        message.ShouldContain("请刷新查看最新内容后再修改");
        message.ShouldContain("系统管理员");
        message.ShouldNotContain("版本");
        html.QuerySelector("#Input_Notes")!.TextContent.ShouldBe("第二个标签页输入的备注");
    }

    [Fact]
    public async Task The_detail_page_offers_staff_a_link_to_enter_last_years_statistics_of_the_filing()
    {
        var officer = await app.OfficerAsync();
        var id = await XinzhouFilingAsync(officer, 0);
        var link = Parser.ParseDocument(await officer.GetStringAsync($"/Registry/Detail/{id}")).QuerySelector("#statistics-entry")!;
        link.TextContent.ShouldBe("填报统计");
        link.GetAttribute("href").ShouldBe($"/Statistics/Entry?filing={id}&year={DateTime.Today.Year - 1}");
        Parser.ParseDocument(await app.CreateClient().GetStringAsync($"/Registry/Detail/{id}")).QuerySelector("#statistics-entry").ShouldBeNull();
    }

    [Fact]
    public async Task Statistics_entry_is_offered_only_to_who_may_enter_them_and_a_body_finds_its_own_filing_from_its_home_page()
    {
        var own = await app.FilingIdAsync("忻州市高级技工学校");
        var other = await app.FilingIdAsync("山西工程职业学院");

        // staff of another region would be refused the form (403), so the page does not offer it
        var datong = await app.UserAsync("detail-datong-officer", SkillsAudit.Data.Roles.Officer);
        await app.DbAsync(async db =>
        {
            var u = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Users, x => x.UserName == "detail-datong-officer");
            u.RegionCode = "140200";
            return await db.SaveChangesAsync();
        });
        Parser.ParseDocument(await datong.GetStringAsync($"/Registry/Detail/{own}")).QuerySelector("#statistics-entry").ShouldBeNull();

        // the body user: its own filing offers what it does for it; another body's filing offers nothing
        var body = await app.UserAsync("detail-body-user", SkillsAudit.Data.Roles.BodyUser, "忻州市高级技工学校");
        var mine = Parser.ParseDocument(await body.GetStringAsync($"/Registry/Detail/{own}"));
        mine.QuerySelector("#statistics-entry")!.GetAttribute("href").ShouldBe($"/Statistics/Entry?filing={own}&year={DateTime.Today.Year - 1}");
        mine.QuerySelector("#own-changes")!.GetAttribute("href").ShouldBe("/Body/Changes");
        mine.QuerySelector("#own-occupations")!.GetAttribute("href").ShouldBe($"/Body/Occupations?FilingId={own}");
        (await body.GetAsync($"/Statistics/Entry?filing={own}&year={DateTime.Today.Year - 1}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var theirs = Parser.ParseDocument(await body.GetStringAsync($"/Registry/Detail/{other}"));
        theirs.QuerySelector("#statistics-entry").ShouldBeNull();
        theirs.QuerySelector("#own-changes").ShouldBeNull();

        // its home page names its filing, linked to that page, with the body's own tasks beside it
        var home = Parser.ParseDocument(await body.GetStringAsync("/"));
        var card = home.QuerySelector("#own-filings")!;
        card.QuerySelector($"a[href='/Registry/Detail/{own}']")!.TextContent.ShouldBe("忻州市高级技工学校");
        card.TextContent.ShouldContain("变更申请");
        card.TextContent.ShouldContain("整改事项");
        // staff and visitors have no such card
        Parser.ParseDocument(await datong.GetStringAsync("/")).QuerySelector("#own-filings").ShouldBeNull();
        Parser.ParseDocument(await app.CreateClient().GetStringAsync("/")).QuerySelector("#own-filings").ShouldBeNull();
    }

    [Fact]
    public async Task The_sorted_heading_shows_its_direction_and_the_supervision_column_sorts()
    {
        var client = app.CreateClient();
        var byDefault = Parser.ParseDocument(await client.GetStringAsync("/Registry"));
        var name = byDefault.QuerySelectorAll("table.registry th")[0];
        name.GetAttribute("aria-sort").ShouldBe("ascending");
        name.TextContent.ShouldContain("▲");
        name.QuerySelector("a")!.GetAttribute("href").ShouldBe("/Registry?sort=-name"); // the sorted column turns round
        byDefault.QuerySelectorAll("table.registry th[aria-sort]").Length.ShouldBe(1);

        var bySupervision = Parser.ParseDocument(await client.GetStringAsync("/Registry?region=忻州市&sort=supervision&pageSize=500"));
        var heading = bySupervision.QuerySelectorAll("table.registry th")[3];
        heading.TextContent.ShouldContain("监管");
        heading.GetAttribute("aria-sort").ShouldBe("ascending");
        var column = bySupervision.QuerySelectorAll("table.registry tbody tr td:nth-child(4)").Select(td => td.TextContent.Trim()).ToList();
        var rank = column.Select(v => v switch { "省属" => 0, "市属" => 1, _ => 2 }).ToList();
        rank.ShouldBe(rank.Order().ToList(), string.Join(",", column));

        var descending = Parser.ParseDocument(await client.GetStringAsync("/Registry?sort=-supervision"));
        descending.QuerySelectorAll("table.registry th")[3].GetAttribute("aria-sort").ShouldBe("descending");
        descending.QuerySelectorAll("table.registry th")[3].TextContent.ShouldContain("▼");
    }

    [Fact]
    public async Task Words_separated_by_a_space_must_all_match()
    {
        var client = app.CreateClient();
        var both = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/filings?q=" + Uri.EscapeDataString("山西 职业") + "&pageSize=500");
        var names = both.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("entityName").GetString()!).ToList();
        names.ShouldNotBeEmpty();
        names.ShouldAllBe(n => n.Contains("职业"));
        both.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("regionCode").GetString()!.StartsWith("14"));
        var fullWidth = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/filings?q=" + Uri.EscapeDataString("忻州\u3000技工") + "&pageSize=500");
        fullWidth.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
        var none = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/filings?q=" + Uri.EscapeDataString("阳泉 忻州市高级技工学校"));
        none.GetProperty("total").GetInt32().ShouldBe(0);
    }
}
