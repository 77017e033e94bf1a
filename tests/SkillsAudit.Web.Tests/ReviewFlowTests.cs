using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using Xunit;
using static SkillsAudit.Web.Tests.ReviewTestKit;

namespace SkillsAudit.Web.Tests;

/// <summary>Campaigns with real answer sheets: self-assessment, two experts, consolidation, finalise, decision; refusals; concurrency.</summary>
public sealed class ReviewFlowTests(ReviewApp fixture) : IClassFixture<ReviewApp>
{
    private AppFactory App => fixture.App;
    private FakeClock Clock => fixture.Clock;

    private async Task<(int Campaign, int Assessment, HttpClient Officer, HttpClient Body, HttpClient Expert1, HttpClient Expert2)> OpenCampaignAsync(string title, string bodyUser, string bodyFiling)
    {
        Clock.Now = ReviewApp.Start;
        var officer = await App.OfficerAsync();
        var id = await CreateCampaignAsync(officer, Clock.Now, title);
        var filing = await App.FilingIdAsync(bodyFiling);
        (await officer.PutIfMatchAsync($"/api/reviews/campaigns/{id}", $"/api/reviews/campaigns/{id}/targets/{filing}", new { included = true, reason = "测试：市属机构" })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync($"/api/reviews/campaigns/{id}/members", new { userName = "expert", role = "PanelLead" })).EnsureSuccessStatusCode();
        var e2 = await App.UserAsync("expert2", Roles.Expert);
        (await officer.PostAsJsonAsync($"/api/reviews/campaigns/{id}/members", new { userName = "expert2", role = "Panel" })).EnsureSuccessStatusCode();
        (await officer.PostAsync($"/api/reviews/campaigns/{id}/open", null)).EnsureSuccessStatusCode();
        var body = await App.UserAsync(bodyUser, Roles.BodyUser, bodyFiling);
        var a = await (await body.GetAsync($"/api/reviews/campaigns/{id}/filings/{filing}")).Json();
        return (id, a.GetProperty("id").GetInt32(), officer, body, await App.SignedInAsync("expert", "Expert#2026"), e2);
    }

    [Fact]
    public async Task A_rubric_of_grade_bands_only_cannot_be_scored_so_no_campaign_is_made_on_it_and_the_form_does_not_offer_it()
    {
        var officer = await App.OfficerAsync();
        var res = await officer.PostAsJsonAsync("/api/reviews/campaigns", new
        {
            title = "星级评估表考核", authority = "忻州市人力资源和社会保障局", year = 2026, region = "忻州市", rubric = "huainan-2021",
            stages = new[] { new { stage = "SelfAssessment", from = "2026-12-01", to = "2026-12-05" }, new { stage = "PanelReview", from = "2026-12-06", to = "2026-12-20" } },
        });
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await res.Content.ReadAsStringAsync()).ShouldContain("只公布了等级分数段、没有评分指标");
        var form = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await officer.GetStringAsync("/Reviews"));
        form.QuerySelectorAll("select[name=rubric] option").Select(o => o.GetAttribute("value")).ShouldNotContain("huainan-2021");
        form.QuerySelectorAll("select[name=rubric] option").Select(o => o.GetAttribute("value")).ShouldContain("xinzhou-2023");
    }

    [Fact]
    public async Task The_officer_extends_the_running_self_assessment_on_the_campaign_page_and_the_body_may_still_save()
    {
        var (campaign, a, officer, body, _, _) = await OpenCampaignAsync("延长自评", "body-reschedule", "忻州市驿荣职业技术培训学校");
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await officer.GetStringAsync($"/Reviews/Campaign/{campaign}"));
        page.QuerySelector("#schedule-form tr[data-stage=SelfAssessment] .from")!.HasAttribute("readonly").ShouldBeTrue(); // begun: its start stays
        page.QuerySelector("#schedule-form tr[data-stage=PanelReview] .from")!.HasAttribute("readonly").ShouldBeFalse();
        string D(int days) => ReviewApp.Start.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        object Schedule(string selfFrom, int selfTo, int panelFrom) => new
        {
            stages = new[]
            {
                new { stage = "SelfAssessment", from = selfFrom, to = D(selfTo) },
                new { stage = "PanelReview", from = D(panelFrom), to = D(25) },
                new { stage = "Summary", from = D(26), to = D(28) },
            },
        };
        var url = $"/api/reviews/campaigns/{campaign}/schedule";

        // Moving the start of the running stage: refused, said in Chinese, nothing changed.
        var refused = await officer.PutIfMatchAsync($"/api/reviews/campaigns/{campaign}", url, Schedule(D(1), 8, 9));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("开始日期不能再改");

        // Extended by three days (the panel after it, the publication stage dropped): saved.
        var saved = await officer.PutIfMatchAsync($"/api/reviews/campaigns/{campaign}", url, Schedule(D(0), 8, 9));
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var stages = (await saved.Json()).GetProperty("stages").EnumerateArray().ToDictionary(x => x.GetProperty("stage").GetString()!, x => x.GetProperty("to").GetString());
        stages["SelfAssessment"].ShouldBe(D(8));
        stages.ContainsKey("Publication").ShouldBeFalse();

        // On day 7, once past the old end, the body may still save its self-assessment.
        Clock.Now = ReviewApp.Start.AddDays(7);
        (await body.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("""{"answers":{"1.1.4":{"deficiencies":0}}}"""))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task End_to_end_self_assessment_two_experts_mean_finalise_decision_and_annex_4()
    {
        var (campaign, a, officer, body, expert1, expert2) = await OpenCampaignAsync("端到端考核", "body-e2e", "忻州市饭店烹饪协会");

        // Running total from the score endpoint, then a draft, evidence, and submission.
        var preview = await (await body.PostAsync($"/api/reviews/assessments/{a}/score", new StringContent(Complete("""{"answers":{"1.1.1":{"met":false,"reason":"未制定年度计划"}}}"""), System.Text.Encoding.UTF8, "application/json"))).Json();
        var full = preview.GetProperty("total").GetDecimal() + 1m;
        preview.GetProperty("reasonsMissing").EnumerateObject().ShouldBeEmpty();
        // The same deduction without its reason: the preview names what submitting would refuse, so the page can list it first.
        var unexplained = await (await body.PostAsync($"/api/reviews/assessments/{a}/score", new StringContent(Complete("""{"answers":{"1.1.1":{"met":false}}}"""), System.Text.Encoding.UTF8, "application/json"))).Json();
        unexplained.GetProperty("reasonsMissing").GetProperty("1.1.1")[0].GetString().ShouldBe("指标 1.1.1 扣了 1 分，须写明扣分原因");
        // Saves name the sheet version they were made from (If-Match): none → 428, a stale one → 409, in Chinese; nothing saved.
        var missing = await body.PutAsync($"/api/reviews/assessments/{a}/self", Answers("{}"));
        (await missing.Json((HttpStatusCode)428)).GetProperty("detail").GetString()!.ShouldContain("If-Match");
        using (var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/reviews/assessments/{a}/self") { Content = Answers("{}") })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", "\"5\"");
            (await (await body.SendAsync(stale)).Json(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
        }
        using var first = new HttpRequestMessage(HttpMethod.Put, $"/api/reviews/assessments/{a}/self")
        {
            Content = Answers("""{"answers":{"1.1.1":{"met":false,"reason":"未制定年度计划"},"7.2.1":{"notApplicable":true,"reason":"不使用机考"}}}"""),
        };
        first.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        var saved = await body.SendAsync(first);
        saved.Headers.ETag!.Tag.ShouldBe("\"1\"");
        var self = await saved.Json();
        self.GetProperty("version").GetInt32().ShouldBe(1);
        var ev = await (await body.PostAsync($"/api/reviews/assessments/{a}/evidence", File(Pdf, "年度计划.pdf", "1.1.1"))).Json();
        ev.GetProperty("mediaType").GetString().ShouldBe("application/pdf");
        System.IO.File.Exists(Path.Combine(App.EvidenceDirectory, ev.GetProperty("sha256").GetString()!)).ShouldBeTrue();

        // Experts may not see the self-assessment before it is submitted.
        var seen = await (await expert1.GetAsync($"/api/reviews/assessments/{a}")).Json();
        seen.GetProperty("self").ValueKind.ShouldBe(JsonValueKind.Null);
        (await body.PostAsJsonAsync($"/api/reviews/assessments/{a}/self/submit", new { version = 1 })).EnsureSuccessStatusCode();
        (await (await expert1.GetAsync($"/api/reviews/assessments/{a}")).Json()).GetProperty("self").GetProperty("status").GetString().ShouldBe("Submitted");

        // Panel stage: two experts; expert 2 cannot see expert 1's sheet until submitting their own.
        Clock.Now = ReviewApp.Start.AddDays(7);
        (await (await expert1.PutSheetAsync($"/api/reviews/assessments/{a}/panel", Answers("""{"answers":{"1.1.1":{"met":false},"1.1.4":{"deficiencies":1}}}"""))).Json()).GetProperty("total").GetDecimal().ShouldBe(full - 1.5m);
        // Every deduction has a reason: submitting without them is refused, naming each indicator, and the sheet stays a draft.
        var noReasons = (await (await expert1.PostAsJsonAsync($"/api/reviews/assessments/{a}/panel/submit", new { })).Json(HttpStatusCode.BadRequest)).GetProperty("errors");
        noReasons.TryGetProperty("1.1.1", out _).ShouldBeTrue();
        noReasons.TryGetProperty("1.1.4", out _).ShouldBeTrue();
        (await (await expert1.PutSheetAsync($"/api/reviews/assessments/{a}/panel", Answers("""{"answers":{"1.1.1":{"met":false,"reason":"未制定年度工作计划"},"1.1.4":{"deficiencies":1,"reason":"无线上报名渠道"}}}""", 1))).Json()).GetProperty("total").GetDecimal().ShouldBe(full - 1.5m);
        (await expert1.PostAsJsonAsync($"/api/reviews/assessments/{a}/panel/submit", new { version = 2 })).EnsureSuccessStatusCode();
        (await expert2.PutSheetAsync($"/api/reviews/assessments/{a}/panel", Answers("""{"answers":{"1.1.1":{"met":true}}}"""))).EnsureSuccessStatusCode();
        var beforeSubmit = await (await expert2.GetAsync($"/api/reviews/assessments/{a}")).Json();
        beforeSubmit.GetProperty("experts").GetArrayLength().ShouldBe(1);
        beforeSubmit.GetProperty("hiddenExpertSheets").GetInt32().ShouldBe(1);
        (await expert2.PostAsJsonAsync($"/api/reviews/assessments/{a}/panel/submit", new { version = 1 })).EnsureSuccessStatusCode();
        (await (await expert2.GetAsync($"/api/reviews/assessments/{a}")).Json()).GetProperty("experts").GetArrayLength().ShouldBe(2);

        // Finalise: mean of the two experts, grade from the bands, signed by the officer.
        var final = await (await officer.PostAsJsonAsync($"/api/reviews/assessments/{a}/finalise", new { })).Json();
        final.GetProperty("panelTotal").GetDecimal().ShouldBe(full - 0.75m);
        final.GetProperty("outcome").GetString().ShouldBe("A");
        final.GetProperty("finalisedBy").GetString().ShouldBe("officer");
        var audit = await App.DbAsync(db => db.AuditLog.Where(x => x.EntityType == nameof(Assessment) && x.EntityKey == a.ToString(CultureInfo.InvariantCulture)).OrderBy(x => x.Id).Select(x => x.After).ToListAsync());
        audit.Last()!.ShouldContain("\"FinalisedBy\":\"officer\"");

        // A second finalise is refused and changes nothing.
        var version = final.GetProperty("version").GetInt32();
        (await (await officer.PostAsJsonAsync($"/api/reviews/assessments/{a}/finalise", new { })).Json(HttpStatusCode.BadRequest)).ToString().ShouldContain("确认锁定");
        (await App.DbAsync(db => db.Assessments.Where(x => x.Id == a).Select(x => x.Version).FirstAsync())).ShouldBe(version);

        // Decision: passed, the period goes on → 正常评价; 附件4 has the ✓ and the score.
        Clock.Now = ReviewApp.Start.AddDays(22);
        officer = await App.OfficerAsync(); // the sign-in cookie (14 days) follows the fake clock too
        var filing = await App.FilingIdAsync("忻州市饭店烹饪协会");
        var decisions = (await (await officer.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/decisions", new { filingId = filing })).Json()).GetProperty("decided");
        decisions[0].GetProperty("kind").GetString().ShouldBe("Continue");
        decisions[0].GetProperty("reasons")[0].GetProperty("clause").GetString()!.ShouldContain("阳人社函〔2023〕221号");
        var xlsx = await officer.GetByteArrayAsync($"/api/reviews/campaigns/{campaign}/annex4.xlsx");
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var text = string.Join("|", doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText));
        text.ShouldContain("忻州市饭店烹饪协会");
        text.ShouldContain("√");
        text.ShouldContain("小计");
        text.ShouldContain("合计");

        // Results: self vs panel per section where sheets exist.
        var results = await (await officer.GetAsync($"/api/reviews/campaigns/{campaign}/results")).Json();
        results.GetProperty("distribution").GetProperty("A").GetInt32().ShouldBe(1);
        results.GetProperty("sections").GetArrayLength().ShouldBeGreaterThan(0);
        var row = results.GetProperty("rows")[0];
        row.GetProperty("gap").GetDecimal().ShouldBe(row.GetProperty("selfTotal").GetDecimal() - row.GetProperty("panelTotal").GetDecimal());
        row.GetProperty("decision").GetString().ShouldBe("正常评价");
    }

    [Fact]
    public async Task A_veto_overrides_full_points_and_terminates_the_filing()
    {
        var (campaign, a, officer, _, expert1, expert2) = await OpenCampaignAsync("否决项考核", "body-veto", "山西天宝集团有限公司");
        Clock.Now = ReviewApp.Start.AddDays(7);
        // Everything else unanswered → full points; one veto (seed 002 否决项: 考场秩序混乱, 出现大范围舞弊情况).
        var sheet = await (await expert1.PutSheetAsync($"/api/reviews/assessments/{a}/panel", Answers("""{"answers":{"6.3":{"vetoed":true,"reason":"考场大范围舞弊"}}}"""))).Json();
        sheet.GetProperty("vetoed").GetBoolean().ShouldBeTrue();
        (await expert1.PostAsJsonAsync($"/api/reviews/assessments/{a}/panel/submit", new { })).EnsureSuccessStatusCode();
        (await expert2.PutSheetAsync($"/api/reviews/assessments/{a}/panel", Answers("{}"))).EnsureSuccessStatusCode();
        (await expert2.PostAsJsonAsync($"/api/reviews/assessments/{a}/panel/submit", new { })).EnsureSuccessStatusCode();
        var disagreements = (await (await officer.GetAsync($"/api/reviews/assessments/{a}")).Json()).GetProperty("disagreements");
        disagreements.ToString().ShouldContain("否决项意见不一致");
        var final = await (await officer.PostAsJsonAsync($"/api/reviews/assessments/{a}/finalise", new { })).Json();
        final.GetProperty("panelTotal").GetDecimal().ShouldBeGreaterThan(90m);
        final.GetProperty("outcome").GetString().ShouldBe("取消评价资格");

        var filing = await App.FilingIdAsync("山西天宝集团有限公司");
        var d = (await (await officer.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/decisions", new { filingId = filing })).Json()).GetProperty("decided");
        d[0].GetProperty("kind").GetString().ShouldBe("Terminate");
        d[0].GetProperty("reasons").ToString().ShouldContain("四(一)7");
        (await App.DbAsync(db => db.Filings.Include(f => f.History).FirstAsync(f => f.Id == filing))).ShouldSatisfyAllConditions(
            f => f.Status.ShouldBe(FilingStatus.Terminated),
            f => f.History[^1].After.ShouldBe(FilingStatus.Terminated.Chinese()));
        (await App.DbAsync(db => db.ReviewDecisions.CountAsync(x => x.FilingId == filing))).ShouldBe(1);
    }

    [Fact]
    public async Task Refusals_leave_nothing_changed_and_concurrent_saves_get_one_409()
    {
        var (campaign, a, officer, body, expert1, _) = await OpenCampaignAsync("拒绝与并发", "body-refuse", "五寨县职业中学校");
        int Sheets() => App.DbAsync(db => db.ScoreSheets.CountAsync(s => s.AssessmentId == a)).GetAwaiter().GetResult();
        int Files() => App.DbAsync(db => db.EvidenceFiles.CountAsync(s => s.AssessmentId == a)).GetAwaiter().GetResult();

        // An answer outside its rule's range: 400 naming the indicator.
        var bad = await (await body.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("""{"answers":{"1.1.1":{"points":5}}}"""))).Json(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").TryGetProperty("1.1.1", out _).ShouldBeTrue(bad.ToString());
        // A not-applicable answer without a reason.
        (await (await body.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("""{"answers":{"1.1.2":{"notApplicable":true}}}"""))).Json(HttpStatusCode.BadRequest))
            .GetProperty("errors").TryGetProperty("1.1.2", out _).ShouldBeTrue();
        Sheets().ShouldBe(0);

        // Uploads: wrong type (a PNG name on text content), too large.
        (await (await body.PostAsync($"/api/reviews/assessments/{a}/evidence", File("not a pdf"u8.ToArray(), "x.pdf"))).Json(HttpStatusCode.BadRequest)).ToString().ShouldContain("PDF");
        var big = new byte[10 * 1024 * 1024 + 1];
        Pdf.CopyTo(big, 0);
        (await (await body.PostAsync($"/api/reviews/assessments/{a}/evidence", File(big, "big.pdf"))).Json(HttpStatusCode.BadRequest)).ToString().ShouldContain("大小上限");
        Files().ShouldBe(0);
        (Directory.Exists(App.EvidenceDirectory) ? Directory.GetFiles(App.EvidenceDirectory).Length : 0).ShouldBe(await App.DbAsync(db => db.EvidenceFiles.Select(e => e.Sha256).Distinct().CountAsync()));

        // Two tabs save the same sheet from version 1: the second gets 409 and the first's answers stay.
        (await body.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("""{"answers":{"1.1.1":{"met":false,"reason":"未制定年度计划"}}}""", 0))).EnsureSuccessStatusCode();
        (await body.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("""{"answers":{"1.1.2":{"met":false,"reason":"公告缺收费标准"}}}""", 1))).EnsureSuccessStatusCode();
        var conflict = await body.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("""{"answers":{}}""", 1));
        (await conflict.Json(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("版本");
        var kept = await (await body.GetAsync($"/api/reviews/assessments/{a}")).Json();
        kept.GetProperty("self").GetProperty("answers").ToString().ShouldContain("1.1.2");

        // Submission after the deadline: refused, the sheet stays a draft.
        Clock.Now = ReviewApp.Start.AddDays(6);
        (await (await body.PostAsJsonAsync($"/api/reviews/assessments/{a}/self/submit", new { })).Json(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("stage", out _).ShouldBeTrue();
        (await App.DbAsync(db => db.ScoreSheets.Where(s => s.AssessmentId == a && s.Expert == null).Select(s => s.Status).FirstAsync())).ShouldBe(SheetStatus.Draft);

        // Reopening the self-assessment with a reason lets the body submit; the reason is a row.
        (await (await officer.PostAsJsonAsync($"/api/reviews/assessments/{a}/reopen", new { stage = "SelfAssessment", reason = "" })).Json(HttpStatusCode.BadRequest)).ToString().ShouldContain("理由");
        (await officer.PostAsJsonAsync($"/api/reviews/assessments/{a}/reopen", new { stage = "SelfAssessment", reason = "系统故障，延长两天", until = Day(Clock.Now, 2) })).EnsureSuccessStatusCode();
        (await body.PostAsJsonAsync($"/api/reviews/assessments/{a}/self/submit", new { })).EnsureSuccessStatusCode();
        (await App.DbAsync(db => db.AuditLog.AnyAsync(x => x.EntityType == nameof(Reopening) && x.After!.Contains("系统故障")))).ShouldBeTrue();

        // Concurrent expert saves of one sheet from the same version: exactly one 409.
        var t1 = expert1.PutSheetAsync($"/api/reviews/assessments/{a}/panel", Answers("""{"answers":{"1.1.1":{"met":true}}}""", 0));
        var t2 = expert1.PutSheetAsync($"/api/reviews/assessments/{a}/panel", Answers("""{"answers":{"1.1.1":{"met":false,"reason":"未制定年度计划"}}}""", 0));
        var codes = (await Task.WhenAll(t1, t2)).Select(r => r.StatusCode).ToList();
        codes.Count(c => c == HttpStatusCode.Conflict).ShouldBe(1, string.Join(",", codes));
        codes.Count(c => c == HttpStatusCode.OK).ShouldBe(1);

        // A crash in the middle of finalising leaves the assessment as it was.
        (await expert1.PostAsJsonAsync($"/api/reviews/assessments/{a}/panel/submit", new { })).EnsureSuccessStatusCode();
        var before = await App.DbAsync(db => db.Assessments.AsNoTracking().FirstAsync(x => x.Id == a));
        using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(App.Services))
        {
            var sp = scope.ServiceProvider;
            var h = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AssessmentHandlers>(sp);
            var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AppDb>(sp);
            var who = await ReviewUser.LoadAsync(db, "officer");
            await Should.ThrowAsync<IOException>(() => h.FinaliseAsync(who, a, null, () => throw new IOException("断电")));
        }
        var after = await App.DbAsync(db => db.Assessments.AsNoTracking().FirstAsync(x => x.Id == a));
        (after.FinalisedAt, after.Outcome, after.Version).ShouldBe((before.FinalisedAt, before.Outcome, before.Version));
    }

    [Fact]
    public async Task Blank_is_not_full_marks_and_submitting_needs_every_indicator_answered()
    {
        var (_, a, _, body, _, _) = await OpenCampaignAsync("空白不计满分", "body-blank", "忻州市实用职业技术培训学校");
        var empty = await (await body.PostAsync($"/api/reviews/assessments/{a}/score", new StringContent("""{"answers":{}}""", System.Text.Encoding.UTF8, "application/json"))).Json();
        empty.GetProperty("total").GetDecimal().ShouldBe(0m);
        empty.GetProperty("answered").GetInt32().ShouldBe(0);
        empty.GetProperty("unanswered").GetInt32().ShouldBeGreaterThan(100);
        empty.GetProperty("indicators").EnumerateArray().First().GetProperty("status").GetString().ShouldBe("Unanswered");

        // A draft with two answers saves; submitting it is refused naming the unanswered indicators, in Chinese.
        (await body.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("""{"answers":{"1.1.1":{"met":true},"1.1.4":{"deficiencies":1,"reason":"无线上报名渠道"}}}""", complete: false))).EnsureSuccessStatusCode();
        var refused = await (await body.PostAsJsonAsync($"/api/reviews/assessments/{a}/self/submit", new { })).Json(HttpStatusCode.BadRequest);
        refused.GetProperty("errors").GetProperty("1.1.2")[0].GetString().ShouldBe("指标 1.1.2 尚未作答");
        refused.GetProperty("errors").TryGetProperty("1.1.1", out _).ShouldBeFalse();
        (await App.DbAsync(db => db.Assessments.Include(x => x.Sheets).Where(x => x.Id == a).Select(x => x.Sheets.First().Status).FirstAsync())).ShouldBe(SheetStatus.Draft);

        // Points above the maximum: a Chinese message naming the indicator.
        var over = await (await body.PostAsync($"/api/reviews/assessments/{a}/score", new StringContent("""{"answers":{"1.1.1":{"points":5}}}""", System.Text.Encoding.UTF8, "application/json"))).Json(HttpStatusCode.BadRequest);
        over.GetProperty("errors").GetProperty("1.1.1")[0].GetString().ShouldBe("指标 1.1.1：得分 5 分超过本项满分 1 分");
    }

    [Fact]
    public async Task A_submitted_sheet_offers_no_save_submit_or_upload_and_says_why()
    {
        var (_, a, _, body, expert1, _) = await OpenCampaignAsync("提交后锁定", "body-locked", "忻州市驿荣职业技术培训学校");
        (await body.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("{}"))).EnsureSuccessStatusCode();
        (await body.PostAsJsonAsync($"/api/reviews/assessments/{a}/self/submit", new { })).EnsureSuccessStatusCode();
        Clock.Now = ReviewApp.Start.AddDays(7);
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        string[] actions = ["#save", "#submit", "#sheet-upload", "#sheet-file", "#sheet-upload-button"];

        var open = parser.ParseDocument(await expert1.GetStringAsync($"/Reviews/Assessment/{a}"));
        actions.Where(x => open.QuerySelector(x) is null).ShouldBeEmpty(); // a sheet in draft offers them all
        open.QuerySelector("#locked-reason").ShouldBeNull();

        (await expert1.PutSheetAsync($"/api/reviews/assessments/{a}/panel", Answers("{}"))).EnsureSuccessStatusCode();
        (await expert1.PostAsJsonAsync($"/api/reviews/assessments/{a}/panel/submit", new { })).EnsureSuccessStatusCode();
        var locked = parser.ParseDocument(await expert1.GetStringAsync($"/Reviews/Assessment/{a}"));
        actions.Where(x => locked.QuerySelector(x) is not null).ShouldBeEmpty(); // neither shown nor merely paled
        locked.QuerySelector("#submitted")!.TextContent.ShouldBe("已提交并锁定");
        locked.QuerySelector("#locked-reason")!.TextContent.ShouldBe("评分表已提交，不能再保存、提交或上传；如需修改，须由工作人员重新开放并说明理由。");
        locked.QuerySelector("#download-sheet").ShouldNotBeNull(); // what is still possible stays

        // The page's script, on a successful submit, turns the open page into the one drawn above instead of paling the buttons in place.
        var script = await expert1.GetStringAsync("/js/reviews/assessment.js");
        var submitted = script[script.IndexOf("base + '/submit'", StringComparison.Ordinal)..];
        submitted[..submitted.IndexOf('\n', submitted.IndexOf("if (res.ok)", StringComparison.Ordinal))].ShouldContain("if (res.ok) lockPage();");
        var lockPage = script[script.IndexOf("const lockPage", StringComparison.Ordinal)..];
        lockPage = lockPage[..lockPage.IndexOf("\n};", StringComparison.Ordinal)];
        lockPage.ShouldContain("['save', 'submit', 'sheet-upload', 'upload', 'scoring-bar'].forEach(id => document.getElementById(id)?.remove());");
        lockPage.ShouldContain("'评分表'}已提交，不能再保存、提交或上传；如需修改，须由工作人员重新开放并说明理由。");
        lockPage.ShouldContain("why.id = 'locked-reason';");
    }

    [Fact]
    public async Task Who_sees_what_side_by_side_officer_always_expert_after_self_submission_body_after_finalising()
    {
        var (campaign, a, officer, body, expert1, expert2) = await OpenCampaignAsync("逐项对照权限", "body-cmp", "忻州市驿荣职业技术培训学校");
        // The campaign page says how far each body has got, in the board's words (not "评审中" from the start).
        async Task<string> Progress() => WebUtility.HtmlDecode(await officer.GetStringAsync($"/Reviews/Campaign/{campaign}"));
        (await Progress()).ShouldContain("<td class=\"progress-state\">未填写自评</td>");
        static async Task<JsonElement> Cmp(HttpClient c, int a) => await (await c.GetAsync($"/api/reviews/assessments/{a}/comparison")).Json();
        static string[] Cols(JsonElement v) => v.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("key").GetString()!).ToArray();
        static JsonElement Row(JsonElement v, string code) => v.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == code);

        (await body.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("""{"answers":{"1.1.4":{"deficiencies":1,"reason":"无线上报名渠道"}}}"""))).EnsureSuccessStatusCode();
        (await Progress()).ShouldContain("<td class=\"progress-state\">自评草稿</td>");
        Cols(await Cmp(expert1, a)).ShouldBeEmpty();                      // a draft self-assessment is the body's own
        (await Cmp(expert1, a)).GetProperty("withheld").ToString().ShouldContain("机构提交后可见");
        Cols(await Cmp(officer, a)).ShouldBe(["self"]);                   // the officer at any time
        (await body.PostAsJsonAsync($"/api/reviews/assessments/{a}/self/submit", new { })).EnsureSuccessStatusCode();
        (await Progress()).ShouldContain("<td class=\"progress-state\">自评已提交</td>");
        var seen = await Cmp(expert1, a);
        Cols(seen).ShouldBe(["self"]);
        Row(seen, "1.1.4").GetProperty("cells")[0].GetProperty("points").GetDecimal().ShouldBe(0.5m);
        Row(seen, "1.1.4").GetProperty("cells")[0].GetProperty("reason").GetString().ShouldBe("无线上报名渠道");

        Clock.Now = ReviewApp.Start.AddDays(7);
        // The expert's scoring form shows the body's self-score and reason on each indicator's own row.
        var form = await expert1.GetStringAsync($"/Reviews/Assessment/{a}");
        static string RowHtml(string html, string code) { var at = html.IndexOf($"id=\"row-{code}\"", StringComparison.Ordinal); return html[at..html.IndexOf("</tr>", at, StringComparison.Ordinal)]; }
        RowHtml(form, "1.1.4").ShouldContain("机构自评：");
        RowHtml(form, "1.1.4").ShouldContain("0.5 分");
        RowHtml(form, "1.1.4").ShouldContain("（无线上报名渠道）");
        RowHtml(form, "1.1.1").ShouldContain("机构自评：");
        (await officer.GetStringAsync($"/Reviews/Assessment/{a}")).ShouldNotContain("self-hint"); // the officer has the side-by-side table
        (await expert1.PutSheetAsync($"/api/reviews/assessments/{a}/panel", Answers("""{"answers":{"1.1.1":{"met":false,"reason":"年度计划未见"}}}"""))).EnsureSuccessStatusCode();
        (await expert1.PostAsJsonAsync($"/api/reviews/assessments/{a}/panel/submit", new { })).EnsureSuccessStatusCode();
        (await expert2.PutSheetAsync($"/api/reviews/assessments/{a}/panel", Answers("{}"))).EnsureSuccessStatusCode();
        Cols(await Cmp(expert2, a)).ShouldBe(["self", "expert-2"]);        // the other expert's sheet only after submitting one's own
        (await expert2.PostAsJsonAsync($"/api/reviews/assessments/{a}/panel/submit", new { })).EnsureSuccessStatusCode();
        Cols(await Cmp(expert2, a)).ShouldBe(["self", "expert-1", "expert-2"]);
        Cols(await Cmp(officer, a)).ShouldBe(["self", "expert-1", "expert-2", "panel"]);
        // Experts are named as people, not by their sign-in names.
        var expertName = await App.DbAsync(db => db.Users.Where(x => x.UserName == "expert").Select(x => x.DisplayName).FirstAsync());
        (await Cmp(officer, a)).GetProperty("columns")[1].GetProperty("title").GetString().ShouldBe($"专家 {expertName}（组长）");
        Cols(await Cmp(body, a)).ShouldBe(["self"]);                       // nothing of the panel before the result is final
        (await Cmp(body, a)).GetProperty("withheld").ToString().ShouldContain("结果确认后可见");

        (await officer.PostAsJsonAsync($"/api/reviews/assessments/{a}/finalise", new { })).EnsureSuccessStatusCode();
        var mine = await Cmp(body, a);
        Cols(mine).ShouldBe(["self", "panel"]);                           // consolidated points and reasons, not who gave them
        var row = Row(mine, "1.1.1").GetProperty("cells")[1];
        row.GetProperty("points").GetDecimal().ShouldBe(0.5m);            // mean of 0 and 1
        row.GetProperty("reason").GetString().ShouldBe("年度计划未见");
        mine.ToString().ShouldNotContain("expert");
    }

    [Fact]
    public async Task An_expert_downloads_the_offline_sheet_and_uploads_it_filled_validated_row_by_row_all_or_nothing()
    {
        var (_, a, _, body, expert1, _) = await OpenCampaignAsync("离线评分表", "body-sheet", "原平机械化工技工学校");
        (await body.PutSheetAsync($"/api/reviews/assessments/{a}/self", Answers("""{"answers":{"1.1.4":{"deficiencies":1,"reason":"无线上报名渠道"}}}"""))).EnsureSuccessStatusCode();
        (await body.PostAsJsonAsync($"/api/reviews/assessments/{a}/self/submit", new { })).EnsureSuccessStatusCode();
        (await body.GetAsync($"/api/reviews/assessments/{a}/sheet.xlsx")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        Clock.Now = ReviewApp.Start.AddDays(7);

        var xlsx = await expert1.GetByteArrayAsync($"/api/reviews/assessments/{a}/sheet.xlsx");
        var rows = SkillsAudit.Data.Files.TabularReader.ReadRows(new MemoryStream(xlsx), "sheet.xlsx").Select(r => r.Cells.Select(c => c ?? "").ToArray()).ToList();
        var header = rows.FindIndex(r => r[0] == "编号");
        rows[header][8].ShouldBe("专家得分");
        rows.Single(r => r[0] == "1.1.4")[6].ShouldBe("0.5");                      // the body's self-score beside the empty panel column
        rows.Single(r => r[0] == "1.1.4")[7].ShouldBe("无线上报名渠道");
        foreach (var r in rows.Skip(header + 1).Where(r => r[0].Length > 0 && r[8] != "—"))
            r[8] = r[4].StartsWith("否决项", StringComparison.Ordinal) ? "不存在" : decimal.Parse(r[5], System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
        rows.Single(r => r[0] == "3.6")[8] = "1";                                     // its standard gives 1 of the printed 1.25
        rows.Single(r => r[0] == "1.1.1")[8] = "0";                                   // a deduction without its reason
        rows.Single(r => r[0] == "1.1.2")[8] = "一分";                                // not a number
        byte[] Xlsx() { var ms = new MemoryStream(); using (var w = new SkillsAudit.Data.Files.XlsxWriter(ms)) w.AddSheet("评分表", rows.Select(r => (IReadOnlyList<SkillsAudit.Data.Files.XCell>)r.Select(c => (SkillsAudit.Data.Files.XCell)c).ToArray())); return ms.ToArray(); }
        MultipartFormDataContent Upload() { var f = new MultipartFormDataContent(); var b = new ByteArrayContent(Xlsx()); f.Add(b, "file", "评分表-已填.xlsx"); return f; }

        var refused = await (await expert1.PostAsync($"/api/reviews/assessments/{a}/sheet", Upload())).Json(HttpStatusCode.BadRequest);
        var text = refused.GetProperty("errors").ToString();
        var r111 = rows.FindIndex(r => r[0] == "1.1.1") + 1;
        var r112 = rows.FindIndex(r => r[0] == "1.1.2") + 1;
        text.ShouldContain($"第{r111}行（指标 1.1.1） K列（扣分原因 / 说明）：扣了 1 分，须写明扣分原因");
        text.ShouldContain($"第{r112}行（指标 1.1.2） I列（专家得分）：“一分”不是数字");
        (await App.DbAsync(db => db.Assessments.Include(x => x.Sheets).Where(x => x.Id == a).Select(x => x.Sheets.Count(s => s.Expert != null)).FirstAsync())).ShouldBe(0);

        rows.Single(r => r[0] == "1.1.1")[10] = "未见年度工作计划";
        rows.Single(r => r[0] == "1.1.2")[8] = "1";
        var saved = await (await expert1.PostAsync($"/api/reviews/assessments/{a}/sheet", Upload())).Json();
        saved.GetProperty("expert").GetString().ShouldBe("expert");
        saved.GetProperty("status").GetString().ShouldBe("Draft");
        (await expert1.PostAsJsonAsync($"/api/reviews/assessments/{a}/panel/submit", new { })).EnsureSuccessStatusCode();
        var cmp = await (await expert1.GetAsync($"/api/reviews/assessments/{a}/comparison")).Json();
        var mine = cmp.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "1.1.1").GetProperty("cells")[1];
        mine.GetProperty("points").GetDecimal().ShouldBe(0m);
        mine.GetProperty("reason").GetString().ShouldBe("未见年度工作计划");
    }
}
