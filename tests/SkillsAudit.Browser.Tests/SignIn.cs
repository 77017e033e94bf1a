using Microsoft.Playwright;

namespace SkillsAudit.Browser.Tests;

internal static class SignIn
{
    /// <summary>
    /// How the tests wait for the page a sign-in redirects to: until its document is parsed, not until its load event.
    /// Twice in full ./test.sh runs, Playwright's wait for "load" after the sign-in redirect timed out at 30 s although
    /// the server had answered the page with 200 in about 100 ms (request log); it never happened when the browser suite
    /// ran alone (9 runs). Each test goes on to assert on the landing page's content, which Playwright retries until it
    /// is there, so nothing the tests check is weakened.
    /// </summary>
    public static readonly PageWaitForURLOptions Landed = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    /// <summary>Where a sign-in without a return address leads: the 工作台 (the role's to-do list).</summary>
    public static bool Home(string url) => new Uri(url).AbsolutePath == "/";

    /// <summary>A new page (1400×900, or <paramref name="viewport"/>) signed in with the demo account, landed on the page the sign-in leads to.</summary>
    public static async Task<IPage> AsAsync(IBrowser browser, string baseUrl, string userName, string password, ViewportSize? viewport = null)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = viewport ?? new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync(baseUrl + "/Account/Login");
        await page.FillAsync("#UserName", userName);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(Home, Landed);
        return page;
    }
}
