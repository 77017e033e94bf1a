using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Cli;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The plan a campaign's results notice cites (title, 文号, issue date, the list's basis) can be filled in or corrected
/// after the campaign was created: on the campaign page, through PUT …/plan with If-Match, and with `campaign plan`.
/// </summary>
public sealed class CampaignPlanTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<int> DemoCampaignAsync()
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().Campaigns.Where(c => c.PlanTitle != null).Select(c => c.Id).FirstAsync();
    }

    [Fact]
    public async Task A_body_is_not_told_that_a_campaign_has_no_members_it_is_not_shown()
    {
        var filing = await app.FilingIdAsync("忻州市高级技工学校"); // the demo body user's
        var id = await app.DbAsync(db => db.Campaigns.Where(c => c.Targets.Any(t => t.FilingId == filing && t.Included)).Select(c => c.Id).FirstAsync());
        var officer = new HtmlParser().ParseDocument(await (await app.OfficerAsync()).GetStringAsync($"/Reviews/Campaign/{id}"));
        officer.QuerySelector("#members").ShouldNotBeNull();
        var body = await (await app.SignedInAsync("body", "Body#2026")).GetStringAsync($"/Reviews/Campaign/{id}");
        var page = new HtmlParser().ParseDocument(body);
        page.QuerySelector("h1").ShouldNotBeNull(); // the page itself is shown to the body
        page.QuerySelector("#members").ShouldBeNull();
        body.ShouldNotContain("尚未添加成员");
    }

    [Fact]
    public async Task The_member_form_offers_experts_and_staff_by_user_name_with_their_names_but_not_bodies_or_administrators()
    {
        var officer = await app.OfficerAsync();
        var id = await ReviewTestKit.CreateCampaignAsync(officer, DateTimeOffset.UtcNow.AddDays(3), "成员候选的考核");
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync($"/Reviews/Campaign/{id}"));
        page.QuerySelector("#add-member input[name=userName]")!.GetAttribute("list").ShouldBe("member-candidates");
        var offered = page.QuerySelectorAll("#member-candidates option").ToDictionary(o => o.GetAttribute("value")!, o => o.TextContent);
        offered.ShouldContainKey("expert");
        offered["expert"].ShouldNotBeNullOrWhiteSpace(); // the expert's name beside the user name
        offered.ShouldContainKey("officer");
        offered.ShouldNotContainKey("body");
        offered.ShouldNotContainKey("admin");
    }

    [Fact]
    public async Task Issuing_a_campaign_whose_self_assessment_is_already_over_warns_first_and_annex4_waits_for_decisions()
    {
        var officer = await app.OfficerAsync();
        // 机构自评 from 20 to 15 days ago: issued today, it would never open.
        var id = await ReviewTestKit.CreateCampaignAsync(officer, DateTimeOffset.UtcNow.AddDays(-20), "自评已过的考核");
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync($"/Reviews/Campaign/{id}"));
        var warning = page.QuerySelector("#open")!.GetAttribute("data-confirm")!;
        warning.ShouldContain("机构自评（");
        warning.ShouldContain("已经结束，印发后不会开放");
        // No 评估意见 yet: 附件4 would be an empty table, so the button says why instead of downloading one.
        var annex4 = page.QuerySelector("#annex4")!;
        annex4.LocalName.ShouldBe("button");
        annex4.HasAttribute("disabled").ShouldBeTrue();
        annex4.TextContent.ShouldContain("尚未作出评估意见");
        // A campaign whose stages are all ahead is issued without the warning.
        var ahead = await ReviewTestKit.CreateCampaignAsync(officer, DateTimeOffset.UtcNow.AddDays(2), "日程在后的考核");
        new HtmlParser().ParseDocument(await officer.GetStringAsync($"/Reviews/Campaign/{ahead}")).QuerySelector("#open")!.GetAttribute("data-confirm")!.ShouldNotContain("已经结束");
    }

    [Fact]
    public async Task The_campaigns_rubric_link_opens_the_rubric_for_officer_and_body()
    {
        var filing = await app.FilingIdAsync("忻州市高级技工学校"); // the demo body user's
        var id = await app.DbAsync(db => db.Campaigns.Where(c => c.Targets.Any(t => t.FilingId == filing && t.Included)).Select(c => c.Id).FirstAsync());
        foreach (var client in new[] { await app.OfficerAsync(), await app.SignedInAsync("body", "Body#2026") })
        {
            var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/Reviews/Campaign/{id}"));
            var href = page.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).First(h => h is not null && h.StartsWith("/Rubrics/", StringComparison.Ordinal))!;
            var rubric = await client.GetAsync(href);
            rubric.StatusCode.ShouldBe(HttpStatusCode.OK, href);
            (await rubric.Content.ReadAsStringAsync()).ShouldContain("评估");
        }
    }

    [Fact]
    public async Task The_campaign_page_shows_the_plan_form_filled_in_and_the_api_corrects_it_with_the_version_shown()
    {
        var officer = await app.OfficerAsync();
        var id = await DemoCampaignAsync();
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync($"/Reviews/Campaign/{id}"));
        var form = page.QuerySelector("#plan-form")!;
        form.GetAttribute("data-method").ShouldBe("PUT");
        var version = form.GetAttribute("data-version")!;
        page.QuerySelector("#plan-title")!.GetAttribute("value")!.ShouldContain("工作方案");
        page.QuerySelector("label[for=plan-doc]")!.TextContent.ShouldBe("文号");

        var url = $"/api/reviews/campaigns/{id}/plan";
        var body = new { planTitle = "忻州市2023年职业技能等级评价机构年度绩效考核工作方案", documentNumber = "忻人社函〔2023〕118号", planIssuedOn = "2023-12-12", listBasis = "忻人组办〔2023〕4号文" };
        // without If-Match: 428; with the page's version: saved; the same version again: stale, 412
        (await officer.PutAsJsonAsync(url, body)).StatusCode.ShouldBe((HttpStatusCode)428);
        using (var req = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) })
        {
            req.Headers.TryAddWithoutValidation("If-Match", version);
            var res = await officer.SendAsync(req);
            res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
            var view = await res.Json();
            view.GetProperty("planTitle").GetString().ShouldBe(body.planTitle);
            view.GetProperty("planIssuedOn").GetString().ShouldBe("2023-12-12");
            view.GetProperty("listBasis").GetString().ShouldBe(body.listBasis);
        }
        using (var stale = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body with { }) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", version);
            (await officer.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        }
        // a date that does not fit the campaign's year is refused with the field named, nothing changed
        var bad = await officer.PutIfMatchAsync($"/api/reviews/campaigns/{id}", url, body with { planIssuedOn = "2019-01-01" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("planIssuedOn");
        var after = new HtmlParser().ParseDocument(await officer.GetStringAsync($"/Reviews/Campaign/{id}"));
        after.QuerySelector("#plan-issued")!.GetAttribute("value").ShouldBe("2023-12-12");
        after.QuerySelector("#plan-doc")!.GetAttribute("value").ShouldBe("忻人社函〔2023〕118号");
    }

    [Fact]
    public async Task The_cli_changes_only_the_parts_given()
    {
        _ = app.Server;
        var id = await DemoCampaignAsync();
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await SkillsAuditCli.RunAsync(["campaign", "plan", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--doc-number", "忻人社函〔2023〕999号", "--json"],
            new CliContext { Out = o, Error = e, ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory });
        exit.ShouldBe(0, e.ToString());
        o.ToString().ShouldContain("忻人社函〔2023〕999号");
        using var scope = app.Services.CreateScope();
        var c = await scope.ServiceProvider.GetRequiredService<AppDb>().Campaigns.AsNoTracking().SingleAsync(x => x.Id == id);
        c.DocumentNumber.ShouldBe("忻人社函〔2023〕999号");
        c.PlanTitle.ShouldNotBeNullOrEmpty(); // kept

        var bad = new StringWriter();
        (await SkillsAuditCli.RunAsync(["campaign", "plan", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--issued-on", "2012-01-01"],
            new CliContext { Out = o, Error = bad, ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory })).ShouldBe(1);
        bad.ToString().ShouldContain("与考核年度");
    }

    [Fact]
    public async Task A_closed_campaign_page_offers_no_editing_of_its_members_or_targets()
    {
        var officer = await app.OfficerAsync();
        var id = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Campaigns.Where(c => c.State == SkillsAudit.Domain.Reviews.CampaignState.Closed).Select(c => c.Id).FirstAsync());
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync($"/Reviews/Campaign/{id}"));
        page.QuerySelector("#state")!.TextContent.ShouldBe("已结束");
        page.QuerySelector("#schedule-form").ShouldBeNull(); // the schedule is a record too
        page.QuerySelector("#schedule").ShouldNotBeNull();
        // … and the command line cannot change it either.
        var err = new StringWriter();
        (await SkillsAuditCli.RunAsync(["campaign", "schedule", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--stage", "SelfAssessment=2023-12-15..2023-12-31", "--stage", "PanelReview=2024-01-01..2024-01-10"],
            new CliContext { Out = new StringWriter(), Error = err, ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory })).ShouldBe(1);
        err.ToString().ShouldContain("考核已结束，日程不能再修改");
        page.QuerySelector("#targets").ShouldNotBeNull(); // still shown, as a record
        page.QuerySelector("#add-member").ShouldBeNull();
        page.QuerySelector("#apply-targets").ShouldBeNull();
        page.QuerySelectorAll("#targets form").Length.ShouldBe(0);
    }

    [Fact]
    public async Task An_open_campaign_cannot_be_closed_from_its_page_while_results_are_unconfirmed_and_the_page_says_how_many()
    {
        var officer = await app.OfficerAsync();
        var id = await ReviewTestKit.CreateCampaignAsync(officer, DateTimeOffset.UtcNow, "结束按钮测试");
        (await officer.PostAsync($"/api/reviews/campaigns/{id}/targets/apply", null)).EnsureSuccessStatusCode();
        (await officer.PostAsync($"/api/reviews/campaigns/{id}/open", null)).EnsureSuccessStatusCode();
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync($"/Reviews/Campaign/{id}"));
        page.QuerySelector("#apply-targets")!.TextContent.ShouldContain("（参照阳人社函〔2023〕221号第一部分）"); // a Xinzhou campaign: Yangquan's rule, by reference
        var close = page.QuerySelector("#close")!;
        close.HasAttribute("disabled").ShouldBeTrue();
        close.HasAttribute("data-post").ShouldBeFalse();
        var included = page.QuerySelectorAll("#targets tbody tr").Count(r => r.QuerySelectorAll("td")[2].TextContent.StartsWith('是'));
        included.ShouldBeGreaterThan(0);
        page.QuerySelector("#close-why")!.TextContent.ShouldContain($"尚有 {included} 个考核对象的结果未确认");
        (await officer.GetStringAsync($"/Reviews/Decisions/{id}")).ShouldContain("规则参照阳泉市《关于组织对全市职业技能等级认定评价机构开展评估的通知》");
        (await officer.GetStringAsync("/Reviews/Rectifications")).ShouldContain("（限期2个月，参照阳人社函〔2023〕221号 四(二)）"); // a Xinzhou officer
        // the server refuses it too, whatever the page shows
        (await officer.PostAsync($"/api/reviews/campaigns/{id}/close", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_new_campaign_form_sent_half_filled_is_told_each_missing_field_in_words_a_person_uses()
    {
        var officer = await app.OfficerAsync();
        var res = await officer.PostAsJsonAsync("/api/reviews/campaigns", new
        {
            title = "测试考核", authority = "忻州市人力资源和社会保障局", year = (int?)null, region = "忻州市", rubric = "",
            stages = new[] { new { stage = "SelfAssessment", from = "", to = "" }, new { stage = "PanelReview", from = "2026-13-01", to = "" } },
        });
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await res.Content.ReadAsStringAsync();
        var messages = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateArray().Select(m => m.GetString()!)).ToList();
        messages.ShouldContain("请选择评估表");
        messages.ShouldContain("请填写考核年度（四位数字，如 2026）");
        messages.ShouldContain("请填写机构自评的开始日期");
        messages.ShouldContain("请填写机构自评的结束日期");
        messages.ShouldContain("考核小组评审的开始日期“2026-13-01”不是日期（如 2026-12-01）");
        messages.ShouldNotContain(m => m.Contains("须安排") || m.Contains("yyyy") || m.Contains("xinzhou-2023") || m.Contains("年度 0"), string.Join(" | ", messages));
    }

    [Fact]
    public async Task The_new_campaign_form_starts_with_the_officer_s_own_city()
    {
        var page = new HtmlParser().ParseDocument(await (await app.OfficerAsync()).GetStringAsync("/Reviews"));
        page.QuerySelector("#create input[name=region]")!.GetAttribute("value").ShouldBe("忻州市");
    }
}
