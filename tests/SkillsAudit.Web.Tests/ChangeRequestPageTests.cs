using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Registry;
using Xunit;
using static SkillsAudit.Web.Tests.FormKit;

namespace SkillsAudit.Web.Tests;

/// <summary>The change-request pages: the body's submission form (/Body/Changes) and the officers' decisions (/Rules/Changes).</summary>
public sealed class ChangeRequestPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<int> BodyFilingAsync() => app.WithAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDb>();
        var uid = await db.Users.Where(u => u.UserName == "body").Select(u => u.Id).SingleAsync();
        return await db.UserFilings.Where(f => f.UserId == uid).Select(f => f.FilingId).FirstAsync();
    });

    private static MultipartFormDataContent Form(string token, IEnumerable<(string Field, string Value)> fields, params (string Field, string FileName, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
        foreach (var (field, name, content) in files)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, field, name);
        }
        return form;
    }

    private Task<int> RequestsAsync(int filingId) => app.DbAsync(db => db.ChangeRequests.CountAsync(c => c.FilingId == filingId));

    private static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage res) => new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());

    [Fact]
    public async Task A_refused_change_application_says_every_problem_at_once_next_to_its_field_and_keeps_what_was_typed()
    {
        _ = app.Server;
        var own = await BodyFilingAsync();
        var body = await app.SignedInAsync("body", "Body#2026");
        var token = await TokenAsync(body, "/Body/Changes");
        var before = await RequestsAsync(own);
        var filingId = own.ToString(CultureInfo.InvariantCulture);

        // An empty 法人变更: the value, the reason and each required attachment are named together, each next to its field.
        var empty = await body.PostAsync("/Body/Changes", Form(token, [("FilingId", filingId), ("Kind", "LegalPerson"), ("Value", ""), ("Reason", "")]));
        empty.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await ParseAsync(empty);
        var errors = page.QuerySelector("#errors")!.TextContent;
        errors.ShouldContain("请填写变更后的内容");
        errors.ShouldContain("法人变更须写明变更原因");
        errors.ShouldContain("书面申请材料");
        errors.ShouldContain("变更后法人身份证复印件");
        page.QuerySelector("#e-Value")!.TextContent.ShouldContain("请填写变更后的内容");
        page.QuerySelector("#e-Reason")!.TextContent.ShouldContain("写明变更原因");
        page.QuerySelector("#e-WrittenApplication")!.TextContent.ShouldContain("书面申请材料");
        page.QuerySelector("#e-NewLegalPersonId")!.TextContent.ShouldContain("变更后法人身份证复印件");
        page.QuerySelector("#f-Kind option[selected]")!.GetAttribute("value").ShouldBe("LegalPerson");
        (await RequestsAsync(own)).ShouldBe(before);

        // A typed value and reason, a .txt file and a missing attachment: both attachment problems said, the typed text kept,
        // and the form asks for the files again (a browser cannot keep them).
        var txt = await body.PostAsync("/Body/Changes", Form(token, [("FilingId", filingId), ("Kind", "Address"), ("Value", "忻州市新址路8号"), ("Reason", "搬迁新校区")],
            ("ChangeBasis", "依据.txt", Encoding.UTF8.GetBytes("不是PDF"))));
        txt.StatusCode.ShouldBe(HttpStatusCode.OK);
        page = await ParseAsync(txt);
        page.QuerySelector("#f-Value")!.GetAttribute("value").ShouldBe("忻州市新址路8号");
        page.QuerySelector("#f-Reason")!.GetAttribute("value").ShouldBe("搬迁新校区");
        page.QuerySelector("#f-Kind option[selected]")!.GetAttribute("value").ShouldBe("Address");
        page.QuerySelector("#f-FilingId option[selected]")!.GetAttribute("value").ShouldBe(filingId);
        page.QuerySelector("#e-ChangeBasis")!.TextContent.ShouldContain("“依据.txt”（变更依据）不是 PDF、PNG 或 JPEG");
        page.QuerySelector("#e-NewQualification")!.TextContent.ShouldContain("变更后地址、机构名称相关资质");
        page.QuerySelector("#e-Value").ShouldBeNull();
        page.QuerySelector("#reselect")!.TextContent.ShouldContain("请重新选择附件");
        page.QuerySelector("#errors")!.TextContent.ShouldNotContain("attachments");
        (await RequestsAsync(own)).ShouldBe(before);

        // Accepted: post, redirect, get, with what was done said; the form is empty again.
        var accepted = await body.PostAsync("/Body/Changes", Form(token, [("FilingId", filingId), ("Kind", "Address"), ("Value", "忻州市新址路8号"), ("Reason", "搬迁新校区")],
            ("ChangeBasis", "依据.pdf", RulesKit.Pdf), ("NewQualification", "资质.pdf", RulesKit.Pdf)));
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page = new HtmlParser().ParseDocument(await body.GetStringAsync(accepted.Headers.Location!.OriginalString));
        page.QuerySelector("#message")!.TextContent.ShouldContain("已提交变更申请");
        page.QuerySelector("#f-Value")!.GetAttribute("value").ShouldBeNullOrEmpty();
        (await RequestsAsync(own)).ShouldBe(before + 1);
    }

    /// <summary>A change request for a new 忻州 filing, sent by the officer through the API with Chinese file names.</summary>
    private async Task<(int Filing, string Name, int Change)> NameChangeAsync(HttpClient officer, string newName)
    {
        var name = "忻州材料机构" + Guid.NewGuid().ToString("N")[..6];
        var (filing, _) = await app.FilingAsync("140900", name, FilingType.Employer, ["XZ-CHG-1"]);
        var form = new MultipartFormDataContent
        {
            { new StringContent(filing.ToString(CultureInfo.InvariantCulture)), "filingId" }, { new StringContent("Name"), "kind" },
            { new StringContent(newName), "value" }, { new StringContent("更名"), "reason" },
        };
        foreach (var (kind, file) in new[] { ("ChangeBasis", "更名依据.pdf"), ("NewQualification", "新名称资质.pdf") })
        {
            var content = new ByteArrayContent(RulesKit.Pdf);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(content, kind, file);
        }
        var created = await officer.PostAsync("/api/changes", form);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        return (filing, name, id);
    }

    [Fact]
    public async Task The_officer_opens_each_attachment_of_a_change_request_from_its_row_under_its_original_Chinese_name_and_another_region_cannot()
    {
        _ = app.Server;
        var officer = await app.OfficerAsync();
        var (_, _, change) = await NameChangeAsync(officer, "忻州更名后机构" + Guid.NewGuid().ToString("N")[..6]);

        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Rules/Changes"));
        var row = page.QuerySelector($"#changes tr[data-id='{change}']")!;
        var links = row.QuerySelectorAll(".attachments a").ToList();
        links.Select(a => a.TextContent).ShouldBe(["更名依据.pdf", "新名称资质.pdf"], ignoreOrder: true);

        var link = links.Single(a => a.TextContent == "更名依据.pdf").GetAttribute("href")!;
        var file = await officer.GetAsync(link);
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await file.Content.ReadAsByteArrayAsync()).ShouldBe(RulesKit.Pdf);
        file.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("更名依据.pdf");

        // Another city's officer and an expert are not told the material exists.
        var yangquan = await app.UserAsync("chg-att-yq", Roles.Officer);
        await app.DbAsync(async db =>
        {
            var u = await db.Users.FirstAsync(x => x.UserName == "chg-att-yq");
            u.RegionCode = "140300";
            return await db.SaveChangesAsync();
        });
        (await yangquan.GetAsync(link)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.SignedInAsync("expert", "Expert#2026")).GetAsync(link)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(link)).StatusCode
            .ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Approving_and_rejecting_a_change_ask_first_saying_what_the_registry_will_show_and_refusals_are_said_in_the_row()
    {
        _ = app.Server;
        var officer = await app.OfficerAsync();
        var newName = "忻州确认后机构" + Guid.NewGuid().ToString("N")[..6];
        var (_, oldName, change) = await NameChangeAsync(officer, newName);

        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Rules/Changes"));
        var row = page.QuerySelector($"#changes tr[data-id='{change}']")!;
        var approve = row.QuerySelector("button.approve")!;
        approve.GetAttribute("data-confirm")!.ShouldContain($"机构名称由“{oldName}”改为“{newName}”");
        approve.GetAttribute("data-confirm")!.ShouldContain("曾用名");
        approve.GetAttribute("data-confirm-ok").ShouldBe("同意并更新备案");
        var reject = row.QuerySelector("button.reject")!;
        reject.GetAttribute("data-reject-confirm")!.ShouldContain($"不予同意{oldName}");
        reject.GetAttribute("data-reject-confirm")!.ShouldContain("备案登记不变");
        row.QuerySelector(".decision-error[role=alert]").ShouldNotBeNull();

        // On a phone the table stacks (each cell named), so the note and the buttons keep a usable width; the note is
        // named by the body and the change, never by the request's record number.
        page.QuerySelector("#changes")!.ClassList.ShouldContain("stack-sm");
        row.QuerySelectorAll("td[data-label]").Select(td => td.GetAttribute("data-label")).ShouldBe(["机构", "变更事项", "变更前", "变更后", "原因", "附件", "状态"]);
        var label = row.QuerySelector("input.note")!.GetAttribute("aria-label")!;
        label.ShouldBe($"{oldName}机构名称变更申请的审核意见或不予同意理由");
        label.ShouldNotContain("号申请");

        // The page's script says a refusal in the row and asks before refusing; it never uses a browser alert.
        var script = await officer.GetStringAsync("/js/rules/changes.js");
        script.ShouldNotContain("alert(");
        script.ShouldContain("confirmAction(");
        script.ShouldContain(".decision-error");
    }
}

/// <summary>The quarter the change report link offers is China's, from the app's clock, not the server's date.</summary>
public sealed class ChangeReportQuarterTests : IAsyncLifetime
{
    // 2026-03-31 17:00 UTC is 2026-04-01 01:00 in China: the second quarter there, still the first in UTC.
    private readonly AppFactory _app = new() { Clock = new FakeClock(new DateTimeOffset(2026, 3, 31, 17, 0, 0, TimeSpan.Zero)) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_quarterly_report_link_offers_the_quarter_of_todays_date_in_China()
    {
        var officer = await _app.OfficerAsync();
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Rules/Changes"));
        var link = page.QuerySelector("#quarter-report")!;
        link.GetAttribute("href")!.ShouldEndWith("year=2026&quarter=2");
        link.TextContent.ShouldContain("2026年第2季度");
    }
}
