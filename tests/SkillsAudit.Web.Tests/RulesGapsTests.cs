using System.Globalization;
using AngleSharp.Html.Parser;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using Xunit;
using static SkillsAudit.Web.Tests.FormKit;

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
        // The region's officers were asked to review it; once one of them decides, their "请审核" notices are done (read).
        async Task<List<bool>> ReviewNoticesRead() => await app.DbAsync(db => db.Set<SkillsAudit.Data.Features.Notifications.Notification>()
            .Where(n => n.Kind == "change-submitted" && n.Text == "变更后：忻州市新校区路1号。请审核。").Select(n => n.ReadAt != null).ToListAsync());
        (await ReviewNoticesRead()).ShouldNotBeEmpty();
        (await ReviewNoticesRead()).ShouldAllBe(read => !read);
        (await officer.PostAsJsonAsync($"/api/changes/{changeId}/reject", new { reason = "资质文件不清晰" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ReviewNoticesRead()).ShouldAllBe(read => read);
        (await app.DbAsync(db => db.Set<SkillsAudit.Data.Features.Notifications.Notification>()
            .CountAsync(n => n.Kind == "change-submitted" && n.Text == "变更后：别家新址。请审核。" && n.ReadAt == null))).ShouldBeGreaterThan(0); // another request's notice stays

        var mine = await body.GetFromJsonAsync<JsonElement>("/api/changes");
        var ids = mine.EnumerateArray().Select(r => r.GetProperty("filingId").GetInt32()).ToList();
        ids.ShouldNotBeEmpty();
        ids.ShouldAllBe(f => f == own);
        var row = mine.EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == changeId);
        row.GetProperty("stateName").GetString().ShouldBe("不予同意");
        row.GetProperty("decisionReason").GetString().ShouldBe("资质文件不清晰");

        var page = await body.PageAsync("/Body/Changes");
        page.ShouldContain("（《忻州市职业技能等级评价机构管理办法》第二十二条）"); // a Xinzhou body: its own rules, not 参照
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
        var officer = await app.AdminAsync() /* acts on another city than the demo officer's 忻州市 */;
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

    // ---- seed 003 第二十条: the retention page deletes nothing without the explicit confirmation

    [Fact]
    public async Task The_draw_form_refuses_a_count_that_is_not_a_number_naming_the_field_and_keeping_what_was_typed_and_draws_nothing()
    {
        _ = app.Server;
        var officer = await app.OfficerAsync();
        async Task<int> Draws() => await app.DbAsync(db => db.InspectionDraws.CountAsync());
        var before = await Draws();
        var token = await TokenAsync(officer, "/Rules/Inspections");

        var refused = await officer.PostAsync("/Rules/Inspections?handler=Draw", Form(token, ("Title", "页面抽查"), ("Bodies", "abc"), ("Inspectors", "2"), ("Region", "忻州市")));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        page.QuerySelector("#errors")!.TextContent.ShouldContain("机构数：“abc”不是有效的值");
        page.QuerySelector("#Bodies")!.GetAttribute("value").ShouldBe("abc");        // as typed, not the default 3
        page.QuerySelector("#Title")!.GetAttribute("value").ShouldBe("页面抽查");
        (await Draws()).ShouldBe(before);

        // A ratio out of range, in a risk-weighted draw: refused, named, nothing drawn.
        var ratio = await officer.PostAsync("/Rules/Inspections?handler=Draw", Form(token, ("Title", "页面抽查"), ("Inspectors", "2"), ("Region", "忻州市"),
            ("RiskWeighted", "true"), ("RatioHigh", "150"), ("RatioMedium", "20"), ("RatioLow", "5")));
        new HtmlParser().ParseDocument(await ratio.Content.ReadAsStringAsync()).QuerySelector("#errors")!.TextContent.ShouldContain("高风险抽查比例：应在 0 至 100 之间");
        (await Draws()).ShouldBe(before);

        // A region that is not the officer's: said at the field, the form kept, nothing drawn (not a 403 page in place of the form).
        var other = await officer.PostAsync("/Rules/Inspections?handler=Draw", Form(token, ("Title", "跨区抽查"), ("Bodies", "2"), ("Inspectors", "1"), ("Region", "淮南市")));
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var otherPage = new HtmlParser().ParseDocument(await other.Content.ReadAsStringAsync());
        otherPage.QuerySelector("#errors")!.TextContent.ShouldContain("淮南市不属于您负责的地区");
        otherPage.QuerySelector("#Title")!.GetAttribute("value").ShouldBe("跨区抽查");
        (await Draws()).ShouldBe(before);

        // Drawn: post, redirect, get, with what was done said on the page.
        var drawn = await officer.PostAsync("/Rules/Inspections?handler=Draw", Form(token, ("Title", "页面抽查"), ("Bodies", "2"), ("Inspectors", "2"), ("Region", "忻州市")));
        drawn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var list = new HtmlParser().ParseDocument(await officer.GetStringAsync(drawn.Headers.Location!.OriginalString));
        list.QuerySelector("#message")!.TextContent.ShouldContain("已抽取“页面抽查”：2 个机构");
        (await Draws()).ShouldBe(before + 1);
        var card = list.QuerySelectorAll("[data-id]").First(c => c.TextContent.Contains("页面抽查", StringComparison.Ordinal));
        // Publishing asks first, and says how many bodies have no finding yet.
        card.QuerySelector("button.publish")!.GetAttribute("data-confirm")!.ShouldContain("尚有 2 个机构未记录检查结果");
        // Bodies are named (with their 备案号 when they have one), never by the stand-in key of a filing without a number.
        card.QuerySelector("tbody")!.TextContent.ShouldNotMatch(@"F\d{6}");

        // A finding carries the day it was recorded (China time).
        var id = card.GetAttribute("data-id")!;
        var body = card.QuerySelector("input[name=body]")!.GetAttribute("value")!;
        // An empty finding is refused at its own row's field, not in the page's top bar.
        var empty = new HtmlParser().ParseDocument(await (await officer.PostAsync($"/Rules/Inspections?handler=Finding&id={id}", Form(token, ("body", body), ("finding", " ")))).Content.ReadAsStringAsync());
        empty.QuerySelector("#errors").ShouldBeNull();
        var row = empty.QuerySelector($"[data-id='{id}'] input[name=body][value='{body}']")!.ParentElement!;
        row.QuerySelector("input[name=finding]")!.ClassList.ShouldContain("is-invalid");
        row.QuerySelector("#finding-error")!.TextContent.ShouldStartWith("未记录：");
        var recorded = await officer.PostAsync($"/Rules/Inspections?handler=Finding&id={id}", Form(token, ("body", body), ("finding", "现场检查合格")));
        recorded.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await officer.GetStringAsync("/Rules/Inspections");
        var day = (await app.WithAsync(sp => Task.FromResult(sp.GetRequiredService<TimeProvider>().GetUtcNow()))).ChinaDate().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        WebUtility.HtmlDecode(after).ShouldContain($"{day} 现场检查合格");
    }

    [Fact]
    public async Task The_retention_page_lists_expired_records_with_origin_and_purges_only_after_the_explicit_confirmation()
    {
        _ = app.Server;
        var (filing, _) = await app.FilingAsync("140400", "长治保管机构", FilingType.Employer, ["CZ-1"]);
        var requestId = await app.WithAsync(sp => sp.GetRequiredService<ChangeHandlers>().SubmitAsync(filing, Domain.Rules.ChangeKind.Address, "长治新址", "搬迁",
            [new(Domain.Rules.AttachmentKind.ChangeBasis, "依据.pdf", RulesKit.Pdf), new(Domain.Rules.AttachmentKind.NewQualification, "资质.pdf", RulesKit.Pdf)]));
        await app.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDb>();
            foreach (var a in await db.ChangeAttachments.Where(a => a.ChangeRequestId == requestId).ToListAsync()) a.KeepUntil = new DateOnly(2020, 1, 1);
            return await db.SaveChangesAsync();
        });
        Task<int> Left() => app.WithAsync(sp => sp.GetRequiredService<AppDb>().ChangeAttachments.CountAsync(a => a.ChangeRequestId == requestId));

        var admin = await app.AdminAsync();
        var page = await admin.PageAsync("/Rules/Retention");
        // Where the file came from, by the body's name and the request's kind and day: no record ids.
        page.ShouldContain("长治保管机构");
        page.ShouldMatch(@"地址变更申请（\d{4}-\d{2}-\d{2}提交）的变更依据");
        page.ShouldNotContain($"#{requestId}");
        page.ShouldContain("2020-01-01");
        page.ShouldContain("变更申请附件（电子）");
        var expected = await app.WithAsync(sp => sp.GetRequiredService<RetentionHandlers>().ListAsync()).ContinueWith(t => t.Result.Count);


        // Purge without ticking the confirmation: nothing deleted.
        var token = await TokenAsync(admin, "/Rules/Retention");
        var unconfirmed = WebUtility.HtmlDecode(await (await admin.PostAsync("/Rules/Retention?handler=Purge", Form(token, ("expected", expected.ToString(CultureInfo.InvariantCulture))))).Content.ReadAsStringAsync());
        unconfirmed.ShouldContain("未勾选确认，未删除任何资料");
        (await Left()).ShouldBe(2);
        // Step 1 only shows the confirmation panel.
        var prepared = await (await admin.PostAsync("/Rules/Retention?handler=Prepare", Form(token))).Content.ReadAsStringAsync();
        prepared.ShouldContain("confirm-panel");
        (await Left()).ShouldBe(2);
        // The API without confirm=true lists and deletes nothing either.
        var api = await (await admin.PostAsync("/api/retention/purge", null)).Content.ReadFromJsonAsync<JsonElement>();
        api.GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        (await Left()).ShouldBe(2);
        // Officers cannot reach it.
        var officer = await app.OfficerAsync();
        (await officer.GetAsync("/Rules/Retention")).StatusCode.ShouldNotBe(HttpStatusCode.OK);

        var done = WebUtility.HtmlDecode(await (await admin.PostAsync("/Rules/Retention?handler=Purge",
            Form(token, ("confirm", "true"), ("expected", expected.ToString(CultureInfo.InvariantCulture))))).Content.ReadAsStringAsync());
        done.ShouldContain($"已清理 {expected} 项");
        (await Left()).ShouldBe(0);
        done.ShouldContain("保管期满（《忻州市职业技能等级评价机构管理办法》第二十条");
    }

    // ---- seed 003 第十九条、第二十条: the roster import page refuses a bad roster whole; the cross-check page

    [Fact]
    public async Task The_roster_import_page_shows_the_error_report_and_writes_nothing_and_the_crosscheck_page_lists_the_difference()
    {
        _ = app.Server;
        var (id, number) = await app.FilingAsync("140300", "阳泉证书机构", FilingType.Employer, ["YQ-1"]);
        await app.AssessedAsync(id, 2025, "YQ-1", 5, certifiedL5: 3);
        var officer = await app.AdminAsync() /* acts on another city than the demo officer's 忻州市 */;
        Task<int> Count() => app.WithAsync(sp => sp.GetRequiredService<AppDb>().Certificates.CountAsync(c => c.FilingId == id));
        // the form's 备案号, as an officer types it
        async Task<string> Upload(string csv, bool generate = false, string? filing = null)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(await TokenAsync(officer, "/Certificates/Import")), "__RequestVerificationToken" },
                { new StringContent(filing ?? number), "Filing" }, { new StringContent("2025"), "Year" },
                { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "roster.csv" },
            };
            if (generate) form.Add(new StringContent("true"), "GenerateNumbers");
            var res = await officer.PostAsync("/Certificates/Import", form);
            res.StatusCode.ShouldBe(HttpStatusCode.OK);
            return WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync());
        }
        const string header = "姓名,身份证号码,职业,等级,证书编号,发证日期\n";
        (await Upload(header, filing: "S999999999999")).ShouldContain("没有备案“S999999999999”");
        var bad = await Upload(header + $"甲,{RulesKit.Id(101)},YQ-1,5,{number}255000001,2025-05-01\n乙,{RulesKit.Id(102)},NOT-IN-SCOPE,5,{number}255000002,2025-05-01\n");
        bad.ShouldContain("名册未写入任何记录");
        bad.ShouldContain("第3行");
        bad.ShouldContain("不在该备案的职业范围内");
        (await Count()).ShouldBe(0);

        var good = await Upload(header + $"甲,{RulesKit.Id(101)},YQ-1,5,,2025-05-01\n乙,{RulesKit.Id(102)},YQ-1,5,,2025-05-01\n", generate: true);
        good.ShouldContain("已导入 2 条");
        (await Count()).ShouldBe(2);

        var check = await officer.PageAsync($"/Certificates/CrossCheck?Year=2025&FilingId={id}");
        check.ShouldContain("阳泉证书机构");
        check.ShouldContain("名册比统计少 1 人");
        check.ShouldContain($"value=\"{number}\""); // the link's filing shown by its 备案号 in the form
        // an officer types the 备案号 (no internal id in the form)
        var typed = await officer.PageAsync($"/Certificates/CrossCheck?Year=2025&Filing={number}");
        typed.ShouldContain("名册比统计少 1 人");
        typed.ShouldNotContain("备案 ID");
        (await officer.PageAsync("/Certificates/CrossCheck?Year=2025&Filing=S999999999999")).ShouldContain("没有备案“S999999999999”");
        // or the body's name, for the many filings without a 备案号
        (await officer.PageAsync("/Certificates/CrossCheck?Year=2025&Filing=" + Uri.EscapeDataString("阳泉证书机构"))).ShouldContain("名册比统计少 1 人");
        // another region's filing, for 忻州市's officer: said above the form, which keeps the number, by name and number (no id)
        var refused = await (await app.OfficerAsync()).GetAsync($"/Certificates/CrossCheck?Year=2025&Filing={number}");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var xinzhou = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        xinzhou.ShouldContain($"阳泉证书机构（备案号 {number}）的备案不属于您负责的地区（忻州市），无权办理");
        xinzhou.ShouldContain($"value=\"{number}\"");
        (await app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync("/Certificates/Import")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_body_change_page_submits_for_its_own_filing_with_attachments_and_answers_404_for_another_filing()
    {
        _ = app.Server;
        var own = await BodyFilingAsync();
        var (other, _) = await app.FilingAsync("140900", "忻州页面别家", FilingType.Employer, ["XZ-PAGE"]);
        var body = await app.SignedInAsync("body", "Body#2026");
        async Task<HttpResponseMessage> Post(int filingId)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(await TokenAsync(body, "/Body/Changes")), "__RequestVerificationToken" },
                { new StringContent(filingId.ToString(CultureInfo.InvariantCulture)), "FilingId" }, { new StringContent("Name"), "Kind" },
                { new StringContent("忻州市页面提交新址"), "Value" }, { new StringContent("页面提交"), "Reason" },
            };
            foreach (var k in new[] { "ChangeBasis", "NewQualification" })
            {
                var file = new ByteArrayContent(RulesKit.Pdf);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                form.Add(file, k, k + ".pdf");
            }
            return await body.PostAsync("/Body/Changes", form);
        }
        (await Post(other)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().ChangeRequests.CountAsync(c => c.FilingId == other))).ShouldBe(0);
        // (a 名称 change: the class's other test files an 地址 change of the same filing, and one of a kind may be pending)
        var ok = await Post(own);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect); // post, redirect, get
        var html = await body.PageAsync(ok.Headers.Location!.OriginalString);
        html.ShouldContain("已提交变更申请");
        html.ShouldContain("忻州市页面提交新址");
        (await app.WithAsync(sp => sp.GetRequiredService<AppDb>().ChangeRequests.Include(c => c.Attachments)
            .SingleAsync(c => c.FilingId == own && c.RequestedValue == "忻州市页面提交新址"))).Attachments.Count.ShouldBe(2);
    }
}
