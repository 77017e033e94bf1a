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
        await page.WaitForURLAsync(SignIn.Home, SignIn.Landed);

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

    [Fact]
    public async Task An_officer_checks_a_filled_template_sees_the_wrong_cell_then_imports_it_after_confirming()
    {
        var baseUrl = app.BaseUrl;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignIn.AsAsync(browser, baseUrl, "officer", "Officer#2026");

        await page.GotoAsync(baseUrl + "/Statistics?year=2022&region=忻州市");
        await page.ClickAsync("#to-import");
        await page.WaitForSelectorAsync("#import-form");
        // the template as the officer downloads it there (their region's filings listed), filled in as in Excel: first
        // with more passed than assessed
        (await page.InputValueAsync("#t-region")).ShouldBe("忻州市");
        await page.FillAsync("#t-year", "2022");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#template"));
        download.SuggestedFilename.ShouldBe("统计表模板-2022.xlsx");
        var template = await File.ReadAllBytesAsync(await download.PathAsync());
        static FilePayload Xlsx(byte[] bytes) => new() { Name = "忻州市统计-2022.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = bytes };
        var wrong = TemplateRows.Fill(template, ("E", "中式烹调师"), ("F", "4-03-02-01"), ("H", 2), ("I", 40), ("J", 50), ("K", 40), ("L", 20), ("M", 20));
        await page.SetInputFilesAsync("#file", Xlsx(wrong));
        await page.ClickAsync("#check");
        await page.WaitForSelectorAsync("#import-errors");
        (await page.InnerTextAsync("#error-table")).ShouldContain("第3行");
        (await page.InnerTextAsync("#warning-table")).ShouldContain("第4–50行（47 行）"); // the unfilled filings said once
        (await page.InputValueAsync("#file")).ShouldBe(""); // a browser never keeps a chosen file; the message asks for it again
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "statistics-import-errors.png"), FullPage = true });

        var right = TemplateRows.Fill(template, ("E", "中式烹调师"), ("F", "4-03-02-01"), ("H", 2), ("I", 60), ("J", 50), ("K", 50), ("L", 20), ("M", 30));
        await page.SetInputFilesAsync("#file", Xlsx(right));
        await page.ClickAsync("#check");
        (await page.InnerTextAsync("#import-checked")).ShouldContain("检查通过");
        (await page.InnerTextAsync("#import-checked")).ShouldContain("（2022 年度）"); // the year the file would write, named before it is written

        // importing asks first (it replaces the filing-year's earlier figures)
        await page.SetInputFilesAsync("#file", Xlsx(right));
        await page.ClickAsync("#import");
        await page.WaitForSelectorAsync("#confirm-dialog.show");
        (await page.InnerTextAsync("#confirm-dialog")).ShouldContain("原有的统计数据将被替换");
        await page.ClickAsync("#confirm-ok");
        (await page.InnerTextAsync("#import-done")).ShouldContain("已导入 1 行");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "statistics-import-done.png"), FullPage = true });

        await page.ClickAsync("#import-done a");
        (await page.InnerTextAsync("#assessed")).ShouldBe("60");
    }
}
