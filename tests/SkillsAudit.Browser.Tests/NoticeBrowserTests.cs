using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using Xunit;

namespace SkillsAudit.Browser.Tests;

/// <summary>Seed 000's notice end to end in a browser: an officer generates and issues it; an anonymous visitor reads the 公示 page and files a complaint.</summary>
public sealed class NoticeBrowserTests(LiveApp app) : IClassFixture<LiveApp>
{
    /// <summary>Waits for the page's answer and fails with its problem text when it is not a success.</summary>
    private static async Task Done(IPage page)
    {
        await page.WaitForSelectorAsync("#message, #problem");
        if (await page.QuerySelectorAsync("#problem") is { } problem) throw new Xunit.Sdk.XunitException("the page says: " + await problem.InnerTextAsync());
    }

    [Fact]
    public async Task An_officer_issues_the_notice_and_a_visitor_files_a_complaint_on_the_public_page()
    {
        var baseUrl = app.BaseUrl;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SKILLSAUDIT_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var staff = await SignIn.AsAsync(browser, baseUrl, "officer", "Officer#2026");

        await staff.GotoAsync(baseUrl + "/Publication/Notices");
        await staff.FillAsync("#Year", "2023");
        await staff.FillAsync("#Region", "忻州市");
        int campaignId;
        using (var scope = app.Services.CreateScope())
        {
            // The demo's Xinzhou 2023 campaign (seed 000 附件2), whatever id it got.
            campaignId = scope.ServiceProvider.GetRequiredService<SkillsAudit.Data.AppDb>().Set<SkillsAudit.Domain.Reviews.Campaign>()
                .Where(c => c.Year == 2023).Select(c => c.Id).Single();
        }
        await staff.SelectOptionAsync("#CampaignId", campaignId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await staff.ClickAsync("#generate");
        await staff.WaitForURLAsync("**/Publication/Notice/*");
        (await staff.InnerTextAsync("#state")).ShouldBe("草稿");
        // No 发文字号 yet: the page lists it as missing, and issuing without the confirmation is refused.
        (await staff.InnerTextAsync("#missing")).ShouldContain("发文字号");
        await staff.FillAsync("#DocumentNumber", "忻人社函〔2024〕5号");
        await staff.FillAsync("#DatedOn", "2024-01-25");
        await staff.FillAsync("#PublicFrom", "2024-01-25");
        await staff.FillAsync("#PublicTo", "2099-12-31");
        await staff.ClickAsync("#issue");
        var confirmation = await staff.ConfirmAsync();
        confirmation.ShouldContain("发布后不能再修改");
        // A 公示期 that began before today is pointed out before publishing (the days gone count towards it).
        confirmation.ShouldContain("公示期自 2024-01-25 开始，早于今天");
        await staff.WaitForSelectorAsync("#confirm-error"); // at the checkbox, not only above the form
        (await staff.InnerTextAsync("#confirm-error")).ShouldContain("确认后再发布");
        (await staff.InputValueAsync("#DocumentNumber")).ShouldBe("忻人社函〔2024〕5号");
        (await staff.InnerTextAsync("#state")).ShouldBe("草稿");
        await staff.CheckAsync("#Confirm");
        // The form posts once the dialog is confirmed: the earlier refusal must not be taken for the new page's answer.
        await staff.EvaluateAsync("document.getElementById('problem')?.remove()");
        await staff.ClickAsync("#issue");
        await staff.ConfirmAsync();
        await Done(staff);
        (await staff.InnerTextAsync("#state")).ShouldBe("已发布");
        var publicUrl = await staff.GetAttributeAsync("#public-link", "href");
        publicUrl.ShouldNotBeNull();

        // The visitor finds the notice without knowing its address: home → 公示公告 → the notice.
        var visitor = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } })).NewPageAsync();
        await visitor.GotoAsync(baseUrl + "/");
        await visitor.ClickAsync("#public-entry a");
        await visitor.WaitForURLAsync("**/Public");
        (await visitor.QuerySelectorAsync("#main-nav")).ShouldBeNull(); // the public layout: no staff menu
        (await visitor.InnerTextAsync("#public-notices caption")).ShouldContain("考核结果公告");
        var row = visitor.Locator($"#public-notices tr.public-notice[data-slug='{publicUrl!.Split('/')[^1]}']");
        (await row.InnerTextAsync()).ShouldContain("公示中");
        (await row.InnerTextAsync()).ShouldContain("2099-12-31");
        await Chromium.ScreenshotAsync(visitor, "public-1-home.png");
        await row.Locator("a").First.ClickAsync();
        await visitor.WaitForURLAsync("**" + publicUrl);
        var text = await visitor.InnerTextAsync("#notice");
        foreach (var f in new[] { "8884", "7266", "81.79%", "4691", "81.67%", "4193", "81.92%", "B(70-89分)的12个" }) text.ShouldContain(f);
        (await visitor.InnerTextAsync("#public-to")).ShouldBe("2099-12-31");
        (await visitor.ContentAsync()).ShouldNotContain("officer");
        await visitor.FillAsync("#Subject", "忻州市饭店烹饪协会");
        await visitor.FillAsync("#Text", "合格人数与实际不符。");
        await visitor.FillAsync("#Contact", "13800000000");
        await visitor.ClickAsync("#complaint-submit");
        // the receipt is the top of the tracking page the form redirects to: a reload cannot file it twice
        await visitor.WaitForURLAsync("**/Public/Tracking?**");
        await visitor.WaitForSelectorAsync("#tracking-number");
        var tracking = await visitor.InnerTextAsync("#tracking-number");
        tracking.ShouldMatch(@"^TS-\d{8}-[0-9A-Z]{6}$");
        (await visitor.ContentAsync()).ShouldNotContain("13800000000");

        await Chromium.ScreenshotAsync(visitor, "public-2-complaint-filed.png");

        await visitor.ReloadAsync();
        (await visitor.InnerTextAsync("#tracking-number")).ShouldBe(tracking);
        // Later the complainant looks the complaint up by its number: 处理中, then the officer's answer.
        await visitor.WaitForSelectorAsync("#complaint-state");
        (await visitor.InnerTextAsync("#complaint-state")).ShouldBe("处理中");
        await staff.ReloadAsync();
        (await staff.InnerTextAsync("#complaints")).ShouldContain(tracking);
        await staff.FillAsync("#complaints input[name=Outcome]", "经核查，统计数据无误，维持公示结果。");
        await staff.ClickAsync("#complaints button[type=submit]");
        // final, and seen by the complainant: 记录 asks first
        (await staff.ConfirmAsync()).ShouldContain("投诉人凭受理编号");
        await staff.WaitForSelectorAsync("#complaints >> text=维持公示结果");
        var originalUrl = staff.Url;
        await visitor.GotoAsync(baseUrl + "/Public");
        await visitor.FillAsync("#track-number", tracking.ToLowerInvariant());
        await visitor.ClickAsync("#tracking-lookup button");
        await visitor.WaitForSelectorAsync("#complaint-outcome");
        (await visitor.InnerTextAsync("#complaint-state")).ShouldBe("已办结");
        (await visitor.InnerTextAsync("#complaint-outcome")).ShouldBe("经核查，统计数据无误，维持公示结果。");
        (await visitor.ContentAsync()).ShouldNotContain("13800000000");
        await Chromium.ScreenshotAsync(visitor, "public-3-tracking.png");

        // 更正: the officer drafts a correction, issues it; the original's public page points to it.
        await staff.ClickAsync("#correct");
        await staff.WaitForURLAsync(u => u != originalUrl);
        (await staff.InputValueAsync("#Title")).ShouldStartWith("关于更正《");
        await staff.FillAsync("#DocumentNumber", "忻人社函〔2024〕6号");
        await staff.FillAsync("#PublicFrom", "2024-01-26");
        await staff.FillAsync("#PublicTo", "2099-12-31");
        await staff.CheckAsync("#Confirm");
        // The form posts once the dialog is confirmed: the earlier refusal must not be taken for the new page's answer.
        await staff.EvaluateAsync("document.getElementById('problem')?.remove()");
        await staff.ClickAsync("#issue");
        await staff.ConfirmAsync();
        await Done(staff);
        (await staff.InnerTextAsync("#state")).ShouldBe("已发布");
        var correctionUrl = await staff.GetAttributeAsync("#public-link", "href");
        await visitor.GotoAsync(baseUrl + publicUrl);
        (await visitor.InnerTextAsync("#corrected")).ShouldContain("关于更正");
        (await visitor.GetAttributeAsync("#corrected a", "href")).ShouldBe(correctionUrl);

        // 撤回: the officer withdraws the correction with a reason; its public page says so and takes no complaints.
        await staff.FillAsync("#Reason", "更正内容有误，另行发布");
        await staff.CheckAsync("#Confirm");
        // The form posts once the dialog is confirmed: the 已发布 message still on the page is not the answer.
        await staff.EvaluateAsync("document.getElementById('message')?.remove()");
        await staff.ClickAsync("#withdraw");
        (await staff.ConfirmAsync()).ShouldContain("撤回不能取消");
        await Done(staff);
        (await staff.InnerTextAsync("#state")).ShouldBe("已撤回");
        await visitor.GotoAsync(baseUrl + correctionUrl);
        (await visitor.InnerTextAsync("#withdrawn")).ShouldContain("更正内容有误，另行发布");
        (await visitor.InnerTextAsync("#history")).ShouldContain("撤回");
        (await visitor.QuerySelectorAsync("#complaint-form")).ShouldBeNull();

        // The public list shows the original as 已更正 and the correction as 已撤回, each with its 公示期.
        await visitor.GotoAsync(baseUrl + "/Public");
        (await visitor.Locator($"tr.public-notice[data-slug='{publicUrl.Split('/')[^1]}']").InnerTextAsync()).ShouldContain("已更正");
        (await visitor.Locator($"tr.public-notice[data-slug='{correctionUrl!.Split('/')[^1]}']").InnerTextAsync()).ShouldContain("已撤回");
        await Chromium.ScreenshotAsync(visitor, "public-4-list-corrected-withdrawn.png");
        await visitor.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        (await visitor.IsVisibleAsync("#public-nav")).ShouldBeFalse(); // the print stylesheet drops the menu
        await Chromium.ScreenshotAsync(visitor, "public-5-print.png");
        await visitor.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        // An address that does not exist: a styled Chinese 404 page, not JSON.
        var missing = await visitor.GotoAsync(baseUrl + "/Public/no-such-notice");
        missing!.Status.ShouldBe(404);
        (await visitor.InnerTextAsync("#error-page")).ShouldContain("404");
        (await visitor.IsVisibleAsync("#public-nav")).ShouldBeTrue(); // still the public site, its menu and no staff menu
        (await visitor.QuerySelectorAsync("#main-nav")).ShouldBeNull();
        await Chromium.ScreenshotAsync(visitor, "public-6-404.png");
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await visitor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "public-notice.png"), FullPage = true });
    }

    [Fact]
    public async Task An_officer_audits_the_results_notice_against_its_plan_and_sees_where_they_disagree()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await ReviewBrowserTests.SignInAsync(browser, app.BaseUrl, "officer", "Officer#2026", "/Publication");
        await page.SetInputFilesAsync("#Upload", SkillsAudit.Tests.Seeds.PathOf("000_"));
        await page.SetInputFilesAsync("#Reference", SkillsAudit.Tests.Seeds.PathOf("002_"));
        await page.FillAsync("#ReferenceTitle", "忻州市2023年职业技能等级评价机构年度绩效考核工作方案");
        await page.ClickAsync("#audit");
        await page.WaitForSelectorAsync("#findings");
        (await page.InnerTextAsync("#summary")).ShouldContain("已对照《忻州市2023年职业技能等级评价机构年度绩效考核工作方案》");
        var state = page.Locator("#findings tr[data-kind='notice.cross-state']");
        (await state.InnerTextAsync()).ShouldContain("太原聚汇学科技有限公司");
        (await page.Locator("#findings tr[data-kind='notice.cross-count']").InnerTextAsync()).ShouldContain("24");
        // the title typed is kept for the next audit
        (await page.InputValueAsync("#ReferenceTitle")).ShouldBe("忻州市2023年职业技能等级评价机构年度绩效考核工作方案");
        await ReviewBrowserTests.Shot(page, "notice-audit-against-plan.png", "#findings tr[data-kind='notice.cross-state']");
    }
}
