using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Domain.Registry;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// A results notice for a year the data do not yet cover: Xinzhou 2026 has its 48 filings and a campaign whose targets
/// came from the target rule (all active filings, 省属 and 市属 alike), only two of them with confirmed results, and no
/// statistics at all. The notice must leave the statistics figures to be supplied (not print 0), say that results are
/// unconfirmed and refuse to be issued meanwhile, and describe the campaign's targets as they are.
/// </summary>
public sealed class NoticeGapTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const int Year = 2026;

    // Two city bodies' totals, in the shape of seed 000 附件2 (demo/statistics/xinzhou-2023-city.md).
    private const string TwoResults = """
        | 序号 | 机构名称 | 2026年职业技能等级认定评价概况 | | | | | | | 评价机构 自评得分 (分) | 考核小组 打分情况 (分) |
        |----|-----------------|-------------------|-------------|--------------|--------------|--------------|--------------|--------|---------------------|---------------------|
        | | | 组织评价 (人) | 评价合格 (人) | 评价合格率 (%) | 其中：初级 (人) | 其中：中级 (人) | 其中：高级 (人) | | | |
        | 1 | 忻州市驿荣职业技术培训学校 | 302 | 295 | 97.68% | 40 | 255 | 0 | 103.00 | 79.75 | |
        | 2 | 岢岚县晨睿职业培训学校 | 1333 | 1216 | 91.22% | 360 | 856 | 0 | 112.75 | 80.85 | |
        """;

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly Dictionary<AppFactory, int> Campaigns = [];

    /// <summary>The 2026 campaign: targets by the rule, two results confirmed (historical totals).</summary>
    private async Task<(int Id, int Targets)> CampaignAsync()
    {
        _ = app.Server;
        await Once.WaitAsync();
        try
        {
            using var scope = app.Services.CreateScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<AppDb>();
            if (!Campaigns.TryGetValue(app, out var id))
            {
                var who = ReviewUser.Operator("officer");
                var handlers = sp.GetRequiredService<CampaignHandlers>();
                var c = await handlers.CreateAsync(who, new CampaignInput
                {
                    Title = "忻州市2026年职业技能等级评价机构年度绩效考核", DocumentNumber = "忻人社函〔2026〕1号", Authority = "忻州市人力资源和社会保障局",
                    Year = Year, Region = "忻州市", Rubric = "xinzhou-2023", Consolidation = "Mean", Historical = true,
                    PlanTitle = "关于印发忻州市2026年职业技能等级评价机构年度绩效考核工作方案的通知", PlanIssuedOn = "2026-12-10",
                    Stages =
                    [
                        new("Planning", "2026-12-10", "2026-12-15"), new("SelfAssessment", "2026-12-15", "2026-12-20"),
                        new("PanelReview", "2026-12-21", "2027-01-10"), new("Summary", "2027-01-11", "2027-01-15"),
                        new("Publication", "2027-01-15", "2027-01-20"),
                    ],
                });
                await handlers.ApplyTargetsAsync(who, c.Id, new DateOnly(2027, 1, 5));
                await sp.GetRequiredService<HistoricalImport>().ImportAsync(who, c.Id, TwoResults, "测试：两家机构的总分");
                Campaigns[app] = id = c.Id;
            }
            var targets = (await db.Campaigns.AsNoTracking().Include(x => x.Targets).SingleAsync(x => x.Id == id)).TargetFilingIds.Count();
            return (id, targets);
        }
        finally
        {
            Once.Release();
        }
    }

    private async Task<NoticeContent> GenerateAsync(int year, int? campaignId) =>
        await app.WithAsync(sp => sp.GetRequiredService<NoticeGenerator>().GenerateAsync(year, "忻州市", campaignId, new DateOnly(2027, 1, 25)));

    [Fact]
    public async Task A_year_without_statistics_leaves_the_assessed_count_to_be_supplied()
    {
        var (id, _) = await CampaignAsync();
        var n = await GenerateAsync(Year, id);
        var text = string.Join("\n", n.Paragraphs);
        text.ShouldNotContain("全市共组织评价0人");
        text.ShouldContain("全市共组织评价〔待补：2026年度评价统计（尚无该年度数据）〕人");
        text.ShouldContain("年内共组织评价〔待补：2026年度评价统计（尚无该年度数据）〕人");
        text.ShouldContain("附件：〔待补：2026年度评价统计（尚无该年度数据）〕"); // not "附件：无": seed 000's annexes are the statistics tables
        n.Missing.ShouldContain("2026年度评价统计（尚无该年度数据）");
        NoticeService.MissingForIssue(n).ShouldContain("2026年度评价统计（尚无该年度数据）");
    }

    [Fact]
    public async Task A_year_without_statistics_does_not_call_every_filed_body_not_conducted()
    {
        var (id, _) = await CampaignAsync();
        var n = await GenerateAsync(Year, id);
        var text = string.Join("\n", n.Paragraphs);
        text.ShouldNotContain("已开展评价工作的0个");
        text.ShouldNotContain("未开展评价工作的48个");
        text.ShouldContain("其中：已开展评价工作的〔待补：2026年度评价统计（尚无该年度数据）〕个、未开展评价工作的〔待补：2026年度评价统计（尚无该年度数据）〕个");
        // no body is listed as 未开展 (the names are to be supplied too); the filings themselves are the registry's
        text.ShouldNotContain("忻州职业技术学院");
        n.Figures["filings"].ShouldBe("48");
    }

    [Fact]
    public async Task The_word_and_html_outputs_show_the_gap_not_zero()
    {
        var (id, _) = await CampaignAsync();
        var n = await GenerateAsync(Year, id);
        var html = NoticeHtml.Fragment(n, app.Services.GetRequiredService<NoticeFonts>());
        html.ShouldContain("〔待补：2026年度评价统计（尚无该年度数据）〕");
        html.ShouldNotContain("全市共组织评价0人");
        using var docx = new MemoryStream();
        NoticeDocx.Write(docx, n, app.Services.GetRequiredService<NoticeFonts>());
        docx.Position = 0;
        using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(docx, false);
        var body = doc.MainDocumentPart!.Document.Body!.InnerText;
        body.ShouldContain("全市共组织评价〔待补：2026年度评价统计（尚无该年度数据）〕人");
        body.ShouldNotContain("未开展评价工作的48个");
    }

    [Fact]
    public async Task A_year_with_statistics_still_counts_a_body_that_assessed_no_one_as_not_conducted()
    {
        _ = app.Server;
        var filing = await app.FilingIdAsync("忻州市高级技工学校");
        await app.WithAsync(async sp =>
            await sp.GetRequiredService<StatisticsEntry>().SaveAsync(filing, 2025, [new EntryLine { OccupationName = "电工", Assessed = 0, Passed = 0 }]));
        var n = await GenerateAsync(2025, null);
        n.Figures.ContainsKey(NoticeTemplate.MissingPrefix + "assessed").ShouldBeFalse();
        n.Figures.ContainsKey(NoticeTemplate.MissingPrefix + "notConducted").ShouldBeFalse();
        (n.Figures["assessed"], n.Figures["conducted"], n.Figures["notConducted"]).ShouldBe(("0", "0", "48"));
        n.Figures["notConducted.city.names"].ShouldContain("忻州市高级技工学校");
        string.Join("\n", n.Paragraphs).ShouldContain("已开展评价工作的0个、未开展评价工作的48个");
    }

    [Fact]
    public async Task Unconfirmed_results_are_flagged_where_the_grades_are_counted_and_listed_before_issuing()
    {
        var (id, targets) = await CampaignAsync();
        targets.ShouldBeGreaterThan(2);
        var unconfirmed = targets - 2;
        var n = await GenerateAsync(Year, id);
        var warning = $"尚有 {unconfirmed} 个考核对象的结果未确认，公告中的等级统计不含这些机构";
        n.Figures["campaign.unconfirmed"].ShouldBe(unconfirmed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var text = string.Join("\n", n.Paragraphs);
        // seed 000 三(二)/(三): the sentences stay as the seed words them; the gap marker follows the grades
        text.ShouldContain($"截至2027年1月15日，{targets}个评价机构的相关材料已收集、整理完毕。");
        text.ShouldContain($"B(70-89分)的2个；C(60-69分)的0个；D(60分以下)的0个〔待补：{warning}〕。", Case.Sensitive, text);
        NoticeService.MissingForIssue(n).ShouldContain(warning);
        // taking the marker out of the wording does not make the results confirmed
        var edited = n with { Template = n.Template.Select(t => t.Replace("{campaign.pending}", "", StringComparison.Ordinal)).ToList() };
        NoticeService.MissingForIssue(edited).ShouldContain(warning);
    }

    [Fact]
    public async Task Issuing_is_refused_while_results_are_unconfirmed_and_the_draft_page_lists_it()
    {
        var (id, targets) = await CampaignAsync();
        var officer = await app.OfficerAsync();
        var res = await officer.PostAsJsonAsync("/api/notices/generate", new { year = Year, region = "忻州市", campaignId = id, datedOn = "2027-01-25", documentNumber = "忻人社函〔2027〕5号" });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var notice = (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var warning = $"尚有 {targets - 2} 个考核对象的结果未确认，公告中的等级统计不含这些机构";
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync($"/Publication/Notice/{notice}"));
        page.QuerySelector("#missing")!.TextContent.ShouldContain(warning);
        var issue = await officer.PostAsJsonAsync($"/api/notices/{notice}/issue", new { publicFrom = "2027-01-25", publicTo = "2027-02-01", confirm = true });
        issue.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await issue.Content.ReadAsStringAsync()).ShouldContain(warning);
    }

    [Fact]
    public async Task The_generate_form_names_campaigns_with_unconfirmed_results_before_generating()
    {
        var (id, targets) = await CampaignAsync();
        var officer = await app.OfficerAsync();
        var page = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Publication/Notices"));
        var row = page.QuerySelector($"#campaigns tr[data-campaign='{id}']")!;
        row.QuerySelector(".unconfirmed")!.TextContent.ShouldContain($"尚有 {targets - 2} 个考核对象的结果未确认，公告中的等级统计不含这些机构");
    }

    [Fact]
    public async Task The_campaign_and_notice_lists_show_no_record_numbers()
    {
        var (id, _) = await CampaignAsync();
        var officer = await app.OfficerAsync();
        var res = await officer.PostAsJsonAsync("/api/notices/generate", new { year = Year, region = "忻州市", campaignId = id, datedOn = "2027-01-25", documentNumber = "忻人社函〔2027〕6号" });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var campaigns = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Reviews"));
        campaigns.QuerySelectorAll("#campaigns thead th").Select(th => th.TextContent.Trim()).ShouldNotContain("编号");
        campaigns.QuerySelectorAll("#campaigns tbody tr").ShouldNotBeEmpty();
        foreach (var row in campaigns.QuerySelectorAll("#campaigns tbody tr"))
            row.QuerySelector("td")!.TextContent.Trim().ShouldMatch(@"^\d{4}$"); // the first column is the year
        var notices = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Publication/Notices"));
        notices.QuerySelectorAll("#notices thead th").Select(th => th.TextContent.Trim()).ShouldNotContain("编号");
        notices.QuerySelectorAll("#notices tbody tr").ShouldNotBeEmpty();
        foreach (var row in notices.QuerySelectorAll("#notices tbody tr"))
            row.QuerySelector("td")!.QuerySelector("a").ShouldNotBeNull(); // the first column is the notice's title
    }

    [Fact]
    public async Task A_campaign_that_targets_province_bodies_does_not_say_they_were_left_out()
    {
        var (id, targets) = await CampaignAsync();
        var province = await app.DbAsync(db => db.Campaigns.AsNoTracking().Where(c => c.Id == id).SelectMany(c => c.Targets).Where(t => t.Included)
            .Join(db.Filings, t => t.FilingId, f => f.Id, (t, f) => f.Supervision).CountAsync(s => s == Supervision.Province));
        province.ShouldBeGreaterThan(0); // the target rule takes every active filing, 省属 included
        var text = string.Join("\n", (await GenerateAsync(Year, id)).Paragraphs);
        text.ShouldNotContain("未纳入忻州市评价考核");
        text.ShouldContain($"（三）其他需说明的情况。本次绩效考核的考核对象共{targets}个，其中省属评价机构{province}个、市属评价机构{targets - province}个。");
    }

    [Fact]
    public async Task The_seed_2023_campaign_of_city_bodies_keeps_seed_000s_sentence_on_province_bodies()
    {
        _ = app.Server;
        var id = await app.DbAsync(db => db.Campaigns.Where(c => c.Year == 2023).Select(c => c.Id).SingleAsync());
        var n = await GenerateAsync(2023, id);
        string.Join("\n", n.Paragraphs).ShouldContain("（三）其他需说明的情况。省属评价机构日常管理和质量监督在山西省职业技能鉴定中心，因此本次绩效考核未纳入忻州市评价考核。");
        n.Figures["campaign.unconfirmed"].ShouldBe("0");
        NoticeService.MissingForIssue(n).ShouldNotContain(m => m.Contains("未确认", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_generate_form_starts_on_the_officers_region_and_its_latest_campaign_year_and_leaves_the_region_to_an_admin()
    {
        _ = app.Server;
        var latest = await app.DbAsync(db => db.Campaigns.Where(c => c.RegionCode == "140900").MaxAsync(c => c.Year));
        var officer = new HtmlParser().ParseDocument(await (await app.OfficerAsync()).GetStringAsync("/Publication/Notices"));
        officer.QuerySelector("#Region")!.GetAttribute("value").ShouldBe("忻州市");
        officer.QuerySelector("#Year")!.GetAttribute("value").ShouldBe(latest.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var admin = new HtmlParser().ParseDocument(await (await app.AdminAsync()).GetStringAsync("/Publication/Notices"));
        (admin.QuerySelector("#Region")!.GetAttribute("value") ?? "").ShouldBeEmpty();
        admin.QuerySelector("#Region")!.GetAttribute("placeholder").ShouldBe("如 忻州市");
    }

    [Fact]
    public async Task An_empty_year_on_the_generate_form_is_a_chinese_field_error_that_keeps_the_other_input()
    {
        var officer = await app.OfficerAsync();
        var before = await app.DbAsync(db => db.Set<StoredNotice>().CountAsync());
        var form = new HtmlParser().ParseDocument(await officer.GetStringAsync("/Publication/Notices"));
        form.Source.Text.ShouldNotContain("field is required");
        form.Source.Text.ShouldNotContain("data-val-required");
        var token = form.QuerySelector("#generate-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        // The campaign is chosen from a list of the officer's campaigns by title (no record number to type).
        var (campaign, _) = await CampaignAsync();
        var chosen = campaign.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (typed, message) in new[] { ("", "请填写年度（四位数字，如 2026）"), ("二〇二六", "年度“二〇二六”应为四位数字，如 2026") })
        {
            var res = await officer.PostAsync("/Publication/Notices", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Year"] = typed, ["Region"] = "忻州市", ["CampaignId"] = chosen, ["__RequestVerificationToken"] = token,
            }));
            res.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await res.Content.ReadAsStringAsync();
            html.ShouldNotContain("The ");
            html.ShouldNotContain("data-val-required");
            var page = new HtmlParser().ParseDocument(html);
            page.QuerySelector("#year-error")!.TextContent.ShouldBe(message);
            page.QuerySelector("#Year")!.ClassList.ShouldContain("is-invalid");
            (page.QuerySelector("#Year")!.GetAttribute("value") ?? "").ShouldBe(typed);
            page.QuerySelector("#Region")!.GetAttribute("value").ShouldBe("忻州市");
            var selected = page.QuerySelector("#CampaignId option[selected]")!;
            selected.GetAttribute("value").ShouldBe(chosen);
            selected.TextContent.ShouldEndWith("年度，山西省忻州市）"); // the title, year and region, not a record number
        }
        (await app.DbAsync(db => db.Set<StoredNotice>().CountAsync())).ShouldBe(before); // nothing generated, no 2023 notice
    }
}
