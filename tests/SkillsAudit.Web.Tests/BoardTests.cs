using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Reviews;
using Xunit;
using static SkillsAudit.Web.Tests.ReviewTestKit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The officer's campaign board (status per target, counts, filter, search), its bulk actions (steps with progress,
/// one at a time per campaign, reasons required) and review requests (复核申请) within 15 working days, answered by
/// keeping the result or reopening the panel review.
/// </summary>
public sealed class BoardTests(ReviewApp fixture) : IClassFixture<ReviewApp>
{
    private AppFactory App => fixture.App;

    /// <summary>A 阳泉 campaign on yangquan-2023 whose schedule has reached 公布 (published four days ago).</summary>
    private async Task<(int Campaign, HttpClient Admin)> PublishedCampaignAsync(string title)
    {
        var admin = await App.AdminAsync();
        var now = fixture.Clock.GetUtcNow();
        var created = await (await admin.PostAsJsonAsync("/api/reviews/campaigns", new
        {
            title, documentNumber = "阳人社函〔2026〕1号", authority = "阳泉市人力资源和社会保障局", year = 2026, region = "阳泉市", rubric = "yangquan-2023",
            stages = new[]
            {
                new { stage = "SelfAssessment", from = Day(now, -40), to = Day(now, -30) }, new { stage = "PanelReview", from = Day(now, -29), to = Day(now, -10) },
                new { stage = "Summary", from = Day(now, -9), to = Day(now, -5) }, new { stage = "Publication", from = Day(now, -4), to = Day(now, 10) },
            },
        })).Json(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{id}/targets/apply", new { asOf = Day(now, -40) })).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/reviews/campaigns/{id}/open", null)).EnsureSuccessStatusCode();
        return (id, admin);
    }

    private Task<int> FinalisedAsync(int campaign, int filing, decimal total, string outcome) => App.DbAsync(async db =>
    {
        var a = await db.Assessments.FirstAsync(x => x.CampaignId == campaign && x.FilingId == filing);
        a.RecordHistorical(null, total, outcome, "officer", db.Now, "测试");
        return await db.SaveChangesAsync();
    });

    private static async Task<JsonElement> DriveAsync(HttpClient client, JsonElement op)
    {
        var steps = 0;
        while (!op.GetProperty("finished").GetBoolean())
        {
            op = await (await client.PostAsync($"/api/reviews/bulk/{op.GetProperty("id").GetInt32()}/step", null)).Json();
            (++steps).ShouldBeLessThan(20);
        }
        return op;
    }

    [Fact]
    public async Task The_board_shows_each_targets_status_with_counts_a_status_filter_and_a_search_by_name()
    {
        var (campaign, admin) = await PublishedCampaignAsync("看板状态");
        var feifan = await App.FilingIdAsync("阳泉市非凡职业培训学校");
        await FinalisedAsync(campaign, feifan, 78m, "合格");
        var board = await (await admin.GetAsync($"/api/reviews/campaigns/{campaign}/board")).Json();
        var rows = board.GetProperty("rows").EnumerateArray().ToList();
        var included = rows.Count(r => r.GetProperty("included").GetBoolean());
        included.ShouldBeGreaterThan(10);
        rows.Single(r => r.GetProperty("filingId").GetInt32() == feifan).GetProperty("statusName").GetString().ShouldBe("结果已确认");
        var counts = board.GetProperty("counts").EnumerateArray().ToDictionary(c => c.GetProperty("status").GetString()!, c => c.GetProperty("count").GetInt32());
        counts["Finalised"].ShouldBe(1);
        counts["NotStarted"].ShouldBe(included - 1);

        var finalised = await (await admin.GetAsync($"/api/reviews/campaigns/{campaign}/board?status=Finalised")).Json();
        finalised.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("filingId").GetInt32()).ShouldBe([feifan]);
        var byChinese = await (await admin.GetAsync($"/api/reviews/campaigns/{campaign}/board?status=" + Uri.EscapeDataString("结果已确认"))).Json();
        byChinese.GetProperty("rows").GetArrayLength().ShouldBe(1);
        var search = await (await admin.GetAsync($"/api/reviews/campaigns/{campaign}/board?q=" + Uri.EscapeDataString("非凡"))).Json();
        search.GetProperty("rows").EnumerateArray().Single().GetProperty("name").GetString().ShouldBe("阳泉市非凡职业培训学校");
        var bad = await admin.GetAsync($"/api/reviews/campaigns/{campaign}/board?status=Nonsense");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("未知的状态");

        var page = await (await admin.GetAsync($"/Reviews/Board/{campaign}")).Content.ReadAsStringAsync();
        page.ShouldContain("结果已确认");
        page.ShouldContain("对所选");
    }

    [Fact]
    public async Task A_bulk_decision_runs_in_steps_skips_unfinished_bodies_and_cannot_be_started_twice()
    {
        var (campaign, admin) = await PublishedCampaignAsync("看板批量作出意见");
        var feifan = await App.FilingIdAsync("阳泉市非凡职业培训学校");
        var jinmeng = await App.FilingIdAsync("山西晋孟煤业集团有限公司");
        await FinalisedAsync(campaign, feifan, 78m, "合格");
        var all = await App.DbAsync(db => db.Assessments.Where(a => a.CampaignId == campaign).Select(a => a.FilingId).ToListAsync());

        var op = await (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/board/bulk", new { action = "decide", filingIds = all })).Json(HttpStatusCode.Created);
        op.GetProperty("total").GetInt32().ShouldBe(all.Count);
        // While it runs, a second bulk action of the same campaign is refused, from any officer, with who and how far.
        using var other = await App.AdminAsync();
        var second = await other.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/board/bulk", new { action = "remove", filingIds = new[] { jinmeng }, reason = "重复" });
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await second.Content.ReadAsStringAsync()).ShouldContain("尚未完成");
        (await (await admin.GetAsync($"/api/reviews/campaigns/{campaign}/board")).Json()).GetProperty("running").GetProperty("id").GetInt32().ShouldBe(op.GetProperty("id").GetInt32());

        var done = await DriveAsync(admin, op);
        done.GetProperty("done").GetInt32().ShouldBe(all.Count);
        done.GetProperty("succeeded").GetInt32().ShouldBe(1);
        done.GetProperty("skipped").GetArrayLength().ShouldBe(all.Count - 1);
        done.GetProperty("error").ValueKind.ShouldBe(JsonValueKind.Null);
        (await App.DbAsync(db => db.ReviewDecisions.CountAsync(d => d.CampaignId == campaign))).ShouldBe(1);
        // A step repeated after the end changes nothing.
        (await (await admin.PostAsync($"/api/reviews/bulk/{done.GetProperty("id").GetInt32()}/step", null)).Json()).GetProperty("done").GetInt32().ShouldBe(all.Count);
        var board = await (await admin.GetAsync($"/api/reviews/campaigns/{campaign}/board?status=Decided")).Json();
        board.GetProperty("rows").EnumerateArray().Single().GetProperty("filingId").GetInt32().ShouldBe(feifan);
    }

    [Fact]
    public async Task Bulk_remove_and_add_need_one_reason_and_apply_it_to_every_selected_target()
    {
        var (campaign, admin) = await PublishedCampaignAsync("看板批量移出");
        var feifan = await App.FilingIdAsync("阳泉市非凡职业培训学校");
        var jinmeng = await App.FilingIdAsync("山西晋孟煤业集团有限公司");
        var noReason = await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/board/bulk", new { action = "remove", filingIds = new[] { feifan, jinmeng } });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("须说明理由");
        (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/board/bulk", new { action = "shuffle", filingIds = new[] { feifan } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var op = await (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/board/bulk", new { action = "remove", filingIds = new[] { feifan, jinmeng }, reason = "已注销" })).Json(HttpStatusCode.Created);
        (await DriveAsync(admin, op)).GetProperty("succeeded").GetInt32().ShouldBe(2);
        var removed = await (await admin.GetAsync($"/api/reviews/campaigns/{campaign}/board?status=Excluded")).Json();
        removed.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("filingId").GetInt32()).Order().ShouldBe(new[] { feifan, jinmeng }.Order());
        var targets = (await (await admin.GetAsync($"/api/reviews/campaigns/{campaign}")).Json()).GetProperty("targets").EnumerateArray();
        targets.Where(t => t.GetProperty("filingId").GetInt32() == feifan || t.GetProperty("filingId").GetInt32() == jinmeng)
            .ShouldAllBe(t => t.GetProperty("reason").GetString() == "已注销" && !t.GetProperty("included").GetBoolean());

        var add = await (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/board/bulk", new { action = "add", filingIds = new[] { feifan }, reason = "误移出" })).Json(HttpStatusCode.Created);
        await DriveAsync(admin, add);
        (await (await admin.GetAsync($"/api/reviews/campaigns/{campaign}/board?status=Excluded")).Json()).GetProperty("rows").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_body_files_a_review_request_within_15_working_days_once_and_the_officer_reopens_the_panel_review()
    {
        var (campaign, admin) = await PublishedCampaignAsync("复核申请");
        var feifan = await App.FilingIdAsync("阳泉市非凡职业培训学校");
        await FinalisedAsync(campaign, feifan, 78m, "合格");
        var assessment = await App.DbAsync(db => db.Assessments.Where(a => a.CampaignId == campaign && a.FilingId == feifan).Select(a => a.Id).FirstAsync());
        using var body = await App.UserAsync("rr-body", Roles.BodyUser, "阳泉市非凡职业培训学校");

        var window = await (await body.GetAsync($"/api/reviews/assessments/{assessment}/review-window")).Json();
        window.GetProperty("open").GetBoolean().ShouldBeTrue();
        // Published Friday 2026-11-27; 15 working days on: 18 December.
        window.GetProperty("deadline").GetString().ShouldBe("2026-12-18");
        (await body.PostAsJsonAsync($"/api/reviews/assessments/{assessment}/review-requests", new { grounds = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var filed = await (await body.PostAsJsonAsync($"/api/reviews/assessments/{assessment}/review-requests", new { grounds = "对“考务管理”扣分有异议" })).Json(HttpStatusCode.Created);
        filed.GetProperty("stateName").GetString().ShouldBe("待答复");
        var again = await body.PostAsJsonAsync($"/api/reviews/assessments/{assessment}/review-requests", new { grounds = "再次申请" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("不能重复申请");
        // The body may not answer its own request; the officer of the region does.
        var id = filed.GetProperty("id").GetInt32();
        (await body.PostAsJsonAsync($"/api/reviews/review-requests/{id}/answer", new { answer = "x", reopen = false })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await admin.GetAsync($"/api/reviews/review-requests?campaignId={campaign}")).Json()).GetArrayLength().ShouldBe(1);
        var answered = await (await admin.PostAsJsonAsync($"/api/reviews/review-requests/{id}/answer", new { answer = "经核，重新评审考务管理项", reopen = true })).Json();
        answered.GetProperty("state").GetString().ShouldBe("Reopened");
        var reopening = await App.DbAsync(db => db.Assessments.Where(a => a.Id == assessment).SelectMany(a => a.Reopenings).SingleAsync());
        reopening.Stage.ShouldBe(CampaignStage.PanelReview);
        reopening.Reason.ShouldContain("经核，重新评审考务管理项");
        (await admin.PostAsJsonAsync($"/api/reviews/review-requests/{id}/answer", new { answer = "维持", reopen = false })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await App.DbAsync(db => db.Notifications.CountAsync(n => n.UserName == "rr-body" && n.Kind == "review-request" && n.Text.Contains("经核，重新评审考务管理项")))).ShouldBe(1);
        (await App.DbAsync(db => db.AuditLog.CountAsync(e => e.EntityType == "ReviewRequest"))).ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task After_the_results_are_published_and_the_campaign_closed_a_review_request_can_still_reopen_that_one_body()
    {
        var (campaign, admin) = await PublishedCampaignAsync("复核申请（已结束）");
        var filings = await App.DbAsync(db => db.Assessments.Where(a => a.CampaignId == campaign).Select(a => a.FilingId).ToListAsync());
        foreach (var f in filings) await FinalisedAsync(campaign, f, 80m, "合格");
        (await admin.PostAsync($"/api/reviews/campaigns/{campaign}/close", null)).EnsureSuccessStatusCode();
        var feifan = await App.FilingIdAsync("阳泉市非凡职业培训学校");
        var assessment = await App.DbAsync(db => db.Assessments.Where(a => a.CampaignId == campaign && a.FilingId == feifan).Select(a => a.Id).FirstAsync());
        using var body = await App.UserAsync("rr-closed-body", Roles.BodyUser, "阳泉市非凡职业培训学校");
        var filed = await (await body.PostAsJsonAsync($"/api/reviews/assessments/{assessment}/review-requests", new { grounds = "对扣分有异议" })).Json(HttpStatusCode.Created);

        var answered = await admin.PostAsJsonAsync($"/api/reviews/review-requests/{filed.GetProperty("id").GetInt32()}/answer", new { answer = "经核，重新评审", reopen = true });
        answered.StatusCode.ShouldBe(HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
        (await App.DbAsync(db => db.Assessments.Where(a => a.Id == assessment).Select(a => a.FinalisedAt).SingleAsync())).ShouldBeNull();
        // That body may be scored and confirmed again; the campaign's other bodies stay locked.
        var refinalise = await admin.PostAsync($"/api/reviews/assessments/{assessment}/finalise", null);
        (await refinalise.Content.ReadAsStringAsync()).ShouldNotContain("考核已结束");
        var other = await App.DbAsync(db => db.Assessments.Where(a => a.CampaignId == campaign && a.Id != assessment).Select(a => a.Id).FirstAsync());
        var locked = await admin.PostAsJsonAsync($"/api/reviews/assessments/{other}/reopen", new { stage = "PanelReview", reason = "试图重新开放" });
        (await locked.Content.ReadAsStringAsync()).ShouldContain("考核已结束");
    }

    [Fact]
    public async Task A_review_request_after_the_fifteenth_working_day_is_refused_and_the_admin_edits_the_calendar()
    {
        var (campaign, _) = await PublishedCampaignAsync("复核申请逾期");
        var feifan = await App.FilingIdAsync("阳泉市非凡职业培训学校");
        await FinalisedAsync(campaign, feifan, 78m, "合格");
        await App.DbAsync(async db =>
        {
            // Published long ago: move the 公布 stage back (the schedule's rows, as an officer's earlier plan would have it).
            var c = await db.Campaigns.FirstAsync(x => x.Id == campaign);
            db.Entry(c).State = EntityState.Detached;
            return await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"CampaignStages\" SET \"From\" = {new DateOnly(2026, 10, 9)} WHERE \"CampaignId\" = {campaign} AND \"Stage\" = {"Publication"}");
        });
        var assessment = await App.DbAsync(db => db.Assessments.Where(a => a.CampaignId == campaign && a.FilingId == feifan).Select(a => a.Id).FirstAsync());
        using var body = await App.UserAsync("rr-late", Roles.BodyUser, "阳泉市非凡职业培训学校");
        var late = await body.PostAsJsonAsync($"/api/reviews/assessments/{assessment}/review-requests", new { grounds = "对扣分有异议" });
        late.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await late.Content.ReadAsStringAsync()).ShouldContain("已超过复核申请期限");

        using var admin = await App.AdminAsync();
        var year = await (await admin.GetAsync("/api/calendar/2026")).Json();
        year.GetProperty("days").EnumerateArray().ShouldContain(d => d.GetProperty("date").GetString() == "2026-02-14" && d.GetProperty("kind").GetString() == "Workday");
        (await admin.PutIfMatchAsync("/api/calendar/2026", "/api/calendar/days", new { date = "2026-12-31", kind = "Workday", name = "元旦" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.PutIfMatchAsync("/api/calendar/2027", "/api/calendar/days", new { date = "2027-01-01", kind = "Holiday", name = "元旦" })).EnsureSuccessStatusCode();
        (await (await admin.GetAsync("/api/calendar/2027")).Json()).GetProperty("listed").GetBoolean().ShouldBeTrue();
        (await admin.DeleteAsync("/api/calendar/days/2027-01-01")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await body.PutAsJsonAsync("/api/calendar/days", new { date = "2027-01-01", kind = "Holiday", name = "元旦" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_bulk_reminder_notifies_the_users_of_each_selected_body_and_lists_bodies_without_users()
    {
        var (campaign, admin) = await PublishedCampaignAsync("看板批量提醒");
        var feifan = await App.FilingIdAsync("阳泉市非凡职业培训学校");
        var jinmeng = await App.FilingIdAsync("山西晋孟煤业集团有限公司");
        (await App.UserAsync("remind-body", Roles.BodyUser, "阳泉市非凡职业培训学校")).Dispose();
        (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/board/bulk", new { action = "remind", filingIds = new[] { feifan } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var op = await (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/board/bulk", new { action = "remind", filingIds = new[] { feifan, jinmeng }, reason = "请于本周五前提交自评" })).Json(HttpStatusCode.Created);
        var done = await DriveAsync(admin, op);
        done.GetProperty("succeeded").GetInt32().ShouldBe(1);
        done.GetProperty("skipped").EnumerateArray().Single().GetString()!.ShouldContain("山西晋孟煤业集团有限公司");
        (await App.DbAsync(db => db.Notifications.Where(n => n.UserName == "remind-body").Select(n => n.Text).ToListAsync())).ShouldContain("请于本周五前提交自评");
    }
}
