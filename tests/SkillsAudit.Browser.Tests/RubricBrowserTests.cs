using Microsoft.Playwright;
using Shouldly;
using Xunit;

namespace SkillsAudit.Browser.Tests;

public sealed class RubricBrowserTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task The_Xinzhou_rubric_page_shows_the_printed_declaration_and_the_3_6_warning()
    {
        var baseUrl = app.BaseUrl;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(baseUrl + "/Rubrics");
        await page.ClickAsync("text=xinzhou-2023");
        await page.WaitForSelectorAsync("#rubric-table");

        var part1 = page.Locator("#sec-1");
        (await part1.IsVisibleAsync()).ShouldBeTrue();
        var text = await part1.InnerTextAsync();
        text.ShouldContain("考务管理");
        text.ShouldContain("56项, 49.75分");

        var warnings = page.Locator("#warnings");
        (await warnings.IsVisibleAsync()).ShouldBeTrue();
        (await warnings.InnerTextAsync()).ShouldContain("指标 3.6");
        var row = page.Locator("[id='ind-3.6']");
        (await row.IsVisibleAsync()).ShouldBeTrue();
        (await row.InnerTextAsync()).ShouldContain("信息管理岗位职责");

        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "rubric-xinzhou.png"), FullPage = true });
    }
}
