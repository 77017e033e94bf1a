using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Registry;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>撤销证书: page, API and CLI revoke through one handler; the public lookup then says the certificate was revoked.</summary>
public sealed class CertificateRevocationTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static int _serial;

    /// <summary>A certificate of a new filing in <paramref name="region"/> (忻州市 is the demo officer's, 阳泉市 is not).</summary>
    private async Task<(string Number, string Name)> CertificateAsync(string region)
    {
        var n = Interlocked.Increment(ref _serial);
        var (filingId, filingNumber) = await app.FilingAsync(region, $"撤销测试机构{region}-{n}", FilingType.Employer, ["RV-1"]);
        var number = $"{filingNumber}255{n:D6}";
        var name = "持证人" + n;
        await app.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDb>();
            db.Certificates.Add(new CertificateRecord
            {
                FilingId = filingId, PersonName = name, IdCipher = "x", IdHash = $"revoke-test-{Guid.NewGuid():N}", IdMasked = "1409**********0001",
                OccupationCode = "RV-1", Level = 5, Number = number, Year = 2025, IssuedOn = new DateOnly(2025, 6, 1), ImportedBy = "test", ImportedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
            return 0;
        });
        return (number, name);
    }

    private static async Task<PageAnswer> Doc(HttpResponseMessage res) => new(WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync()),
        new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync()));

    private sealed record PageAnswer(string Text, AngleSharp.Html.Dom.IHtmlDocument Dom);

    private static async Task<HttpResponseMessage> PostRevokeAsync(HttpClient client, string number, string reason)
    {
        var url = $"/Certificates/Revoke?Number={number}";
        var token = await FormKit.TokenAsync(client, url);
        return await client.PostAsync(url, FormKit.Form(token, ("Number", number), ("Name", ""), ("Target", number), ("Reason", reason)));
    }

    [Fact]
    public async Task An_officer_revokes_a_certificate_of_their_region_and_the_public_lookup_says_it_was_revoked_on_that_day_without_the_reason()
    {
        var (number, name) = await CertificateAsync("140900");
        var anonymous = app.CreateClient();
        (await anonymous.PageAsync($"/Certificates/Lookup?Number={number}&Name={Uri.EscapeDataString(name)}")).ShouldContain("有效");

        var officer = await app.OfficerAsync();
        // found by the holder's name; the revoke button asks first, saying what the public will see and that it is final
        var found = new HtmlParser().ParseDocument(await officer.GetStringAsync($"/Certificates/Revoke?Name={Uri.EscapeDataString(name)}"));
        var button = found.QuerySelector($"tr[data-number='{number}'] form.revoke button")!;
        button.GetAttribute("data-confirm")!.ShouldContain("已撤销");
        button.GetAttribute("data-confirm-lock")!.ShouldContain("不能恢复");

        var res = await PostRevokeAsync(officer, number, "弄虚作假取得");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = (await Doc(res)).Text;
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        page.ShouldContain($"已撤销证书 {number}");
        page.ShouldContain("已于 " + today + " 撤销");

        var lookup = await anonymous.PageAsync($"/Certificates/Lookup?Number={number}&Name={Uri.EscapeDataString(name)}");
        lookup.ShouldContain($"该证书已于 {today} 撤销，不再有效");
        lookup.ShouldNotContain("弄虚作假取得"); // the reason stays with the staff
        var api = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/certificates/lookup?number={number}&name={Uri.EscapeDataString(name)}")).RootElement;
        api.GetProperty("revokedOn").GetString().ShouldBe(today);
        api.GetProperty("status").GetString().ShouldBe($"已于 {today} 撤销（证书无效）");
        api.ToString().ShouldNotContain("弄虚作假取得");

        // one audit entry with the reason and who revoked it
        var entry = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().AuditLog.AsNoTracking()
            .Where(a => a.EntityType == "CertificateRecord" && a.Action != "Added" && a.After!.Contains("弄虚作假取得")).ToListAsync());
        entry.Count.ShouldBe(1);
        entry[0].Actor.ShouldBe("officer");
    }

    [Fact]
    public async Task An_empty_reason_is_refused_at_the_field_with_the_search_kept_and_nothing_revoked()
    {
        var (number, _) = await CertificateAsync("140900");
        var officer = await app.OfficerAsync();
        var res = await PostRevokeAsync(officer, number, "   ");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var doc = await Doc(res);
        var row = doc.Dom.QuerySelector($"tr[data-number='{number}']")!;
        row.QuerySelector("input[name=Reason]")!.ClassList.ShouldContain("is-invalid");
        row.QuerySelector("#reason-error")!.TextContent.ShouldContain("请填写撤销原因");
        doc.Dom.QuerySelector("#f-Number")!.GetAttribute("value").ShouldBe(number);
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Certificates.AsNoTracking().SingleAsync(c => c.Number == number))).RevokedAt.ShouldBeNull();

        // a too-long reason is refused at the field too, the text typed kept
        var longReason = new string('因', CertificateHandlers.ReasonMaxLength + 1);
        var res2 = await PostRevokeAsync(officer, number, longReason);
        var row2 = (await Doc(res2)).Dom.QuerySelector($"tr[data-number='{number}']")!;
        row2.QuerySelector("input[name=Reason]")!.GetAttribute("value").ShouldBe(longReason);
        row2.QuerySelector("#reason-error")!.TextContent.ShouldContain("不能超过");

        // the API names the field
        var api = await officer.PostAsJsonAsync($"/api/certificates/{number}/revoke", new { reason = "" });
        api.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Another_regions_officer_is_refused_as_elsewhere_and_does_not_find_the_certificate()
    {
        var (number, name) = await CertificateAsync("140300"); // 阳泉市; the demo officer is 忻州市's
        var officer = await app.OfficerAsync();
        (await officer.PageAsync($"/Certificates/Revoke?Name={Uri.EscapeDataString(name)}")).ShouldContain("没有找到符合条件的证书");

        var res = await PostRevokeAsync(officer, number, "登记错误");
        res.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Doc(res)).Text.ShouldContain("不属于您负责的地区（忻州市），无权办理");
        var api = await officer.PostAsJsonAsync($"/api/certificates/{number}/revoke", new { reason = "登记错误" });
        api.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.Content.ReadAsStringAsync()).ShouldContain("不属于您负责的地区");
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Certificates.AsNoTracking().SingleAsync(c => c.Number == number))).RevokedAt.ShouldBeNull();

        // an admin may revoke it (API), and the answer names it without any record id
        var admin = await app.AdminAsync();
        var ok = await admin.PostAsJsonAsync($"/api/certificates/{number}/revoke", new { reason = "登记错误" });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("number").GetString().ShouldBe(number);
        body.GetProperty("revokeReason").GetString().ShouldBe("登记错误");
        body.TryGetProperty("id", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task A_second_revocation_is_refused_naming_the_first_on_the_page_the_api_and_the_cli()
    {
        var (number, _) = await CertificateAsync("140900");
        var officer = await app.OfficerAsync();
        (await officer.PostAsJsonAsync($"/api/certificates/{number}/revoke", new { reason = "登记错误" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");

        var again = await officer.PostAsJsonAsync($"/api/certificates/{number}/revoke", new { reason = "弄虚作假取得" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain($"已于 {today} 撤销（撤销原因：登记错误），不能再次撤销");

        // the page shows it revoked (no revoke form), and a resent form is refused the same way
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync($"/Certificates/Revoke?Number={number}"));
        page.QuerySelector($"tr[data-number='{number}'] form.revoke").ShouldBeNull();
        page.QuerySelector($"tr[data-number='{number}']")!.TextContent.ShouldContain("已撤销");
        var res = await PostRevokeAsync(officer, number, "弄虚作假取得");
        res.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Doc(res)).Text.ShouldContain("不能再次撤销");

        var cli = await app.CliAsync("certs", "revoke", "--number", number, "--reason", "弄虚作假取得", "--confirm");
        cli.Exit.ShouldBe(1);
        cli.Error.ShouldContain("不能再次撤销");
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Certificates.AsNoTracking().SingleAsync(c => c.Number == number))).RevokeReason.ShouldBe("登记错误");
    }

    [Fact]
    public async Task The_cli_revokes_only_with_confirm_and_the_lookup_then_reports_it_revoked()
    {
        var (number, name) = await CertificateAsync("140900");
        var asked = await app.CliAsync("certs", "revoke", "--number", number, "--reason", "登记错误");
        asked.Exit.ShouldBe(1);
        asked.Error.ShouldContain("确认请加 --confirm");
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Certificates.AsNoTracking().SingleAsync(c => c.Number == number))).RevokedAt.ShouldBeNull();

        var done = await app.CliAsync("certs", "revoke", "--number", number, "--reason", "登记错误", "--confirm");
        done.Exit.ShouldBe(0, done.Error);
        done.Out.ShouldContain($"已撤销证书 {number}");
        var lookup = await app.CliAsync("certs", "lookup", "--number", number, "--name", name);
        lookup.Out.ShouldContain("撤销（证书无效）");
    }
}

/// <summary>M0024 adds the revocation columns to a database holding certificates: they stay valid, and Down keeps them.</summary>
public sealed class CertificateRevocationMigrationTests
{
    [Fact]
    public async Task Certificates_registered_before_M0024_are_valid_after_it_and_survive_its_rollback()
    {
        var (cs, _, _) = AppFactory.NewDatabase();
        await using var db = AppFactory.OpenDb(cs);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261204000023_OccupationApplications");
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        // a certificate row as M0023 left it; its filing is not needed to test the columns, so foreign keys are off here
        await db.Database.ExecuteSqlRawAsync(AppFactory.UsePostgres ? "SET session_replication_role = replica" : "PRAGMA foreign_keys = OFF");
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Certificates" ("FilingId", "PersonName", "IdCipher", "IdHash", "IdMasked", "OccupationCode", "Level", "Number", "Year", "IssuedOn", "ImportedBy", "ImportedAt")
            VALUES (1, '张三', 'x', 'h', '1409**********0001', 'RV-1', 5, 'Y14091400000125500001', 2025, {0}, 'test', {1})
            """, new DateOnly(2025, 6, 1), new DateTime(2025, 6, 1, 2, 0, 0, DateTimeKind.Utc));

        await migrator.MigrateAsync("20261204000024_CertificateRevocation");
        var c = await db.Certificates.AsNoTracking().SingleAsync(x => x.Number == "Y14091400000125500001");
        c.RevokedAt.ShouldBeNull();
        c.RevokedBy.ShouldBeNull();
        c.RevokeReason.ShouldBeNull();
        c.PersonName.ShouldBe("张三");

        await migrator.MigrateAsync("20261204000023_OccupationApplications");
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM \"Certificates\"";
        Convert.ToInt32(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1);
        await migrator.MigrateAsync(); // and forward again to the latest
        (await db.Certificates.AsNoTracking().CountAsync()).ShouldBe(1);
    }
}
