using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Web.Infrastructure;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>ASVS 4.0 L2 headers, the refusal of cross-origin writes (CSRF), sessions that end, and pages without inline script.</summary>
public sealed class SecurityHeaderTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string[] Pages =
    [
        "/", "/Registry", "/Rubrics", "/Statistics", "/Statistics/Entry?filing=1&year=2023", "/Publication", "/Publication/Notices", "/Rules/Changes", "/Rules/Inspections",
        "/Rules/Scope", "/Rules/Retention", "/Certificates/Lookup", "/Certificates/Import", "/Certificates/CrossCheck", "/Reviews", "/Reviews/Rectifications",
        "/Audit", "/Public/Inspections", "/Account/Login", "/Account/Denied",
    ];

    [Fact]
    public async Task Every_response_carries_nosniff_frame_denial_referrer_policy_and_a_content_security_policy_without_inline_script()
    {
        var admin = await app.AdminAsync();
        foreach (var url in Pages.Append("/api/regions").Append("/nowhere"))
        {
            var res = await admin.GetAsync(url);
            res.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"], url);
            res.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"], url);
            res.Headers.GetValues("Referrer-Policy").ShouldBe(["strict-origin-when-cross-origin"], url);
            var csp = res.Headers.GetValues("Content-Security-Policy").Single();
            csp.ShouldContain("frame-ancestors 'none'");
            csp.ShouldContain("object-src 'none'");
            if (!SecurityHeaders.InlineScriptPages.Contains(url.Split('?')[0])) csp.ShouldContain("script-src 'self';", customMessage: url);
        }
    }

    [Fact]
    public async Task No_page_has_an_inline_script_or_event_attribute_except_those_still_listed_and_the_list_only_shrinks()
    {
        var admin = await app.AdminAsync();
        var inline = new List<string>();
        foreach (var url in Pages)
        {
            var html = await admin.GetStringAsync(url);
            var scripts = Regex.Matches(html, @"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase).Count;
            var handlers = Regex.Matches(html, @"<[a-z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase).Count;
            if (scripts + handlers > 0) inline.Add(url);
        }
        static string Path(string url) => url.Split('?')[0];
        inline.Where(u => !SecurityHeaders.InlineScriptPages.Contains(Path(u))).ShouldBeEmpty("pages with inline script (move it to wwwroot/js)");
        Pages.Where(u => SecurityHeaders.InlineScriptPages.Contains(Path(u))).Except(inline).ShouldBeEmpty("pages listed as having inline script that no longer have any: remove them from the list");
    }

    [Fact]
    public async Task A_write_from_another_origin_or_another_port_of_the_same_site_is_refused_and_nothing_is_written()
    {
        var officer = await app.OfficerAsync();
        var before = await app.DbAsync(db => db.AuditLog.CountAsync());
        var host = officer.BaseAddress!.GetLeftPart(UriPartial.Authority);
        foreach (var (header, value) in new[] { ("Origin", "http://127.0.0.1:5151"), ("Origin", "http://evil.example"), ("Sec-Fetch-Site", "same-site"), ("Sec-Fetch-Site", "cross-site") })
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, "/api/inspections/draw") { Content = JsonContent.Create(new { title = "跨站", bodies = 1, inspectorsPerBody = 1, region = "忻州市" }) };
            req.Headers.Add(header, value);
            var res = await officer.SendAsync(req);
            res.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{header}: {value}");
            (await res.Content.ReadAsStringAsync()).ShouldContain("跨站请求被拒绝");
        }
        (await app.DbAsync(db => db.AuditLog.CountAsync())).ShouldBe(before);

        // The app's own pages: same origin.
        using var own = new HttpRequestMessage(HttpMethod.Post, "/api/inspections/draw") { Content = JsonContent.Create(new { title = "本站", bodies = 1, inspectorsPerBody = 1, region = "忻州市" }) };
        own.Headers.Add("Origin", host);
        own.Headers.Add("Sec-Fetch-Site", "same-origin");
        (await officer.SendAsync(own)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Reading is not a write.
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/inspections");
        read.Headers.Add("Sec-Fetch-Site", "cross-site");
        (await officer.SendAsync(read)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Changing_a_password_signs_the_user_out_of_every_other_session()
    {
        var first = await app.UserAsync("stamp-user", Roles.Expert);
        var second = await app.SignedInAsync("stamp-user", "Test#2026pw");
        (await first.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.WithAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var u = (await users.FindByNameAsync("stamp-user"))!;
            (await users.ChangePasswordAsync(u, "Test#2026pw", "Changed#2026pw")).Succeeded.ShouldBeTrue();
            return 0;
        });
        (await first.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await second.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}

/// <summary>Session lifetimes on a clock the test moves: the idle timeout slides, the absolute lifetime does not.</summary>
public sealed class SessionLifetimeTests : IAsyncLifetime
{
    private readonly AppFactory _app = new() { Clock = new FakeClock(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero)) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_session_ends_after_the_idle_timeout_and_after_the_absolute_lifetime_even_when_used()
    {
        var clock = _app.Clock!;
        var busy = await _app.OfficerAsync();
        var idle = await _app.AdminAsync();
        // Used every 20 minutes (within the 30-minute idle timeout) it lives until the 12-hour absolute lifetime.
        for (var i = 0; i < 35; i++)
        {
            clock.Now = clock.Now.AddMinutes(20);
            (await busy.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK, $"after {(i + 1) * 20} minutes");
        }
        (await idle.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "idle for more than 30 minutes");
        clock.Now = clock.Now.AddMinutes(20); // 12 h 0 min
        clock.Now = clock.Now.AddMinutes(10);
        (await busy.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "past the absolute lifetime");
    }
}
