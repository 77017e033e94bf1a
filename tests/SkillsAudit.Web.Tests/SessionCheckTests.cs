using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The session check reads the account's stamps at most every Session:StampCheckSeconds (issue 16): a change written by
/// another server (here: straight into the database, past this instance) ends the session within that bound; a change
/// made through this instance ends it at the next request.
/// </summary>
[Collection(nameof(SessionCheckTests))]
public sealed class SessionCheckTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly AppFactory _app = new()
    {
        Clock = new FakeClock(Start),
        Settings = { ["Session:StampCheckSeconds"] = "5", ["Registry:ListCacheSeconds"] = "2", ["Session:IdleMinutes"] = "600", ["Session:AbsoluteHours"] = "100" },
    };

    public Task InitializeAsync() { _ = _app.Server; return Task.CompletedTask; }
    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>What another server does on "sign out everywhere": a new security stamp, written without this instance.</summary>
    private Task<int> NewStampElsewhereAsync(string userName) => _app.WithAsync(sp => sp.GetRequiredService<AppDb>().Database.ExecuteSqlAsync(
        $"""UPDATE "AspNetUsers" SET "SecurityStamp" = {Guid.NewGuid().ToString("N")} WHERE "UserName" = {userName}"""));

    [Fact]
    public async Task A_sign_out_everywhere_written_by_another_server_ends_the_session_here_within_the_configured_seconds()
    {
        var officer = await _app.OfficerAsync();
        (await officer.GetAsync("/api/notifications/unread-count")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await NewStampElsewhereAsync("officer");
        // Within the bound this instance still trusts the stamps it read: the database is not asked on every request.
        _app.Clock!.Now = Start.AddSeconds(4);
        (await officer.GetAsync("/api/notifications/unread-count")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // At the bound it reads them again and the session is over, for the API and for the pages.
        _app.Clock.Now = Start.AddSeconds(5);
        (await officer.GetAsync("/api/notifications/unread-count")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var page = await officer.GetAsync("/Notifications");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task A_signed_out_session_is_refused_at_once_even_with_a_copy_of_its_cookie_and_the_accounts_other_sessions_go_on()
    {
        var browser = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var login = await browser.PostAsJsonAsync("/api/auth/login", new { userName = "body", password = "Body#2026" });
        login.EnsureSuccessStatusCode();
        var cookie = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("skillsaudit=", StringComparison.Ordinal));
        var other = await _app.SignedInAsync("body", "Body#2026");
        HttpRequestMessage WithCookie(HttpMethod m, string url) => new(m, url) { Headers = { { "Cookie", cookie } } };
        (await browser.SendAsync(WithCookie(HttpMethod.Get, "/api/auth/me"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.SendAsync(WithCookie(HttpMethod.Get, "/api/auth/me"))).StatusCode.ShouldBe(HttpStatusCode.OK); // the check is now held

        (await browser.SendAsync(WithCookie(HttpMethod.Post, "/api/auth/logout"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // the browser deleted its cookie; a copy of it is refused, for the API and for the pages, without waiting
        (await browser.SendAsync(WithCookie(HttpMethod.Get, "/api/auth/me"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var page = await browser.SendAsync(WithCookie(HttpMethod.Get, "/Notifications"));
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/Account/Login");
        (await other.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.WithAsync(sp => sp.GetRequiredService<AppDb>().Set<SkillsAudit.Data.Features.Accounts.EndedSession>().CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task A_disabled_account_made_through_this_instance_is_signed_out_at_its_next_request_without_waiting()
    {
        var admin = await _app.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = "dingxiang.officer", displayName = "定襄县 工作人员", role = "Officer", region = "忻州市" });
        var otp = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("password").GetString()!;
        var officer = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        (await officer.PostAsJsonAsync("/api/auth/login", new { userName = "dingxiang.officer", password = otp })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync("/api/auth/password", new { currentPassword = otp, newPassword = "Dingxiang#Off1" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await officer.GetAsync("/api/notifications/unread-count")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await officer.GetAsync("/api/notifications/unread-count")).StatusCode.ShouldBe(HttpStatusCode.OK); // the stamps are now held

        (await admin.PostAsync("/api/users/dingxiang.officer/disable", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await officer.GetAsync("/api/notifications/unread-count")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task With_the_bound_set_to_zero_a_change_written_elsewhere_ends_the_session_at_the_next_request()
    {
        await using var strict = _app.WithWebHostBuilder(b => b.UseSetting("Session:StampCheckSeconds", "0"));
        var officer = strict.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        (await officer.PostAsJsonAsync("/api/auth/login", new { userName = "expert", password = "Expert#2026" })).EnsureSuccessStatusCode();
        (await officer.GetAsync("/api/notifications/unread-count")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await NewStampElsewhereAsync("expert");
        (await officer.GetAsync("/api/notifications/unread-count")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_registry_list_page_shows_a_rename_written_by_another_server_within_the_configured_seconds_and_one_made_here_at_once()
    {
        var officer = await _app.OfficerAsync();
        async Task<string> NamesAsync() => await (await officer.GetAsync("/api/filings?region=忻州市&pageSize=500")).Content.ReadAsStringAsync();
        (await NamesAsync()).ShouldContain("忻州市高级技工学校");

        // Another server renames the body: this instance's list follows within Registry:ListCacheSeconds.
        await _app.WithAsync(sp => sp.GetRequiredService<AppDb>().Database.ExecuteSqlAsync(
            $"""UPDATE "LegalEntities" SET "Name" = {"忻州市高级技工学校（更名）"} WHERE "Name" = {"忻州市高级技工学校"}"""));
        _app.Clock!.Now = Start.AddSeconds(1);
        (await NamesAsync()).ShouldNotContain("（更名）");
        _app.Clock.Now = Start.AddSeconds(2);
        (await NamesAsync()).ShouldContain("忻州市高级技工学校（更名）");

        // A rename saved through this instance shows at the next request.
        await _app.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDb>();
            var body = await db.LegalEntities.SingleAsync(e => e.Name == "忻州市高级技工学校（更名）");
            body.Rename("忻州市高级技工学校（再更名）", "测试");
            return await db.SaveChangesAsync();
        });
        (await NamesAsync()).ShouldContain("忻州市高级技工学校（再更名）");
    }
}

/// <summary>
/// Run alone: the change counters behind the caches are process-wide, so another test class saving accounts or the
/// registry at the same moment empties these caches early. That is right for the app, but it would hide the window
/// these tests check (a change written past this instance is not seen before the bound).
/// </summary>
[CollectionDefinition(nameof(SessionCheckTests), DisableParallelization = true)]
public sealed class SessionChecksRunAlone;
