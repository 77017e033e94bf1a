using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Registry;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>Seed 003 gaps: body-submitted changes, the public inspection results, the retention page, the certificate pages.</summary>
public sealed class RulesGapsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static MultipartFormDataContent ChangeForm(int filingId, string kind, string value, string? reason, params string[] attachmentKinds)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(filingId.ToString(CultureInfo.InvariantCulture)), "filingId" }, { new StringContent(kind), "kind" }, { new StringContent(value), "value" },
        };
        if (reason is not null) form.Add(new StringContent(reason), "reason");
        foreach (var k in attachmentKinds)
        {
            var file = new ByteArrayContent(RulesKit.Pdf);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, k, k + ".pdf");
        }
        return form;
    }

    private Task<int> BodyFilingAsync() => app.WithAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDb>();
        var uid = await db.Users.Where(u => u.UserName == "body").Select(u => u.Id).SingleAsync();
        return await db.UserFilings.Where(f => f.UserId == uid).Select(f => f.FilingId).FirstAsync();
    });

    // ---- seed 003 第二十二条: a body applies for a change of its own filing; officers decide

    [Fact]
    public async Task A_body_user_submits_changes_for_its_own_filing_only_and_sees_its_own_requests_and_outcomes()
    {
        _ = app.Server;
        var own = await BodyFilingAsync();
        var (other, _) = await app.FilingAsync("140900", "忻州别家机构", FilingType.Employer, ["XZ-OTHER"]);
        var body = await app.SignedInAsync("body", "Body#2026");
        var officer = await app.OfficerAsync();

        // Another body's filing: 404, nothing written.
        var foreign = await body.PostAsync("/api/changes", ChangeForm(other, "Address", "别处", "搬迁", "ChangeBasis", "NewQualification"));
        foreign.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().ChangeRequests.CountAsync(c => c.FilingId == other))).ShouldBe(0);

        // Missing material is named (第二十二条), nothing written.
        var missing = await body.PostAsync("/api/changes", ChangeForm(own, "Address", "忻州市新校区", "搬迁", "ChangeBasis"));
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("相关资质");

        var created = await body.PostAsync("/api/changes", ChangeForm(own, "Address", "忻州市新校区路1号", "搬迁新校区", "ChangeBasis", "NewQualification"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var changeId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        // An officer's request for another filing, which the body must not see.
        (await officer.PostAsync("/api/changes", ChangeForm(other, "Address", "别家新址", "搬迁", "ChangeBasis", "NewQualification"))).StatusCode.ShouldBe(HttpStatusCode.Created);

        // The body cannot decide (staff only).
        (await body.PostAsJsonAsync($"/api/changes/{changeId}/approve", new { note = "自批" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await officer.PostAsJsonAsync($"/api/changes/{changeId}/reject", new { reason = "资质文件不清晰" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var mine = await body.GetFromJsonAsync<JsonElement>("/api/changes");
        var ids = mine.EnumerateArray().Select(r => r.GetProperty("filingId").GetInt32()).ToList();
        ids.ShouldNotBeEmpty();
        ids.ShouldAllBe(f => f == own);
        var row = mine.EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == changeId);
        row.GetProperty("stateName").GetString().ShouldBe("不予同意");
        row.GetProperty("decisionReason").GetString().ShouldBe("资质文件不清晰");

        var page = await body.PageAsync("/Body/Changes");
        page.ShouldContain("忻州市新校区路1号");
        page.ShouldContain("资质文件不清晰");
        page.ShouldNotContain("别家新址");
        // The staff pages stay closed to the body.
        (await body.GetAsync("/Rules/Changes")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    // ---- seed 003 第二十九条 一公开: the public page

    [Fact]
    public async Task Anonymous_visitors_see_published_draws_with_findings_but_not_unpublished_ones_and_inspector_names_are_withheld_by_default()
    {
        _ = app.Server;
        await app.FilingAsync("141000", "临汾抽查甲", FilingType.Employer, ["LF-1"]);
        await app.FilingAsync("141000", "临汾抽查乙", FilingType.Employer, ["LF-1"]);
        var officer = await app.OfficerAsync();
        async Task<JsonElement> Draw(string title, bool names)
        {
            var res = await officer.PostAsJsonAsync("/api/inspections/draw", new { title, bodies = 2, inspectorsPerBody = 1, region = "临汾市", seed = title, publishInspectorNames = names });
            res.StatusCode.ShouldBe(HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
            return await res.Content.ReadFromJsonAsync<JsonElement>();
        }
        var published = await Draw("临汾公开抽查", names: false);
        var hidden = await Draw("临汾内部抽查", names: false);
        var named = await Draw("临汾公开姓名抽查", names: true);
        var pid = published.GetProperty("id").GetInt32();
        var firstBody = published.GetProperty("assignments")[0].GetProperty("bodyKey").GetString()!;
        var inspectorName = published.GetProperty("assignments")[0].GetProperty("inspectorNames")[0].GetString()!;
        (await officer.PostAsJsonAsync($"/api/inspections/{pid}/findings", new { body = firstBody, finding = "考评人员持证上岗，档案齐全，未发现问题" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await officer.PostAsync($"/api/inspections/{pid}/publish", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await officer.PostAsync($"/api/inspections/{named.GetProperty("id").GetInt32()}/publish", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var anonymous = app.CreateClient();
        var page = await anonymous.PageAsync("/Public/Inspections");
        page.ShouldContain("临汾公开抽查");
        page.ShouldContain("考评人员持证上岗，档案齐全，未发现问题");
        page.ShouldContain("临汾公开抽查"); // seed = title
        page.ShouldNotContain("临汾内部抽查");
        page.ShouldContain("不公开");
        var start = page.IndexOf("临汾公开抽查</h2>", StringComparison.Ordinal);
        var publishedCard = page[start..page.IndexOf("</table>", start, StringComparison.Ordinal)];
        publishedCard.ShouldNotContain(inspectorName);

        // The verify link re-runs the draw from its seed.
        var verified = await anonymous.PageAsync($"/Public/Inspections?verify={pid}");
        verified.ShouldContain("一致：以种子“临汾公开抽查”");
        // The unpublished draw is not reachable anonymously, and the API withholds the inspectors too.
        (await anonymous.GetAsync($"/api/inspections/{hidden.GetProperty("id").GetInt32()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var api = await anonymous.GetFromJsonAsync<JsonElement>($"/api/inspections/{pid}");
        api.GetProperty("assignments")[0].GetProperty("inspectorNames").GetArrayLength().ShouldBe(0);
        var namedApi = await anonymous.GetFromJsonAsync<JsonElement>($"/api/inspections/{named.GetProperty("id").GetInt32()}");
        namedApi.GetProperty("assignments")[0].GetProperty("inspectorNames").GetArrayLength().ShouldBe(1);
        (await anonymous.GetStringAsync($"/api/inspections/{pid}/verify")).ShouldContain("检查人员不公开");
    }
}
