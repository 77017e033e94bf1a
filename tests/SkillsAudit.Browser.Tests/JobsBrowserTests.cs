using Microsoft.Playwright;
using Shouldly;
using Xunit;

namespace SkillsAudit.Browser.Tests;

public sealed class JobsBrowserTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task Admin_runs_the_expiry_job_by_hand_after_confirming_and_sees_the_run_logged()
    {
        var baseUrl = app.BaseUrl;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(baseUrl + "/Account/Login");
        await page.FillAsync("#UserName", "admin");
        await page.FillAsync("#Password", "Admin#2026");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForLoadStateAsync();

        await page.GotoAsync(baseUrl + "/Audit/Jobs");
        (await page.InnerTextAsync("#jobs")).ShouldContain("备案期满处理");
        (await page.QuerySelectorAsync("#none")).ShouldNotBeNull();
        await page.ClickAsync("#run-filing-expiry");
        await page.WaitForSelectorAsync("#confirm-filing-expiry");
        await page.ClickAsync("#confirm-filing-expiry button");
        await page.WaitForSelectorAsync("#message");
        (await page.InnerTextAsync("#message")).ShouldContain("成功");
        var runs = await page.InnerTextAsync("#runs");
        runs.ShouldContain("手动");
        runs.ShouldContain("admin");
        runs.ShouldContain("个备案转为备案期满");

        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "jobs-manual-run.png"), FullPage = true });
    }
}
