using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using SkillsAudit.Bench.Risk;
using SkillsAudit.Data;
using SkillsAudit.Domain.Risk;
using Xunit;

namespace SkillsAudit.Browser.Tests;

public sealed class RiskBrowserTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task An_officer_filters_the_risk_page_to_one_occupation_opens_a_flagged_body_and_sees_the_figures_behind_each_signal()
    {
        var baseUrl = app.BaseUrl;
        // A generated 忻州市 province of 60 bodies next to the demo data, with anomalies planted in 2025.
        var province = RiskGenerator.Generate(filings: 60, years: 4, occupations: 6, seed: 11, anomalyShare: 0.05, regionPrefix: "1409");
        IReadOnlyDictionary<int, int> ids;
        using (var scope = app.Services.CreateScope()) ids = await RiskProvinceWriter.WriteAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), province);
        // A planted body the signal finds (on the generated data alone: the demo's occupations are not its peers).
        var expected = RiskEngine.Compute(province.Input, new RiskConfig());
        var point = expected.Points.First(p => p.Outlier && province.Planted.Any(a => a.Kind == RiskSignalKind.HighPassRate && a.FilingId == p.FilingId));
        var planted = province.Planted.First(a => a.Kind == RiskSignalKind.HighPassRate && a.FilingId == point.FilingId);
        var body = province.Input.Filings.Single(f => f.FilingId == planted.FilingId).Name;
        var occupationName = point.OccupationName!;
        var occupation = point.OccupationKey;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignIn.AsAsync(browser, baseUrl, "officer", "Officer#2026");

        await page.GotoAsync(baseUrl + "/Risk?year=2025");
        (await page.InnerTextAsync("h1")).ShouldContain("忻州市");
        await page.SelectOptionAsync("#q-occupation", occupation);
        await page.ClickAsync("#apply-filters");
        await page.WaitForURLAsync($"**/Risk?*occupation={Uri.EscapeDataString(occupation)}*");
        await page.WaitForSelectorAsync("#chart-scatter canvas");
        var row = await page.InnerTextAsync($"#ranking tr[data-filing='{ids[planted.FilingId]}']");
        row.ShouldContain("合格率异常偏高");
        row.ShouldContain(occupationName);
        await page.WaitForTimeoutAsync(1500); // the scatter's opening animation, before the screenshot
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "risk-list.png"), FullPage = true });

        await page.ClickAsync($"#ranking a:text-is('{body}')");
        await page.WaitForURLAsync($"**/Risk/Body/{ids[planted.FilingId]}*");
        (await page.InnerTextAsync("#body-name")).ShouldBe(body);
        (await page.InnerTextAsync("#current-level")).ShouldBeOneOf("中", "高");
        var signal = page.Locator("table.signals[data-year='2025'] tr[data-kind='HighPassRate']");
        (await signal.InnerTextAsync()).ShouldContain("触发");
        var figures = await signal.Locator(".summary").InnerTextAsync();
        figures.ShouldContain($"{occupationName}");
        figures.ShouldContain("同省同职业同等级");
        figures.ShouldContain("中位数");
        // every signal of the year shows its own figures, raised or not
        (await page.Locator("table.signals[data-year='2025'] tr.signal").CountAsync()).ShouldBe(RiskNames.AllSignals.Count);
        (await page.InnerTextAsync("table.signals[data-year='2025'] tr[data-kind='VolumeJump'] .summary")).ShouldContain("组织评价");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "risk-body.png"), FullPage = true });
    }
}
