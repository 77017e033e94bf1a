using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Rules;
using Xunit;

namespace SkillsAudit.Browser.Tests;

/// <summary>
/// CSRF: a page served from another port of the same host (same site, so SameSite=Lax sends the session cookie) posts
/// a change request to the API with the signed-in officer's session: refused, nothing written. The same request made
/// from the app's own page is accepted, so the test can fail.
/// </summary>
public sealed class CsrfBrowserTests(LiveApp app) : IClassFixture<LiveApp>
{
    private const string Post = """
        async (args) => {
          const [url, filingId] = args;
          const pdf = () => new Blob(['%PDF-1.4\n% test\n'], { type: 'application/pdf' });
          const form = new FormData();
          form.append('filingId', String(filingId)); form.append('kind', 'Address'); form.append('value', '跨站写入的地址'); form.append('reason', '跨站');
          form.append('ChangeBasis', pdf(), 'a.pdf'); form.append('NewQualification', pdf(), 'b.pdf');
          try { const r = await fetch(url, { method: 'POST', body: form, credentials: 'include', mode: 'no-cors' }); return r.status; }
          catch (e) { return -1; }
        }
        """;

    [Fact]
    public async Task A_page_on_another_port_cannot_write_with_the_signed_in_users_session()
    {
        var baseUrl = app.BaseUrl;
        int filingId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            filingId = await db.Filings.Where(f => f.RegionCode.StartsWith("1409")).Select(f => f.Id).FirstAsync();
        }
        async Task<int> Requests()
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<AppDb>().ChangeRequests.CountAsync(c => c.FilingId == filingId && c.RequestedValue == "跨站写入的地址");
        }

        // The attacker's page: another port of 127.0.0.1 (same site, other origin).
        using var listener = new HttpListener();
        var attacker = "http://127.0.0.1:5151/";
        listener.Prefixes.Add(attacker);
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await listener.GetContextAsync(); } catch { return; }
                var html = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><h1>抽奖活动</h1></body></html>");
                ctx.Response.ContentType = "text/html; charset=utf-8";
                await ctx.Response.OutputStream.WriteAsync(html);
                ctx.Response.Close();
            }
        });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/Account/Login");
        await page.FillAsync("#UserName", "officer");
        await page.FillAsync("#Password", "Officer#2026");
        await page.ClickAsync("button[type=submit]");
        // Signed in once the redirect away from the sign-in page is committed (the cookie is set by then); the test
        // needs the session, not the next page's load event (which once took over 30 s on a loaded machine).
        await page.WaitForURLAsync(u => !u.Contains("/Account/Login", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("#main-nav");

        var evil = await context.NewPageAsync();
        await evil.GotoAsync(attacker);
        await evil.EvaluateAsync<int>(Post, new object[] { baseUrl + "/api/changes", filingId });
        await Task.Delay(500);
        Assert.Equal(0, await Requests());
        await Chromium.ScreenshotAsync(evil, "csrf-attacker-page.png");

        // The same request from the app's own page goes through.
        var status = await page.EvaluateAsync<int>(Post.Replace("mode: 'no-cors'", "mode: 'same-origin'", StringComparison.Ordinal), new object[] { baseUrl + "/api/changes", filingId });
        Assert.Equal(201, status);
        Assert.Equal(1, await Requests());
        listener.Stop();
    }
}
