using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;
using Xunit;
using static SkillsAudit.Web.Tests.FormKit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// 新增职业（工种）申请 (忻州市管理办法 第二十三至二十六条): the body's form (/Body/Occupations), the officers' queue and decision
/// (/Rules/Occupations) and the API beside them (/api/occupation-applications).
/// </summary>
public sealed class OccupationApplicationTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    /// <summary>
    /// A 忻州 filing with its occupations all assessed in 2023 (第二十四条（一） met), and a body user bound to it.
    /// </summary>
    private async Task<(int Filing, string Name, HttpClient Body)> BodyAsync(FilingType type, int occupations, string region = "140900")
    {
        var name = Unique("忻州新增职业机构");
        var codes = Enumerable.Range(1, occupations).Select(i => $"{name[^6..]}-{i}").ToArray();
        var (filing, _) = await app.FilingAsync(region, name, type, codes);
        foreach (var c in codes) await app.AssessedAsync(filing, 2023, c, 5);
        var body = await app.UserAsync(Unique("occ-body-"), Roles.BodyUser, name);
        return (filing, name, body);
    }

    private static MultipartFormDataContent Form(IEnumerable<(string Field, string Value)> fields, params (string Field, string FileName, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
        foreach (var (field, name, content) in files)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, field, name);
        }
        return form;
    }

    /// <summary>Applies through the API as <paramref name="client"/> and returns the new application's number.</summary>
    private static async Task<int> ApplyAsync(HttpClient client, int filing, string occupation, string? replacing = null, params (string Field, string FileName, byte[] Content)[] files)
    {
        var fields = new List<(string, string)>
        {
            ("filingId", filing.ToString(CultureInfo.InvariantCulture)), ("occupation", occupation), ("levels", "Level5"), ("levels", "Level4"),
            ("experts", "3"), ("examiners", "6"), ("questionBanks", "2"), ("explanation", "已组建专家队伍，题库两套，实操场地符合标准"),
        };
        if (replacing is not null) fields.Add(("replacing", replacing));
        var res = await client.PostAsync("/api/occupation-applications", Form(fields, files));
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
    }

    private Task<List<string>> ScopeAsync(int filing) => app.DbAsync(db => db.Filings.Where(f => f.Id == filing).SelectMany(f => f.Scope).Select(s => s.OccupationCode).Distinct().ToListAsync());

    private Task<int> ApplicationsAsync(int filing) => app.DbAsync(db => db.ScopeApplications.CountAsync(a => a.FilingId == filing));

    private static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage res) => new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());

    private async Task<HttpClient> YangquanOfficerAsync()
    {
        var client = await app.UserAsync("occ-yq-officer", Roles.Officer);
        await app.DbAsync(async db =>
        {
            var u = await db.Users.FirstAsync(x => x.UserName == "occ-yq-officer");
            u.RegionCode = "140300";
            return await db.SaveChangesAsync();
        });
        return client;
    }

    [Fact]
    public async Task A_refused_application_says_each_problem_at_its_field_keeps_what_was_typed_and_stores_nothing()
    {
        _ = app.Server;
        var (filing, _, body) = await BodyAsync(FilingType.School, 2);
        var occupation = Unique("XZ-NEW-");
        await app.OccupationsAsync(occupation);
        var token = await TokenAsync(body, "/Body/Occupations");
        var id = filing.ToString(CultureInfo.InvariantCulture);

        var wrong = await body.PostAsync("/Body/Occupations", Form([("__RequestVerificationToken", token), ("FilingId", id), ("Occupation", occupation),
            ("Experts", "三个"), ("Examiners", "6"), ("QuestionBanks", "2"), ("Explanation", "")], ("StaffList", "名单.txt", Encoding.UTF8.GetBytes("不是PDF"))));
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await ParseAsync(wrong);
        page.QuerySelector("#errors")!.TextContent.ShouldContain("未提交");
        page.QuerySelector("#e-Experts")!.TextContent.ShouldContain("“三个”不是有效的数量");
        page.QuerySelector("#e-Levels")!.TextContent.ShouldContain("请至少选择一个申请的等级");
        page.QuerySelector("#e-Explanation")!.TextContent.ShouldContain("请填写申请说明");
        page.QuerySelector("#e-file-StaffList")!.TextContent.ShouldContain("“名单.txt”（专家队伍、考评人员名单）不是 PDF、PNG 或 JPEG");
        page.QuerySelector("#e-Examiners").ShouldBeNull();
        // what was typed is kept, the occupation named from the catalogue
        page.QuerySelector("#f-Occupation")!.GetAttribute("value").ShouldBe(occupation);
        page.QuerySelector("#occupation-name")!.TextContent.ShouldContain("测试职业" + occupation);
        page.QuerySelector("#f-Experts")!.GetAttribute("value").ShouldBe("三个");
        page.QuerySelector("#f-Examiners")!.GetAttribute("value").ShouldBe("6");
        page.QuerySelector("#reselect").ShouldNotBeNull();
        page.QuerySelector("#errors")!.TextContent.ShouldNotContain("experts");
        (await ApplicationsAsync(filing)).ShouldBe(0);

        var accepted = await body.PostAsync("/Body/Occupations", Form([("__RequestVerificationToken", token), ("FilingId", id), ("Occupation", occupation),
            ("Levels", "Level5"), ("Levels", "Level4"), ("Experts", "3"), ("Examiners", "6"), ("QuestionBanks", "2"), ("Explanation", "题库两套，场地已建成")],
            ("StaffList", "名单.pdf", RulesKit.Pdf)));
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page = new HtmlParser().ParseDocument(await body.GetStringAsync(accepted.Headers.Location!.OriginalString));
        page.QuerySelector("#message")!.TextContent.ShouldContain("已提交新增职业申请");
        var row = page.QuerySelector("#applications tbody tr")!;
        row.TextContent.ShouldContain("待审核");
        row.TextContent.ShouldContain("初级工、中级工");
        row.QuerySelector(".attachments a")!.TextContent.ShouldBe("名单.pdf");
        (await ApplicationsAsync(filing)).ShouldBe(1);
        // the region's officers are told, with a link to the queue
        (await app.DbAsync(db => db.Notifications.AnyAsync(n => n.UserName == "officer" && n.Kind == NotificationKinds.OccupationSubmitted && n.Link == "/Rules/Occupations")))
            .ShouldBeTrue();
    }

    [Fact]
    public async Task The_question_bank_count_and_the_question_bank_attachment_each_keep_their_own_label_and_error()
    {
        _ = app.Server;
        var (filing, _, body) = await BodyAsync(FilingType.School, 1);
        var occupation = Unique("XZ-QB-");
        await app.OccupationsAsync(occupation);
        var token = await TokenAsync(body, "/Body/Occupations");

        // the blank form: every field's label names one field, each id once
        var blank = new HtmlParser().ParseDocument(await body.GetStringAsync("/Body/Occupations"));
        blank.QuerySelectorAll("#apply [id]").GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
        var attachmentLabel = blank.QuerySelectorAll("#apply label").Single(l => l.TextContent.Contains("题库资源储备说明"));
        blank.GetElementById(attachmentLabel.GetAttribute("for")!)!.GetAttribute("type").ShouldBe("file");
        var countLabel = blank.QuerySelectorAll("#apply label").Single(l => l.TextContent.Trim() == "题库（套）");
        blank.GetElementById(countLabel.GetAttribute("for")!)!.GetAttribute("type").ShouldBe("text");

        // a count that is no number is said at the count only; a wrong file at the attachment only
        var res = await body.PostAsync("/Body/Occupations", Form([("__RequestVerificationToken", token), ("FilingId", filing.ToString(CultureInfo.InvariantCulture)),
            ("Occupation", occupation), ("Levels", "Level5"), ("Experts", "3"), ("Examiners", "6"), ("QuestionBanks", "两套"), ("Explanation", "题库两套")],
            ("QuestionBanks", "题库.txt", Encoding.UTF8.GetBytes("不是PDF"))));
        var page = await ParseAsync(res);
        page.QuerySelectorAll("[id=e-QuestionBanks]").Length.ShouldBe(1);
        page.QuerySelector("#e-QuestionBanks")!.TextContent.ShouldContain("“两套”不是有效的数量");
        page.QuerySelector("#e-QuestionBanks")!.TextContent.ShouldNotContain("题库.txt");
        page.QuerySelector("#e-file-QuestionBanks")!.TextContent.ShouldContain("“题库.txt”");
        page.QuerySelector("#e-file-QuestionBanks")!.TextContent.ShouldNotContain("两套");
        page.QuerySelector("#f-QuestionBanks")!.GetAttribute("value").ShouldBe("两套");
        (await ApplicationsAsync(filing)).ShouldBe(0);
    }

    [Fact]
    public async Task A_social_evaluator_at_five_occupations_must_name_the_one_it_gives_back()
    {
        _ = app.Server;
        var (filing, _, body) = await BodyAsync(FilingType.SocialEvaluator, 5);
        var occupation = Unique("XZ-SWAP-");
        await app.OccupationsAsync(occupation);
        var page = new HtmlParser().ParseDocument(await body.GetStringAsync($"/Body/Occupations?FilingId={filing}"));
        page.QuerySelector("label[for=f-Replacing]")!.TextContent.ShouldContain("必选");
        page.QuerySelectorAll("#f-Replacing option").Length.ShouldBe(6);

        var res = await body.PostAsync("/api/occupation-applications", Form([("filingId", filing.ToString(CultureInfo.InvariantCulture)), ("occupation", occupation),
            ("levels", "Level5"), ("experts", "1"), ("examiners", "1"), ("questionBanks", "1"), ("explanation", "以旧换新")]));
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("replacing")[0].GetString()!.ShouldContain("请选择以旧换新交回的职业");
        (await ApplicationsAsync(filing)).ShouldBe(0);
    }

    [Fact]
    public async Task Approving_adds_the_occupation_to_the_filing_removes_the_replaced_one_and_tells_the_body()
    {
        _ = app.Server;
        var (filing, name, body) = await BodyAsync(FilingType.SocialEvaluator, 5);
        var before = await ScopeAsync(filing);
        var replaced = before.OrderBy(c => c, StringComparer.Ordinal).First();
        var occupation = Unique("XZ-ADD-");
        await app.OccupationsAsync(occupation);
        var id = await ApplyAsync(body, filing, occupation, replaced, ("QuestionBanks", "题库.pdf", RulesKit.Pdf));

        // The officer's queue shows the check of 第二十四至二十六条, computed by the same rule as /Rules/Scope.
        var officer = await app.OfficerAsync();
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Rules/Occupations"));
        var card = page.QuerySelector($"#applications .application[data-id='{id}']")!;
        var checks = card.QuerySelector(".checks")!.TextContent;
        checks.ShouldContain("《忻州市职业技能等级评价机构管理办法》第二十四条（一）");
        checks.ShouldContain("《忻州市职业技能等级评价机构管理办法》第二十五条");
        checks.ShouldContain($"以 {replaced} 换 {occupation}");
        card.QuerySelector(".verdict")!.TextContent.ShouldContain("符合新增条件");
        var approve = card.QuerySelector("button.approve")!;
        approve.GetAttribute("data-confirm")!.ShouldContain($"新增：测试职业{occupation}（{occupation}），等级：初级工、中级工");
        approve.GetAttribute("data-confirm")!.ShouldContain($"（{replaced}）的全部等级将移出备案职业范围");
        card.QuerySelector(".attachments a")!.TextContent.ShouldBe("题库.pdf");

        (await officer.PostAsJsonAsync($"/api/occupation-applications/{id}/approve", new { note = "材料齐全" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var after = await ScopeAsync(filing);
        after.ShouldContain(occupation);
        after.ShouldNotContain(replaced);
        after.Count.ShouldBe(5);
        var levels = await app.DbAsync(db => db.Filings.Where(f => f.Id == filing).SelectMany(f => f.Scope).Where(s => s.OccupationCode == occupation).Select(s => s.Level).ToListAsync());
        levels.ShouldBe([Level.Level5, Level.Level4], ignoreOrder: true);
        var history = await app.DbAsync(db => db.Filings.Where(f => f.Id == filing).SelectMany(f => f.History).Where(h => h.Field == "职业范围").ToListAsync());
        history.Single().Action.ShouldContain("依新增职业申请");
        history.Single().Action.ShouldNotContain($"#{id}");
        // audited with the decision, in the same save
        var key = id.ToString(CultureInfo.InvariantCulture);
        (await app.DbAsync(db => db.AuditLog.AnyAsync(a => a.EntityType == "ScopeApplication" && a.EntityKey == key && a.Action == "Modified" && a.After!.Contains("材料齐全")))).ShouldBeTrue();
        (await app.DbAsync(db => db.AuditLog.AnyAsync(a => a.EntityType == "FilingScopeItem" && a.Action == "Added" && a.After!.Contains(occupation)))).ShouldBeTrue();

        // The body is told, and sees the result and its filing's new occupation.
        (await app.DbAsync(db => db.Notifications.AnyAsync(n => n.Kind == NotificationKinds.OccupationDecided && n.Text.Contains("已同意") && n.Link == "/Body/Occupations"))).ShouldBeTrue();
        var own = new HtmlParser().ParseDocument(await body.GetStringAsync("/Body/Occupations"));
        own.QuerySelector($"#applications tr[data-id='{id}'] .state")!.TextContent.ShouldContain("已同意");
        own.QuerySelector("#filed")!.TextContent.ShouldContain($"测试职业{occupation}（{occupation}）");
        // a decided application is not decided again
        (await officer.PostAsJsonAsync($"/api/occupation-applications/{id}/reject", new { reason = "再审" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        _ = name;
    }

    [Fact]
    public async Task Refusing_needs_a_reason_which_the_body_is_shown_and_the_filing_is_unchanged()
    {
        _ = app.Server;
        var (filing, _, body) = await BodyAsync(FilingType.Employer, 3);
        var occupation = Unique("XZ-REF-");
        await app.OccupationsAsync(occupation);
        var id = await ApplyAsync(body, filing, occupation);
        var before = await ScopeAsync(filing);
        var officer = await app.OfficerAsync();

        var noReason = await officer.PostAsJsonAsync($"/api/occupation-applications/{id}/reject", new { reason = " " });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("不予同意须写明理由");
        var reject = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Rules/Occupations")).QuerySelector($".application[data-id='{id}'] button.reject")!;
        reject.GetAttribute("data-reject-confirm")!.ShouldContain("备案职业范围不变");

        (await officer.PostAsJsonAsync($"/api/occupation-applications/{id}/reject", new { reason = "市域内该职业布局已饱和，暂不新增" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ScopeAsync(filing)).ShouldBe(before, ignoreOrder: true);
        var row = new HtmlParser().ParseDocument(await body.GetStringAsync("/Body/Occupations")).QuerySelector($"#applications tr[data-id='{id}'] .state")!;
        row.TextContent.ShouldContain("不予同意");
        row.TextContent.ShouldContain("理由：市域内该职业布局已饱和，暂不新增");
        (await app.DbAsync(db => db.Notifications.AnyAsync(n => n.Kind == NotificationKinds.OccupationDecided && n.Text.Contains("理由：市域内该职业布局已饱和")))).ShouldBeTrue();
    }

    [Fact]
    public async Task An_application_failing_the_check_cannot_be_approved_and_the_queue_offers_only_refusal()
    {
        _ = app.Server;
        // Three filed occupations, none assessed since filing: 第二十四条（一） is not met.
        var name = Unique("忻州未开展评价机构");
        var (filing, _) = await app.FilingAsync("140900", name, FilingType.Employer, [$"{name[^6..]}-1", $"{name[^6..]}-2", $"{name[^6..]}-3"]);
        var body = await app.UserAsync(Unique("occ-body-"), Roles.BodyUser, name);
        var occupation = Unique("XZ-NO-");
        await app.OccupationsAsync(occupation);
        var id = await ApplyAsync(body, filing, occupation);
        var officer = await app.OfficerAsync();
        var card = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Rules/Occupations")).QuerySelector($".application[data-id='{id}']")!;
        card.QuerySelector(".verdict")!.TextContent.ShouldContain("不符合新增条件");
        card.QuerySelector("button.approve").ShouldBeNull();
        card.QuerySelector(".checks tr.table-danger")!.TextContent.ShouldContain("备案职业 3 个，自备案以来已开展评价 0 个");

        var res = await officer.PostAsJsonAsync($"/api/occupation-applications/{id}/approve", new { note = "" });
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await res.Content.ReadAsStringAsync()).ShouldContain("不符合新增条件，不能同意");
        (await ScopeAsync(filing)).ShouldNotContain(occupation);
    }

    [Fact]
    public async Task Another_citys_officer_neither_sees_nor_decides_an_application_nor_opens_its_materials()
    {
        _ = app.Server;
        var (filing, name, body) = await BodyAsync(FilingType.Employer, 3);
        var occupation = Unique("XZ-RGN-");
        await app.OccupationsAsync(occupation);
        var id = await ApplyAsync(body, filing, occupation, null, ("Premises", "场地.pdf", RulesKit.Pdf));
        var attachment = await app.DbAsync(db => db.ScopeAttachments.Where(a => a.ScopeApplicationId == id).Select(a => a.Id).SingleAsync());

        var yangquan = await YangquanOfficerAsync();
        (await yangquan.GetStringAsync("/Rules/Occupations")).ShouldNotContain(name);
        var listed = await yangquan.GetFromJsonAsync<JsonElement>("/api/occupation-applications");
        listed.EnumerateArray().Select(a => a.GetProperty("id").GetInt32()).ShouldNotContain(id);
        (await yangquan.PostAsJsonAsync($"/api/occupation-applications/{id}/approve", new { note = "" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await yangquan.PostAsJsonAsync($"/api/occupation-applications/{id}/reject", new { reason = "越权" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await yangquan.GetAsync($"/api/occupation-applications/attachments/{attachment}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.DbAsync(db => db.ScopeApplications.Where(a => a.Id == id).Select(a => a.State).SingleAsync())).ShouldBe(ChangeState.Submitted);

        // The region's officer and the body itself open the material under its own name.
        var officer = await app.OfficerAsync();
        var file = await officer.GetAsync($"/api/occupation-applications/attachments/{attachment}");
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("场地.pdf");
        (await body.GetAsync($"/api/occupation-applications/attachments/{attachment}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_api_lists_a_bodys_own_applications_only_and_refuses_another_bodys_filing_and_every_bad_field_at_once()
    {
        _ = app.Server;
        var (mine, _, body) = await BodyAsync(FilingType.Employer, 3);
        var (theirs, _, other) = await BodyAsync(FilingType.Employer, 3);
        var occupation = Unique("XZ-API-");
        await app.OccupationsAsync(occupation);
        var own = await ApplyAsync(body, mine, occupation);
        var foreign = await ApplyAsync(other, theirs, occupation);

        var listed = (await body.GetFromJsonAsync<JsonElement>("/api/occupation-applications")).EnumerateArray().ToList();
        listed.Select(a => a.GetProperty("id").GetInt32()).ShouldBe([own]);
        listed[0].GetProperty("stateName").GetString().ShouldBe("待审核");
        listed[0].GetProperty("checks").GetArrayLength().ShouldBeGreaterThan(3);

        (await body.PostAsync("/api/occupation-applications", Form([("filingId", theirs.ToString(CultureInfo.InvariantCulture)), ("occupation", occupation)])))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var bad = await body.PostAsync("/api/occupation-applications", Form([("filingId", mine.ToString(CultureInfo.InvariantCulture)), ("occupation", "没有这个职业"),
            ("levels", "Level9"), ("experts", "x"), ("examiners", "-1"), ("questionBanks", "1"), ("explanation", "")]));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "occupation", "levels", "experts", "examiners", "explanation" }) errors.TryGetProperty(field, out _).ShouldBeTrue(field);
        errors.GetProperty("occupation")[0].GetString()!.ShouldContain("职业目录中没有职业代码“没有这个职业”");

        // a second application for the same occupation while one is pending is refused (409), naming the first in words
        var again = await body.PostAsync("/api/occupation-applications", Form([("filingId", mine.ToString(CultureInfo.InvariantCulture)), ("occupation", occupation),
            ("levels", "Level5"), ("experts", "1"), ("examiners", "1"), ("questionBanks", "1"), ("explanation", "再次申请")]));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain($"测试职业{occupation}（{occupation}）新增职业申请尚待审核");
        _ = foreign;
    }

    [Fact]
    public async Task The_cli_lists_and_refuses_an_application_through_the_same_handler()
    {
        _ = app.Server;
        var (filing, name, body) = await BodyAsync(FilingType.Employer, 3);
        var occupation = Unique("XZ-CLI-");
        await app.OccupationsAsync(occupation);
        var id = await ApplyAsync(body, filing, occupation);
        var key = id.ToString(CultureInfo.InvariantCulture);

        var (exit, listed, _) = await app.CliAsync("scope", "list", "--state", "Submitted");
        exit.ShouldBe(0);
        listed.ShouldContain($"#{key}");
        listed.ShouldContain($"{name}：测试职业{occupation}（{occupation}，初级工、中级工） 符合新增条件");

        (await app.CliAsync("scope", "reject", key, "--reason", "  ")).Exit.ShouldNotBe(0);
        var (rejected, said, _) = await app.CliAsync("scope", "reject", key, "--reason", "题库储备不足");
        rejected.ShouldBe(0);
        said.ShouldContain("不予同意");
        (await app.DbAsync(db => db.ScopeApplications.Where(a => a.Id == id).Select(a => a.DecisionReason).SingleAsync())).ShouldBe("题库储备不足");
    }
}
