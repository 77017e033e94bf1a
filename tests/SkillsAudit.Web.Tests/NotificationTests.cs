using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Cli;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Notifications;
using Xunit;
using static SkillsAudit.Web.Tests.ReviewTestKit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// One app per test class on a fake clock, with e-mail configured against a real SMTP server (aiosmtpd on loopback);
/// the outbox is drained by hand (Mail:DrainSeconds 0) so the tests see exactly what each drain sends.
/// </summary>
public sealed class NotifyApp : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = ReviewApp.Start;
    public SmtpSink Smtp { get; private set; } = null!;
    public AppFactory App { get; } = new()
    {
        Clock = new FakeClock(Start),
        Settings = { ["Session:IdleMinutes"] = "129600", ["Session:AbsoluteHours"] = "2160", ["Mail:SmtpTls"] = "None", ["Mail:DrainSeconds"] = "0",
            ["Mail:SmtpFrom"] = "职业技能等级评价机构监管系统 <noreply@skillsaudit.test>", ["Mail:BaseUrl"] = "https://jianguan.example.cn/" },
    };
    public FakeClock Clock => App.Clock!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        App.Settings["Mail:SmtpHost"] = "127.0.0.1";
        App.Settings["Mail:SmtpPort"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _ = App.Server;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>In-app notifications: written with the stage change they report, read and marked by their recipient only.</summary>
public sealed class NotificationTests(NotifyApp fixture) : IClassFixture<NotifyApp>
{
    private AppFactory App => fixture.App;
    private FakeClock Clock => fixture.Clock;

    private Task<List<Notification>> OfAsync(string user) => App.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.UserName == user).OrderBy(n => n.Id).ToListAsync());

    private async Task<(int Campaign, int Assessment, HttpClient Officer, HttpClient Body, HttpClient Expert)> OpenAsync(string title, string bodyUser, string filingName, string expertUser)
    {
        Clock.Now = NotifyApp.Start;
        var officer = await App.OfficerAsync();
        var body = await App.UserAsync(bodyUser, Roles.BodyUser, filingName);
        var expert = await App.UserAsync(expertUser, Roles.Expert);
        var id = await CreateCampaignAsync(officer, Clock.Now, title);
        var filing = await App.FilingIdAsync(filingName);
        (await officer.PutIfMatchAsync($"/api/reviews/campaigns/{id}", $"/api/reviews/campaigns/{id}/targets/{filing}", new { included = true, reason = "测试：市属机构" })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync($"/api/reviews/campaigns/{id}/members", new { userName = expertUser, role = "PanelLead" })).EnsureSuccessStatusCode();
        (await officer.PostAsync($"/api/reviews/campaigns/{id}/open", null)).EnsureSuccessStatusCode();
        var a = await (await body.GetAsync($"/api/reviews/campaigns/{id}/filings/{filing}")).Json();
        return (id, a.GetProperty("id").GetInt32(), officer, body, expert);
    }

    [Fact]
    public async Task A_notice_that_asks_for_action_offers_前往办理_and_one_that_only_tells_offers_查看()
    {
        var body = await App.UserAsync("body-notice-words", Roles.BodyUser, "忻州市高级技工学校");
        await App.DbAsync(async db =>
        {
            Notifier.Add(db, "body-notice-words", NotificationKinds.SelfAssessmentOpened, "自评开始", "请在截止日前完成自评。", "/Reviews");
            Notifier.Add(db, "body-notice-words", NotificationKinds.ChangeDecided, "地址变更申请已同意", "您提交的地址变更申请已同意。", "/Body/Changes");
            return await db.SaveChangesAsync();
        });
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await body.GetStringAsync("/Notifications"));
        string Button(string title) => page.QuerySelectorAll("li.notification").Single(li => li.QuerySelector(".notification-title")!.TextContent == title)
            .QuerySelector("button.open-link")!.TextContent.Trim();
        Button("自评开始").ShouldBe("前往办理");
        Button("地址变更申请已同意").ShouldBe("查看");
    }

    [Fact]
    public async Task Each_stage_change_notifies_the_body_the_expert_or_the_officer_it_concerns()
    {
        var (campaign, a, officer, body, expert) = await OpenAsync("通知测试考核", "body-notify", "忻州市饭店烹饪协会", "expert-notify");

        // Opening: the body may self-assess (with the deadline), the expert has bodies to score.
        var opened = (await OfAsync("body-notify")).ShouldHaveSingleItem();
        opened.Kind.ShouldBe(NotificationKinds.SelfAssessmentOpened);
        opened.Title.ShouldBe("通知测试考核：请开展自评");
        opened.Text.ShouldContain("截止日期 2026年12月6日");
        opened.Link.ShouldBe($"/Reviews/Campaign/{campaign}");
        (await OfAsync("expert-notify")).ShouldHaveSingleItem().Kind.ShouldBe(NotificationKinds.AssessmentAssigned);

        // A refused submission (nothing answered) writes no notification: it shares the refused transaction.
        (await body.PostAsJsonAsync($"/api/reviews/assessments/{a}/self/submit", new { })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await OfAsync("expert-notify")).Count.ShouldBe(1);

        (await body.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("{}"))).EnsureSuccessStatusCode();
        (await body.PostAsJsonAsync($"/api/reviews/assessments/{a}/self/submit", new { })).EnsureSuccessStatusCode();
        var submitted = (await OfAsync("expert-notify")).Last();
        (submitted.Kind, submitted.Title, submitted.Link).ShouldBe((NotificationKinds.SelfAssessmentSubmitted, "忻州市饭店烹饪协会 已提交自评", $"/Reviews/Assessment/{a}"));

        // The only panel member submits: the region's officer may confirm.
        Clock.Now = NotifyApp.Start.AddDays(7);
        var officerBefore = (await OfAsync("officer")).Count;
        (await expert.PutSheetAsync($"/api/reviews/assessments/{a}/panel", Answers("{}"))).EnsureSuccessStatusCode();
        (await expert.PostAsJsonAsync($"/api/reviews/assessments/{a}/panel/submit", new { })).EnsureSuccessStatusCode();
        var toConfirm = (await OfAsync("officer")).Skip(officerBefore).ShouldHaveSingleItem();
        (toConfirm.Kind, toConfirm.Title).ShouldBe((NotificationKinds.PanelScored, "忻州市饭店烹饪协会 待确认考核结果"));

        (await officer.PostAsJsonAsync($"/api/reviews/assessments/{a}/finalise", new { })).EnsureSuccessStatusCode();
        var final = (await OfAsync("body-notify")).Last();
        (final.Kind, final.Title).ShouldBe((NotificationKinds.Finalised, "通知测试考核：考核结果已确认"));
        // The officers' "待确认考核结果" is done once the result is confirmed: no longer unread.
        (await OfAsync("officer")).Single(n => n.Id == toConfirm.Id).ReadAt.ShouldNotBeNull();
        final.Text.ShouldContain("结果 A");

        Clock.Now = NotifyApp.Start.AddDays(22);
        officer = await App.OfficerAsync();
        var filing = await App.FilingIdAsync("忻州市饭店烹饪协会");
        (await officer.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/decisions", new { filingId = filing })).EnsureSuccessStatusCode();
        var decided = (await OfAsync("body-notify")).Last();
        decided.Kind.ShouldBe(NotificationKinds.Decided);
        decided.Text.ShouldContain("忻州市饭店烹饪协会：正常评价");
    }

    [Fact]
    public async Task A_user_lists_and_marks_only_their_own_notifications()
    {
        var (_, _, _, body, expert) = await OpenAsync("已读未读考核", "body-read", "山西天宝集团有限公司", "expert-read");
        var list = await (await body.GetAsync("/api/notifications")).Json();
        list.GetProperty("unread").GetInt32().ShouldBe(1);
        var item = list.GetProperty("items")[0];
        item.GetProperty("kindName").GetString().ShouldBe("自评开始");
        item.GetProperty("read").GetBoolean().ShouldBeFalse();
        var id = item.GetProperty("id").GetInt64();
        (await (await body.GetAsync("/api/notifications/unread-count")).Json()).GetProperty("unread").GetInt32().ShouldBe(1);

        // Another user's notification is not found, and stays unread.
        (await expert.PostAsync($"/api/notifications/{id}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.DbAsync(db => db.Notifications.Where(n => n.Id == id).Select(n => n.ReadAt).FirstAsync())).ShouldBeNull();

        (await (await body.PostAsync($"/api/notifications/{id}/read", null)).Json()).GetProperty("read").GetBoolean().ShouldBeTrue();
        (await (await body.GetAsync("/api/notifications?unread=true")).Json()).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await (await expert.PostAsync("/api/notifications/read-all", null)).Json()).GetProperty("marked").GetInt32().ShouldBe(1);
        (await (await expert.GetAsync("/api/notifications/unread-count")).Json()).GetProperty("unread").GetInt32().ShouldBe(0);
        (await App.CreateClient().GetAsync("/api/notifications")).StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Redirect, HttpStatusCode.Found);

        // The page shows them with the bell's count in the layout; the CLI lists them.
        var page = await (await expert.GetAsync("/Notifications")).Content.ReadAsStringAsync();
        page.ShouldContain("已读未读考核：评审任务");
        page.ShouldNotContain("id=\"unread-count\"");
        var o = new StringWriter();
        var e = new StringWriter();
        var ctx = new CliContext { Out = o, Error = e, ConnectionString = App.ConnectionString, ContentRoot = AppContext.BaseDirectory };
        (await SkillsAuditCli.RunAsync(["notify", "list", "--user", "body-read", "--json"], ctx)).ShouldBe(0, e.ToString());
        var cli = JsonDocument.Parse(o.ToString()).RootElement;
        cli.GetArrayLength().ShouldBe(1);
        cli[0].GetProperty("title").GetString().ShouldBe("已读未读考核：请开展自评");
        cli[0].GetProperty("readAt").ValueKind.ShouldNotBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task The_home_page_lists_what_each_role_has_to_do_with_count_deadline_and_link()
    {
        var (campaign, a, officer, body, expert) = await OpenAsync("待办考核", "body-todo", "宁武县职业中学校", "expert-todo");
        var todo = await (await body.GetAsync("/api/todo")).Json();
        var self = todo.EnumerateArray().Single(t => t.GetProperty("key").GetString() == $"self:{campaign}");
        (self.GetProperty("count").GetInt32(), self.GetProperty("deadline").GetString(), self.GetProperty("link").GetString()).ShouldBe((1, "2026-12-06", $"/Reviews/Assessment/{a}"));
        var html = await (await body.GetAsync("/")).Content.ReadAsStringAsync();
        html.ShouldContain("待办考核：自评待提交");
        html.ShouldContain("截止 2026-12-06");

        var score = (await (await expert.GetAsync("/api/todo")).Json()).EnumerateArray().Single(t => t.GetProperty("key").GetString() == $"score:{campaign}");
        (score.GetProperty("count").GetInt32(), score.GetProperty("deadline").GetString()).ShouldBe((1, "2026-12-21"));
        score.GetProperty("note").GetString().ShouldBe("评分阶段 2026-12-07 开始"); // self-assessment first: not work due yet

        // Submitted and scored: the body's item is gone; the officer has one result to confirm, due by the summary stage's end.
        (await body.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("{}"))).EnsureSuccessStatusCode();
        (await body.PostAsJsonAsync($"/api/reviews/assessments/{a}/self/submit", new { })).EnsureSuccessStatusCode();
        (await (await body.GetAsync("/api/todo")).Json()).EnumerateArray().ShouldNotContain(t => t.GetProperty("key").GetString() == $"self:{campaign}");
        Clock.Now = NotifyApp.Start.AddDays(7);
        (await expert.PutSheetAsync($"/api/reviews/assessments/{a}/panel", Answers("{}"))).EnsureSuccessStatusCode();
        (await expert.PostAsJsonAsync($"/api/reviews/assessments/{a}/panel/submit", new { })).EnsureSuccessStatusCode();
        var items = (await (await officer.GetAsync("/api/todo")).Json()).EnumerateArray().ToList();
        items.ShouldAllBe(i => i.GetProperty("count").GetInt32() > 0);
        var finalise = items.Single(i => i.GetProperty("key").GetString() == $"finalise:{campaign}");
        (finalise.GetProperty("count").GetInt32(), finalise.GetProperty("deadline").GetString(), finalise.GetProperty("link").GetString()).ShouldBe((1, "2026-12-26", $"/Reviews/Campaign/{campaign}"));
        (await officer.GetStringAsync("/")).ShouldContain("待办考核：专家已评分、待确认考核结果");
        (await App.CreateClient().GetStringAsync("/")).ShouldNotContain("id=\"todo-panel\"");
    }
}
