using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Domain.Registry;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>Accounts managed by the admin through the API (issue 11), on SQLite and PostgreSQL alike.</summary>
public sealed class AccountApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<HttpClient> Client() { _ = app.Server; return await app.AdminAsync(); }

    private HttpClient Anonymous() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<string> FilingNumberOf(string body) => await app.WithAsync(async sp =>
        (await sp.GetRequiredService<AppDb>().Filings.Where(f => f.LegalEntity.Name == body).Select(f => f.Id).FirstAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<JsonElement> Problem(HttpResponseMessage res) => await res.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task The_admin_creates_a_body_user_who_must_change_the_one_time_password_before_anything_else()
    {
        var admin = await Client();
        var number = await FilingNumberOf("忻州市高级技工学校");
        var res = await admin.PostAsJsonAsync("/api/users", new { userName = "gaoji01", displayName = "高级技工学校 王老师", role = "BodyUser", phone = "0350-3031234", filings = new[] { number } });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var otp = (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;

        var user = Anonymous();
        (await user.PostAsJsonAsync("/api/auth/login", new { userName = "gaoji01", password = otp })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var blocked = await user.GetAsync("/api/filings?q=忻州");
        blocked.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await blocked.Content.ReadAsStringAsync()).ShouldContain("须先修改密码");

        // The policy applies to the new password: too short, then the one-time password itself (one of the last 5).
        var weak = await user.PostAsJsonAsync("/api/auth/password", new { currentPassword = otp, newPassword = "abc123" });
        weak.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Problem(weak)).GetProperty("errors").GetProperty("password")[0].GetString()!.ShouldContain("至少 10 位");
        var same = await user.PostAsJsonAsync("/api/auth/password", new { currentPassword = otp, newPassword = otp });
        (await Problem(same)).GetProperty("errors").GetProperty("password").EnumerateArray().Select(e => e.GetString()).ShouldContain(m => m!.Contains("最近 5 次"));
        var named = await user.PostAsJsonAsync("/api/auth/password", new { currentPassword = otp, newPassword = "GAOJI01" });
        (await Problem(named)).GetProperty("errors").GetProperty("password").EnumerateArray().Select(e => e.GetString()).ShouldContain(m => m!.Contains("用户名"));

        (await user.PostAsJsonAsync("/api/auth/password", new { currentPassword = otp, newPassword = "Gaoji#2026ok" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await user.GetAsync("/api/filings?q=忻州")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var me = await admin.GetFromJsonAsync<JsonElement>("/api/users/gaoji01");
        me.GetProperty("mustChangePassword").GetBoolean().ShouldBeFalse();
        me.GetProperty("filings")[0].GetProperty("name").GetString().ShouldBe("忻州市高级技工学校");
        me.GetProperty("filings")[0].GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(number);

        // Every step is in the audit log under its own name.
        var ops = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().AuditLog.Where(a => a.Operation != null).Select(a => a.Operation!).Distinct().ToListAsync());
        ops.ShouldContain("创建账号");
        ops.ShouldContain("修改本人密码");
        ops.ShouldContain("登录成功");
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_session_at_the_next_request_and_refuses_its_sign_in_until_enabled()
    {
        var admin = await Client();
        var res = await admin.PostAsJsonAsync("/api/users", new { userName = "wutai.officer", displayName = "五台县 工作人员", role = "Officer", region = "忻州市" });
        var otp = (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;
        var officer = Anonymous();
        await officer.PostAsJsonAsync("/api/auth/login", new { userName = "wutai.officer", password = otp });
        (await officer.PostAsJsonAsync("/api/auth/password", new { currentPassword = otp, newPassword = "Wutai#Officer1" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await officer.GetAsync("/api/roster")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.PostAsync("/api/users/wutai.officer/disable", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await officer.GetAsync("/api/roster")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var again = await Anonymous().PostAsJsonAsync("/api/auth/login", new { userName = "wutai.officer", password = "Wutai#Officer1" });
        again.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await again.Content.ReadAsStringAsync()).ShouldContain("已停用");

        (await admin.PostAsync("/api/users/wutai.officer/enable", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Anonymous().PostAsJsonAsync("/api/auth/login", new { userName = "wutai.officer", password = "Wutai#Officer1" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // Failed sign-ins are logged with the client address.
        var failures = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().AuditLog.Where(a => a.EntityType == "SignIn" && a.EntityKey == "wutai.officer" && a.Operation == "登录失败").ToListAsync());
        failures.ShouldNotBeEmpty();
        failures.ShouldAllBe(f => f.After!.Contains("已停用"));
    }

    [Fact]
    public async Task Bad_account_input_names_the_field_and_writes_nothing()
    {
        var admin = await Client();
        async Task<JsonElement> Refused(object body)
        {
            var before = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Users.CountAsync());
            var r = await admin.PostAsJsonAsync("/api/users", body);
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Users.CountAsync())).ShouldBe(before);
            return (await Problem(r)).GetProperty("errors");
        }
        (await Refused(new { userName = "officer", displayName = "重复", role = "Expert" })).GetProperty("userName")[0].GetString()!.ShouldContain("已被使用");
        (await Refused(new { userName = "ghost.body", displayName = "无备案", role = "BodyUser", filings = new[] { "S000014999999" } })).GetProperty("filings")[0].GetString()!.ShouldContain("S000014999999");
        (await Refused(new { userName = "county.officer", displayName = "县区", role = "Officer", region = "忻府区" })).GetProperty("region")[0].GetString()!.ShouldContain("区县");
        (await Refused(new { userName = "x1", displayName = "", role = "Boss" })).EnumerateObject().Select(p => p.Name).ShouldBe(["userName", "displayName", "role"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_last_active_admin_cannot_be_disabled_or_demoted()
    {
        var admin = await Client();
        var d = await admin.PostAsync("/api/users/admin/disable", null);
        d.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await d.Content.ReadAsStringAsync()).ShouldContain("最后一个启用的管理员");
        (await admin.PostAsJsonAsync("/api/users/admin/role", new { role = "Officer" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task One_password_reset_writes_one_audit_entry_and_a_second_reset_writes_another()
    {
        var admin = await Client();
        (await admin.PostAsJsonAsync("/api/users", new { userName = "audit.reset", displayName = "审计 重置", role = "Expert" })).EnsureSuccessStatusCode();
        var id = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Users.Where(u => u.UserName == "audit.reset").Select(u => u.Id).SingleAsync());
        Task<List<SkillsAudit.Data.AuditEntry>> Resets() => app.WithAsync(sp => sp.GetRequiredService<AppDb>().AuditLog
            .Where(a => a.Operation == "重置密码" && a.EntityType == "AppUser" && a.EntityKey == id).ToListAsync());

        (await admin.PostAsync("/api/users/audit.reset/reset-password", null)).EnsureSuccessStatusCode();
        var once = await Resets();
        once.Count.ShouldBe(1);
        once[0].After.ShouldNotBeNull().ShouldContain("\"MustChangePassword\":true"); // the entry ends at the account's last state

        (await admin.PostAsync("/api/users/audit.reset/reset-password", null)).EnsureSuccessStatusCode();
        (await Resets()).Count.ShouldBe(2); // a real second reset is its own entry
    }

    [Fact]
    public async Task An_audit_filter_from_after_to_is_refused_at_the_from_field_keeping_both_dates()
    {
        var admin = await Client();
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await admin.GetStringAsync("/Audit?actor=admin&from=2026-12-05&to=2026-12-01"));
        doc.QuerySelector("#from-error")!.TextContent.ShouldBe("起始日期不能晚于截止日期");
        doc.QuerySelector("#from")!.ClassList.ShouldContain("is-invalid");
        doc.QuerySelector("#from")!.GetAttribute("aria-describedby").ShouldBe("from-error");
        (doc.QuerySelector("#from")!.GetAttribute("value"), doc.QuerySelector("#to")!.GetAttribute("value"), doc.QuerySelector("#actor")!.GetAttribute("value"))
            .ShouldBe(("2026-12-05", "2026-12-01", "admin"));
        doc.QuerySelector("#count")!.TextContent.ShouldNotContain("共 0 条");

        var fine = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await admin.GetStringAsync("/Audit?from=2026-12-01&to=2026-12-01"));
        fine.QuerySelector("#from-error").ShouldBeNull();
        fine.QuerySelector("#count")!.TextContent.ShouldStartWith("共 ");
    }

    [Fact]
    public async Task Reset_password_role_and_binding_take_effect_and_a_provincial_officer_covers_the_whole_province()
    {
        var admin = await Client();
        var created = await (await admin.PostAsJsonAsync("/api/users", new { userName = "sx.officer", displayName = "省中心 工作人员", role = "Expert" })).Content.ReadFromJsonAsync<JsonElement>();
        (await admin.PostAsJsonAsync("/api/users/sx.officer/role", new { role = "Officer" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // no region yet
        (await admin.PostAsJsonAsync("/api/users/sx.officer/bind", new { region = "山西省" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.PostAsJsonAsync("/api/users/sx.officer/role", new { role = "Officer" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var reset = await (await admin.PostAsync("/api/users/sx.officer/reset-password", null)).Content.ReadFromJsonAsync<JsonElement>();
        var otp = reset.GetProperty("password").GetString()!;
        otp.ShouldNotBe(created.GetProperty("password").GetString());

        var officer = Anonymous();
        (await officer.PostAsJsonAsync("/api/auth/login", new { userName = "sx.officer", password = otp })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await officer.PostAsJsonAsync("/api/auth/password", new { currentPassword = otp, newPassword = "Shanxi#Prov2026" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/users/sx.officer");
        me.GetProperty("role").GetString().ShouldBe("Officer");
        me.GetProperty("regionName").GetString().ShouldBe("山西省");
        // A provincial officer's region covers every city of the province (阳泉, 忻州) and the 省属 filings.
        (await app.WithAsync(sp => SkillsAudit.Data.Features.Reviews.ReviewUser.LoadAsync(sp.GetRequiredService<AppDb>(), "sx.officer")))
            .CoversRegion("140300").ShouldBeTrue();
        Regions.Find("山西省")!.DescendantPrefix.ShouldBe("14");
    }
}

/// <summary>`skillsaudit users …` against the same store as the web app.</summary>
public sealed class AccountCliTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Every_users_command_works_and_refusals_exit_1_with_one_line()
    {
        _ = app.Server;
        var add = await app.CliAsync("users", "add", "cli.body", "--display-name", "命令行 机构用户", "--role", "BodyUser", "--filings", "忻州市高级技工学校");
        add.Exit.ShouldBe(0, add.Error);
        add.Out.ShouldContain("一次性密码");
        var list = await app.CliAsync("users", "list");
        list.Out.ShouldContain("cli.body");
        list.Out.ShouldContain("待改密");
        (await app.CliAsync("users", "disable", "cli.body")).Exit.ShouldBe(0);
        (await app.CliAsync("users", "list", "--json")).Out.ShouldContain("\"disabled\": true");
        (await app.CliAsync("users", "enable", "cli.body")).Exit.ShouldBe(0);
        (await app.CliAsync("users", "reset-password", "cli.body")).Out.ShouldContain("一次性密码");
        (await app.CliAsync("users", "bind", "cli.body", "--region", "忻州市")).Exit.ShouldBe(0);
        (await app.CliAsync("users", "set-role", "cli.body", "Officer")).Exit.ShouldBe(0);
        (await app.CliAsync("users", "list")).Out.ShouldContain("忻州市");

        var dup = await app.CliAsync("users", "add", "cli.body", "--display-name", "重复", "--role", "Expert");
        dup.Exit.ShouldBe(1);
        dup.Error.ShouldContain("已被使用");
        var lastAdmin = await app.CliAsync("users", "disable", "admin");
        lastAdmin.Exit.ShouldBe(1);
        lastAdmin.Error.ShouldContain("最后一个启用的管理员");
        // add-admin is for a new installation only: here there are demo accounts.
        var addAdmin = await SkillsAudit.Cli.SkillsAuditCli.RunAsync(["users", "add-admin", "root"], new SkillsAudit.Cli.CliContext
            { Out = new StringWriter(), Error = new StringWriter(), In = new StringReader("Root#Admin2026\nRoot#Admin2026\n"), ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory });
        addAdmin.ShouldBe(1);
    }
}

/// <summary>Demo:LoadOnEmpty left unset: the SQLite quick start gets the demo, PostgreSQL never does unless asked.</summary>
public sealed class DemoDefaultTests : IAsyncLifetime
{
    private readonly AppFactory _app = new() { LoadDemo = null };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PostgreSQL_gets_no_demo_accounts_unless_asked_and_SQLite_shows_the_demo_banner()
    {
        _ = _app.Server;
        var hasDemo = await _app.WithAsync(sp => SkillsAudit.Data.Demo.DemoAccounts.AnyAsync(sp.GetRequiredService<AppDb>()));
        hasDemo.ShouldBe(!AppFactory.UsePostgres);
        var home = WebUtility.HtmlDecode(await _app.CreateClient().GetStringAsync("/"));
        if (AppFactory.UsePostgres)
        {
            home.ShouldNotContain("演示数据，请勿用于生产");
            (await _app.WithAsync(sp => sp.GetRequiredService<AppDb>().Users.CountAsync())).ShouldBe(0);
            (await _app.WithAsync(sp => sp.GetRequiredService<AppDb>().Filings.CountAsync())).ShouldBe(0);
        }
        else
        {
            home.ShouldContain("演示数据，请勿用于生产");
        }
        SkillsAudit.Data.Demo.DemoData.ShouldLoad(null, "Host=db;Database=x").ShouldBeFalse();
        SkillsAudit.Data.Demo.DemoData.ShouldLoad(true, "Host=db;Database=x").ShouldBeTrue();
        SkillsAudit.Data.Demo.DemoData.ShouldLoad(null, "Data Source=x.db").ShouldBeTrue();
        SkillsAudit.Data.Demo.DemoData.ShouldLoad(false, "Data Source=x.db").ShouldBeFalse();
    }
}

/// <summary>A bureau's first install: no demo data, the first admin from the command line.</summary>
public sealed class FirstInstallTests : IAsyncLifetime
{
    private readonly AppFactory _app = new() { LoadDemo = false };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(int Exit, string Text)> AddAdmin(string name, string input)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await SkillsAudit.Cli.SkillsAuditCli.RunAsync(["users", "add-admin", name], new SkillsAudit.Cli.CliContext
            { Out = o, Error = e, In = new StringReader(input), ConnectionString = _app.ConnectionString, ContentRoot = AppContext.BaseDirectory });
        return (exit, o + e.ToString());
    }

    [Fact]
    public async Task On_an_empty_database_add_admin_creates_the_first_admin_with_a_policy_password_and_only_once()
    {
        _ = _app.Server;
        (await _app.WithAsync(sp => sp.GetRequiredService<AppDb>().Users.CountAsync())).ShouldBe(0);
        WebUtility.HtmlDecode(await _app.CreateClient().GetStringAsync("/")).ShouldNotContain("演示数据，请勿用于生产");

        var weak = await AddAdmin("root", "root12345\nroot12345\n");
        weak.Exit.ShouldBe(1);
        weak.Text.ShouldContain("至少 10 位");
        var mismatch = await AddAdmin("root", "Root#Admin2026\nRoot#Admin2027\n");
        mismatch.Exit.ShouldBe(1);
        mismatch.Text.ShouldContain("不一致");
        (await AddAdmin("root", "Root#Admin2026\nRoot#Admin2026\n")).Exit.ShouldBe(0);
        var admin = await _app.SignedInAsync("root", "Root#Admin2026");
        (await admin.GetAsync("/api/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = await AddAdmin("root2", "Root#Admin2027\nRoot#Admin2027\n");
        second.Exit.ShouldBe(1);
        second.Text.ShouldContain("已有管理员");
        (await _app.WithAsync(sp => sp.GetRequiredService<AppDb>().AuditLog.AnyAsync(a => a.Operation == "创建首个管理员"))).ShouldBeTrue();
    }
}
