using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Reviews;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static SkillsAudit.Web.Tests.ReviewTestKit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Every review endpoint, called by a body user with another body's ids, answers 403 or 404 and changes nothing.
/// The table below enumerates the endpoints; a new endpoint in ReviewsApi without a row here fails the count check.
/// </summary>
public sealed class ReviewAccessTests(ReviewApp fixture) : IClassFixture<ReviewApp>
{
    private AppFactory App => fixture.App;

    [Fact]
    public async Task A_body_user_gets_403_or_404_on_every_endpoint_for_another_bodys_data()
    {
        fixture.Clock.Now = ReviewApp.Start;
        using var officer = await App.OfficerAsync();
        var campaign = await CreateCampaignAsync(officer, fixture.Clock.Now, "权限测试");
        var victimFiling = await App.FilingIdAsync("宁武县职业中学校");
        (await officer.PutIfMatchAsync($"/api/reviews/campaigns/{campaign}", $"/api/reviews/campaigns/{campaign}/targets/{victimFiling}", new { included = true, reason = "测试" })).EnsureSuccessStatusCode();
        (await officer.PostAsync($"/api/reviews/campaigns/{campaign}/open", null)).EnsureSuccessStatusCode();
        using var victim = await App.UserAsync("body-victim", Roles.BodyUser, "宁武县职业中学校");
        var a = (await (await victim.GetAsync($"/api/reviews/campaigns/{campaign}/filings/{victimFiling}")).Json()).GetProperty("id").GetInt32();
        (await victim.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("""{"answers":{"1.1.1":{"met":false}}}"""))).EnsureSuccessStatusCode();
        var evidence = (await (await victim.PostAsync($"/api/reviews/assessments/{a}/evidence", File(Pdf, "v.pdf"))).Json()).GetProperty("id").GetInt32();
        var rect = await App.DbAsync(async db =>
        {
            var r = new Rectification(victimFiling, a, "测试整改", new DateOnly(2027, 2, 1), "officer", db.Now);
            db.Rectifications.Add(r);
            await db.SaveChangesAsync();
            return r.Id;
        });

        // A bulk action of the officer's on the board, for the attacker to look at.
        var op = (await (await officer.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/board/bulk", new { action = "remind", filingIds = new[] { victimFiling }, reason = "请按时自评" })).Json(HttpStatusCode.Created)).GetProperty("id").GetInt32();

        // The attacker: the demo body user (忻州市高级技工学校), not a target of this campaign.
        using var body = await App.SignedInAsync("body", "Body#2026");
        var json = (string s) => new StringContent(s, Encoding.UTF8, "application/json");
        var calls = new (string Name, Func<Task<HttpResponseMessage>> Call)[]
        {
            ("GET campaign", () => body.GetAsync($"/api/reviews/campaigns/{campaign}")),
            ("POST campaigns", () => body.PostAsync("/api/reviews/campaigns", json("{}"))),
            ("POST targets/apply", () => body.PostAsync($"/api/reviews/campaigns/{campaign}/targets/apply", json("{}"))),
            ("PUT target", () => body.PutAsync($"/api/reviews/campaigns/{campaign}/targets/{victimFiling}", json("""{"included":false,"reason":"x"}"""))),
            ("PUT plan", () => body.PutAsync($"/api/reviews/campaigns/{campaign}/plan", json("""{"planTitle":"x"}"""))),
            ("PUT schedule", () => body.PutAsync($"/api/reviews/campaigns/{campaign}/schedule", json("""{"stages":[]}"""))),
            ("POST members", () => body.PostAsync($"/api/reviews/campaigns/{campaign}/members", json("""{"userName":"body","role":"Panel"}"""))),
            ("POST open", () => body.PostAsync($"/api/reviews/campaigns/{campaign}/open", null)),
            ("POST close", () => body.PostAsync($"/api/reviews/campaigns/{campaign}/close", null)),
            ("POST next-year", () => body.PostAsync($"/api/reviews/campaigns/{campaign}/next-year", json("{}"))),
            ("GET assessments", () => body.GetAsync($"/api/reviews/campaigns/{campaign}/assessments")),
            ("GET by filing", () => body.GetAsync($"/api/reviews/campaigns/{campaign}/filings/{victimFiling}")),
            ("POST historical", () => body.PostAsync($"/api/reviews/campaigns/{campaign}/historical", json("x"))),
            ("GET results", () => body.GetAsync($"/api/reviews/campaigns/{campaign}/results")),
            ("GET findings", () => body.GetAsync($"/api/reviews/campaigns/{campaign}/findings")),
            ("POST findings", () => body.PostAsync($"/api/reviews/campaigns/{campaign}/findings", json($$"""{"filingId":{{victimFiling}},"finding":"OrganisedCheating","note":"x"}"""))),
            ("POST finding evidence", () => body.PostAsync($"/api/reviews/campaigns/{campaign}/findings/{victimFiling}/evidence", File(Pdf, "x.pdf"))),
            ("POST decisions", () => body.PostAsync($"/api/reviews/campaigns/{campaign}/decisions", json("{}"))),
            ("GET decisions", () => body.GetAsync($"/api/reviews/campaigns/{campaign}/decisions")),
            ("GET proposals", () => body.GetAsync($"/api/reviews/campaigns/{campaign}/proposals")),
            ("POST follow-up", () => body.PostAsync($"/api/reviews/rectifications/{rect}/follow-up", json("""{"kind":"Renew"}"""))),
            ("GET annex4", () => body.GetAsync($"/api/reviews/campaigns/{campaign}/annex4.xlsx")),
            ("GET assessment", () => body.GetAsync($"/api/reviews/assessments/{a}")),
            ("GET comparison", () => body.GetAsync($"/api/reviews/assessments/{a}/comparison")),
            ("GET sheet.xlsx", () => body.GetAsync($"/api/reviews/assessments/{a}/sheet.xlsx")),
            ("POST sheet", () => body.PostAsync($"/api/reviews/assessments/{a}/sheet", File(Pdf, "x.xlsx"))),
            ("POST score", () => body.PostAsync($"/api/reviews/assessments/{a}/score", json("""{"answers":{}}"""))),
            ("PUT self", () => body.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("{}"))),
            ("POST self/submit", () => body.PostAsync($"/api/reviews/assessments/{a}/self/submit", json("{}"))),
            ("POST evidence", () => body.PostAsync($"/api/reviews/assessments/{a}/evidence", File(Pdf, "x.pdf"))),
            ("PUT panel", () => body.PutSheetAsync($"/api/reviews/assessments/{a}/panel", Answers("{}"))),
            ("POST panel/submit", () => body.PostAsync($"/api/reviews/assessments/{a}/panel/submit", json("{}"))),
            ("POST finalise", () => body.PostAsync($"/api/reviews/assessments/{a}/finalise", json("{}"))),
            ("POST reopen", () => body.PostAsync($"/api/reviews/assessments/{a}/reopen", json("""{"stage":"SelfAssessment","reason":"x"}"""))),
            ("GET evidence", () => body.GetAsync($"/api/reviews/evidence/{evidence}")),
            ("GET rectifications", () => body.GetAsync($"/api/reviews/rectifications/{rect}")),
            ("POST rectification evidence", () => body.PostAsync($"/api/reviews/rectifications/{rect}/evidence", File(Pdf, "x.pdf"))),
            ("POST respond", () => body.PostAsync($"/api/reviews/rectifications/{rect}/respond", json("""{"response":"x"}"""))),
            ("POST check", () => body.PostAsync($"/api/reviews/rectifications/{rect}/check", json("""{"passed":true,"note":"x"}"""))),
            ("GET filing history", () => body.GetAsync($"/api/reviews/filings/{victimFiling}/history")),
            ("GET board", () => body.GetAsync($"/api/reviews/campaigns/{campaign}/board")),
            ("POST board/bulk", () => body.PostAsync($"/api/reviews/campaigns/{campaign}/board/bulk", json($$"""{"action":"remove","filingIds":[{{victimFiling}}],"reason":"x"}"""))),
            ("GET bulk", () => body.GetAsync($"/api/reviews/bulk/{op}")),
            ("POST bulk step", () => body.PostAsync($"/api/reviews/bulk/{op}/step", null)),
            ("GET review-window", () => body.GetAsync($"/api/reviews/assessments/{a}/review-window")),
            ("POST review-requests", () => body.PostAsync($"/api/reviews/assessments/{a}/review-requests", json("""{"grounds":"x"}"""))),
            ("GET review-request", () => body.GetAsync("/api/reviews/review-requests/999999")),
            ("POST review-request answer", () => body.PostAsync("/api/reviews/review-requests/999999/answer", json("""{"answer":"x","reopen":true}"""))),
        };
        var audit = await App.DbAsync(db => db.AuditLog.CountAsync());
        var failures = new List<string>();
        foreach (var (name, call) in calls)
        {
            var res = await call();
            if (res.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound)) failures.Add($"{name}: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
        }
        failures.ShouldBeEmpty();
        (await App.DbAsync(db => db.AuditLog.CountAsync())).ShouldBe(audit, "nothing was written");

        // The list endpoints answer 200 but show nothing of the other body.
        (await (await body.GetAsync("/api/reviews/campaigns")).Json()).EnumerateArray().Any(c => c.GetProperty("id").GetInt32() == campaign).ShouldBeFalse();
        (await (await body.GetAsync("/api/reviews/rectifications")).Json()).EnumerateArray().Any(r => r.GetProperty("id").GetInt32() == rect).ShouldBeFalse();
        (await (await body.GetAsync("/api/reviews/review-requests")).Json()).GetArrayLength().ShouldBe(0);

        // Every mapped review endpoint is in the table (the three list endpoints above are the exceptions).
        var endpoints = App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().Count(e => e.RoutePattern.RawText?.StartsWith("/api/reviews", StringComparison.Ordinal) == true);
        endpoints.ShouldBe(calls.Length + 3);
    }

    [Fact]
    public async Task An_expert_off_the_panel_and_an_officer_of_another_region_see_nothing()
    {
        fixture.Clock.Now = ReviewApp.Start;
        using var officer = await App.OfficerAsync();
        var campaign = await CreateCampaignAsync(officer, fixture.Clock.Now, "范围测试");
        using var outsider = await App.UserAsync("expert-out", Roles.Expert);
        (await outsider.GetAsync($"/api/reviews/campaigns/{campaign}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var yq = await App.UserAsync("officer-yq", Roles.Officer);
        await App.DbAsync(async db =>
        {
            var u = await db.Users.FirstAsync(x => x.UserName == "officer-yq");
            u.RegionCode = "140300"; // 阳泉市
            return await db.SaveChangesAsync();
        });
        (await yq.GetAsync($"/api/reviews/campaigns/{campaign}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await yq.PostAsync($"/api/reviews/campaigns/{campaign}/open", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
