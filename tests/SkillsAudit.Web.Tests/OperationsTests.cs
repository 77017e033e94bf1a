using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shouldly;
using SkillsAudit.Cli;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Data.Platform;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The app as run in production on several servers: evidence in the database (no Evidence:Directory), requests arriving
/// from a loopback proxy (so X-Forwarded-* headers are honoured), logs captured, extra settings per test.
/// </summary>
public sealed class OpsFactory(Dictionary<string, string?>? settings = null, string? connectionString = null) : WebApplicationFactory<Program>
{
    public string ConnectionString { get; } = connectionString ?? AppFactory.NewDatabase().ConnectionString;
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Jobs:Enabled", "false");
        // The tests sign in with the demo accounts: load them on PostgreSQL too (its default is no demo data).
        builder.UseSetting("Demo:LoadOnEmpty", "true");
        foreach (var (k, v) in settings ?? []) builder.UseSetting(k, v);
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new LoopbackPeer());
            s.AddSingleton<ILoggerProvider>(new CaptureProvider(Logs));
        });
    }

    public async Task<HttpClient> AdminAsync()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        (await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "Admin#2026" })).EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>The test server has no peer address; make every request come from a loopback proxy.</summary>
    private sealed class LoopbackPeer : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(n => ctx => { ctx.Connection.RemoteIpAddress = IPAddress.Loopback; return n(ctx); });
            next(app);
        };
    }

    private sealed class CaptureProvider(ConcurrentQueue<(string, LogLevel, string)> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capture(categoryName, sink);
        public void Dispose() { }
    }

    private sealed class Capture(string category, ConcurrentQueue<(string, LogLevel, string)> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue((category, logLevel, formatter(state, exception)));
    }
}

public sealed class OperationsTests
{
    private static MultipartFormDataContent Pdf(string text)
    {
        var file = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n% " + text + "\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "file", "材料.pdf" } };
    }

    private static async Task<(int Campaign, int Filing)> TargetAsync(OpsFactory app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var c = await db.Database.SqlQueryRaw<int>("""SELECT "Id" AS "Value" FROM "Campaigns" ORDER BY "Id" LIMIT 1""").FirstAsync();
        var f = await db.Database.SqlQueryRaw<int>("""SELECT "FilingId" AS "Value" FROM "CampaignTargets" WHERE "Included" ORDER BY "Id" LIMIT 1""").FirstAsync();
        return (c, f);
    }

    private static async Task<JsonElement> UploadAsync(OpsFactory app, HttpClient admin, string text)
    {
        var (c, f) = await TargetAsync(app);
        var res = await admin.PostAsync($"/api/reviews/campaigns/{c}/findings/{f}/evidence", Pdf(text));
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return await res.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<T> Db<T>(OpsFactory app, Func<AppDb, Task<T>> f)
    {
        using var scope = app.Services.CreateScope();
        return await f(scope.ServiceProvider.GetRequiredService<AppDb>());
    }

    [Fact]
    public async Task Health_live_touches_nothing_and_ready_reports_database_key_ring_evidence_store_and_version()
    {
        await using var app = new OpsFactory();
        var client = app.CreateClient();
        (await client.GetStringAsync("/health/live")).ShouldBe("Healthy");
        var ready = await client.GetFromJsonAsync<JsonElement>("/health/ready");
        ready.GetProperty("status").GetString().ShouldBe("Healthy");
        ready.GetProperty("version").GetString().ShouldNotBeNullOrWhiteSpace();
        var checks = ready.GetProperty("checks");
        checks.GetProperty("database").GetString().ShouldBe("Healthy");
        checks.GetProperty("keyRing").GetString().ShouldBe("Healthy");
        checks.GetProperty("evidenceStore").GetString().ShouldBe("Healthy");
        (await client.GetStringAsync("/health")).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Ready_is_503_when_a_migration_of_this_version_is_missing_from_the_database()
    {
        await using var app = new OpsFactory(new() { ["Health:CacheSeconds"] = "0" });
        var client = app.CreateClient();
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // as if the database were restored from a backup of the previous version
        await Db(app, db => db.Database.ExecuteSqlRawAsync(
            "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = (SELECT MAX(\"MigrationId\") FROM \"__EFMigrationsHistory\")"));
        var res = await client.GetAsync("/health/ready");
        res.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var ready = await res.Content.ReadFromJsonAsync<JsonElement>();
        ready.GetProperty("checks").GetProperty("database").GetString().ShouldBe("Unhealthy: 数据库无法连接或尚未升级");
        app.Logs.ShouldNotContain(l => l.Level >= LogLevel.Error && l.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Evidence_is_kept_in_the_database_by_default_and_missing_content_gives_404_with_a_Chinese_message_and_the_logged_trace_id()
    {
        await using var app = new OpsFactory();
        var admin = await app.AdminAsync();
        var ev = await UploadAsync(app, admin, "in the database");
        var sha = ev.GetProperty("sha256").GetString()!;
        (await Db(app, db => db.StoredBlobs.CountAsync(b => b.Sha256 == sha))).ShouldBe(1);
        var id = ev.GetProperty("id").GetInt32();
        (await admin.GetStringAsync($"/api/reviews/evidence/{id}")).ShouldContain("in the database");

        await Db(app, db => db.StoredBlobs.Where(b => b.Sha256 == sha).ExecuteDeleteAsync());
        var missing = await admin.GetAsync($"/api/reviews/evidence/{id}");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString()!.ShouldContain("不在材料存储中");
        var trace = problem.GetProperty("traceId").GetString()!;
        app.Logs.ShouldContain(l => l.Category == "SkillsAudit.Requests" && l.Message.Contains($"/api/reviews/evidence/{id} 404") && l.Message.Contains(trace) && l.Message.Contains("user=admin"));
    }

    [Fact]
    public async Task A_retention_purge_removes_the_stored_content_from_the_database()
    {
        await using var app = new OpsFactory();
        var admin = await app.AdminAsync();
        var ev = await UploadAsync(app, admin, "old evidence");
        var sha = ev.GetProperty("sha256").GetString()!;
        await Db(app, db => db.EvidenceFiles.Where(e => e.Sha256 == sha).ExecuteUpdateAsync(u => u.SetProperty(e => e.KeepUntil, new DateOnly(2001, 1, 1))));
        var purge = await admin.PostAsync("/api/retention/purge?confirm=true", null);
        purge.StatusCode.ShouldBe(HttpStatusCode.OK, await purge.Content.ReadAsStringAsync());
        (await Db(app, db => db.StoredBlobs.CountAsync(b => b.Sha256 == sha))).ShouldBe(0);
        (await Db(app, db => db.EvidenceFiles.CountAsync(e => e.Sha256 == sha))).ShouldBe(0);
    }

    [Fact]
    public async Task An_unexpected_error_is_logged_with_the_trace_id_the_user_is_shown()
    {
        // Evidence:Directory pointing at a file: the upload fails inside the app (500).
        var notADirectory = Path.GetTempFileName();
        await using var app = new OpsFactory(new() { ["Evidence:Directory"] = notADirectory });
        var admin = await app.AdminAsync();
        var (c, f) = await TargetAsync(app);
        var res = await admin.PostAsync($"/api/reviews/campaigns/{c}/findings/{f}/evidence", Pdf("x"));
        res.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var body = await res.Content.ReadAsStringAsync();
        var trace = JsonDocument.Parse(body).RootElement.GetProperty("traceId").GetString()!;
        app.Logs.ShouldContain(l => l.Category == "SkillsAudit.Requests" && l.Level == LogLevel.Error && l.Message.Contains(" 500 ") && l.Message.Contains(trace));
        File.Delete(notADirectory);
    }

    [Fact]
    public async Task Behind_a_known_proxy_https_gives_secure_cookies_and_hsts_and_rate_limits_count_the_real_client_with_retry_after()
    {
        await using var app = new OpsFactory(new() { ["Certificates:LookupPermitsPerMinute"] = "2" });
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        HttpRequestMessage Login(string? proto)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { userName = "admin", password = "Admin#2026" }) };
            if (proto is not null) req.Headers.Add("X-Forwarded-Proto", proto);
            return req;
        }
        var https = await client.SendAsync(Login("https"));
        https.EnsureSuccessStatusCode();
        https.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("skillsaudit=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        https.Headers.Contains("Strict-Transport-Security").ShouldBeTrue();
        var plain = await client.SendAsync(Login(null));
        plain.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("skillsaudit=", StringComparison.Ordinal) && !c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        plain.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();

        async Task<HttpResponseMessage> Lookup(string clientIp)
        {
            var req = new HttpRequestMessage(HttpMethod.Get, "/api/certificates/lookup?number=Y140914999999255000001&name=某人");
            req.Headers.Add("X-Forwarded-For", clientIp);
            return await client.SendAsync(req);
        }
        (await Lookup("203.0.113.7")).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
        (await Lookup("203.0.113.7")).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
        var refused = await Lookup("203.0.113.7");
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await refused.Content.ReadAsStringAsync()).ShouldContain("请求过于频繁");
        // Another client behind the same proxy has its own allowance.
        (await Lookup("203.0.113.8")).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Key_ring_keys_are_encrypted_at_rest_with_the_configured_key_and_the_id_hash_key_is_kept_in_the_database()
    {
        var kek = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var app = new OpsFactory(new() { ["DataProtection:KeyEncryptionKey"] = kek });
        await app.AdminAsync(); // a cookie protected and read back
        var xml = await Db(app, db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        xml.Count.ShouldBe(1);
        xml[0].ShouldContain("encryptedKey");
        xml[0].ShouldNotContain("<masterKey");
        (await Db(app, db => db.AppSecrets.CountAsync(s => s.Name == IdHashKeys.KeyName || s.Name == IdHashKeys.FingerprintName))).ShouldBe(2);
    }

    [Fact]
    public async Task With_certificates_present_a_different_Certificates_IdHashKey_is_refused_naming_the_setting()
    {
        await using var app = new OpsFactory(new() { ["Certificates:IdHashKey"] = "the-original-key" });
        _ = app.Server;
        await Db(app, async db =>
        {
            var filing = await db.Filings.Select(f => f.Id).FirstAsync();
            db.Certificates.Add(new CertificateRecord
            {
                FilingId = filing, PersonName = "某人", IdCipher = "x", IdHash = new string('a', 64), IdMasked = "1409**********0011", OccupationCode = "X",
                Level = 5, Number = "Y000000000000255000001", Year = 2025, IssuedOn = new DateOnly(2025, 1, 1), ImportedBy = "test", ImportedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var dp = app.Services.GetRequiredService<IDataProtectionProvider>();
        var e = await Should.ThrowAsync<DatabaseStartupException>(() => Db(app, db => IdHashKeys.LoadAsync(db, dp, new CertificateOptions { ConfiguredKey = "another-key" }, mayCreate: false)));
        e.Message.ShouldContain("Certificates:IdHashKey");
        e = await Should.ThrowAsync<DatabaseStartupException>(() => Db(app, db => IdHashKeys.LoadAsync(db, dp, new CertificateOptions(), mayCreate: true)));
        e.Message.ShouldContain("Certificates:IdHashKey");
        // The original key still starts.
        (await Db(app, db => IdHashKeys.LoadAsync(db, dp, new CertificateOptions { ConfiguredKey = "the-original-key" }, mayCreate: false))).Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_manual_job_run_is_logged_and_shown_to_admins_only()
    {
        await using var app = new OpsFactory();
        var admin = await app.AdminAsync();
        var run = await admin.PostAsync("/api/admin/jobs/filing-expiry/run", null);
        run.StatusCode.ShouldBe(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString().ShouldBe("succeeded");
        (await admin.PostAsync("/api/admin/jobs/no-such-job/run", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = await admin.PageAsync("/Audit/Jobs");
        page.ShouldContain("备案期满处理");
        page.ShouldContain("手动");
        page.ShouldContain("成功");
        var officer = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        (await officer.PostAsJsonAsync("/api/auth/login", new { userName = "officer", password = "Officer#2026" })).EnsureSuccessStatusCode();
        (await officer.GetAsync("/api/admin/jobs")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_mail_job_run_without_a_mail_server_is_shown_as_not_configured_not_as_success_and_is_not_repeated_that_day()
    {
        await using var app = new OpsFactory();
        var admin = await app.AdminAsync();
        var run = await admin.PostAsync("/api/admin/jobs/mail-outbox/run", null);
        run.StatusCode.ShouldBe(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString().ShouldBe(JobRunner.NotConfigured);

        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await admin.GetStringAsync("/Audit/Jobs"));
        var row = doc.QuerySelectorAll("#runs tbody tr").Single(tr => tr.Children[2].TextContent == "发送待发邮件");
        row.Children[6].TextContent.ShouldBe("未配置");
        row.Children[7].TextContent.ShouldContain("未配置邮件服务器");
        row.ClassList.ShouldContain("table-warning");
        // Not a success: the jobs table's 上次成功 stays empty for it.
        doc.QuerySelectorAll("#jobs tbody tr").Single(tr => tr.Children[0].TextContent == "发送待发邮件").Children[2].TextContent.ShouldBe("—");

        // The scheduler does not write the same 未配置 run again every minute of that day.
        var runner = app.Services.GetRequiredService<JobRunner>();
        var job = runner.Jobs.Single(j => j.Name == "mail-outbox");
        (await runner.RunIfDueAsync(job, DateTimeOffset.UtcNow.AddHours(-1))).ShouldBeNull();
    }

    [Fact]
    public void The_daily_slot_is_the_last_scheduled_time_in_China_time()
    {
        var at = new TimeOnly(2, 0);
        // 09:00 in Beijing: today's 02:00 has passed.
        JobScheduler.LastSlot(new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero), at).ShouldBe(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.FromHours(8)));
        // 01:00 in Beijing: the slot is yesterday's.
        JobScheduler.LastSlot(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero), at).ShouldBe(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.FromHours(8)));
    }

    [Fact]
    public async Task A_backup_file_restores_into_an_empty_database_with_keys_and_evidence_and_refuses_a_non_empty_one()
    {
        string source;
        int blobs, keys;
        await using (var app = new OpsFactory())
        {
            await UploadAsync(app, await app.AdminAsync(), "backed up");
            source = app.ConnectionString;
            blobs = await Db(app, db => db.StoredBlobs.CountAsync());
            keys = await Db(app, db => db.DataProtectionKeys.CountAsync());
        }
        var file = Path.Combine(Path.GetTempPath(), "sa-backup-" + Guid.NewGuid().ToString("N") + ".zip");
        var (o, e) = (new StringWriter(), new StringWriter());
        (await SkillsAuditCli.RunAsync(["db", "backup", file], new CliContext { Out = o, Error = e, ConnectionString = source, ContentRoot = AppContext.BaseDirectory })).ShouldBe(0, e.ToString());
        o.ToString().ShouldContain("已备份到");

        var target = AppFactory.NewDatabase().ConnectionString;
        (await SkillsAuditCli.RunAsync(["db", "restore", file], new CliContext { Out = o, Error = e, ConnectionString = target, ContentRoot = AppContext.BaseDirectory })).ShouldBe(0, e.ToString());
        await using (var restored = new OpsFactory(connectionString: target))
        {
            (await Db(restored, db => db.StoredBlobs.CountAsync())).ShouldBe(blobs);
            (await Db(restored, db => db.DataProtectionKeys.CountAsync())).ShouldBe(keys);
            var admin = await restored.AdminAsync();
            var id = await Db(restored, db => db.EvidenceFiles.Select(x => x.Id).FirstAsync());
            (await admin.GetStringAsync($"/api/reviews/evidence/{id}")).ShouldContain("backed up");
        }
        // Restoring over a database that has data needs --force.
        var err = new StringWriter();
        (await SkillsAuditCli.RunAsync(["db", "restore", file], new CliContext { Out = new StringWriter(), Error = err, ConnectionString = target, ContentRoot = AppContext.BaseDirectory })).ShouldBe(1);
        err.ToString().ShouldContain("--force");
        File.Delete(file);
    }
}
