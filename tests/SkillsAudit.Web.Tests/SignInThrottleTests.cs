using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Accounts;
using SkillsAudit.Domain.Accounts;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Failed sign-ins are throttled per typed name and per client address in the database (issue 12 item 5): nobody can
/// lock an account, an unknown name is answered like a wrong password, and two instances count together.
/// </summary>
public sealed class SignInThrottleTests : IAsyncLifetime
{
    private readonly AppFactory _app = new() { Clock = new FakeClock(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero)) };
    private readonly CountingHasher _hasher = new();
    private WebApplicationFactory<Program> _one = null!;
    private WebApplicationFactory<Program> _two = null!;

    public Task InitializeAsync()
    {
        _app.Settings["Session:IdleMinutes"] = "100000";
        _app.Settings["Session:AbsoluteHours"] = "100000";
        // Two app instances on one database, each seeing the client address a test header names (as a proxy would say).
        _one = _app.WithWebHostBuilder(b => b.ConfigureTestServices(s => { s.AddSingleton<IStartupFilter, ClientAddressFilter>(); s.AddSingleton<IPasswordHasher<AppUser>>(_hasher); }));
        _two = _app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, ClientAddressFilter>()));
        _ = _one.Server;
        _ = _two.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _one.DisposeAsync();
        await _two.DisposeAsync();
        await _app.DisposeAsync();
    }

    private FakeClock Clock => _app.Clock!;

    private static async Task<(HttpStatusCode Status, string Body, string? RetryAfter)> Login(WebApplicationFactory<Program> app, string user, string password, string address)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { userName = user, password }) };
        req.Headers.Add(ClientAddressFilter.Header, address);
        var res = await client.SendAsync(req);
        var body = await res.Content.ReadAsStringAsync();
        var detail = body.Length == 0 ? "" : JsonSerializer.Deserialize<JsonElement>(body).GetProperty("detail").GetString()!;
        return (res.StatusCode, detail, res.Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task An_unknown_name_gets_the_same_answers_and_the_same_throttle_as_a_wrong_password()
    {
        var known = new List<(HttpStatusCode, string)>();
        var unknown = new List<(HttpStatusCode, string)>();
        for (var i = 0; i < SignInThrottle.AccountFreeFailures + 1; i++)
        {
            var k = await Login(_one, "admin", "wrong-password", "10.0.0.1");
            var u = await Login(_one, "nobody-here", "wrong-password", "10.0.0.2");
            known.Add((k.Status, k.Body));
            unknown.Add((u.Status, u.Body));
        }
        unknown.ShouldBe(known);
        known[0].ShouldBe((HttpStatusCode.Unauthorized, "用户名或密码错误。"));
        known[^1].Item1.ShouldBe(HttpStatusCode.TooManyRequests);
        known[^1].Item2.ShouldBe("登录尝试过于频繁，请 1 秒后再试。");
        // Each costs one password-hash verification: an unknown name is not answered faster.
        _hasher.Verifications.ShouldBe(2 * SignInThrottle.AccountFreeFailures);
    }

    [Fact]
    public async Task A_stranger_guessing_cannot_lock_the_admin_out_for_longer_than_a_minute()
    {
        for (var i = 0; i < 30; i++)
        {
            var r = await Login(_one, "admin", "guess-" + i, "203.0.113." + (i % 5 + 1));
            r.Status.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests);
            Clock.Now += TimeSpan.FromSeconds(2);
        }
        var throttled = await Login(_one, "admin", "Admin#2026", "192.0.2.7");
        throttled.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(throttled.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThanOrEqualTo(60);
        Clock.Now += SignInThrottle.AccountMaxDelay;
        (await Login(_one, "admin", "Admin#2026", "192.0.2.7")).Status.ShouldBe(HttpStatusCode.NoContent);
        // Success starts the account's count again.
        (await Login(_one, "admin", "wrong", "192.0.2.7")).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task One_address_that_keeps_failing_waits_longer_and_longer_on_both_instances()
    {
        var waits = new List<int>();
        for (var i = 0; i < 16; i++)
        {
            // A new name each time: only the address counts up; the instances take turns.
            var r = await Login(i % 2 == 0 ? _one : _two, "name" + i, "x", "198.51.100.9");
            if (r.Status == HttpStatusCode.TooManyRequests)
            {
                waits.Add(int.Parse(r.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture));
                Clock.Now += TimeSpan.FromSeconds(waits[^1]);
                r = await Login(i % 2 == 0 ? _two : _one, "name" + i, "x", "198.51.100.9");
            }
            r.Status.ShouldBe(HttpStatusCode.Unauthorized);
        }
        waits.ShouldBe([1, 2, 4, 8, 16, 32]);
        // Another address is not held up, nor is the address once the wait is over.
        (await Login(_two, "officer", "Officer#2026", "198.51.100.10")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await Login(_one, "officer", "Officer#2026", "198.51.100.9")).Status.ShouldBe(HttpStatusCode.TooManyRequests);
        Clock.Now += TimeSpan.FromSeconds(64);
        (await Login(_one, "officer", "Officer#2026", "198.51.100.9")).Status.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Failed_and_throttled_sign_ins_are_in_the_audit_log_with_the_address_and_a_reset_password_may_be_tried_at_once()
    {
        for (var i = 0; i < SignInThrottle.AccountFreeFailures + 1; i++) await Login(_two, "officer", "wrong", "10.9.9.9");
        await Login(_two, "ghost", "wrong", "10.9.9.9");
        var reasons = await _app.WithAsync(sp => sp.GetRequiredService<AppDb>().AuditLog
            .Where(a => a.EntityType == "SignIn" && a.ClientAddress == "10.9.9.9").Select(a => a.EntityKey + " " + a.After).ToListAsync());
        reasons.Count(r => r.StartsWith("officer", StringComparison.Ordinal) && r.Contains("密码错误", StringComparison.Ordinal)).ShouldBe(SignInThrottle.AccountFreeFailures);
        reasons.ShouldContain(r => r.StartsWith("officer", StringComparison.Ordinal) && r.Contains("已限流", StringComparison.Ordinal));
        reasons.ShouldContain(r => r.StartsWith("ghost", StringComparison.Ordinal) && r.Contains("用户名不存在", StringComparison.Ordinal));

        var otp = await _app.WithAsync(sp => sp.GetRequiredService<AccountHandlers>().ResetPasswordAsync("officer"));
        (await Login(_two, "officer", otp.Password, "10.9.9.8")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await _app.WithAsync(sp => sp.GetRequiredService<AppDb>().Set<SignInThrottleEntry>().CountAsync(x => x.Key == "account:officer"))).ShouldBe(0);
    }

    /// <summary>Sets the connection's client address from a test header.</summary>
    private sealed class ClientAddressFilter : IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(go => http =>
            {
                if (http.Request.Headers[Header] is [{ } a]) http.Connection.RemoteIpAddress = IPAddress.Parse(a);
                return go(http);
            });
            next(app);
        };
    }

    /// <summary>The real hasher, counting verifications.</summary>
    private sealed class CountingHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> _inner = new();
        private int _verifications;
        public int Verifications => _verifications;
        public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
