using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Shouldly;
using Xunit;

namespace SkillsAudit.Browser.Tests;

/// <summary>The app on a real loopback port (Kestrel), with a fresh SQLite database and the demo data.</summary>
public sealed class LiveApp : WebApplicationFactory<Program>
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), "sa-browser-" + Guid.NewGuid().ToString("N") + ".db");

    public LiveApp() => UseKestrel(0);

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={_db}").UseSetting("urls", "http://127.0.0.1:0").UseSetting("Jobs:Enabled", "false");

    public string BaseUrl
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress.ToString().TrimEnd('/');
        }
    }
}

public sealed class RegistryBrowserTests(LiveApp app) : IClassFixture<LiveApp>
{
    private static string ScreenshotDirectory()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public async Task Officer_finds_a_Xinzhou_filing_edits_its_address_and_sees_it_in_the_history()
    {
        var baseUrl = app.BaseUrl;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignIn.AsAsync(browser, baseUrl, "officer", "Officer#2026"); // the officer of 忻州市, landed on the registry list

        await page.FillAsync("#q", "忻州");
        await page.ClickAsync("#search");
        await page.WaitForSelectorAsync("#result-count");
        (await page.InnerTextAsync("#result-count")).ShouldContain("共 48 条");
        var dir = ScreenshotDirectory();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "registry-list-officer.png"), FullPage = true });

        await page.ClickAsync("text=忻州市高级技工学校");
        await page.WaitForSelectorAsync("#entity-name");
        await page.ClickAsync("#edit");
        await page.FillAsync("#Input_Address", "忻州市长征西街88号");
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("#saved");

        (await page.InnerTextAsync("#address")).ShouldBe("忻州市长征西街88号");
        var history = await page.InnerTextAsync("#history");
        history.ShouldContain("地址");
        history.ShouldContain("忻州市长征西街88号");
        history.ShouldContain("忻州市职业技能服务中心 工作人员"); // the officer, by the account's name, not the login id

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "registry-edit-history.png"), FullPage = true });
    }

    [Fact]
    public async Task Officer_pages_through_the_registry_twice_and_signs_out_from_the_menu()
    {
        var baseUrl = app.BaseUrl;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignIn.AsAsync(browser, baseUrl, "officer", "Officer#2026"); // the officer of 忻州市, landed on the registry list
        var dir = ScreenshotDirectory();

        // Twice: the second visit is answered from the kept list and the kept form token.
        for (var visit = 0; visit < 2; visit++)
        {
            await page.GotoAsync(baseUrl + "/Registry");
            (await page.InnerTextAsync("#result-count")).ShouldContain("第 1 /");
            await page.ClickAsync(".pagination a:text-is('2')");
            await page.WaitForURLAsync("**/Registry?page=2");
            (await page.InnerTextAsync("#result-count")).ShouldContain("第 2 /");
        }
        await page.ClickAsync("#user-menu");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "registry-page2-user-menu.png"), FullPage = true });
        await page.ClickAsync("#logout");
        await page.WaitForSelectorAsync("a[href='/Account/Login']");
        (await page.QuerySelectorAsync("#current-user")).ShouldBeNull();
        await page.GotoAsync(baseUrl + "/Reviews");
        page.Url.ShouldContain("/Account/Login");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "registry-signed-out.png"), FullPage = true });
    }
}
