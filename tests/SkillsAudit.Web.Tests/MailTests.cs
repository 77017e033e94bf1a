using System.Net.Http.Json;
using MailKit.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Platform;
using Xunit;
using static SkillsAudit.Web.Tests.ReviewTestKit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// E-mail through a real SMTP server (aiosmtpd on loopback): the outbox sends each notification once, claims rows so two
/// drains never send one twice, keeps mail pending while the server is down; deadline reminders 3 days and 1 day before.
/// </summary>
public sealed class MailTests(NotifyApp fixture) : IClassFixture<NotifyApp>
{
    private AppFactory App => fixture.App;
    private FakeClock Clock => fixture.Clock;
    private SmtpSink Smtp => fixture.Smtp;

    private async Task<string> UserWithMailAsync(string name, string role, string? filing = null)
    {
        (await App.UserAsync(name, role, filing)).Dispose();
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var u = (await users.FindByNameAsync(name))!;
        u.Email = $"{name}@jigou.example.cn";
        u.DisplayName = "测试联系人" + name;
        await users.UpdateAsync(u);
        return u.Email;
    }

    private async Task<OutboxRun> DrainAsync(MailOptions? options = null)
    {
        using var scope = App.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var outbox = options is null ? sp.GetRequiredService<MailOutbox>() : new MailOutbox(sp.GetRequiredService<AppDb>(), options, Clock, NullLogger<MailOutbox>.Instance);
        return await outbox.DrainAsync();
    }

    private async Task<long> NotifyAsync(string user, string title, string text, string link)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Notifier.Add(db, user, NotificationKinds.Finalised, title, text, link);
        await db.SaveChangesAsync();
        return await db.Notifications.Where(n => n.UserName == user).MaxAsync(n => n.Id);
    }

    private List<MimeKit.MimeMessage> To(string address) =>
        Smtp.Messages().Where(m => m.To.Mailboxes.Any(b => b.Address == address)).ToList();

    [Fact]
    public async Task A_notification_is_mailed_once_with_its_Chinese_subject_and_text_encoded_even_with_two_drains_at_once()
    {
        var address = await UserWithMailAsync("body-mail", Roles.BodyUser, "忻州市饭店烹饪协会");
        var id = await NotifyAsync("body-mail", "2026年度考核：考核结果已确认", "考核小组的评分已汇总确认：得分 95.5，结果 A。", "/Reviews/Assessment/7");

        var runs = await Task.WhenAll(DrainAsync(), DrainAsync());
        runs.Sum(r => r.Sent).ShouldBeGreaterThanOrEqualTo(1);
        var mail = To(address).ShouldHaveSingleItem();
        mail.Subject.ShouldBe("2026年度考核：考核结果已确认");
        mail.From.Mailboxes.Single().Address.ShouldBe("noreply@skillsaudit.test");
        mail.From.Mailboxes.Single().Name.ShouldBe("职业技能等级评价机构监管系统");
        mail.To.Mailboxes.Single().Name.ShouldBe("测试联系人body-mail");
        mail.TextBody.ShouldNotBeNull().ShouldContain("考核小组的评分已汇总确认：得分 95.5，结果 A。");
        mail.TextBody.ShouldNotBeNull().ShouldContain("办理地址：https://jianguan.example.cn/Reviews/Assessment/7");
        mail.MessageId.ShouldBe($"notification-{id}@skillsaudit");
        // On the wire: RFC 2047 encoded UTF-8 subject, a 7-bit body encoding, UTF-8 charset — no raw bytes a relay could break.
        var raw = Smtp.Raw().Single(r => r.Contains($"notification-{id}@skillsaudit", StringComparison.Ordinal));
        raw.ShouldContain("Subject: =?utf-8?b?", Case.Insensitive);
        raw.ShouldContain("charset=utf-8", Case.Insensitive);
        raw.ShouldMatch("(?i)Content-Transfer-Encoding: (base64|quoted-printable)");
        raw.Split("\n\n")[0].ShouldNotContain("考核");
        // Every mail went out once: no Message-Id twice, and the row is marked sent.
        Smtp.Messages().GroupBy(m => m.MessageId).ShouldAllBe(g => g.Count() == 1);
        var row = await App.DbAsync(db => db.Notifications.AsNoTracking().FirstAsync(n => n.Id == id));
        (row.MailState, row.MailSentAt is not null, row.MailClaimedBy).ShouldBe((MailStates.Sent, true, (string?)null));

        (await DrainAsync()).Sent.ShouldBe(0);
        To(address).Count.ShouldBe(1);
    }

    [Fact]
    public async Task While_the_SMTP_server_is_down_mail_stays_pending_and_goes_out_after_the_back_off()
    {
        var address = await UserWithMailAsync("body-retry", Roles.BodyUser, "山西天宝集团有限公司");
        await DrainAsync(); // whatever else is pending
        var id = await NotifyAsync("body-retry", "整改复查通过", "整改复查通过。复查意见：材料齐全。", "/Reviews/Rectifications");
        var down = new MailOptions { Host = "127.0.0.1", Port = 1, From = "noreply@skillsaudit.test", Tls = SecureSocketOptions.None };
        var failed = await DrainAsync(down);
        (failed.Sent, failed.Failed).ShouldBe((0, 1));
        failed.Message.ShouldContain("邮件服务器错误");
        var row = await App.DbAsync(db => db.Notifications.AsNoTracking().FirstAsync(n => n.Id == id));
        (row.MailState, row.MailAttempts, row.MailClaimedBy).ShouldBe((MailStates.Pending, 1, (string?)null));
        row.MailNextAt.ShouldNotBeNull().ShouldBeGreaterThan(Clock.Now);

        (await DrainAsync()).Sent.ShouldBe(0); // backing off
        To(address).ShouldBeEmpty();
        Clock.Now = Clock.Now.AddMinutes(3);
        (await DrainAsync()).Sent.ShouldBe(1);
        To(address).ShouldHaveSingleItem().Subject.ShouldBe("整改复查通过");
        (await App.DbAsync(db => db.Notifications.Where(n => n.Id == id).Select(n => n.MailState).FirstAsync())).ShouldBe(MailStates.Sent);
    }

    [Theory]
    [InlineData(5, null)]
    [InlineData(4, null)]
    [InlineData(3, 3)]
    [InlineData(2, 3)]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    [InlineData(-1, null)]
    public void A_deadline_is_reminded_in_the_3_day_and_the_1_day_window(int daysLeft, int? offset) =>
        DeadlineReminders.OffsetFor(daysLeft).ShouldBe(offset);

    private async Task<string> RemindAsync()
    {
        using var scope = App.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<JobRunner>().RunNowAsync(NotificationServices.RemindersJob, "test")).Message!;
    }

    private Task<List<Notification>> RemindersOf(string user) =>
        App.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.UserName == user && n.Kind == NotificationKinds.Reminder).OrderBy(n => n.Id).ToListAsync());

    [Fact]
    public async Task Deadline_reminders_go_out_3_days_and_1_day_before_once_each_however_often_the_job_runs()
    {
        Clock.Now = NotifyApp.Start;
        var officer = await App.OfficerAsync();
        var address = await UserWithMailAsync("body-remind", Roles.BodyUser, "岢岚县晨睿职业培训学校");
        await UserWithMailAsync("expert-remind", Roles.Expert);
        var id = await CreateCampaignAsync(officer, Clock.Now, "提醒测试考核");
        var filing = await App.FilingIdAsync("岢岚县晨睿职业培训学校");
        (await officer.PutIfMatchAsync($"/api/reviews/campaigns/{id}", $"/api/reviews/campaigns/{id}/targets/{filing}", new { included = true, reason = "测试" })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync($"/api/reviews/campaigns/{id}/members", new { userName = "expert-remind", role = "PanelLead" })).EnsureSuccessStatusCode();
        (await officer.PostAsync($"/api/reviews/campaigns/{id}/open", null)).EnsureSuccessStatusCode();

        await RemindAsync(); // 5 days left: nothing yet
        (await RemindersOf("body-remind")).ShouldBeEmpty();

        Clock.Now = NotifyApp.Start.AddDays(2); // self-assessment ends 2026-12-06: 3 days left
        (await RemindAsync()).ShouldContain("新发截止提醒");
        await Task.WhenAll(RemindAsync(), RemindAsync()); // twice more, at once: nothing new
        var first = (await RemindersOf("body-remind")).ShouldHaveSingleItem();
        (first.Title, first.Link).ShouldBe(("自评将于 2026年12月6日 截止", $"/Reviews/Assessment/{await App.DbAsync(db => db.Assessments.Where(a => a.CampaignId == id).Select(a => a.Id).FirstAsync())}"));
        first.Text.ShouldContain("还有 3 天");
        Clock.Now = NotifyApp.Start.AddDays(3); // 2 days left: still the 3-day reminder, already sent
        await RemindAsync();
        (await RemindersOf("body-remind")).Count.ShouldBe(1);
        Clock.Now = NotifyApp.Start.AddDays(4); // 1 day left
        await RemindAsync();
        await RemindAsync();
        var reminders = await RemindersOf("body-remind");
        reminders.Count.ShouldBe(2);
        reminders[1].Text.ShouldContain("还有 1 天");
        await DrainAsync(); // the reminders go out by mail too, once each
        To(address).Select(m => m.Subject).ShouldBe(["自评将于 2026年12月6日 截止", "自评将于 2026年12月6日 截止"]);
        To(address).Select(m => m.TextBody).ShouldContain(t => t!.Contains("还有 1 天", StringComparison.Ordinal));

        // Scoring: 3 days before the panel stage ends (2026-12-21), the expert with a body left to score.
        Clock.Now = NotifyApp.Start.AddDays(18);
        await RemindAsync();
        var panel = (await RemindersOf("expert-remind")).ShouldHaveSingleItem();
        panel.Title.ShouldBe("评审将于 2026年12月21日 截止");
        panel.Text.ShouldContain("您还有 1 个机构未提交评分");

        await DrainAsync();
        To(address).Count.ShouldBe(2);
        To("expert-remind@jigou.example.cn").ShouldHaveSingleItem().TextBody.ShouldNotBeNull().ShouldContain("您还有 1 个机构未提交评分");
    }
}
