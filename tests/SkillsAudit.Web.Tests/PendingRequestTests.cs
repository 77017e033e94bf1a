using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;
using Xunit;
using static SkillsAudit.Web.Tests.FormKit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// One pending request of a kind per body (变更申请 by kind, 新增职业申请 by occupation), and the body's 撤回 of its own
/// pending request: at the form, through the API and the CLI, and when two submissions arrive at once.
/// </summary>
public sealed class PendingRequestTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    /// <summary>A fresh 忻州 filing and a body user bound to it (signed in), so that each test's counts are its own.</summary>
    private async Task<(int Filing, string Name, string User, HttpClient Body)> BodyAsync(params string[] occupations)
    {
        var name = Unique("忻州待审机构");
        var codes = occupations.Length > 0 ? occupations : [name[^6..] + "-1"];
        var (filing, _) = await app.FilingAsync("140900", name, FilingType.Employer, codes);
        foreach (var c in codes) await app.AssessedAsync(filing, 2023, c, 5);
        var user = Unique("pend-body-");
        return (filing, name, user, await app.UserAsync(user, Roles.BodyUser, name));
    }

    private static readonly Dictionary<string, string[]> Materials = new()
    {
        ["Address"] = ["ChangeBasis", "NewQualification"], ["Name"] = ["ChangeBasis", "NewQualification"],
        ["LegalPerson"] = ["WrittenApplication", "NewLegalPersonId", "AppointmentDocument"],
    };

    /// <summary>A complete change application (the materials 第二十二条 asks for), for the API (camelCase) or the page (the form's names).</summary>
    private static MultipartFormDataContent ChangeForm(int filing, string kind, string value, string reason, string? token = null)
    {
        var page = token is not null;
        var form = new MultipartFormDataContent
        {
            { new StringContent(filing.ToString(CultureInfo.InvariantCulture)), page ? "FilingId" : "filingId" }, { new StringContent(kind), page ? "Kind" : "kind" },
            { new StringContent(value), page ? "Value" : "value" }, { new StringContent(reason), page ? "Reason" : "reason" },
        };
        if (token is not null) form.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var k in Materials[kind])
        {
            var file = new ByteArrayContent(RulesKit.Pdf);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, k, k + ".pdf");
        }
        return form;
    }

    private static MultipartFormDataContent OccupationForm(int filing, string occupation, string explanation, string? token = null)
    {
        var page = token is not null;
        var form = new MultipartFormDataContent();
        void Add(string api, string field, string value) => form.Add(new StringContent(value), page ? field : api);
        Add("filingId", "FilingId", filing.ToString(CultureInfo.InvariantCulture));
        Add("occupation", "Occupation", occupation);
        Add("levels", "Levels", "Level5");
        Add("experts", "Experts", "3");
        Add("examiners", "Examiners", "6");
        Add("questionBanks", "QuestionBanks", "2");
        Add("explanation", "Explanation", explanation);
        if (token is not null) form.Add(new StringContent(token), "__RequestVerificationToken");
        return form;
    }

    private static async Task<int> CreatedAsync(HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
    }

    private static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage res) => new HtmlParser().ParseDocument(await res.Content.ReadAsStringAsync());

    /// <summary>"2026年12月4日": the day a request was submitted, in China, as the refusals name it.</summary>
    private Task<string> ChangeDayAsync(int id) => app.DbAsync(async db =>
        (await db.ChangeRequests.Where(r => r.Id == id).Select(r => r.SubmittedAt).SingleAsync()).ChinaDate().ToString("yyyy年M月d日", CultureInfo.InvariantCulture));

    private Task<string> ApplicationDayAsync(int id) => app.DbAsync(async db =>
        (await db.ScopeApplications.Where(a => a.Id == id).Select(a => a.AppliedAt).SingleAsync()).ChinaDate().ToString("yyyy年M月d日", CultureInfo.InvariantCulture));

    private Task<int> ChangesAsync(int filing, ChangeKind kind) => app.DbAsync(db => db.ChangeRequests.CountAsync(r => r.FilingId == filing && r.Kind == kind));

    [Fact]
    public async Task Second_pending_change_of_the_same_kind_is_refused_at_the_form_naming_the_first_by_kind_and_date_and_keeping_what_was_typed()
    {
        _ = app.Server;
        var (filing, _, _, body) = await BodyAsync();
        var token = await TokenAsync(body, "/Body/Changes");
        var first = await body.PostAsync("/Body/Changes", ChangeForm(filing, "Address", "忻州市第一新址1号", "搬迁", token));
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var firstId = await app.DbAsync(db => db.ChangeRequests.Where(r => r.FilingId == filing).Select(r => r.Id).SingleAsync());
        var day = await ChangeDayAsync(firstId);

        var second = await body.PostAsync("/Body/Changes", ChangeForm(filing, "Address", "忻州市第二新址2号", "地址写错，重新申请", token));
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await ParseAsync(second);
        var said = page.QuerySelector("#e-Kind")!.TextContent;
        said.ShouldContain($"本机构已有一份{day}提交的地址变更申请尚待审核，不能再提交同类申请");
        said.ShouldContain("请先撤回该申请");
        System.Text.RegularExpressions.Regex.IsMatch(said.Replace(day, "", StringComparison.Ordinal), @"\d").ShouldBeFalse(said); // named in words and its date, never by its number
        page.QuerySelector("#errors")!.TextContent.ShouldContain("地址变更申请尚待审核");
        page.QuerySelector("#f-Kind")!.ClassList.ShouldContain("is-invalid");
        page.QuerySelector("#f-Kind option[selected]")!.GetAttribute("value").ShouldBe("Address");
        page.QuerySelector("#f-Value")!.GetAttribute("value").ShouldBe("忻州市第二新址2号");
        page.QuerySelector("#f-Reason")!.GetAttribute("value").ShouldBe("地址写错，重新申请");
        (await ChangesAsync(filing, ChangeKind.Address)).ShouldBe(1);

        // Another kind is another matter: a 名称 change is accepted beside the pending 地址 change.
        (await body.PostAsync("/Body/Changes", ChangeForm(filing, "Name", Unique("忻州新名称机构"), "更名", token))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ChangesAsync(filing, ChangeKind.Name)).ShouldBe(1);
    }

    [Fact]
    public async Task The_api_answers_409_with_problem_details_and_the_cli_refuses_a_second_pending_change_of_the_same_kind()
    {
        _ = app.Server;
        var (filing, _, _, body) = await BodyAsync();
        var first = await CreatedAsync(await body.PostAsync("/api/changes", ChangeForm(filing, "LegalPerson", "张三", "原法人退休")));
        var day = await ChangeDayAsync(first);

        var again = await body.PostAsync("/api/changes", ChangeForm(filing, "LegalPerson", "李四", "原法人退休"));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        again.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().ShouldBe(409);
        problem.GetProperty("detail").GetString()!.ShouldContain($"本机构已有一份{day}提交的法人变更申请尚待审核");

        // The CLI submits through the same handler: refused in the same words, nothing stored.
        var (exit, _, error) = await app.CliAsync("changes", "submit", "--filing", filing.ToString(CultureInfo.InvariantCulture), "--kind", "LegalPerson", "--value", "王五", "--reason", "换届");
        exit.ShouldNotBe(0);
        error.ShouldContain($"{day}提交的法人变更申请尚待审核");
        (await ChangesAsync(filing, ChangeKind.LegalPerson)).ShouldBe(1);
    }

    [Fact]
    public async Task Two_submissions_of_the_same_kind_at_once_store_one_and_refuse_the_others()
    {
        _ = app.Server;
        var (filing, _, _, body) = await BodyAsync();
        var results = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => body.PostAsync("/api/changes", ChangeForm(filing, "Address", $"忻州市同时提交路{i}号", "搬迁"))));
        results.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1, string.Join(", ", results.Select(r => (int)r.StatusCode)));
        results.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(3);
        (await app.DbAsync(db => db.ChangeRequests.CountAsync(r => r.FilingId == filing && r.State == ChangeState.Submitted))).ShouldBe(1);
    }

    [Fact]
    public async Task The_body_withdraws_its_pending_change_after_a_confirmation_and_can_then_submit_a_corrected_one_but_the_officer_can_neither_decide_nor_withdraw_it()
    {
        _ = app.Server;
        var (filing, name, user, body) = await BodyAsync();
        var officer = await app.OfficerAsync();
        var id = await CreatedAsync(await body.PostAsync("/api/changes", ChangeForm(filing, "Address", "忻州市写错的地址", "搬迁")));
        var day = await ChangeDayAsync(id);

        // The officer cannot withdraw for the body, and another body is not told the request exists.
        var byOfficer = await officer.PostAsync($"/api/changes/{id}/withdraw", null);
        byOfficer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await byOfficer.Content.ReadAsStringAsync()).ShouldContain("只能由提交申请的机构撤回");
        var (_, _, _, other) = await BodyAsync();
        (await other.PostAsync($"/api/changes/{id}/withdraw", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The body's row offers 撤回, asking first.
        var page = new HtmlParser().ParseDocument(await body.GetStringAsync("/Body/Changes"));
        var button = page.QuerySelector($"#changes tr[data-id='{id}'] .withdraw button")!;
        button.GetAttribute("data-confirm")!.ShouldContain($"撤回{day}提交的地址变更申请");
        button.GetAttribute("data-confirm")!.ShouldContain("撤回不能恢复");
        button.GetAttribute("data-confirm-ok").ShouldBe("确定撤回");

        var token = await TokenAsync(body, "/Body/Changes");
        var withdrawn = await body.PostAsync("/Body/Changes?handler=Withdraw", Form(token, ("id", id.ToString(CultureInfo.InvariantCulture))));
        withdrawn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page = new HtmlParser().ParseDocument(await body.GetStringAsync(withdrawn.Headers.Location!.OriginalString));
        page.QuerySelector("#message")!.TextContent.ShouldContain($"已撤回{day}提交的地址变更申请");
        var row = page.QuerySelector($"#changes tr[data-id='{id}']")!;
        row.QuerySelector(".state")!.TextContent.ShouldContain("已撤回");
        row.QuerySelector(".withdraw button").ShouldBeNull();

        // The officer sees it withdrawn, with nothing to decide; deciding it anyway is refused in words.
        var queue = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Rules/Changes"));
        var officerRow = queue.QuerySelector($"#changes tr[data-id='{id}']")!;
        officerRow.QuerySelector(".state")!.TextContent.ShouldContain("已撤回");
        officerRow.QuerySelector(".state")!.TextContent.ShouldContain("机构于");
        officerRow.QuerySelector("button.approve").ShouldBeNull();
        var approve = await officer.PostAsJsonAsync($"/api/changes/{id}/approve", new { note = "同意" });
        approve.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await approve.Content.ReadAsStringAsync()).ShouldContain($"{day}提交的地址变更申请已由机构于");
        (await officer.PostAsJsonAsync($"/api/changes/{id}/reject", new { reason = "不符合" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.DbAsync(db => db.Filings.Where(f => f.Id == filing).Select(f => f.LegalEntity.Address).SingleAsync())).ShouldNotBe("忻州市写错的地址");

        // Withdrawing it again is refused on the page, in words.
        var twice = await body.PostAsync("/Body/Changes?handler=Withdraw", Form(token, ("id", id.ToString(CultureInfo.InvariantCulture))));
        twice.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ParseAsync(twice)).QuerySelector("#withdraw-error")!.TextContent.ShouldContain("无需再次撤回");

        // The audit log names the act and who did it; the officers' "请审核" notices are done.
        var entry = await app.DbAsync(db => db.AuditLog.Where(a => a.EntityType == "ChangeRequest" && a.EntityKey == id.ToString(CultureInfo.InvariantCulture) && a.Action == "Modified").SingleAsync());
        entry.Operation.ShouldBe("撤回变更申请");
        entry.Actor.ShouldBe(user);
        (await app.DbAsync(db => db.Notifications.Where(n => n.Kind == NotificationKinds.ChangeSubmitted && n.Title == $"{name} 提交了地址变更申请").AllAsync(n => n.ReadAt != null))).ShouldBeTrue();

        // The corrected request goes through.
        await CreatedAsync(await body.PostAsync("/api/changes", ChangeForm(filing, "Address", "忻州市改正后的地址8号", "搬迁")));
    }

    [Fact]
    public async Task Another_city_s_officer_is_told_the_change_request_and_its_material_are_not_found_in_words_without_their_numbers()
    {
        _ = app.Server;
        var (filing, _, _, body) = await BodyAsync();
        var id = await CreatedAsync(await body.PostAsync("/api/changes", ChangeForm(filing, "Name", Unique("忻州他市名称"), "更名")));
        var material = await app.DbAsync(db => db.Set<ChangeAttachment>().Where(a => a.ChangeRequestId == id).Select(a => a.Id).FirstAsync());
        using var yq = await app.UserAsync("pend-yq", Roles.Officer);
        await app.DbAsync(async db =>
        {
            (await db.Users.FirstAsync(x => x.UserName == "pend-yq")).RegionCode = "140300"; // 阳泉市
            return await db.SaveChangesAsync();
        });
        var key = id.ToString(CultureInfo.InvariantCulture);
        var refused = await yq.PostAsJsonAsync($"/api/changes/{key}/approve", new { note = "" });
        refused.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var said = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        said.ShouldBe("没有找到这项变更申请：可能已删除，或不在您的管辖范围内");
        var download = await yq.GetAsync($"/api/changes/attachments/{material.ToString(CultureInfo.InvariantCulture)}");
        download.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await download.Content.ReadAsStringAsync()).ShouldContain("没有找到这份变更申请材料");
        (await app.DbAsync(db => db.ChangeRequests.Where(r => r.Id == id).Select(r => r.State).SingleAsync())).ShouldBe(ChangeState.Submitted);
    }

    [Fact]
    public async Task A_decided_change_cannot_be_withdrawn_and_the_cli_withdraws_only_as_the_body()
    {
        _ = app.Server;
        var (filing, _, user, body) = await BodyAsync();
        var officer = await app.OfficerAsync();
        var decided = await CreatedAsync(await body.PostAsync("/api/changes", ChangeForm(filing, "Name", Unique("忻州被驳回名称"), "更名")));
        (await officer.PostAsJsonAsync($"/api/changes/{decided}/reject", new { reason = "资质文件不清晰" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var refused = await body.PostAsync($"/api/changes/{decided}/withdraw", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("机构名称变更申请已经审核（不予同意），不能撤回");
        (await app.DbAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKinds.ChangeWithdrawn && n.Link == $"/Rules/Changes#change-{decided}"))).ShouldBe(0);
        (await app.DbAsync(db => db.ChangeRequests.Where(r => r.Id == decided).Select(r => r.State).SingleAsync())).ShouldBe(ChangeState.Rejected);

        var pending = await CreatedAsync(await body.PostAsync("/api/changes", ChangeForm(filing, "Name", Unique("忻州改正名称"), "更名")));
        var key = pending.ToString(CultureInfo.InvariantCulture);
        (await app.CliAsync("changes", "withdraw", key, "--as", "officer")).Exit.ShouldNotBe(0);
        (await app.DbAsync(db => db.ChangeRequests.Where(r => r.Id == pending).Select(r => r.State).SingleAsync())).ShouldBe(ChangeState.Submitted);
        var (exit, said, _) = await app.CliAsync("changes", "withdraw", key, "--as", user);
        exit.ShouldBe(0);
        said.ShouldContain("已撤回");
        said.ShouldContain("机构名称变更申请");
        (await app.DbAsync(db => db.ChangeRequests.Where(r => r.Id == pending).Select(r => r.State).SingleAsync())).ShouldBe(ChangeState.Withdrawn);
        var (_, listed, _) = await app.CliAsync("changes", "list", "--state", "Withdrawn");
        listed.ShouldContain("已撤回");
    }

    /// <summary>A signed-in officer of 阳泉市 (140300): another region than the 忻州 bodies of these tests.</summary>
    private async Task<(string User, HttpClient Client)> YangquanOfficerAsync()
    {
        var user = Unique("pend-yq-");
        var client = await app.UserAsync(user, Roles.Officer);
        await app.DbAsync(async db =>
        {
            (await db.Users.FirstAsync(x => x.UserName == user)).RegionCode = "140300";
            return await db.SaveChangesAsync();
        });
        return (user, client);
    }

    /// <summary>Who holds a notice of a kind, title and link (sorted).</summary>
    private Task<List<string>> HoldersAsync(string kind, string title, string? link = null) => app.DbAsync(db =>
        db.Notifications.Where(n => n.Kind == kind && n.Title == title && (link == null || n.Link == link)).Select(n => n.UserName).OrderBy(u => u).ToListAsync());

    [Fact]
    public async Task A_withdrawn_change_tells_every_officer_asked_to_review_it_who_withdrew_which_request_of_which_day_and_leads_to_its_row_marked_withdrawn()
    {
        _ = app.Server;
        var (filing, name, _, body) = await BodyAsync();
        var officer = await app.OfficerAsync();
        var (yq, _) = await YangquanOfficerAsync();
        var id = await CreatedAsync(await body.PostAsync("/api/changes", ChangeForm(filing, "Address", "忻州市撤回后通知路5号", "搬迁")));
        var day = await ChangeDayAsync(id);
        var asked = await HoldersAsync(NotificationKinds.ChangeSubmitted, $"{name} 提交了地址变更申请");
        asked.ShouldContain("officer");
        asked.ShouldNotContain(yq);

        // The body withdraws it on its page (the page asks first, as tested above).
        var token = await TokenAsync(body, "/Body/Changes");
        (await body.PostAsync("/Body/Changes?handler=Withdraw", Form(token, ("id", id.ToString(CultureInfo.InvariantCulture))))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Exactly those asked are told, once each, in words: who, which request, submitted which day; queued for e-mail like the 请审核 notice.
        var title = $"{name}撤回了{day}提交的地址变更申请";
        var link = $"/Rules/Changes#change-{id}";
        (await HoldersAsync(NotificationKinds.ChangeWithdrawn, title, link)).ShouldBe(asked);
        var told = await app.DbAsync(db => db.Notifications.Where(n => n.Kind == NotificationKinds.ChangeWithdrawn && n.Link == link).ToListAsync());
        told.ShouldAllBe(n => n.ReadAt == null && n.MailState == MailStates.Pending && n.Text.Contains("忻州市撤回后通知路5号") && n.Text.Contains("无需审核"));
        System.Text.RegularExpressions.Regex.IsMatch(title.Replace(day, "", StringComparison.Ordinal).Replace(name, "", StringComparison.Ordinal), @"\d").ShouldBeFalse(title);

        // The officer finds it in the list (a notice to read, not a task), and it leads to the request's row, which reads 已撤回.
        var list = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Notifications"));
        var item = list.QuerySelectorAll("#notifications li.notification").First(li => li.QuerySelector(".notification-title")!.TextContent == title);
        item.ClassList.ShouldContain("notification-unread");
        item.TextContent.ShouldContain("变更申请撤回");
        item.QuerySelector("button.open-link")!.TextContent.ShouldBe("查看");
        var noticeId = item.GetAttribute("data-id")!;
        var open = await officer.PostAsync($"/Notifications?handler=Read&id={noticeId}&open=true", Form(await TokenAsync(officer, "/Notifications")));
        open.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        open.Headers.Location!.OriginalString.ShouldBe(link);
        var queue = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Rules/Changes"));
        queue.QuerySelector($"#change-{id} .state")!.TextContent.ShouldContain("已撤回");
        queue.QuerySelector($"#change-{id} button.approve").ShouldBeNull();
    }

    [Fact]
    public async Task A_withdrawal_whose_notice_cannot_be_written_is_not_made_at_all()
    {
        _ = app.Server;
        var (filing, name, user, body) = await BodyAsync();
        var id = await CreatedAsync(await body.PostAsync("/api/changes", ChangeForm(filing, "Address", "忻州市半途失败路3号", "搬迁")));
        var failing = new FailAfterWritingNotices();
        await using var broken = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureDbContext<AppDb>(o => o.AddInterceptors(failing))));
        var client = broken.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        (await client.PostAsJsonAsync("/api/auth/login", new { userName = user, password = "Test#2026pw" })).EnsureSuccessStatusCode();

        // The withdrawal's writes (the request, the 请审核 notices marked read, the new notices) ran, then the save failed: all are undone.
        failing.On = true;
        (await client.PostAsync($"/api/changes/{id}/withdraw", null)).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        failing.Tripped.ShouldBeTrue();
        failing.On = false;
        (await app.DbAsync(db => db.ChangeRequests.Where(r => r.Id == id).Select(r => r.State).SingleAsync())).ShouldBe(ChangeState.Submitted);
        (await app.DbAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKinds.ChangeWithdrawn && n.Link == $"/Rules/Changes#change-{id}"))).ShouldBe(0);
        (await app.DbAsync(db => db.Notifications.Where(n => n.Kind == NotificationKinds.ChangeSubmitted && n.Title == $"{name} 提交了地址变更申请").AllAsync(n => n.ReadAt == null))).ShouldBeTrue();

        // Tried again, it goes through whole.
        (await client.PostAsync($"/api/changes/{id}/withdraw", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.DbAsync(db => db.ChangeRequests.Where(r => r.Id == id).Select(r => r.State).SingleAsync())).ShouldBe(ChangeState.Withdrawn);
        (await app.DbAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKinds.ChangeWithdrawn && n.Link == $"/Rules/Changes#change-{id}"))).ShouldBeGreaterThan(0);
    }

    /// <summary>While on: fails the command that inserts notices, after the database has run it (inside the caller's transaction).</summary>
    private sealed class FailAfterWritingNotices : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public volatile bool On;
        public volatile bool Tripped;

        public override async ValueTask<System.Data.Common.DbDataReader> ReaderExecutedAsync(System.Data.Common.DbCommand command,
            Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData eventData, System.Data.Common.DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (!On || !command.CommandText.Contains("INSERT INTO \"Notifications\"", StringComparison.Ordinal)) return result;
            await result.DisposeAsync();
            Tripped = true;
            throw new InvalidOperationException("simulated failure after the notices were written");
        }
    }

    [Fact]
    public async Task A_withdrawn_occupation_application_tells_the_officers_of_the_body_s_region_and_no_officer_of_another_region()
    {
        _ = app.Server;
        var (filing, name, _, body) = await BodyAsync();
        var (yq, yangquan) = await YangquanOfficerAsync();
        var occupation = Unique("XZ-WD-");
        await app.OccupationsAsync(occupation);
        var id = await CreatedAsync(await body.PostAsync("/api/occupation-applications", OccupationForm(filing, occupation, "题库两套，场地已建成")));
        var day = await ApplicationDayAsync(id);
        var asked = await HoldersAsync(NotificationKinds.OccupationSubmitted, $"{name} 申请新增职业（工种）");
        asked.ShouldContain("officer");

        (await body.PostAsync($"/api/occupation-applications/{id}/withdraw", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var title = $"{name}撤回了{day}提交的测试职业{occupation}（{occupation}）新增职业申请";
        (await HoldersAsync(NotificationKinds.OccupationWithdrawn, title, $"/Rules/Occupations#application-{id}")).ShouldBe(asked);
        (await app.DbAsync(db => db.Notifications.CountAsync(n => n.UserName == yq))).ShouldBe(0);
        (await yangquan.GetStringAsync("/Notifications")).ShouldNotContain(name);
        // The 请审核 notices are done; the officer's row of it reads 已撤回.
        (await app.DbAsync(db => db.Notifications.Where(n => n.Kind == NotificationKinds.OccupationSubmitted && n.Title == $"{name} 申请新增职业（工种）").AllAsync(n => n.ReadAt != null))).ShouldBeTrue();
        var officer = await app.OfficerAsync();
        new HtmlParser().ParseDocument(await officer.GetStringAsync("/Rules/Occupations")).QuerySelector($"#application-{id} .state")!.TextContent.ShouldBe("已撤回");
    }

    [Fact]
    public async Task A_decided_occupation_application_cannot_be_withdrawn_and_nobody_is_told_of_a_withdrawal()
    {
        _ = app.Server;
        var (filing, name, _, body) = await BodyAsync();
        var officer = await app.OfficerAsync();
        var occupation = Unique("XZ-DEC-");
        await app.OccupationsAsync(occupation);
        var id = await CreatedAsync(await body.PostAsync("/api/occupation-applications", OccupationForm(filing, occupation, "题库两套")));
        (await officer.PostAsJsonAsync($"/api/occupation-applications/{id}/reject", new { reason = "考评人员不足" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var refused = await body.PostAsync($"/api/occupation-applications/{id}/withdraw", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("已经审核（不予同意），不能撤回");
        (await app.DbAsync(db => db.ScopeApplications.Where(a => a.Id == id).Select(a => a.State).SingleAsync())).ShouldBe(ChangeState.Rejected);
        (await app.DbAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKinds.OccupationWithdrawn && n.Title.StartsWith(name)))).ShouldBe(0);
    }

    [Fact]
    public async Task Second_pending_application_for_the_same_occupation_is_refused_wherever_it_comes_from_and_the_body_may_withdraw_it()
    {
        _ = app.Server;
        var (filing, _, user, body) = await BodyAsync();
        var occupation = Unique("XZ-PEND-");
        await app.OccupationsAsync(occupation);
        var first = await CreatedAsync(await body.PostAsync("/api/occupation-applications", OccupationForm(filing, occupation, "题库两套，场地已建成")));
        var day = await ApplicationDayAsync(first);
        var described = $"{day}提交的测试职业{occupation}（{occupation}）新增职业申请尚待审核";

        // An officer recording an application for the same occupation (新增职业条件检查 → 提交) is refused too.
        var officer = await app.OfficerAsync();
        var recorded = await officer.PostAsJsonAsync("/api/scope/apply", new { filingId = filing, occupationCode = occupation, experts = 3, examiners = 6, questionBanks = 2 });
        recorded.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await recorded.Content.ReadAsStringAsync()).ShouldContain(described);

        // The body's form says it at the occupation, keeping what was typed.
        var token = await TokenAsync(body, "/Body/Occupations");
        var again = await body.PostAsync("/Body/Occupations", OccupationForm(filing, occupation, "补充说明后重新申请", token));
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await ParseAsync(again);
        page.QuerySelector("#e-Occupation")!.TextContent.ShouldContain(described);
        page.QuerySelector("#f-Occupation")!.GetAttribute("value").ShouldBe(occupation);
        page.QuerySelector("#f-Explanation")!.TextContent.ShouldContain("补充说明后重新申请");
        (await app.DbAsync(db => db.ScopeApplications.CountAsync(a => a.FilingId == filing))).ShouldBe(1);

        // 撤回 from the body's page (after its confirmation); the officer then finds it withdrawn, not decidable.
        page = new HtmlParser().ParseDocument(await body.GetStringAsync("/Body/Occupations"));
        page.QuerySelector($"#applications tr[data-id='{first}'] .withdraw button")!.GetAttribute("data-confirm")!.ShouldContain($"撤回{day}提交的新增职业申请");
        var withdrawn = await body.PostAsync($"/Body/Occupations?handler=Withdraw&FilingId={filing}", Form(token, ("id", first.ToString(CultureInfo.InvariantCulture))));
        withdrawn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page = new HtmlParser().ParseDocument(await body.GetStringAsync(withdrawn.Headers.Location!.OriginalString));
        page.QuerySelector("#message")!.TextContent.ShouldContain($"已撤回{day}提交的测试职业{occupation}（{occupation}）新增职业申请");
        page.QuerySelector($"#applications tr[data-id='{first}'] .state")!.TextContent.ShouldContain("已撤回");
        var queue = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Rules/Occupations"));
        queue.QuerySelector($"section.application[data-id='{first}']").ShouldBeNull();
        queue.QuerySelector($"#decided tr[data-id='{first}'] .state")!.TextContent.ShouldBe("已撤回");
        var approve = await officer.PostAsJsonAsync($"/api/occupation-applications/{first}/approve", new { note = "同意" });
        approve.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await approve.Content.ReadAsStringAsync()).ShouldContain("已由机构于");
        (await officer.PostAsync($"/api/occupation-applications/{first}/withdraw", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.DbAsync(db => db.AuditLog.Where(a => a.EntityType == "ScopeApplication" && a.EntityKey == first.ToString(CultureInfo.InvariantCulture) && a.Action == "Modified")
            .Select(a => a.Operation).SingleAsync())).ShouldBe("撤回新增职业申请");

        // Applying again is accepted; the CLI withdraws it as the body.
        var second = await CreatedAsync(await body.PostAsync("/api/occupation-applications", OccupationForm(filing, occupation, "补充说明后重新申请")));
        var (exit, said, _) = await app.CliAsync("scope", "withdraw", second.ToString(CultureInfo.InvariantCulture), "--as", user);
        exit.ShouldBe(0);
        said.ShouldContain("已撤回");
        var api = await body.PostAsync($"/api/occupation-applications/{second}/withdraw", null);
        api.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.Content.ReadAsStringAsync()).ShouldContain("无需再次撤回");
    }
}
