using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Browser.Tests.ReviewBrowserTests;

namespace SkillsAudit.Browser.Tests;

/// <summary>
/// 批量确认结果 over the 48-body Xinzhou campaign in the browser: the officer selects every body whose experts have all
/// submitted (and one that has no sheet), reads the confirmation, watches the progress and reads the summary with the
/// skipped body and why; the skipped body's own page says up front why its result cannot be confirmed.
/// </summary>
public sealed class BulkFinaliseBrowserTests(ReviewLiveApp app) : IClassFixture<ReviewLiveApp>
{
    /// <summary>The campaign open in its panel stage, every body but the first scored in full and submitted by the 组长.</summary>
    private async Task<(int Campaign, int Scored, string Unscored, int UnscoredAssessment)> SetUpAsync()
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDb>();
        var campaigns = sp.GetRequiredService<CampaignHandlers>();
        var assessments = sp.GetRequiredService<AssessmentHandlers>();
        var who = ReviewUser.Operator("officer");
        var day = DateOnly.FromDateTime(app.Clock.Now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        string D(int n) => day.AddDays(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var c = await campaigns.CreateAsync(who, new CampaignInput
        {
            Title = "忻州市职业技能等级评价机构年度绩效考核（批量确认结果）", DocumentNumber = "测试〔2026〕11号", Authority = "忻州市人力资源和社会保障局", Year = day.Year,
            Region = "忻州市", Rubric = "xinzhou-2023",
            Stages = [new("SelfAssessment", D(-20), D(-10)), new("PanelReview", D(-9), D(10))],
        });
        await campaigns.ApplyTargetsAsync(who, c.Id, day);
        await campaigns.AddMemberAsync(who, c.Id, "expert", "PanelLead", null);
        await campaigns.OpenAsync(who, c.Id);
        // A full sheet: every applicable indicator at its full points, a veto answered 不存在.
        var rubric = await assessments.RubricOf(await campaigns.LoadAsync(c.Id, CancellationToken.None), CancellationToken.None);
        var answers = new JsonObject();
        foreach (var i in rubric.Indicators.Where(i => i.Applicability.IsApplicable(ScoreContext.Empty)))
            answers[i.Code] = i.Rule is VetoRule ? new JsonObject { ["vetoed"] = false } : new JsonObject { ["points"] = Math.Min(i.MaxPoints, i.Rule.MaxPoints) };
        var sheet = new JsonObject { ["answers"] = answers }.ToJsonString();
        var expert = await ReviewUser.LoadAsync(db, "expert");
        var all = await db.Assessments.Where(a => a.CampaignId == c.Id)
            .Join(db.Filings, a => a.FilingId, f => f.Id, (a, f) => new { a.Id, f.LegalEntity.Name }).OrderBy(a => a.Id).ToListAsync();
        foreach (var a in all.Skip(1))
        {
            await assessments.SaveExpertAsync(expert, a.Id, sheet, null);
            await assessments.SubmitExpertAsync(expert, a.Id, null);
        }
        return (c.Id, all.Count - 1, all[0].Name, all[0].Id);
    }

    [Fact]
    public async Task The_officer_confirms_the_results_of_every_scored_body_from_the_board_with_confirmation_progress_and_a_summary()
    {
        var baseUrl = app.BaseUrl;
        var (campaign, scored, unscored, unscoredAssessment) = await SetUpAsync();
        scored.ShouldBeGreaterThanOrEqualTo(47);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var officer = await SignInAsync(browser, baseUrl, "officer", "Officer#2026", $"/Reviews/Board/{campaign}");

        // One click selects every body whose experts have all submitted and switches the action to 确认结果; the officer adds one more.
        (await officer.InnerTextAsync("#pick-finalisable")).ShouldContain($"{scored} 个");
        await officer.ClickAsync("#pick-finalisable");
        (await officer.InputValueAsync("#bulk-action")).ShouldBe("finalise");
        (await officer.IsHiddenAsync("#reason-box")).ShouldBeTrue();
        await officer.CheckAsync($"#board tr[data-name='{unscored}'] .pick"); // (the pointer leaves the button: no hover colour in the picture)
        (await officer.InnerTextAsync("#picked")).ShouldBe((scored + 1).ToString(CultureInfo.InvariantCulture));
        await Shot(officer, "bulk-finalise-01-selected.png");

        await officer.ClickAsync("#bulk-run");
        var confirm = await officer.ConfirmAsync("bulk-finalise-02-confirm.png");
        confirm.ShouldContain($"将对 {scored + 1} 个机构确认结果");
        confirm.ShouldContain($"其中 {scored} 个专家已全部提交评分；其余 1 个");
        confirm.ShouldContain("将锁定");

        await officer.WaitForSelectorAsync("#bulk-outcome.alert-success", new PageWaitForSelectorOptions { Timeout = 120_000 });
        (await officer.InnerTextAsync("#bulk-text")).ShouldBe($"确认结果：已处理 {scored + 1} / {scored + 1}");
        var summary = await officer.InnerTextAsync("#bulk-outcome");
        summary.ShouldContain($"确认结果完成：成功 {scored} 个。");
        summary.ShouldContain("跳过 1 个机构");
        await officer.ClickAsync("#bulk-outcome details summary");
        (await officer.InnerTextAsync("#bulk-outcome details li")).ShouldBe($"{unscored}：尚无专家提交评分，不能确认结果");
        await Shot(officer, "bulk-finalise-03-summary.png");

        await officer.ClickAsync("#reload");
        await officer.WaitUntilAsync($"document.querySelectorAll(\"#board tr[data-status='Finalised']\").length === {scored}");

        // The skipped body's page says why before anything is asked, with the button off.
        await officer.GotoAsync($"{baseUrl}/Reviews/Assessment/{unscoredAssessment}");
        (await officer.IsDisabledAsync("#finalise")).ShouldBeTrue();
        (await officer.InnerTextAsync("#finalise-blocked")).ShouldBe("暂不能确认结果：尚无专家提交评分，不能确认结果");
        await Shot(officer, "bulk-finalise-04-single-page-says-why.png");
    }
}
