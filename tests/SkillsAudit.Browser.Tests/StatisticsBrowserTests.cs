using Microsoft.Playwright;
using Shouldly;
using Xunit;

namespace SkillsAudit.Browser.Tests;

public sealed class StatisticsBrowserTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task A_body_user_fills_the_statistics_form_and_the_dashboard_draws_its_charts()
    {
        var baseUrl = app.BaseUrl;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync(baseUrl + "/Account/Login");
        await page.FillAsync("#UserName", "body");
        await page.FillAsync("#Password", "Body#2026");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/Registry", SignIn.Landed);

        await page.GotoAsync(baseUrl + "/Statistics/Entry?year=2024");
        (await page.InnerTextAsync("#filing-name")).ShouldBe("忻州市高级技工学校");
        await page.FillAsync("input[name='Lines[0].OccupationName']", "中式烹调师");
        await page.FillAsync("input[name='Lines[0].OccupationCode']", "4-03-02-01");
        await page.FillAsync("input[name='Lines[0].Assessed']", "40");
        await page.FillAsync("input[name='Lines[0].Passed']", "30");
        await page.FillAsync("input[name='Lines[0].CertifiedL5']", "30");
        await page.ClickAsync("#add-line");
        (await page.Locator("#entry tbody tr").CountAsync()).ShouldBe(4);
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("#saved");
        (await page.InputValueAsync("input[name='Lines[0].Certified']")).ShouldBe("30");

        await page.GotoAsync(baseUrl + "/Statistics?year=2023&region=忻州市");
        (await page.InnerTextAsync("#pass-rate")).ShouldBe("81.79%");
        await page.WaitForSelectorAsync("#chart-bodies canvas");
        (await page.Locator("#chart-levels canvas").CountAsync()).ShouldBeGreaterThan(0);
        await page.WaitForTimeoutAsync(1500); // let the charts finish their opening animation before the screenshot
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "statistics-dashboard.png"), FullPage = true });
    }
}
