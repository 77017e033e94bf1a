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
        var page = await SignIn.AsAsync(browser, baseUrl, "officer", "Officer#2026"); // the officer of 忻州市, landed on the 工作台
        await page.ClickAsync("nav a[href='/Registry']");
        await page.WaitForSelectorAsync("#q");

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
        var page = await SignIn.AsAsync(browser, baseUrl, "officer", "Officer#2026"); // the officer of 忻州市
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

    [Fact]
    public async Task Officer_exports_edits_a_cell_checks_and_imports_after_confirming_the_counts()
    {
        var baseUrl = app.BaseUrl;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignIn.AsAsync(browser, baseUrl, "officer", "Officer#2026"); // the officer of 忻州市
        var dir = ScreenshotDirectory();

        // The officer's own region's export, one cell changed as in Excel, and a row of another region added.
        await page.GotoAsync(baseUrl + "/Registry?region=140900");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export"));
        var export = await File.ReadAllBytesAsync(await download.PathAsync());
        var rows = SkillsAudit.Data.Files.TabularReader.ReadRows(new MemoryStream(export), "备案.xlsx").Where(r => !r.IsEmpty).Select(r => r.Cells.ToArray()).ToList();
        var notes = Array.IndexOf(rows[0], "备注");
        rows[2][notes] = "浏览器导入测试备注";
        static FilePayload Xlsx(List<string?[]> rows)
        {
            using var ms = new MemoryStream();
            using (var w = new SkillsAudit.Data.Files.XlsxWriter(ms))
                w.AddSheet("备案机构", rows.Select(r => (IReadOnlyList<SkillsAudit.Data.Files.XCell>)r.Select(c => (SkillsAudit.Data.Files.XCell)c).ToList()).ToList());
            return new FilePayload { Name = "备案-修改.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = ms.ToArray() };
        }
        var region = Array.IndexOf(rows[0], "所在地区");
        var name = Array.IndexOf(rows[0], "机构名称");
        var number = Array.IndexOf(rows[0], "备案号");
        var credit = Array.IndexOf(rows[0], "统一社会信用代码");
        var outside = (string?[])rows[1].Clone();
        outside[name] = "浏览器阳泉测试机构";
        outside[number] = null;
        outside[credit] = null;
        outside[region] = "阳泉市";
        var bad = rows.Append(outside).ToList();

        await page.GotoAsync(baseUrl + "/Registry");
        await page.ClickAsync("a#import");
        await page.WaitForSelectorAsync("#import-form");
        (await page.InputValueAsync("#Region")).ShouldBe("忻州市");
        await page.SetInputFilesAsync("#file", Xlsx(bad));
        await page.ClickAsync("#check");
        await page.WaitForSelectorAsync("#import-errors");
        (await page.InnerTextAsync("#error-table")).ShouldContain($"第{bad.Count}行 [G:所在地区]");
        (await page.InnerTextAsync("#error-table")).ShouldContain("阳泉市不属于您负责的地区（忻州市）");
        (await page.QuerySelectorAsync("#confirm-form")).ShouldBeNull();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "registry-import-refused.png"), FullPage = true });

        await page.SetInputFilesAsync("#file", Xlsx(rows));
        await page.ClickAsync("#check");
        await page.WaitForSelectorAsync("#import-checked");
        (await page.InnerTextAsync("#import-checked")).ShouldContain("将新增 0 条、修改 1 条备案");
        (await page.InnerTextAsync("#change-table")).ShouldContain("浏览器导入测试备注");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "registry-import-checked.png"), FullPage = true });

        // 导入 asks first, with the counts; 取消 writes nothing, 确定导入 writes it without choosing the file again.
        await page.ClickAsync("#import");
        await page.WaitForSelectorAsync("#confirm-dialog.show");
        (await page.InnerTextAsync("#confirm-dialog")).ShouldContain("新增 0 条备案，修改 1 条备案");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "registry-import-confirm.png"), FullPage = true });
        await page.ClickAsync("#confirm-cancel");
        await page.WaitForSelectorAsync("#confirm-dialog", new PageWaitForSelectorOptions { State = WaitForSelectorState.Hidden });
        (await page.QuerySelectorAsync("#import-done")).ShouldBeNull();
        await page.ClickAsync("#import");
        await page.WaitForSelectorAsync("#confirm-dialog.show");
        await page.ClickAsync("#confirm-ok");
        await page.WaitForSelectorAsync("#import-done");
        (await page.InnerTextAsync("#import-done")).ShouldContain("新增 0 条、修改 1 条备案");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "registry-import-done.png"), FullPage = true });

        await page.GotoAsync(baseUrl + "/Registry?q=" + Uri.EscapeDataString(rows[2][name]!));
        await page.ClickAsync($"table.registry tbody a:text-is('{rows[2][name]}')");
        await page.WaitForSelectorAsync("#entity-name");
        (await page.InnerTextAsync("#history")).ShouldContain("浏览器导入测试备注");
    }
}
