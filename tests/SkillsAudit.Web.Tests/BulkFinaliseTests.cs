using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Data.Features.Reviews;
using Xunit;
using static SkillsAudit.Web.Tests.ReviewTestKit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// 批量确认结果 on the campaign board: every selected body confirmed through the single page's handler, one transaction
/// each, in steps with progress; bodies the handler refuses skipped with the reason in Chinese (naming people, not
/// accounts); a body another officer confirmed meanwhile skipped, not an error; only the region's officers; the officers'
/// 待确认考核结果 done. And the single page says up front why a result cannot be confirmed.
/// </summary>
public sealed class BulkFinaliseTests(ReviewApp fixture) : IClassFixture<ReviewApp>
{
    private AppFactory App => fixture.App;
    private FakeClock Clock => fixture.Clock;

    /// <summary>A 忻州市 campaign on xinzhou-2023 with "expert" as 组长 (and the other members given), opened; the clock in its panel stage.</summary>
    private async Task<(int Campaign, HttpClient Officer)> OpenAsync(string title, IReadOnlyList<string>? bodies = null, params string[] panel)
    {
        Clock.Now = ReviewApp.Start;
        var officer = await App.OfficerAsync();
        var id = await CreateCampaignAsync(officer, Clock.Now, title);
        if (bodies is null)
            (await officer.PostAsJsonAsync($"/api/reviews/campaigns/{id}/targets/apply", new { asOf = Day(Clock.Now, 0) })).EnsureSuccessStatusCode();
        else
            foreach (var b in bodies)
                (await officer.PutIfMatchAsync($"/api/reviews/campaigns/{id}", $"/api/reviews/campaigns/{id}/targets/{await App.FilingIdAsync(b)}", new { included = true, reason = "测试：市属机构" })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync($"/api/reviews/campaigns/{id}/members", new { userName = "expert", role = "PanelLead" })).EnsureSuccessStatusCode();
        foreach (var p in panel) (await officer.PostAsJsonAsync($"/api/reviews/campaigns/{id}/members", new { userName = p, role = "Panel" })).EnsureSuccessStatusCode();
        (await officer.PostAsync($"/api/reviews/campaigns/{id}/open", null)).EnsureSuccessStatusCode();
        Clock.Now = ReviewApp.Start.AddDays(7);
        return (id, officer);
    }

    private Task<int> AssessmentAsync(int campaign, string body) => App.DbAsync(db =>
        db.Assessments.Where(a => a.CampaignId == campaign && db.Filings.Any(f => f.Id == a.FilingId && f.LegalEntity.Name == body)).Select(a => a.Id).FirstAsync());

    /// <summary>An expert's full sheet for one body, saved and (unless told otherwise) submitted.</summary>
    private static async Task ScoreAsync(HttpClient expert, int assessment, bool submit = true)
    {
        (await expert.PutSheetAsync($"/api/reviews/assessments/{assessment}/panel", Answers("{}"))).EnsureSuccessStatusCode();
        if (submit) (await expert.PostAsJsonAsync($"/api/reviews/assessments/{assessment}/panel/submit", new { })).EnsureSuccessStatusCode();
    }

    /// <summary>An expert account with a display name (what people read) other than its login name.</summary>
    private async Task<HttpClient> ExpertAsync(string userName, string displayName)
    {
        var client = await App.UserAsync(userName, Roles.Expert);
        await App.DbAsync(async db =>
        {
            (await db.Users.FirstAsync(u => u.UserName == userName)).DisplayName = displayName;
            return await db.SaveChangesAsync();
        });
        return client;
    }

    private static Task<HttpResponseMessage> StartAsync(HttpClient client, int campaign, IEnumerable<int> filings) =>
        client.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/board/bulk", new { action = "finalise", filingIds = filings.ToArray() });

    /// <summary>Steps the action to its end, checking that each step moves the bar and takes a few bodies only.</summary>
    private static async Task<JsonElement> DriveAsync(HttpClient client, JsonElement op)
    {
        var steps = 0;
        while (!op.GetProperty("finished").GetBoolean())
        {
            var before = op.GetProperty("done").GetInt32();
            op = await (await client.PostAsync($"/api/reviews/bulk/{op.GetProperty("id").GetInt32()}/step", null)).Json();
            (op.GetProperty("done").GetInt32() - before).ShouldBeInRange(1, 6);
            (++steps).ShouldBeLessThan(30);
        }
        return op;
    }

    [Fact]
    public async Task The_assessment_page_says_up_front_why_the_result_cannot_be_confirmed_and_offers_the_button_only_when_it_can()
    {
        using var second = await ExpertAsync("bf-expert3", "赵评审");
        var (campaign, officer) = await OpenAsync("确认结果（先说明）", ["忻州市饭店烹饪协会"], "bf-expert3");
        var a = await AssessmentAsync(campaign, "忻州市饭店烹饪协会");
        var parser = new HtmlParser();
        async Task<AngleSharp.Html.Dom.IHtmlDocument> PageAsync() => parser.ParseDocument(await officer.GetStringAsync($"/Reviews/Assessment/{a}"));

        var page = await PageAsync();
        page.QuerySelector("#finalise")!.HasAttribute("disabled").ShouldBeTrue();
        page.QuerySelector("#finalise-blocked")!.TextContent.ShouldBe("暂不能确认结果：尚无专家提交评分，不能确认结果");
        (await (await officer.GetAsync($"/api/reviews/assessments/{a}")).Json()).GetProperty("cannotFinalise").GetString().ShouldBe("尚无专家提交评分，不能确认结果");

        using var expert = await App.SignedInAsync("expert", "Expert#2026");
        await ScoreAsync(expert, a);
        await ScoreAsync(second, a, submit: false);
        page = await PageAsync();
        page.QuerySelector("#finalise")!.HasAttribute("disabled").ShouldBeTrue();
        page.QuerySelector("#finalise-blocked")!.TextContent.ShouldBe("暂不能确认结果：仍有专家评分未提交：赵评审");

        (await second.PostAsJsonAsync($"/api/reviews/assessments/{a}/panel/submit", new { })).EnsureSuccessStatusCode();
        page = await PageAsync();
        page.QuerySelector("#finalise")!.HasAttribute("disabled").ShouldBeFalse();
        page.QuerySelector("#finalise-blocked").ShouldBeNull();
        (await (await officer.GetAsync($"/api/reviews/assessments/{a}")).Json()).GetProperty("cannotFinalise").ValueKind.ShouldBe(JsonValueKind.Null);

        (await officer.PostAsJsonAsync($"/api/reviews/assessments/{a}/finalise", new { })).EnsureSuccessStatusCode();
        page = await PageAsync();
        page.QuerySelector("#finalise")!.HasAttribute("disabled").ShouldBeTrue();
        page.QuerySelector("#finalise-blocked").ShouldBeNull(); // confirmed: the card says by whom and when
        page.QuerySelector("#finalised")!.TextContent.ShouldContain("确认并锁定");
        // What the officer reads is never shown to the experts: it is the officer's action.
        (await (await expert.GetAsync($"/api/reviews/assessments/{a}")).Json()).GetProperty("cannotFinalise").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
