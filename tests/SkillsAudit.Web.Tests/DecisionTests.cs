using SkillsAudit.Domain.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using Xunit;
using static SkillsAudit.Web.Tests.ReviewTestKit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Decisions per body (阳人社函〔2023〕221号 四, 附件4): proposals, confirm or override with a logged reason, one / a
/// selection / all finalised, unfinished bodies skipped, missing statistics only a flag, back-dated deadlines,
/// follow-up after a rectification re-check, and two officers deciding one body at once.
/// </summary>
public sealed class DecisionTests(ReviewApp fixture) : IClassFixture<ReviewApp>
{
    private AppFactory App => fixture.App;

    private async Task<(int Campaign, HttpClient Admin)> YangquanCampaignAsync(string title)
    {
        var admin = await App.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/reviews/campaigns", new
        {
            title, documentNumber = "阳人社函〔2023〕221号", authority = "阳泉市人力资源和社会保障局", year = 2023, region = "阳泉市", rubric = "yangquan-2023",
            stages = new[] { new { stage = "SelfAssessment", from = "2023-08-31", to = "2023-09-05" }, new { stage = "PanelReview", from = "2023-09-06", to = "2023-09-30" } },
        })).Json(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{id}/targets/apply", new { asOf = "2023-08-31" })).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/reviews/campaigns/{id}/open", null)).EnsureSuccessStatusCode();
        return (id, admin);
    }

    /// <summary>A finalised panel total for one target (as a historical total: the decision rests on the confirmed result).</summary>
    private Task<int> FinalisedAsync(int campaign, int filing, decimal total, string outcome) => App.DbAsync(async db =>
    {
        var a = await db.Assessments.FirstOrDefaultAsync(x => x.CampaignId == campaign && x.FilingId == filing);
        if (a is null) db.Assessments.Add(a = new Assessment(campaign, filing));
        a.RecordHistorical(null, total, outcome, "officer", db.Now, "测试");
        return await db.SaveChangesAsync();
    });

    private async Task ZeroYearsAsync(string name, params int[] years)
    {
        using var scope = App.Services.CreateScope();
        var import = scope.ServiceProvider.GetRequiredService<StatisticsImport>();
        foreach (var y in years)
        {
            var report = await import.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes($"序号,机构名称,组织评价 (人),评价合格 (人)\n1,{name},0,0\n")), $"{y}.csv", y, dryRun: false);
            report.Errors.ShouldBeEmpty();
        }
    }

    private async Task<(int FilingId, FilingStatus Status)> Filing(string name)
    {
        var id = await App.FilingIdAsync(name);
        return (id, await App.DbAsync(db => db.Filings.Where(f => f.Id == id).Select(f => f.Status).FirstAsync()));
    }

    [Fact]
    public async Task Missing_statistics_never_terminate_and_recorded_zero_years_do()
    {
        var (campaign, admin) = await YangquanCampaignAsync("缺报统计不等于未开展");
        var (jinmeng, _) = await Filing("山西晋孟煤业集团有限公司");
        var (feifan, _) = await Filing("阳泉市非凡职业培训学校");

        // No statistics and no result: nobody is terminated; every target is skipped and listed with why.
        var all = await (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/decisions", new { decidedOn = "2023-09-30" })).Json();
        all.GetProperty("decided").GetArrayLength().ShouldBe(0);
        all.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("filingId").GetInt32()).ShouldContain(jinmeng);
        all.GetProperty("skipped").ToString().ShouldContain("评审结果尚未确认");
        (await Filing("山西晋孟煤业集团有限公司")).Status.ShouldBe(FilingStatus.Active);
        (await App.DbAsync(db => db.ReviewDecisions.CountAsync(d => d.CampaignId == campaign))).ShouldBe(0);

        // A passing result and no statistics at all: a flag, and the proposal is to renew (2020 filing in 2023: 附件4 (二)).
        await FinalisedAsync(campaign, feifan, 78m, "合格");
        var proposals = await (await admin.GetAsync($"/api/reviews/campaigns/{campaign}/proposals?decidedOn=2023-09-30")).Json();
        var p = proposals.EnumerateArray().Single(x => x.GetProperty("filingId").GetInt32() == feifan);
        p.GetProperty("state").GetString().ShouldBe("Ready");
        p.GetProperty("kind").GetString().ShouldBe("Renew");
        p.GetProperty("flags").ToString().ShouldContain("缺少部分年度的评价统计");

        // Recorded zero assessments in 2021 and 2022: 连续两年未开展 (四(一)1) terminates, even without a result.
        await ZeroYearsAsync("山西晋孟煤业集团有限公司", 2021, 2022);
        var d = await (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/decisions", new { filingIds = new[] { jinmeng }, decidedOn = "2023-09-30" })).Json();
        var one = d.GetProperty("decided").EnumerateArray().Single();
        one.GetProperty("kind").GetString().ShouldBe("Terminate");
        one.GetProperty("reasons").ToString().ShouldContain("四(一)1");
        one.GetProperty("reasons").ToString().ShouldNotContain("seed");
        (await Filing("山西晋孟煤业集团有限公司")).Status.ShouldBe(FilingStatus.Terminated);
    }

    [Fact]
    public async Task Deciding_all_confirms_proposals_skips_unfinished_bodies_and_logs_an_override_reason()
    {
        var (campaign, admin) = await YangquanCampaignAsync("逐个机构作出意见");
        var (chengyue, _) = await Filing("阳泉市承悦职业培训学校");
        var (lanling, _) = await Filing("阳泉市郊区蓝领职业培训学校");
        var (huiguan, _) = await Filing("山西慧管企业管理咨询中心");
        await FinalisedAsync(campaign, chengyue, 81m, "合格");
        await FinalisedAsync(campaign, lanling, 74m, "合格");
        await FinalisedAsync(campaign, huiguan, 70m, "合格");

        // An override without a reason, or outside the filing's 附件4 columns, refuses everything and names the body.
        var bad = await (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/decisions", new
        {
            decidedOn = "2023-09-30", choices = new[] { new { filingId = lanling, kind = "Suspend", reason = "" }, new { filingId = huiguan, kind = "Renew", reason = "x" } },
        })).Json(HttpStatusCode.BadRequest);
        bad.ToString().ShouldContain("阳泉市郊区蓝领职业培训学校");
        bad.ToString().ShouldContain("须说明理由");
        bad.ToString().ShouldContain("本年度未到期");
        (await App.DbAsync(db => db.ReviewDecisions.CountAsync(d => d.CampaignId == campaign))).ShouldBe(0);

        // All finalised at once: 2020 filing → 延续备案 (二); 2021 filings → 正常评价 (五), one overridden to 暂停评价活动 (四).
        var result = await (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/decisions", new
        {
            decidedOn = "2023-09-30", choices = new[] { new { filingId = lanling, kind = "Suspend", reason = "现场核查发现考评员不足，须整改" } },
        })).Json();
        var decided = result.GetProperty("decided").EnumerateArray().ToDictionary(x => x.GetProperty("filingId").GetInt32());
        decided.Count.ShouldBe(3);
        decided[chengyue].GetProperty("kind").GetString().ShouldBe("Renew");
        decided[huiguan].GetProperty("kind").GetString().ShouldBe("Continue");
        var over = decided[lanling];
        over.GetProperty("kind").GetString().ShouldBe("Suspend");
        over.GetProperty("proposedKind").GetString().ShouldBe("Continue");
        over.GetProperty("overrideReason").GetString().ShouldBe("现场核查发现考评员不足，须整改");
        over.GetProperty("rectificationDue").GetString().ShouldBe("2023-11-30"); // two months from the (back-dated) decision
        result.GetProperty("skipped").GetArrayLength().ShouldBeGreaterThan(10); // the other targets: no result yet, listed, not errors
        (await Filing("阳泉市郊区蓝领职业培训学校")).Status.ShouldBe(FilingStatus.Suspended);

        // 附件4: the 2020 filing ticks (二), the 2021 ones (四) and (五).
        var xlsx = await admin.GetByteArrayAsync($"/api/reviews/campaigns/{campaign}/annex4.xlsx");
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var rows = Annex4Rows(doc);
        var renewed = rows.Single(r => r.Contains("阳泉市承悦职业培训学校"));
        renewed[..10].ShouldBe(["2020年度备案的机构", "1", "阳泉市承悦职业培训学校", "未注明", "社会培训评价组织", "", "√", "", "", ""]);
        decimal.Parse(renewed[10], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(81m);
        rows.Single(r => r.Contains("阳泉市郊区蓝领职业培训学校"))[8].ShouldBe("√");
        rows.Single(r => r.Contains("山西慧管企业管理咨询中心"))[9].ShouldBe("√");
    }

    private static List<string[]> Annex4Rows(SpreadsheetDocument doc)
    {
        var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var shared = doc.WorkbookPart.SharedStringTablePart?.SharedStringTable.Elements<DocumentFormat.OpenXml.Spreadsheet.SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        return sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Select(r =>
        {
            var cells = new string[11];
            foreach (var c in r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>())
            {
                var col = c.CellReference!.Value![0] - 'A';
                if (col is < 0 or > 10) continue;
                var v = c.CellValue?.Text ?? c.InnerText;
                cells[col] = c.DataType?.Value == DocumentFormat.OpenXml.Spreadsheet.CellValues.SharedString ? shared[int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)] : v;
            }
            return cells.Select(x => x ?? "").ToArray();
        }).ToList();
    }

    [Fact]
    public async Task A_back_dated_deferral_counts_from_the_decision_date_and_after_the_re_check_the_officer_renews()
    {
        var (campaign, admin) = await YangquanCampaignAsync("整改后延续备案");
        var (yingying, _) = await Filing("阳泉市英英职业培训学校");
        await FinalisedAsync(campaign, yingying, 66m, "合格");
        (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/findings", new { filingId = yingying, finding = "BelowStandard", note = "档案管理不达标准" })).EnsureSuccessStatusCode();
        var d = (await (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/decisions", new { filingId = yingying, decidedOn = "2023-09-30" })).Json())
            .GetProperty("decided")[0];
        d.GetProperty("kind").GetString().ShouldBe("DeferRenewal");
        d.GetProperty("rectificationDue").GetString().ShouldBe("2023-11-30");
        var rect = d.GetProperty("rectificationId").GetInt32();

        // A follow-up before the re-check is refused.
        (await (await admin.PostAsJsonAsync($"/api/reviews/rectifications/{rect}/follow-up", new { kind = "Renew" })).Json(HttpStatusCode.BadRequest)).ToString().ShouldContain("尚未复查");

        var body = await App.UserAsync("body-yingying", Roles.BodyUser, "阳泉市英英职业培训学校");
        (await body.PostAsJsonAsync($"/api/reviews/rectifications/{rect}/respond", new { response = "已补齐档案" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/reviews/rectifications/{rect}/check", new { passed = true, note = "复查合格" })).EnsureSuccessStatusCode();
        // After a deferral: renew or terminate, not 恢复评价活动.
        (await (await admin.PostAsJsonAsync($"/api/reviews/rectifications/{rect}/follow-up", new { kind = "Continue" })).Json(HttpStatusCode.BadRequest)).ToString().ShouldContain("只能准予延续备案或终止备案");
        var renew = await (await admin.PostAsJsonAsync($"/api/reviews/rectifications/{rect}/follow-up", new { kind = "Renew", decidedOn = "2023-12-05" })).Json();
        renew.GetProperty("kind").GetString().ShouldBe("Renew");
        renew.GetProperty("round").GetInt32().ShouldBe(1);
        renew.GetProperty("reasons").ToString().ShouldContain("四(二)");
        (await admin.PostAsJsonAsync($"/api/reviews/rectifications/{rect}/follow-up", new { kind = "Renew" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var list = await (await admin.GetAsync($"/api/reviews/campaigns/{campaign}/decisions")).Json();
        list.GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task A_rectification_response_carries_the_files_named_in_it_the_officer_reads_them_and_none_are_taken_after_the_re_check()
    {
        var (campaign, admin) = await YangquanCampaignAsync("整改材料");
        var (filing, _) = await Filing("阳泉市英英职业培训学校");
        await FinalisedAsync(campaign, filing, 66m, "合格");
        (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/findings", new { filingId = filing, finding = "BelowStandard", note = "档案管理不达标准" })).EnsureSuccessStatusCode();
        var rect = (await (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/decisions", new { filingId = filing, decidedOn = "2023-09-30" })).Json())
            .GetProperty("decided")[0].GetProperty("rectificationId").GetInt32();
        var body = await App.UserAsync("body-yingying-files", Roles.BodyUser, "阳泉市英英职业培训学校");
        async Task<JsonElement> Upload(string name, byte[] content)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", name } };
            return await (await body.PostAsync($"/api/reviews/rectifications/{rect}/evidence", form)).Json();
        }
        var plan = await Upload("档案整改说明.pdf", Pdf);
        _ = await Upload("未提交的草稿.pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n% draft\n"));
        (await body.PostAsJsonAsync($"/api/reviews/rectifications/{rect}/respond", new { response = "已补齐档案", evidence = new[] { plan.GetProperty("sha256").GetString() } })).EnsureSuccessStatusCode();

        var view = await (await admin.GetAsync($"/api/reviews/rectifications/{rect}")).Json();
        var files = view.GetProperty("files").EnumerateArray().ToList();
        files.Select(f => f.GetProperty("name").GetString()).ShouldBe(["档案整改说明.pdf"]); // the draft upload was not named in the response
        (await admin.GetAsync($"/api/reviews/evidence/{files[0].GetProperty("id").GetInt32()}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await (await admin.GetAsync("/Reviews/Rectifications")).Content.ReadAsStringAsync();
        page.ShouldContain($"/api/reviews/evidence/{files[0].GetProperty("id").GetInt32()}");
        page.ShouldContain("档案整改说明.pdf");

        (await admin.PostAsJsonAsync($"/api/reviews/rectifications/{rect}/check", new { passed = true, note = "复查合格" })).EnsureSuccessStatusCode();
        using var late = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "补充.pdf" } };
        (await (await body.PostAsync($"/api/reviews/rectifications/{rect}/evidence", late)).Json(HttpStatusCode.BadRequest)).ToString().ShouldContain("复查完毕");
    }

    [Fact]
    public async Task A_suspension_re_checked_can_restore_evaluation_and_the_filing_is_active_again()
    {
        var (campaign, admin) = await YangquanCampaignAsync("整改后恢复评价");
        var (hengde, _) = await Filing("阳泉恒得评价人力资源有限公司");
        await FinalisedAsync(campaign, hengde, 72m, "合格");
        (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/findings", new { filingId = hengde, finding = "UnrectifiedAuditFindings", note = "审计问题未整改" })).EnsureSuccessStatusCode();
        var d = (await (await admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/decisions", new { filingIds = new[] { hengde }, decidedOn = "2023-09-30" })).Json()).GetProperty("decided")[0];
        d.GetProperty("kind").GetString().ShouldBe("Suspend");
        (await Filing("阳泉恒得评价人力资源有限公司")).Status.ShouldBe(FilingStatus.Suspended);
        var rect = d.GetProperty("rectificationId").GetInt32();
        var body = await App.UserAsync("body-hengde", Roles.BodyUser, "阳泉恒得评价人力资源有限公司");
        (await body.PostAsJsonAsync($"/api/reviews/rectifications/{rect}/respond", new { response = "已整改" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/reviews/rectifications/{rect}/check", new { passed = true, note = "复查合格" })).EnsureSuccessStatusCode();
        (await Filing("阳泉恒得评价人力资源有限公司")).Status.ShouldBe(FilingStatus.Suspended); // the re-check alone decides nothing
        var restore = await (await admin.PostAsJsonAsync($"/api/reviews/rectifications/{rect}/follow-up", new { kind = "Continue" })).Json();
        restore.GetProperty("kindName").GetString().ShouldBe("恢复评价活动");
        (await Filing("阳泉恒得评价人力资源有限公司")).Status.ShouldBe(FilingStatus.Active);
        // The campaign's results (and the notice drawn from them) read the filing's last decision, not two.
        var results = await (await admin.GetAsync($"/api/reviews/campaigns/{campaign}/results")).Json();
        results.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("filingId").GetInt32() == hengde).GetProperty("decision").GetString().ShouldBe("恢复评价活动");
        (await admin.GetAsync($"/Reviews/Results/{campaign}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_officers_deciding_the_same_body_at_once_exactly_one_wins_and_the_other_gets_a_conflict()
    {
        var (campaign, admin) = await YangquanCampaignAsync("并发作出意见");
        var (zhulin, _) = await Filing("山西竹林听雨茶文化传播有限公司");
        await FinalisedAsync(campaign, zhulin, 88m, "合格");
        using var admin2 = await App.AdminAsync();
        var results = await Task.WhenAll(
            admin.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/decisions", new { filingIds = new[] { zhulin }, decidedOn = "2023-09-30" }),
            admin2.PostAsJsonAsync($"/api/reviews/campaigns/{campaign}/decisions", new { filingIds = new[] { zhulin }, decidedOn = "2023-09-30" }));
        results.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        var loser = results.Single(r => r.StatusCode != HttpStatusCode.OK);
        loser.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await loser.Content.ReadAsStringAsync()).ShouldMatch(".*(其他工作人员|已于).*");
        (await App.DbAsync(db => db.ReviewDecisions.CountAsync(d => d.CampaignId == campaign && d.FilingId == zhulin))).ShouldBe(1);
        // The decided body says who decided it by name, not by login name.
        var proposals = (await admin.GetStringAsync($"/api/reviews/campaigns/{campaign}/proposals?decidedOn=2023-09-30"));
        proposals.ShouldContain("由 系统管理员 作出评估意见");
    }

    [Fact]
    public async Task The_handler_conflict_is_raised_when_a_named_body_was_decided_meanwhile()
    {
        var (campaign, _) = await YangquanCampaignAsync("已作出的不重复");
        var (meirong, _) = await Filing("阳泉市美容美发行业协会");
        await FinalisedAsync(campaign, meirong, 90m, "合格");
        using var scope = App.Services.CreateScope();
        var h = scope.ServiceProvider.GetRequiredService<DecisionHandlers>();
        var who = await ReviewUser.LoadAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), "admin");
        (await h.DecideAsync(who, campaign, meirong, new DateOnly(2023, 9, 30))).Decided.Count.ShouldBe(1);
        using var scope2 = App.Services.CreateScope();
        var e = await Should.ThrowAsync<ConflictException>(() => scope2.ServiceProvider.GetRequiredService<DecisionHandlers>().DecideAsync(who, campaign, meirong, new DateOnly(2023, 9, 30)));
        e.Message.ShouldContain("阳泉市美容美发行业协会");
    }
}
