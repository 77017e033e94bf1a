using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Features.Rules;
using Xunit;

namespace SkillsAudit.Browser.Tests;

/// <summary>
/// The home page's to-do list and the notification bell, as the body and the officer see them: the officer issues a
/// campaign in the browser; the body's home page then lists its self-assessment with count, deadline and link, and the
/// bell counts the new notification, which the body reads and marks read.
/// </summary>
public sealed class NotificationBrowserTests(ReviewLiveApp app) : IClassFixture<ReviewLiveApp>
{
    private static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string user, string password, string returnUrl)
    {
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } })).NewPageAsync();
        await page.GotoAsync($"{baseUrl}/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.FillAsync("#UserName", user);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(returnUrl == "/" ? baseUrl + "/" : "**" + returnUrl, SignIn.Landed);
        return page;
    }

    [Fact]
    public async Task The_body_sees_its_to_do_list_and_a_notification_after_the_officer_opens_the_campaign()
    {
        var baseUrl = app.BaseUrl;
        int campaignId;
        DateOnly day;
        using (var scope = app.Services.CreateScope())
        {
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<AppDb>();
            var campaigns = sp.GetRequiredService<CampaignHandlers>();
            var who = ReviewUser.Operator("officer");
            day = DateOnly.FromDateTime(app.Clock.Now.ToOffset(TimeSpan.FromHours(8)).DateTime);
            string D(int n) => day.AddDays(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var c = await campaigns.CreateAsync(who, new CampaignInput
            {
                Title = "忻州市年度绩效考核（通知演示）", DocumentNumber = "测试〔2026〕5号", Authority = "忻州市人力资源和社会保障局", Year = day.Year,
                Region = "忻州市", Rubric = "xinzhou-2023",
                Stages = [new("SelfAssessment", D(0), D(5)), new("PanelReview", D(6), D(20))],
            });
            var filing = await db.Filings.Where(f => f.LegalEntity.Name == "忻州市高级技工学校").Select(f => f.Id).FirstAsync();
            await campaigns.SetTargetAsync(who, c.Id, filing, true, "市属机构");
            await campaigns.AddMemberAsync(who, c.Id, "expert", "PanelLead", null);
            campaignId = c.Id;
            // A change request waiting for the officer (as the body's form would file it).
            db.ChangeRequests.Add(new Data.Features.Rules.ChangeRequest
            {
                FilingId = filing, Kind = Domain.Rules.ChangeKind.Address, RequestedValue = "忻州市忻府区和平街 100 号", Reason = "搬迁", SubmittedBy = "body", SubmittedAt = app.Clock.Now,
            });
            await db.SaveChangesAsync();
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);

        // Before: the body's home page has no self-assessment to do, and no unread count on the bell.
        var body = await SignInAsync(browser, baseUrl, "body", "Body#2026", "/");
        (await body.Locator("#todo-panel").CountAsync()).ShouldBe(1);
        (await body.Locator(".todo-item[data-key='self:" + campaignId + "']").CountAsync()).ShouldBe(0);
        var unreadBefore = await body.Locator("#unread-count").CountAsync() == 0 ? 0 : int.Parse(await body.InnerTextAsync("#unread-count"), CultureInfo.InvariantCulture);
        await Chromium.ScreenshotAsync(body, "notify-01-body-home-before.png");

        // The officer issues the campaign (with its confirmation), then looks at their own home page.
        var officer = await SignInAsync(browser, baseUrl, "officer", "Officer#2026", $"/Reviews/Campaign/{campaignId}");
        await officer.ClickAsync("#open");
        await officer.ConfirmAsync();
        await officer.WaitUntilAsync("!document.getElementById('open')");
        await officer.GotoAsync(baseUrl + "/");
        var changes = officer.Locator(".todo-item[data-key='changes']");
        (await changes.Locator(".todo-count").InnerTextAsync()).ShouldBe("1");
        (await changes.InnerTextAsync()).ShouldContain("变更申请待审核");
        (await changes.Locator("a").GetAttributeAsync("href")).ShouldBe("/Rules/Changes");
        await Chromium.ScreenshotAsync(officer, "notify-02-officer-home.png");

        // After: the body's to-do item with its count, deadline and link; the bell counts one more.
        await body.ReloadAsync();
        var item = body.Locator($".todo-item[data-key='self:{campaignId}']");
        (await item.Locator(".todo-count").InnerTextAsync()).ShouldBe("1");
        (await item.InnerTextAsync()).ShouldContain("忻州市年度绩效考核（通知演示）：自评待提交");
        (await item.InnerTextAsync()).ShouldContain("截止 " + day.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        (await item.Locator("a").GetAttributeAsync("href"))!.ShouldStartWith("/Reviews/Assessment/");
        int.Parse(await body.InnerTextAsync("#unread-count"), CultureInfo.InvariantCulture).ShouldBe(unreadBefore + 1);
        await Chromium.ScreenshotAsync(body, "notify-03-body-home-after-open.png");

        // The bell opens the list; the new notification is unread; 全部标为已读 clears the count.
        await body.ClickAsync("#notification-bell");
        await body.WaitForURLAsync("**/Notifications");
        var first = body.Locator("#notifications li").First;
        (await first.InnerTextAsync()).ShouldContain("忻州市年度绩效考核（通知演示）：请开展自评");
        (await first.InnerTextAsync()).ShouldContain("未读");
        await Chromium.ScreenshotAsync(body, "notify-04-body-notifications.png");
        await body.ClickAsync("#read-all");
        await body.WaitForSelectorAsync("#message");
        (await body.Locator("#unread-count").CountAsync()).ShouldBe(0);
        (await body.Locator(".notification-unread").CountAsync()).ShouldBe(0);
        await Chromium.ScreenshotAsync(body, "notify-05-body-notifications-read.png");

        // 前往办理 from the to-do list leads to the self-assessment form.
        await body.GotoAsync(baseUrl + "/");
        await body.ClickAsync($".todo-item[data-key='self:{campaignId}'] a");
        await body.WaitForURLAsync("**/Reviews/Assessment/*");
    }
}
