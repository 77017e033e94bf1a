using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Shouldly;
using SkillsAudit.Web.Infrastructure;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The antiforgery token of a page and the decrypted session cookie are kept a short while per cookie value (issue 16,
/// TokenCaches): the same browser gets the same token, which still signs out; a token never serves another user or
/// another antiforgery cookie; forged posts are still refused; an expired or tampered session cookie still ends the session.
/// </summary>
public sealed partial class TokenCacheTests(AppFactory app) : IClassFixture<AppFactory>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    /// <summary>A client that keeps no cookies of its own: each request carries exactly the cookies the test gives.</summary>
    private HttpClient Bare() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static string? SetCookie(HttpResponseMessage res, string prefix) =>
        res.Headers.TryGetValues("Set-Cookie", out var all) ? all.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith(prefix, StringComparison.Ordinal)) : null;

    private async Task<string> SessionAsync(string user, string password)
    {
        var res = await Bare().PostAsJsonAsync("/api/auth/login", new { userName = user, password });
        res.EnsureSuccessStatusCode();
        return SetCookie(res, "skillsaudit=")!;
    }

    private async Task<(HttpResponseMessage Response, string Token)> PageAsync(string cookies)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "/Registry");
        get.Headers.Add("Cookie", cookies);
        var res = await Bare().SendAsync(get);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (res, TokenInput().Match(await res.Content.ReadAsStringAsync()).Groups[1].Value);
    }

    /// <summary>The antiforgery cookie a first page gives a signed-in browser, and that page's token.</summary>
    private async Task<(string Cookie, string Token)> AntiforgeryAsync(string session)
    {
        var (res, token) = await PageAsync(session);
        return (SetCookie(res, ".AspNetCore.Antiforgery.")!, token);
    }

    private async Task<HttpStatusCode> LogoutAsync(string cookies, string token)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", cookies);
        return (await Bare().SendAsync(post)).StatusCode;
    }

    [Fact]
    public async Task The_same_browser_gets_the_same_form_token_on_every_page_and_it_still_signs_out()
    {
        var session = await SessionAsync("officer", "Officer#2026");
        var (antiforgery, _) = await AntiforgeryAsync(session);
        antiforgery.ShouldNotBeNull();
        var (_, first) = await PageAsync($"{session}; {antiforgery}");
        var (again, second) = await PageAsync($"{session}; {antiforgery}");
        second.ShouldBe(first);
        SetCookie(again, ".AspNetCore.Antiforgery.").ShouldBeNull(); // its cookie is reused, not replaced
        again.Headers.CacheControl!.NoStore.ShouldBeTrue();
        again.Headers.CacheControl.NoCache.ShouldBeTrue();
        (await LogoutAsync($"{session}; {antiforgery}", second)).ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_form_token_made_for_one_user_is_refused_for_another_user_with_the_same_antiforgery_cookie()
    {
        var officer = await SessionAsync("officer", "Officer#2026");
        var (antiforgery, _) = await AntiforgeryAsync(officer);
        var (_, officerToken) = await PageAsync($"{officer}; {antiforgery}");
        var admin = await SessionAsync("admin", "Admin#2026");
        var (_, adminToken) = await PageAsync($"{admin}; {antiforgery}");
        adminToken.ShouldNotBe(officerToken); // the kept token is the officer's: the admin gets one of their own
        (await LogoutAsync($"{admin}; {antiforgery}", officerToken)).ShouldBe(HttpStatusCode.BadRequest);
        (await LogoutAsync($"{admin}; {antiforgery}", adminToken)).ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_form_token_is_refused_with_another_antiforgery_cookie_and_without_one()
    {
        var session = await SessionAsync("officer", "Officer#2026");
        var (antiforgery, _) = await AntiforgeryAsync(session);
        var (_, token) = await PageAsync($"{session}; {antiforgery}");
        (await PageAsync($"{session}; {antiforgery}")).Token.ShouldBe(token);
        var (otherCookie, otherToken) = await AntiforgeryAsync(session); // another browser of the same user
        otherCookie.ShouldNotBe(antiforgery);
        otherToken.ShouldNotBe(token);
        (await LogoutAsync($"{session}; {otherCookie}", token)).ShouldBe(HttpStatusCode.BadRequest);
        (await LogoutAsync(session, token)).ShouldBe(HttpStatusCode.BadRequest);
        (await LogoutAsync($"{session}; {antiforgery}", "forged")).ShouldBe(HttpStatusCode.BadRequest);
        (await LogoutAsync($"{session}; {antiforgery}", token)).ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_damaged_session_cookie_is_refused_even_after_the_real_one_was_read()
    {
        var session = await SessionAsync("officer", "Officer#2026");
        async Task<HttpStatusCode> CallAsync(string cookie)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/unread-count");
            get.Headers.Add("Cookie", cookie);
            return (await Bare().SendAsync(get)).StatusCode;
        }
        (await CallAsync(session)).ShouldBe(HttpStatusCode.OK);
        (await CallAsync(session)).ShouldBe(HttpStatusCode.OK);
        (await CallAsync(session[..^4] + (session[^4..] == "AAAA" ? "BBBB" : "AAAA"))).ShouldBe(HttpStatusCode.Unauthorized);
        (await CallAsync(session + "x")).ShouldBe(HttpStatusCode.Unauthorized);
    }
}

/// <summary>The kept session cookie changes nothing of the session's lifetime or of its ending.</summary>
public sealed class TokenCacheSessionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly AppFactory _app = new()
    {
        Clock = new FakeClock(Start),
        Settings = { ["Session:TicketCacheSeconds"] = "86400", ["Session:IdleMinutes"] = "30", ["Session:AbsoluteHours"] = "12" },
    };

    public Task InitializeAsync() { _ = _app.Server; return Task.CompletedTask; }
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_session_cookie_replayed_after_its_idle_time_is_refused_although_its_reading_is_kept()
    {
        var login = await _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false })
            .PostAsJsonAsync("/api/auth/login", new { userName = "officer", password = "Officer#2026" });
        var cookie = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).First(c => c.StartsWith("skillsaudit=", StringComparison.Ordinal));
        async Task<HttpStatusCode> CallAsync()
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, "/api/notifications/unread-count");
            get.Headers.Add("Cookie", cookie);
            return (await _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(get)).StatusCode;
        }
        (await CallAsync()).ShouldBe(HttpStatusCode.OK);
        _app.Clock!.Now = Start.AddMinutes(10);
        (await CallAsync()).ShouldBe(HttpStatusCode.OK);
        _app.Clock.Now = Start.AddMinutes(31); // the same cookie value, past its idle time (its renewal was not taken up)
        (await CallAsync()).ShouldBe(HttpStatusCode.Unauthorized);
    }
}
