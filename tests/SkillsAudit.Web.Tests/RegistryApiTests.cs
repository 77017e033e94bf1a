using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using Xunit;

namespace SkillsAudit.Web.Tests;

public sealed class RegistryApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<JsonElement> Json(HttpResponseMessage res) => JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Xinzhou_region_returns_its_48_bodies_including_those_filed_in_its_counties()
    {
        var res = await app.CreateClient().GetAsync("/api/filings?region=忻州市");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await Json(res);
        body.GetProperty("total").GetInt32().ShouldBe(48);
        body.GetProperty("items").GetArrayLength().ShouldBe(48);
        var supervision = body.GetProperty("items").EnumerateArray().GroupBy(i => i.GetProperty("supervision").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        supervision["Province"].ShouldBe(21); // seed 002 附件1 一
        supervision["City"].ShouldBe(27);     // seed 002 附件1 二
        var notConducting = body.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("status").GetString() == "NotConducting");
        notConducting.ShouldBe(23); // seed 000 二(二)
    }

    [Fact]
    public async Task The_21_Yangquan_filings_belong_to_16_legal_entities()
    {
        var body = await Json(await app.CreateClient().GetAsync("/api/filings?region=阳泉市&pageSize=100"));
        var items = body.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(21);
        items.Select(i => i.GetProperty("entityId").GetInt32()).Distinct().Count().ShouldBe(16);
        items.ShouldNotContain(i => i.GetProperty("entityName").GetString()!.EndsWith("院校"));
    }

    [Fact]
    public async Task A_name_spelled_two_ways_is_one_entity_found_by_either_spelling()
    {
        var a = await Json(await app.CreateClient().GetAsync("/api/filings?q=太原聚汇科技有限公司"));
        var b = await Json(await app.CreateClient().GetAsync("/api/filings?q=太原聚汇学科技有限公司"));
        a.GetProperty("total").GetInt32().ShouldBe(1);
        b.GetProperty("items")[0].GetProperty("entityId").GetInt32().ShouldBe(a.GetProperty("items")[0].GetProperty("entityId").GetInt32());
    }

    [Fact]
    public async Task Huainan_filings_keep_their_numbers_and_periods()
    {
        var body = await Json(await app.CreateClient().GetAsync("/api/filings?q=Y000034040002"));
        var f = body.GetProperty("items")[0];
        f.GetProperty("entityName").GetString().ShouldBe("中煤新集能源股份有限公司");
        f.GetProperty("filedOn").GetString().ShouldBe("2020-04");
        f.GetProperty("periodEnd").GetString().ShouldBe("2023-03");
    }

    [Fact]
    public async Task Filters_type_supervision_and_sorting_work_together()
    {
        var body = await Json(await app.CreateClient().GetAsync("/api/filings?region=阳泉市&type=Employer&sort=-name"));
        var names = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("entityName").GetString()!).ToList();
        names.Count.ShouldBe(4); // seed 001 附件1 自主评价企业 4家
        names.ShouldBe(names.OrderByDescending(n => n, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task An_unknown_filter_value_is_a_400_naming_the_field()
    {
        var res = await app.CreateClient().GetAsync("/api/filings?region=火星市");
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(res)).GetProperty("errors").TryGetProperty("region", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Writes_need_the_officer_role()
    {
        var anonymous = await app.CreateClient().PostAsJsonAsync("/api/filings", new { entityName = "x", region = "忻州市" });
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var expert = await app.SignedInAsync("expert", "Expert#2026");
        (await expert.PostAsJsonAsync("/api/filings", new { entityName = "x", region = "忻州市" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Creating_with_bad_fields_is_a_400_naming_each_field_and_writes_nothing()
    {
        var officer = await app.OfficerAsync();
        var before = await Json(await officer.GetAsync("/api/filings?pageSize=1"));
        var res = await officer.PostAsJsonAsync("/api/filings", new { entityName = "新机构", region = "忻州市", filingNumber = "Y123", creditCode = "91350100M000100Y44" });
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await Json(res)).GetProperty("errors");
        errors.TryGetProperty("filingNumber", out _).ShouldBeTrue();
        errors.TryGetProperty("creditCode", out var credit).ShouldBeTrue();
        credit[0].GetString()!.ShouldContain("校验位");
        var after = await Json(await officer.GetAsync("/api/filings?pageSize=1"));
        after.GetProperty("total").GetInt32().ShouldBe(before.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_duplicate_filing_number_is_refused()
    {
        var officer = await app.AdminAsync() /* acts on another city than the demo officer's 忻州市 */;
        var res = await officer.PostAsJsonAsync("/api/filings", new { entityName = "另一机构", region = "淮南市", filingNumber = "Y000034040002", type = "Employer" });
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(res)).GetProperty("errors").GetProperty("filingNumber")[0].GetString()!.ShouldContain("中煤新集");
    }

    [Fact]
    public async Task Editing_an_address_shows_in_the_history_and_the_audit_log()
    {
        var officer = await app.OfficerAsync();
        var list = await Json(await officer.GetAsync("/api/filings?q=忻州市高级技工学校"));
        var id = list.GetProperty("items")[0].GetProperty("id").GetInt32();
        var detail = await Json(await officer.GetAsync($"/api/filings/{id}"));
        var version = detail.GetProperty("version").GetInt32();
        var req = new HttpRequestMessage(HttpMethod.Put, $"/api/filings/{id}")
        {
            Content = JsonContent.Create(new { entityName = "忻州市高级技工学校", region = "忻州市", supervision = "City", status = "Active", address = "忻州市七一北路" }),
        };
        req.Headers.TryAddWithoutValidation("If-Match", version.ToString());
        var res = await officer.SendAsync(req);
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        var updated = await Json(res);
        updated.GetProperty("address").GetString().ShouldBe("忻州市七一北路");
        var change = updated.GetProperty("history").EnumerateArray().First(h => h.GetProperty("field").GetString() == "地址");
        change.GetProperty("actor").GetString().ShouldBe("officer");
        change.GetProperty("after").GetString().ShouldBe("忻州市七一北路");

        // The same stale version again is a conflict, and nothing changes.
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/filings/{id}")
        {
            Content = JsonContent.Create(new { entityName = "忻州市高级技工学校", region = "忻州市", address = "别处" }),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", version.ToString());
        (await officer.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var admin = await app.AdminAsync();
        var audit = await Json(await admin.GetAsync("/api/audit?entityType=LegalEntity&actor=officer"));
        audit.GetProperty("items").EnumerateArray().ShouldContain(a => a.GetProperty("after").GetString()!.Contains("忻州市七一北路"));
        (await officer.GetAsync("/api/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Public_readers_do_not_see_who_edited()
    {
        var id = (await Json(await app.CreateClient().GetAsync("/api/filings?q=中煤新集"))).GetProperty("items")[0].GetProperty("id").GetInt32();
        var detail = await Json(await app.CreateClient().GetAsync($"/api/filings/{id}"));
        detail.GetProperty("history").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Health_and_openapi_answer()
    {
        var client = app.CreateClient();
        (await client.GetStringAsync("/health")).ShouldBe("Healthy");
        (await client.GetStringAsync("/openapi/v1.json")).ShouldContain("/api/filings");
    }

    [Fact]
    public async Task Every_write_is_in_the_audit_log_in_the_same_transaction()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var filings = await db.Filings.CountAsync();
        (await db.AuditLog.CountAsync(a => a.EntityType == "Filing" && a.Action == "Added")).ShouldBeGreaterThanOrEqualTo(filings);
    }
}
