using Microsoft.Playwright;
using Shouldly;
using Xunit;

namespace SkillsAudit.Browser.Tests;

/// <summary>Issue 11 in the browser: the admin creates accounts, a body user is made to change the one-time password, disabling ends the session.</summary>
public sealed class AccountBrowserTests(LiveApp app) : IClassFixture<LiveApp>
{
    private static async Task SignInAsync(IPage page, string baseUrl, string user, string password)
    {
        await page.GotoAsync(baseUrl + "/Account/Login");
        await page.FillAsync("#UserName", user);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("button[type=submit]");
    }

    private static async Task<string> CreateAsync(IPage page, string user, string name, string role, string? region, string? filings)
    {
        await page.FillAsync("#Input_UserName", user);
        await page.FillAsync("#Input_DisplayName", name);
        await page.SelectOptionAsync("#Input_Role", role);
        if (region is not null) await page.SelectOptionAsync("#Input_Region", region);
        if (filings is not null) await page.FillAsync("#Input_Filings", filings);
        await page.ClickAsync("#create");
        await page.WaitForSelectorAsync("#otp");
        return (await page.InnerTextAsync("#otp")).Trim();
    }

    [Fact]
    public async Task Admin_creates_an_officer_and_a_body_user_who_must_change_the_one_time_password_sees_only_their_filing_and_is_cut_off_when_disabled()
    {
        var baseUrl = app.BaseUrl;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var adminContext = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var admin = await adminContext.NewPageAsync();

        // 1. The admin creates an officer for 忻州市 and a body user bound to 忻州市高级技工学校.
        await SignInAsync(admin, baseUrl, "admin", "Admin#2026");
        await admin.WaitForURLAsync(SignIn.Home, SignIn.Landed);
        (await admin.InnerTextAsync("#demo-banner")).ShouldBe("演示数据，请勿用于生产");
        await admin.GotoAsync(baseUrl + "/Admin/Users");
        var officerOtp = await CreateAsync(admin, "xinzhou.li", "李明（忻州市职业技能服务中心）", "Officer", "140900", null);
        officerOtp.Length.ShouldBe(12);
        await Chromium.ScreenshotAsync(admin, "accounts-1-officer-created.png");
        var bodyOtp = await CreateAsync(admin, "gaoji.wang", "王芳（忻州市高级技工学校）", "BodyUser", null, "忻州市高级技工学校");
        var accounts = await admin.InnerTextAsync("#accounts");
        accounts.ShouldContain("xinzhou.li");
        accounts.ShouldContain("山西省忻州市");
        accounts.ShouldContain("gaoji.wang");
        accounts.ShouldContain("待修改密码");
        await Chromium.ScreenshotAsync(admin, "accounts-2-body-user-created.png");

        // 2. The body user signs in with the one-time password and is made to change it first.
        var bodyContext = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var body = await bodyContext.NewPageAsync();
        await SignInAsync(body, baseUrl, "gaoji.wang", bodyOtp);
        await body.WaitForURLAsync("**/Account/ChangePassword**");
        await body.WaitForSelectorAsync("#forced");
        await body.GotoAsync(baseUrl + "/Body/Changes");  // anything else leads back to the change
        body.Url.ShouldContain("/Account/ChangePassword");
        await body.FillAsync("#CurrentPassword", bodyOtp);
        await body.FillAsync("#NewPassword", "gaoji2026");
        await body.FillAsync("#ConfirmPassword", "gaoji2026");
        await body.ClickAsync("#save");
        await body.WaitForSelectorAsync("#errors li");
        (await body.InnerTextAsync("#errors")).ShouldContain("至少 10 位");
        await Chromium.ScreenshotAsync(body, "accounts-3-forced-change-weak.png");
        await body.FillAsync("#CurrentPassword", bodyOtp);
        await body.FillAsync("#NewPassword", "Gaoji#Wang2026");
        await body.FillAsync("#ConfirmPassword", "Gaoji#Wang2026");
        await body.ClickAsync("#save");
        await body.WaitForURLAsync(u => !u.Contains("ChangePassword"), SignIn.Landed);

        // ... and sees only their own filing.
        await body.GotoAsync(baseUrl + "/Body/Changes");
        var options = await body.Locator("select[name=FilingId] option").AllInnerTextsAsync();
        options.ShouldNotBeEmpty();
        options.ShouldAllBe(o => o.Contains("忻州市高级技工学校"));
        var nav = await body.InnerTextAsync("#main-nav");
        nav.ShouldNotContain("审计日志");
        nav.ShouldNotContain("接口说明");
        nav.ShouldNotContain("日常监管");
        await Chromium.ScreenshotAsync(body, "accounts-4-body-own-filing.png");
        await body.GotoAsync(baseUrl + "/Audit");
        (await body.InnerTextAsync("main")).ShouldContain("仅供 管理员 使用");
        await Chromium.ScreenshotAsync(body, "accounts-5-denied.png");

        // 3. The admin disables the account; the body user's next request is refused.
        await admin.GotoAsync(baseUrl + "/Admin/User?name=gaoji.wang");
        await admin.ClickAsync("#disable");
        await admin.WaitForSelectorAsync("#confirm-dialog.show"); // asked first: it ends the user's sessions
        (await admin.InnerTextAsync("#confirm-dialog")).ShouldContain("已登录的会话立即失效");
        await Chromium.ScreenshotAsync(admin, "accounts-6-disable-confirm.png");
        await admin.ClickAsync("#confirm-ok");
        await admin.WaitForSelectorAsync("#message");
        (await admin.InnerTextAsync("#state")).ShouldBe("已停用");
        await Chromium.ScreenshotAsync(admin, "accounts-6-disabled.png");
        await body.GotoAsync(baseUrl + "/Body/Changes");
        body.Url.ShouldContain("/Account/Login");
        await SignInAsync(body, baseUrl, "gaoji.wang", "Gaoji#Wang2026");
        await body.WaitForSelectorAsync(".validation-summary-errors");
        (await body.InnerTextAsync(".validation-summary-errors")).ShouldContain("已停用");
        await Chromium.ScreenshotAsync(body, "accounts-7-disabled-sign-in.png");

        // The audit trail tells the story in Chinese, and fits 1366 px.
        await admin.GotoAsync(baseUrl + "/Audit?actor=gaoji.wang");
        var log = await admin.InnerTextAsync("#audit");
        log.ShouldContain("登录成功");
        log.ShouldContain("修改本人密码");
        log.ShouldContain("登录失败");
        await admin.GotoAsync(baseUrl + "/Audit");
        (await admin.InnerTextAsync("#audit")).ShouldContain("停用账号");
        var width = await admin.EvaluateAsync<int>("document.documentElement.scrollWidth");
        width.ShouldBeLessThanOrEqualTo(1366);
        await Chromium.ScreenshotAsync(admin, "accounts-8-audit.png");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "accounts-8-audit-first-screen.png") });

        // Resetting a password asks first (the old one stops working at once); cancelling changes nothing.
        await admin.GotoAsync(baseUrl + "/Admin/User?name=gaoji.wang");
        await admin.ClickAsync("#reset");
        await admin.WaitForSelectorAsync("#confirm-dialog.show");
        (await admin.InnerTextAsync("#confirm-dialog")).ShouldContain("原密码立即失效");
        await admin.ClickAsync("#confirm-cancel");
        await admin.WaitForSelectorAsync("#confirm-dialog", new() { State = WaitForSelectorState.Hidden });
        (await admin.QuerySelectorAsync("#otp")).ShouldBeNull();
        await admin.ClickAsync("#reset");
        await admin.WaitForSelectorAsync("#confirm-dialog.show");
        await admin.ClickAsync("#confirm-ok");
        await admin.WaitForSelectorAsync("#otp");
        var otp = (await admin.InnerTextAsync("#otp")).Trim();
        otp.Length.ShouldBeGreaterThanOrEqualTo(12);
        // Post, redirect, get: the address is the account's own page, and a reload neither shows the password again
        // nor resets it a second time (the password just shown still signs in).
        admin.Url.ShouldContain("/Admin/User?name=gaoji.wang");
        admin.Url.ShouldNotContain("handler=");
        await admin.ReloadAsync();
        (await admin.QuerySelectorAsync("#otp")).ShouldBeNull();
        (await admin.QuerySelectorAsync("#message")).ShouldBeNull();
        await admin.ClickAsync("#enable");
        await admin.WaitForSelectorAsync("#message");
        var again = await browser.NewContextAsync();
        var user = await again.NewPageAsync();
        await SignInAsync(user, baseUrl, "gaoji.wang", otp);
        await user.WaitForURLAsync("**/Account/ChangePassword**");
    }
}
