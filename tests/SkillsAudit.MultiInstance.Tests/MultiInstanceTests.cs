using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Shouldly;
using SkillsAudit.Domain.Rules;
using Xunit;

namespace SkillsAudit.MultiInstance.Tests;

/// <summary>
/// A PostgreSQL cluster of the test's own and two instances of the built web app started at the same moment on an
/// empty database (each with its own data folder), as an operator runs them behind a load balancer (issue: several servers).
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public PgCluster Pg { get; } = new();
    public AppInstance A { get; private set; } = null!;
    public AppInstance B { get; private set; } = null!;
    public const string Database = "skillsaudit_multi";
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        File.Exists(Build.WebDll).ShouldBeTrue($"build the solution first: {Build.WebDll}");
        await Pg.StartAsync();
        ConnectionString = await Pg.CreateDatabaseAsync(Database);
        // Both at once, on the empty database: migrations, reference data, keys and the demo load race.
        A = AppInstance.Start("A", ConnectionString);
        B = AppInstance.Start("B", ConnectionString);
        await Task.WhenAll(A.WaitReadyAsync(TimeSpan.FromMinutes(5)), B.WaitReadyAsync(TimeSpan.FromMinutes(5)));
    }

    public async Task DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        await Pg.DisposeAsync();
    }
}

public sealed partial class MultiInstanceTests(TwoInstances env) : IClassFixture<TwoInstances>
{
    private static readonly HtmlParser Parser = new();
    private const string Db = TwoInstances.Database;

    private static string Id(int n) => ResidentIdNumber.WithCheck($"14090219900101{n % 1000:D3}");

    private static async Task<HttpClient> AdminAsync(AppInstance on, CookieContainer? cookies = null)
    {
        var client = on.Client(cookies);
        var res = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "Admin#2026" });
        res.IsSuccessStatusCode.ShouldBeTrue(await res.Content.ReadAsStringAsync());
        return client;
    }

    /// <summary>A demo filing with a filing number, given an occupation in its scope (for certificate rosters).</summary>
    private async Task<(int Id, string Occupation)> RosterFilingAsync()
    {
        var id = await env.Pg.ScalarAsync<int>(Db, """SELECT "Id" FROM "Filings" WHERE "Number" IS NOT NULL ORDER BY "Id" LIMIT 1""");
        var occupation = await env.Pg.ScalarAsync<string>(Db, """SELECT "Code" FROM "Occupations" ORDER BY "Code" LIMIT 1""");
        await env.Pg.ScalarAsync<long>(Db, $"""
            WITH ins AS (INSERT INTO "FilingScopeItems" ("FilingId", "OccupationCode", "Level") SELECT {id}, '{occupation}', NULL
                WHERE NOT EXISTS (SELECT 1 FROM "FilingScopeItems" WHERE "FilingId" = {id} AND "OccupationCode" = '{occupation}') RETURNING 1)
            SELECT count(*) FROM ins
            """);
        return (id, occupation);
    }

    private static MultipartFormDataContent Roster(string occupation, int year, params (string Name, string Id)[] people)
    {
        var csv = new StringBuilder("姓名,身份证号码,职业,等级,证书编号,发证日期\n");
        foreach (var (name, id) in people) csv.Append(name).Append(',').Append(id).Append(',').Append(occupation).Append(",5,,").Append(year).Append("-06-01\n");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "file", "roster.csv" } };
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, int filingId, int year, string occupation, params (string, string)[] people) =>
        client.PostAsync($"/api/certificates/import?filingId={filingId}&year={year}&generateNumbers=true", Roster(occupation, year, people));

    private static MultipartFormDataContent Pdf(string text)
    {
        var file = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n% " + text + "\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "file", "证据.pdf" } };
    }

    private async Task<(int Campaign, int Filing)> CampaignTargetAsync() =>
        (await env.Pg.ScalarAsync<int>(Db, """SELECT "Id" FROM "Campaigns" ORDER BY "Id" LIMIT 1"""),
         await env.Pg.ScalarAsync<int>(Db, """SELECT "FilingId" FROM "CampaignTargets" WHERE "Included" ORDER BY "Id" LIMIT 1"""));

    private async Task<int> UploadEvidenceAsync(HttpClient client, string text)
    {
        var (campaign, filing) = await CampaignTargetAsync();
        var res = await client.PostAsync($"/api/reviews/campaigns/{campaign}/findings/{filing}/evidence", Pdf(text));
        res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task Two_instances_started_together_on_an_empty_database_both_come_up_with_one_key_ring_and_one_id_hash_key()
    {
        env.A.Exited.ShouldBeFalse();
        env.B.Exited.ShouldBeFalse();
        (await env.Pg.ScalarAsync<long>(Db, """SELECT count(*) FROM "DataProtectionKeys" """)).ShouldBe(1);
        (await env.Pg.ScalarAsync<long>(Db, """SELECT count(*) FROM "AppSecrets" WHERE "Name" = 'Certificates.IdHashKey'""")).ShouldBe(1);
        (await env.Pg.ScalarAsync<long>(Db, """SELECT count(*) FROM "Regions" """)).ShouldBeGreaterThan(10);
        // The demo loaded once, not twice.
        (await env.Pg.ScalarAsync<long>(Db, """SELECT count(*) FROM "AspNetUsers" WHERE "UserName" = 'admin'""")).ShouldBe(1);
        (await env.Pg.ScalarAsync<long>(Db, """SELECT count(*) FROM "Campaigns" """)).ShouldBe(1);
        // Each instance reports itself ready, with its version; neither logged an error while starting (EF Core's
        // migrator alone logs its reads of the missing history table as errors).
        foreach (var i in new[] { env.A, env.B })
        {
            var listening = i.Log.IndexOf("Now listening", StringComparison.Ordinal);
            listening.ShouldBeGreaterThan(0, i.Log);
            System.Text.RegularExpressions.Regex.IsMatch(i.Log[..listening], "\"LogLevel\"\\s*:\\s*\"(Error|Critical)\"").ShouldBeFalse(i.Log[..listening]);
            var ready = await i.Client().GetFromJsonAsync<JsonElement>("/health/ready");
            ready.GetProperty("status").GetString().ShouldBe("Healthy");
            ready.GetProperty("version").GetString().ShouldNotBeNullOrEmpty();
            (await i.Client().GetStringAsync("/health/live")).ShouldBe("Healthy");
        }
    }

    [Fact]
    public async Task A_sign_in_cookie_and_an_antiforgery_token_from_one_instance_are_accepted_by_the_other()
    {
        // Cookies are per host, not per port: one container plays the browser talking to both servers.
        var cookies = new CookieContainer();
        await AdminAsync(env.A, cookies);
        var onB = env.B.Client(cookies);
        (await onB.GetAsync("/api/admin/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The sign-in form served by A, posted to B with A's antiforgery token and cookie.
        var browser = new CookieContainer();
        var form = await env.A.Client(browser).GetStringAsync("/Account/Login");
        var token = Parser.ParseDocument(form).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await env.B.Client(browser).PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["UserName"] = "officer", ["Password"] = "Officer#2026",
        }));
        post.StatusCode.ShouldBe(HttpStatusCode.Redirect, await post.Content.ReadAsStringAsync());
        (await env.A.Client(browser).GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_sign_out_on_one_instance_ends_that_session_on_both_while_another_session_of_the_account_goes_on()
    {
        var browser = new CookieContainer();
        (await env.A.Client(browser).PostAsJsonAsync("/api/auth/login", new { userName = "expert", password = "Expert#2026" })).EnsureSuccessStatusCode();
        // a copy of the session cookie, as someone who took it from the browser would keep it
        var copy = new CookieContainer();
        foreach (Cookie c in browser.GetCookies(env.A.BaseAddress)) copy.Add(new Cookie(c.Name, c.Value, "/", env.A.BaseAddress.Host));
        var other = new CookieContainer(); // the same account signed in elsewhere (another browser)
        (await env.B.Client(other).PostAsJsonAsync("/api/auth/login", new { userName = "expert", password = "Expert#2026" })).EnsureSuccessStatusCode();
        (await env.A.Client(copy).GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await env.B.Client(browser).PostAsync("/api/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // B refuses the copy at once; A within its session-check bound (Session:StampCheckSeconds, 5 s by default)
        (await env.B.Client(copy).GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var refusedOnA = false;
        for (var i = 0; i < 40 && !refusedOnA; i++)
        {
            refusedOnA = (await env.A.Client(copy).GetAsync("/api/auth/me")).StatusCode == HttpStatusCode.Unauthorized;
            if (!refusedOnA) await Task.Delay(250);
        }
        refusedOnA.ShouldBeTrue("instance A still accepted the signed-out session after 10 s");
        (await env.A.Client(other).GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await env.B.Client(other).GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Evidence_uploaded_on_one_instance_downloads_from_the_other_and_a_certificate_is_refused_as_duplicate_on_the_other()
    {
        var a = await AdminAsync(env.A);
        var b = await AdminAsync(env.B);
        var id = await UploadEvidenceAsync(a, "uploaded on A " + Guid.NewGuid());
        var download = await b.GetAsync($"/api/reviews/evidence/{id}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).ShouldContain("uploaded on A");

        var (filing, occupation) = await RosterFilingAsync();
        var first = await ImportAsync(a, filing, 2024, occupation, ("甲一", Id(101)));
        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var again = await ImportAsync(b, filing, 2024, occupation, ("甲一", Id(101)));
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await again.Content.ReadAsStringAsync()).ShouldContain("重复证书");
    }

    [Fact]
    public async Task The_expiry_job_on_both_instances_at_once_and_concurrent_roster_imports_give_no_server_error()
    {
        var a = await AdminAsync(env.A);
        var b = await AdminAsync(env.B);
        var expiries = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? a : b).PostAsync("/api/filings/expire", null)));
        foreach (var r in expiries) r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        (await env.Pg.ScalarAsync<long>(Db, """SELECT count(*) FROM "JobRuns" WHERE "Job" = 'filing-expiry' AND "Outcome" = 'succeeded'""")).ShouldBeGreaterThanOrEqualTo(6);

        // Different people for one filing and year at once: every import gets its own serial numbers.
        var (filing, occupation) = await RosterFilingAsync();
        var imports = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            ImportAsync(i % 2 == 0 ? a : b, filing, 2023, occupation, ($"乙{i}", Id(200 + i)), ($"丙{i}", Id(300 + i)))));
        foreach (var r in imports) r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        (await env.Pg.ScalarAsync<long>(Db, $"""SELECT count(DISTINCT "Number") FROM "Certificates" WHERE "FilingId" = {filing} AND "Year" = 2023""")).ShouldBe(16);

        // The same person on both servers at once: one is written, the other refused (duplicate or 409), never a 500.
        var same = await Task.WhenAll(ImportAsync(a, filing, 2022, occupation, ("丁一", Id(400))), ImportAsync(b, filing, 2022, occupation, ("丁一", Id(400))));
        same.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        same.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.BadRequest || r.StatusCode == HttpStatusCode.Conflict);
        var refused = same.Single(r => r.StatusCode != HttpStatusCode.OK);
        if (refused.StatusCode == HttpStatusCode.Conflict) (await refused.Content.ReadAsStringAsync()).ShouldContain("重复");
    }

    [Fact]
    public async Task After_a_PostgreSQL_restart_with_both_instances_running_the_next_requests_succeed()
    {
        var a = await AdminAsync(env.A);
        var b = await AdminAsync(env.B);
        // Fill both connection pools, then restart the server under them.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? a : b).GetAsync("/api/admin/jobs")));
        var (filing, occupation) = await RosterFilingAsync();
        await env.Pg.RestartAsync();
        // The first request of each after the restart is a write in an explicit transaction on a dead pooled
        // connection: the execution strategy runs the whole transaction again on a fresh one.
        var roster = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("姓名,工作单位,所在县区,专业（职业代码）,专家,检查人员\n重启后导入,重启测试单位,忻府区,,是,是\n")), "file", "名册.csv" } };
        var people = await a.PostAsync("/api/roster/import", roster);
        people.StatusCode.ShouldBe(HttpStatusCode.OK, "A roster import: " + await people.Content.ReadAsStringAsync());
        (await env.Pg.ScalarAsync<long>(Db, """SELECT count(*) FROM "RosterPeople" WHERE "Name" = '重启后导入'""")).ShouldBe(1);
        var import = await ImportAsync(b, filing, 2019, occupation, ("己一", Id(600)));
        import.StatusCode.ShouldBe(HttpStatusCode.OK, "B certificate import: " + await import.Content.ReadAsStringAsync());
        (await env.Pg.ScalarAsync<long>(Db, $"""SELECT count(*) FROM "Certificates" WHERE "FilingId" = {filing} AND "Year" = 2019""")).ShouldBe(1);
        foreach (var (client, name) in new[] { (a, "A"), (b, "B") })
        {
            var read = await client.GetAsync("/api/admin/jobs");
            read.StatusCode.ShouldBe(HttpStatusCode.OK, $"{name} read: {await read.Content.ReadAsStringAsync()}");
            var write = await client.PostAsync("/api/filings/expire", null);
            write.StatusCode.ShouldBe(HttpStatusCode.OK, $"{name} write: {await write.Content.ReadAsStringAsync()}");
            var page = await client.GetAsync("/Registry");
            page.StatusCode.ShouldBe(HttpStatusCode.OK, $"{name} page");
        }
        // A fresh sign-in (reads and writes Identity's tables) works too.
        await AdminAsync(env.A);
        await AdminAsync(env.B);
    }

    [Fact]
    public async Task A_backup_taken_while_writing_restores_into_a_fresh_database_where_evidence_id_lookups_and_sign_in_cookies_work()
    {
        var cookies = new CookieContainer();
        var a = await AdminAsync(env.A, cookies);
        var evidence = await UploadEvidenceAsync(a, "before backup");
        var (filing, occupation) = await RosterFilingAsync();
        var cert = await ImportAsync(a, filing, 2021, occupation, ("戊一", Id(500)));
        cert.StatusCode.ShouldBe(HttpStatusCode.OK, await cert.Content.ReadAsStringAsync());
        var number = (await cert.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("numbers")[0].GetString()!;

        // Keep writing through B while the backup runs.
        using var stop = new CancellationTokenSource();
        var b = await AdminAsync(env.B);
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await UploadEvidenceAsync(b, "during backup " + writes);
                Interlocked.Increment(ref writes);
            }
        });
        var file = Path.Combine(Path.GetTempPath(), "sa-backup-" + Guid.NewGuid().ToString("N") + ".zip");
        var backup = await Build.RunAsync("dotnet", [Build.CliDll, "db", "backup", file], new Dictionary<string, string> { ["ConnectionStrings__Default"] = env.ConnectionString });
        await stop.CancelAsync();
        await writer;
        backup.Exit.ShouldBe(0, backup.Output);
        writes.ShouldBeGreaterThan(0);

        // Restore into a fresh database and start an instance on it.
        var fresh = await env.Pg.CreateDatabaseAsync("skillsaudit_restored");
        var restore = await Build.RunAsync("dotnet", [Build.CliDll, "db", "restore", file], new Dictionary<string, string> { ["ConnectionStrings__Default"] = fresh });
        restore.Exit.ShouldBe(0, restore.Output);
        File.Delete(file);
        await using var c = AppInstance.Start("C", fresh);
        await c.WaitReadyAsync(TimeSpan.FromMinutes(3));

        // A's sign-in cookie works on C (same key ring), evidence downloads, the ID-hash key still finds the duplicate.
        var onC = c.Client(cookies);
        var download = await onC.GetAsync($"/api/reviews/evidence/{evidence}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).ShouldContain("before backup");
        var lookup = await c.Client().GetAsync($"/api/certificates/lookup?number={number}&name=戊一");
        lookup.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await lookup.Content.ReadAsStringAsync()).ShouldContain("1409");
        var duplicate = await ImportAsync(onC, filing, 2021, occupation, ("戊一", Id(500)));
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await duplicate.Content.ReadAsStringAsync()).ShouldContain("重复证书");
    }
}
