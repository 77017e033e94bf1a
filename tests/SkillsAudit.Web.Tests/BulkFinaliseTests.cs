using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Cli;
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
    public async Task Bulk_finalise_confirms_every_scored_body_of_the_48_body_campaign_in_steps_and_marks_each_待确认考核结果_done()
    {
        var (campaign, officer) = await OpenAsync("批量确认结果（全市）");
        var assessments = await App.DbAsync(db => db.Assessments.Where(a => a.CampaignId == campaign).Select(a => new { a.Id, a.FilingId }).ToListAsync());
        assessments.Count.ShouldBeGreaterThanOrEqualTo(48);
        using var expert = await App.SignedInAsync("expert", "Expert#2026");
        foreach (var a in assessments) await ScoreAsync(expert, a.Id);
        var links = assessments.Select(a => $"/Reviews/Assessment/{a.Id}").ToList();
        (await App.DbAsync(db => db.Notifications.CountAsync(n => n.UserName == "officer" && n.Kind == NotificationKinds.PanelScored && n.ReadAt == null && links.Contains(n.Link!))))
            .ShouldBe(assessments.Count);

        // The board offers them all: 专家已评分, each marked as one that can be confirmed, and 确认结果 among the actions.
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync($"/Reviews/Board/{campaign}"));
        page.QuerySelectorAll("#board tr[data-finalisable=true]").Length.ShouldBe(assessments.Count);
        page.QuerySelector("#bulk-action option[value=finalise]")!.TextContent.ShouldBe("确认结果");
        page.QuerySelector("#pick-finalisable")!.TextContent.ShouldContain($"{assessments.Count} 个");

        var op = await (await StartAsync(officer, campaign, assessments.Select(a => a.FilingId))).Json(HttpStatusCode.Created);
        op.GetProperty("actionName").GetString().ShouldBe("确认结果");
        var done = await DriveAsync(officer, op);
        (done.GetProperty("done").GetInt32(), done.GetProperty("succeeded").GetInt32(), done.GetProperty("skipped").GetArrayLength()).ShouldBe((assessments.Count, assessments.Count, 0));
        done.GetProperty("error").ValueKind.ShouldBe(JsonValueKind.Null);

        // Each confirmed and signed as on the single page, with its grade; the officers' 待确认考核结果 all done.
        var confirmed = await App.DbAsync(db => db.Assessments.Where(a => a.CampaignId == campaign).Select(a => new { a.FinalisedBy, a.Outcome, a.PanelBaseTotal }).ToListAsync());
        confirmed.ShouldAllBe(a => a.FinalisedBy == "officer" && a.Outcome != null && a.PanelBaseTotal != null);
        (await App.DbAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKinds.PanelScored && n.ReadAt == null && links.Contains(n.Link!)))).ShouldBe(0);
        // Each confirmation in the audit log under the officer's name, as on the single page.
        var ids = assessments.Select(a => a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        (await App.DbAsync(db => db.AuditLog.Where(e => e.EntityType == "Assessment" && e.Actor == "officer" && e.Action == "Modified" && ids.Contains(e.EntityKey)).Select(e => e.EntityKey).Distinct().CountAsync()))
            .ShouldBe(assessments.Count);
        var board = await (await officer.GetAsync($"/api/reviews/campaigns/{campaign}/board?status=Finalised")).Json();
        board.GetProperty("rows").GetArrayLength().ShouldBe(assessments.Count);
    }

    [Fact]
    public async Task Bulk_finalise_skips_bodies_without_expert_sheets_with_a_draft_already_confirmed_or_removed_with_the_reason_in_Chinese()
    {
        string[] bodies = ["忻州市高级技工学校", "山西国智职业培训学校", "忻州市饭店烹饪协会", "忻州市驿荣职业技术培训学校", "忻州市实用职业技术培训学校"];
        using var second = await ExpertAsync("bf-expert2", "李评审");
        var (campaign, officer) = await OpenAsync("批量确认结果（跳过）", bodies, "bf-expert2");
        using var expert = await App.SignedInAsync("expert", "Expert#2026");
        var a = new int[bodies.Length];
        for (var i = 0; i < bodies.Length; i++) a[i] = await AssessmentAsync(campaign, bodies[i]);
        // 0: both experts submitted; 1: nothing scored; 2: the second expert's sheet still a draft;
        // 3: both submitted and confirmed already on its own page; 4: both submitted, then removed from the campaign.
        foreach (var x in new[] { a[0], a[2], a[3], a[4] }) await ScoreAsync(expert, x);
        foreach (var x in new[] { a[0], a[3], a[4] }) await ScoreAsync(second, x);
        await ScoreAsync(second, a[2], submit: false);
        (await officer.PostAsJsonAsync($"/api/reviews/assessments/{a[3]}/finalise", new { })).EnsureSuccessStatusCode();
        var removed = await App.FilingIdAsync(bodies[4]);
        (await officer.PutIfMatchAsync($"/api/reviews/campaigns/{campaign}", $"/api/reviews/campaigns/{campaign}/targets/{removed}", new { included = false, reason = "已注销" })).EnsureSuccessStatusCode();

        var filings = new List<int>();
        foreach (var b in bodies) filings.Add(await App.FilingIdAsync(b));
        var done = await DriveAsync(officer, await (await StartAsync(officer, campaign, filings)).Json(HttpStatusCode.Created));

        done.GetProperty("error").ValueKind.ShouldBe(JsonValueKind.Null);
        done.GetProperty("succeeded").GetInt32().ShouldBe(1);
        var skipped = done.GetProperty("skipped").EnumerateArray().Select(s => s.GetString()!).ToList();
        skipped.Count.ShouldBe(4);
        skipped.ShouldContain($"{bodies[1]}：尚无专家提交评分，不能确认结果");
        skipped.ShouldContain($"{bodies[2]}：仍有专家评分未提交：李评审");
        skipped.Single(s => s.StartsWith(bodies[3], StringComparison.Ordinal)).ShouldContain("确认锁定，不能再次确认");
        skipped.ShouldContain($"{bodies[4]}：已移出本次考核，不确认结果");
        skipped.ShouldAllBe(s => !s.Contains("bf-expert2") && !s.Contains("Exception") && !s.Contains("assessment"));
        var final = await App.DbAsync(db => db.Assessments.Where(x => a.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.FinalisedAt != null));
        (final[a[0]], final[a[1]], final[a[2]], final[a[3]], final[a[4]]).ShouldBe((true, false, false, true, false));
    }

    [Fact]
    public async Task Bulk_finalise_reports_a_body_another_officer_confirmed_meanwhile_as_skipped_not_as_an_error()
    {
        string[] bodies = ["忻州市高级技工学校", "山西国智职业培训学校", "忻州市饭店烹饪协会"];
        var (campaign, officer) = await OpenAsync("批量确认结果（并发）", bodies);
        using var colleague = await App.UserAsync("bf-officer2", Roles.Officer);
        await App.DbAsync(async db =>
        {
            (await db.Users.FirstAsync(u => u.UserName == "bf-officer2")).DisplayName = "王科员";
            return await db.SaveChangesAsync();
        });
        using var expert = await App.SignedInAsync("expert", "Expert#2026");
        var a = new int[bodies.Length];
        for (var i = 0; i < bodies.Length; i++) { a[i] = await AssessmentAsync(campaign, bodies[i]); await ScoreAsync(expert, a[i]); }
        var filings = new List<int>();
        foreach (var b in bodies) filings.Add(await App.FilingIdAsync(b));
        var op = await (await StartAsync(officer, campaign, filings)).Json(HttpStatusCode.Created);

        // After the selection, before the step: the colleague confirms the first body on its own page.
        (await colleague.PostAsJsonAsync($"/api/reviews/assessments/{a[0]}/finalise", new { })).EnsureSuccessStatusCode();
        // During the step: the colleague's confirmation of the second body lands between this one's reading and its saving.
        using var scope = App.Services.CreateScope();
        var ops = scope.ServiceProvider.GetRequiredService<BoardOperations>();
        ops.BeforeFinaliseSave = async id =>
        {
            if (id != a[1]) return;
            using var other = App.Services.CreateScope();
            var db = other.ServiceProvider.GetRequiredService<AppDb>();
            await other.ServiceProvider.GetRequiredService<AssessmentHandlers>().FinaliseAsync(await ReviewUser.LoadAsync(db, "bf-officer2"), id, null);
        };
        var me = await ReviewUser.LoadAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), "officer");
        var done = await ops.StepAsync(me, op.GetProperty("id").GetInt32());

        done.Finished.ShouldBeTrue();
        done.Error.ShouldBeNull();
        done.Succeeded.ShouldBe(1);
        done.Skipped.Count.ShouldBe(2);
        done.Skipped.Single(s => s.StartsWith(bodies[0], StringComparison.Ordinal)).ShouldContain("由 王科员 确认锁定");
        done.Skipped.Single(s => s.StartsWith(bodies[1], StringComparison.Ordinal)).ShouldStartWith($"{bodies[1]}：已由 王科员 于 ");
        var by = await App.DbAsync(db => db.Assessments.Where(x => a.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.FinalisedBy));
        (by[a[0]], by[a[1]], by[a[2]]).ShouldBe(("bf-officer2", "bf-officer2", "officer"));
    }

    [Fact]
    public async Task Another_citys_officer_can_neither_start_nor_step_a_bulk_finalise_and_nothing_is_confirmed()
    {
        string[] bodies = ["忻州市高级技工学校", "山西国智职业培训学校"];
        var (campaign, officer) = await OpenAsync("批量确认结果（他市）", bodies);
        using var expert = await App.SignedInAsync("expert", "Expert#2026");
        foreach (var b in bodies) await ScoreAsync(expert, await AssessmentAsync(campaign, b));
        (await App.UserAsync("bf-yangquan", Roles.Officer)).Dispose();
        await App.DbAsync(async db =>
        {
            (await db.Users.FirstAsync(u => u.UserName == "bf-yangquan")).RegionCode = "140300"; // 阳泉市
            return await db.SaveChangesAsync();
        });
        using var yangquan = await App.SignedInAsync("bf-yangquan", "Test#2026pw");
        var filings = new List<int>();
        foreach (var b in bodies) filings.Add(await App.FilingIdAsync(b));

        var refused = await StartAsync(yangquan, campaign, filings);
        refused.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden);
        var refusal = await refused.Content.ReadAsStringAsync();
        refusal.ShouldContain("没有找到这项考核");
        refusal.ShouldNotContain($"考核 {campaign}"); // the refusal names no record number
        // Nor may it drive the region's own officer's action, or read it.
        var op = await (await StartAsync(officer, campaign, filings)).Json(HttpStatusCode.Created);
        var id = op.GetProperty("id").GetInt32();
        (await yangquan.PostAsync($"/api/reviews/bulk/{id}/step", null)).StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden);
        (await yangquan.GetAsync($"/api/reviews/bulk/{id}")).StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden);
        // The handler's own check, as on the single page.
        (await yangquan.PostAsJsonAsync($"/api/reviews/assessments/{await AssessmentAsync(campaign, bodies[0])}/finalise", new { })).StatusCode
            .ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden);
        (await App.DbAsync(db => db.Assessments.CountAsync(x => x.CampaignId == campaign && x.FinalisedAt != null))).ShouldBe(0);
        (await App.DbAsync(db => db.BulkOperations.Where(o => o.Id == id).Select(o => o.Done).SingleAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task The_CLI_campaign_finalise_confirms_the_scored_bodies_and_lists_the_ones_it_skips_with_the_reason()
    {
        string[] bodies = ["忻州市高级技工学校", "山西国智职业培训学校", "忻州市饭店烹饪协会"];
        var (campaign, _) = await OpenAsync("批量确认结果（命令行）", bodies);
        using var expert = await App.SignedInAsync("expert", "Expert#2026");
        foreach (var b in bodies[..2]) await ScoreAsync(expert, await AssessmentAsync(campaign, b));
        var o = new StringWriter();
        var e = new StringWriter();
        var ctx = new CliContext { Out = o, Error = e, ConnectionString = App.ConnectionString, ContentRoot = AppContext.BaseDirectory };
        var id = campaign.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Without --filing: the bodies the board offers (专家已评分), the unscored one left alone.
        (await SkillsAuditCli.RunAsync(["campaign", "finalise", id], ctx)).ShouldBe(0, e.ToString());
        o.ToString().ShouldContain("确认结果完成：成功 2 个，跳过 0 个");
        (await App.DbAsync(db => db.Assessments.CountAsync(a => a.CampaignId == campaign && a.FinalisedAt != null))).ShouldBe(2);
        o.GetStringBuilder().Clear();
        // Named: confirmed ones and the unscored one skipped, each with why.
        var filings = new List<string>();
        foreach (var b in bodies) { filings.Add("--filing"); filings.Add((await App.FilingIdAsync(b)).ToString(System.Globalization.CultureInfo.InvariantCulture)); }
        (await SkillsAuditCli.RunAsync(["campaign", "finalise", id, .. filings], ctx)).ShouldBe(0, e.ToString());
        o.ToString().ShouldContain("确认结果完成：成功 0 个，跳过 3 个");
        o.ToString().ShouldContain($"跳过 {bodies[2]}：尚无专家提交评分，不能确认结果");
        o.ToString().ShouldContain("不能再次确认");
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

        // A draft only: who has not submitted yet.
        await ScoreAsync(second, a, submit: false);
        page = await PageAsync();
        page.QuerySelector("#finalise")!.HasAttribute("disabled").ShouldBeTrue();
        page.QuerySelector("#finalise-blocked")!.TextContent.ShouldBe("暂不能确认结果：尚无专家提交评分，不能确认结果（评分尚未提交：赵评审）");

        using var expert = await App.SignedInAsync("expert", "Expert#2026");
        await ScoreAsync(expert, a);
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
