using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Seed 000 二 splits the bodies 省属 / 市属 and names them: a filing without either would be counted in the notice's
/// totals and named in neither list. The draft says which bodies, and the notice is not issued until their filings say.
/// (A fixture of its own: the filing added here would change the figures the other notice tests compare with seed 000.)
/// </summary>
public sealed class NoticeSupervisionTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_body_filed_without_province_or_city_supervision_keeps_the_notice_from_adding_up_wrong()
    {
        var officer = await app.OfficerAsync();
        var created = await officer.PostAsJsonAsync("/api/filings", new { entityName = "监管未填评价中心", region = "忻州市" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var campaign = await app.DbAsync(db => db.Set<Campaign>().Where(c => c.Year == 2023).Select(c => c.Id).SingleAsync());
        var res = await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市", campaignId = campaign, datedOn = "2024-01-25", documentNumber = "忻人社函〔2024〕5号" });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var notice = await res.Content.ReadFromJsonAsync<JsonElement>();
        var missing = notice.GetProperty("missing").EnumerateArray().Select(m => m.GetString()!).ToList();
        missing.ShouldContain(m => m.Contains("1个机构的备案未登记监管层级（省属或市属）", StringComparison.Ordinal) && m.Contains("监管未填评价中心", StringComparison.Ordinal));
        var issue = await officer.PostAsJsonAsync($"/api/notices/{notice.GetProperty("id").GetInt32()}/issue", new { publicFrom = "2024-01-25", publicTo = "2024-02-01", confirm = true });
        issue.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await issue.Content.ReadAsStringAsync()).ShouldContain("监管未填评价中心");
    }

    [Fact]
    public async Task Publishing_without_the_confirmation_lists_every_other_problem_of_the_form_too_and_saves_nothing()
    {
        var officer = await app.OfficerAsync();
        var res = await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市", datedOn = "2024-01-25", documentNumber = "忻人社函〔2024〕6号" });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var notice = await res.Content.ReadFromJsonAsync<JsonElement>();
        var (id, version) = (notice.GetProperty("id").GetInt32(), notice.GetProperty("version").GetInt32());
        var url = $"/Publication/Notice/{id}";
        var token = await FormKit.TokenAsync(officer, url);
        var page = await officer.PostAsync(url + "?handler=Issue", FormKit.Form(token, ("Title", "关于公布评价机构考核结果的通知"), ("Template", "正文"),
            ("DocumentNumber", "忻人社函〔2024〕7号"), ("DatedOn", "2024-01-25"), ("PublicFrom", "2026-12-10"), ("PublicTo", "2026-12-05"), ("Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var refused = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
        refused.QuerySelector("#publicTo-error")!.TextContent.ShouldContain("公示期结束 2026-12-05 早于开始 2026-12-10");
        refused.QuerySelector("#confirm-error")!.TextContent.ShouldContain("请勾选确认后再发布");
        var stored = await officer.GetFromJsonAsync<JsonElement>($"/api/notices/{id}");
        stored.GetProperty("version").GetInt32().ShouldBe(version);
        stored.GetProperty("state").GetString().ShouldBe("Draft");
    }
}
