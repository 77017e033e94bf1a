using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using Xunit;

namespace SkillsAudit.Browser.Tests;

/// <summary>The live app on a fake clock (moved from the self-assessment stage into the panel stage) with its own evidence folder.</summary>
public sealed class ReviewLiveApp : WebApplicationFactory<Program>
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), "sa-browser-reviews-" + Guid.NewGuid().ToString("N") + ".db");
    public string EvidenceDirectory { get; } = Path.Combine(Path.GetTempPath(), "sa-browser-evidence-" + Guid.NewGuid().ToString("N"));
    public Clock Clock { get; } = new(DateTimeOffset.UtcNow);

    public ReviewLiveApp() => UseKestrel(0);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={_db}").UseSetting("urls", "http://127.0.0.1:0").UseSetting("Evidence:Directory", EvidenceDirectory).UseSetting("Jobs:Enabled", "false");
        // The test moves the clock a week on while the officer's page stays signed in; the sessions' idle timeout
        // (30 minutes) and absolute lifetime (12 hours) run on that clock too, so here they outlast the campaign.
        builder.UseSetting("Session:IdleMinutes", "129600").UseSetting("Session:AbsoluteHours", "2160");
        builder.ConfigureTestServices(s =>
        {
            foreach (var d in s.Where(d => d.ServiceType == typeof(TimeProvider)).ToList()) s.Remove(d);
            s.AddSingleton<TimeProvider>(Clock);
        });
    }

    public string BaseUrl
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress.ToString().TrimEnd('/');
        }
    }
}

public sealed class Clock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

public sealed class ReviewBrowserTests(ReviewLiveApp app) : IClassFixture<ReviewLiveApp>
{
    private async Task<int> SetUpCampaignAsync()
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDb>();
        var campaigns = sp.GetRequiredService<CampaignHandlers>();
        var who = ReviewUser.Operator("officer");
        var day = DateOnly.FromDateTime(app.Clock.Now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        string D(int n) => day.AddDays(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var c = await campaigns.CreateAsync(who, new CampaignInput
        {
            Title = "忻州市2026年职业技能等级评价机构年度绩效考核（浏览器测试）", DocumentNumber = "测试〔2026〕2号", Authority = "忻州市人力资源和社会保障局", Year = day.Year,
            Region = "忻州市", Rubric = "xinzhou-2023",
            Stages = [new("SelfAssessment", D(0), D(5)), new("PanelReview", D(6), D(20))],
        });
        var filing = await db.Filings.Where(f => f.LegalEntity.Name == "忻州市高级技工学校").Select(f => f.Id).FirstAsync();
        await campaigns.SetTargetAsync(who, c.Id, filing, true, "市属机构（seed 002 附件1 二.1）");
        await campaigns.AddMemberAsync(who, c.Id, "expert", "PanelLead", null);
        await campaigns.OpenAsync(who, c.Id);
        return await db.Assessments.Where(a => a.CampaignId == c.Id && a.FilingId == filing).Select(a => a.Id).FirstAsync();
    }

    private static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string user, string password, string returnUrl)
    {
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync($"{baseUrl}/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.FillAsync("#UserName", user);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**" + returnUrl);
        return page;
    }

    /// <summary>Answers every still-unanswered row of the form in full (what a careful scorer does for the items found in order).</summary>
    private const string AnswerTheRest = """
        () => {
          for (const tr of document.querySelectorAll('#indicators tr.indicator-row')) {
            if (!tr.classList.contains('unanswered')) continue;
            const el = tr.querySelector('.answer'); if (!el) continue;
            const fire = x => x.dispatchEvent(new Event('change', { bubbles: true }));
            switch (el.dataset.shape) {
              case 'veto': { const r = tr.querySelector('input[value=false]'); r.checked = true; fire(r); break; }
              case 'met': { const r = tr.querySelector('input[value=true]'); r.checked = true; fire(r); break; }
              case 'tier': el.selectedIndex = 1; fire(el); break;
              case 'points': el.value = el.max; fire(el); break;
              case 'deficiencies': el.querySelectorAll('.count').forEach(c => { c.value = 0; fire(c); }); break;
              case 'parts': el.querySelectorAll('.part').forEach(b => b.checked = true); el.querySelectorAll('.part-points').forEach(p => p.value = p.max);
                            const d = tr.querySelector('.parts-done'); d.checked = true; fire(d); break;
            }
          }
        }
        """;

    /// <summary>A screenshot of the viewport, scrolled to <paramref name="at"/> when given (the forms are too long for one image).</summary>
    private static async Task Shot(IPage page, string name, string? at = null)
    {
        if (at is not null) await page.Locator(at).First.ScrollIntoViewIfNeededAsync();
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name), FullPage = false });
    }

    /// <summary>
    /// The year over the Xinzhou campaign with every target the rule gives (the 48 bodies of seed 002 附件1 in the demo
    /// registry): the officer opens it; the body self-assesses with a count, a tier, a not-applicable and an evidence
    /// file; two experts score on the form; the officer finalises, decides with an override; the body reads the panel's
    /// deductions and answers its rectification; the officer re-checks it and restores evaluation.
    /// </summary>
    [Fact]
    public async Task A_review_year_in_the_browser_open_self_assess_score_finalise_decide_rectify_and_follow_up()
    {
        var baseUrl = app.BaseUrl;
        int campaignId, assessmentId, targets;
        using (var scope = app.Services.CreateScope())
        {
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<AppDb>();
            var campaigns = sp.GetRequiredService<CampaignHandlers>();
            var who = ReviewUser.Operator("officer");
            var day = DateOnly.FromDateTime(app.Clock.Now.ToOffset(TimeSpan.FromHours(8)).DateTime);
            string D(int n) => day.AddDays(n).ToString("yyyy-MM-dd");
            var c = await campaigns.CreateAsync(who, new CampaignInput
            {
                Title = "忻州市职业技能等级评价机构年度绩效考核（全年演练）", DocumentNumber = "测试〔2026〕9号", Authority = "忻州市人力资源和社会保障局", Year = day.Year,
                Region = "忻州市", Rubric = "xinzhou-2023",
                Stages = [new("SelfAssessment", D(0), D(5)), new("PanelReview", D(6), D(20))],
            });
            targets = (await campaigns.ApplyTargetsAsync(who, c.Id, day)).Count(t => t.Verdict != Domain.Reviews.TargetVerdict.Excluded);
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            if (await users.FindByNameAsync("expert2") is null)
            {
                var e2 = new AppUser { UserName = "expert2", DisplayName = "第二位专家" };
                (await users.CreateAsync(e2, "Expert2#2026")).Succeeded.ShouldBeTrue();
                await users.AddToRoleAsync(e2, Roles.Expert);
            }
            await campaigns.AddMemberAsync(who, c.Id, "expert", "PanelLead", null);
            await campaigns.AddMemberAsync(who, c.Id, "expert2", "Panel", null);
            campaignId = c.Id;
        }
        targets.ShouldBeGreaterThanOrEqualTo(48);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);

        // 1. The officer issues the campaign.
        var officer = await SignInAsync(browser, baseUrl, "officer", "Officer#2026", $"/Reviews/Campaign/{campaignId}");
        officer.Dialog += async (_, d) => await d.AcceptAsync();
        await officer.ClickAsync("#open");
        await officer.WaitUntilAsync("document.getElementById('state').textContent.includes('进行中') || !document.getElementById('open')");
        await Shot(officer, "year-01-campaign-open.png");
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var filing = await db.Filings.Where(f => f.LegalEntity.Name == "忻州市高级技工学校").Select(f => f.Id).FirstAsync();
            assessmentId = await db.Assessments.Where(a => a.CampaignId == campaignId && a.FilingId == filing).Select(a => a.Id).FirstAsync();
            (await db.Assessments.CountAsync(a => a.CampaignId == campaignId)).ShouldBe(targets);
        }
        var url = $"/Reviews/Assessment/{assessmentId}";

        // 2. The body: nothing answered is not full marks; a count, a tier, a not-applicable, evidence; the rest; submit.
        var body = await SignInAsync(browser, baseUrl, "body", "Body#2026", url);
        body.Dialog += async (_, d) => await d.AcceptAsync();
        await body.WaitUntilAsync("document.getElementById('unanswered-count').textContent.trim() !== '—'");
        (await body.InnerTextAsync("#running-total")).ShouldBe("0");
        int.Parse(await body.InnerTextAsync("#unanswered-count")).ShouldBeGreaterThan(100);
        await body.FillAsync("tr[data-code='1.1.4'] .count", "1");
        await body.FillAsync("tr[data-code='1.1.4'] .reason", "线上报名渠道未开通");
        await body.SelectOptionAsync("tr[data-code='7.4.1'] select.answer", "cabinet");
        await body.FillAsync("tr[data-code='7.4.1'] .reason", "只设置了保密柜");
        await body.CheckAsync("tr[data-code='7.7.1'] .na");
        await body.FillAsync("tr[data-code='7.7.1'] .reason", "不采用网上阅卷");
        await body.WaitUntilAsync("document.getElementById('answered-count').textContent.trim() === '3'");
        // Submitting with unanswered rows lists them at the top, each linking to its row.
        await body.ClickAsync("#submit");
        await body.WaitForSelectorAsync("#error-list:not(.d-none) a[href='#row-1.1.1']");
        await Shot(body, "year-02-self-unanswered-errors.png");
        var pdf = Path.Combine(Path.GetTempPath(), "报名渠道说明-" + Guid.NewGuid().ToString("N")[..6] + ".pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        await body.SetInputFilesAsync("#evidence-file", pdf);
        await body.FillAsync("#evidence-indicator", "1.1.4");
        await body.ClickAsync("#upload-button");
        await body.WaitForSelectorAsync("#evidence li");
        await body.EvaluateAsync(AnswerTheRest);
        await body.WaitUntilAsync("document.getElementById('unanswered-count').textContent.trim() === '0'");
        await body.SetViewportSizeAsync(768, 1024);
        await Shot(body, "year-03-self-768px.png", "tr[data-code='1.1.4']");
        await body.ClickAsync("#submit");
        await body.WaitUntilAsync("document.getElementById('message').textContent.includes('已提交')");

        // 3. Two experts in the panel stage: each sees the submitted self-assessment side by side and scores on the form.
        app.Clock.Now = app.Clock.Now.AddDays(7);
        foreach (var (user, password, deduction) in new[] { ("expert", "Expert#2026", "1"), ("expert2", "Expert2#2026", "2") })
        {
            var expert = await SignInAsync(browser, baseUrl, user, password, url);
            expert.Dialog += async (_, d) => await d.AcceptAsync();
            (await expert.InnerTextAsync("#comparison-block summary")).ShouldContain("机构自评");
            await expert.WaitUntilAsync("document.getElementById('unanswered-count').textContent.trim() !== '—'");
            await expert.FillAsync("tr[data-code='1.1.4'] .count", deduction);
            await expert.FillAsync("tr[data-code='1.1.4'] .reason", "现场核实：线上报名渠道未开通");
            await expert.CheckAsync("tr[data-code='1.1.1'] input[value=false]");
            await expert.FillAsync("tr[data-code='1.1.1'] .reason", "未见年度工作计划");
            await expert.EvaluateAsync(AnswerTheRest);
            await expert.WaitUntilAsync("document.getElementById('unanswered-count').textContent.trim() === '0'");
            if (user == "expert") await Shot(expert, "year-04-expert-form.png", "tr[data-code='1.1.1']");
            await expert.ClickAsync("#submit");
            await expert.WaitUntilAsync("document.getElementById('message').textContent.includes('已提交')");
        }

        // 4. The officer sees self, each expert and the consolidated result, and finalises.
        await officer.GotoAsync(baseUrl + url);
        (await officer.InnerTextAsync("#comparison thead")).ShouldContain("考核小组");
        await officer.ClickAsync("#finalise");
        await officer.WaitUntilAsync("document.getElementById('finalised').textContent.includes('确认并锁定')");
        await Shot(officer, "year-05-officer-finalised.png", "#comparison tr[data-code='1.1.4']");

        // 5. Decisions: one body ready among the targets, the rest listed as not finished; override with a reason.
        await officer.GotoAsync($"{baseUrl}/Reviews/Decisions/{campaignId}");
        int.Parse(await officer.InnerTextAsync("#not-ready-count")).ShouldBe(targets - 1);
        var row = officer.Locator("#proposals tr[data-name='忻州市高级技工学校']");
        (await row.InnerTextAsync()).ShouldContain("正常评价");
        await row.Locator(".override").SelectOptionAsync("Suspend");
        await row.Locator(".override-reason").FillAsync("现场核查发现线上报名渠道长期未开通，须整改后恢复");
        await Shot(officer, "year-06-decisions.png");
        await officer.ClickAsync("#decide-all");
        await officer.WaitForSelectorAsync("#outcome.alert-success");
        (await officer.InnerTextAsync("#outcome")).ShouldContain("已作出 1 项评估意见");
        await officer.WaitForSelectorAsync("#decisions");
        (await officer.InnerTextAsync("#decisions")).ShouldContain("暂停评价活动");
        await Shot(officer, "year-07-decided.png", "#decisions");

        // 6. The body reads the panel's points and deduction reasons, and answers its rectification.
        await body.SetViewportSizeAsync(1280, 900);
        await body.GotoAsync(baseUrl + url);
        (await body.InnerTextAsync("#comparison thead")).ShouldContain("考核小组（已确认）");
        (await body.InnerTextAsync("#comparison")).ShouldContain("现场核实：线上报名渠道未开通");
        await Shot(body, "year-08-body-reads-deductions.png", "#comparison tr[data-code='1.1.4']");
        await body.GotoAsync(baseUrl + "/Reviews/Rectifications");
        await body.FillAsync("#rectifications .response", "已开通线上报名渠道，见报名平台截图");
        await body.ClickAsync("#rectifications .respond");
        await body.WaitUntilAsync("document.getElementById('rectifications').textContent.includes('待复查')");

        // 7. The officer re-checks it and restores evaluation (the follow-up decision).
        await officer.GotoAsync(baseUrl + "/Reviews/Rectifications");
        await officer.FillAsync("#rectifications .note", "复查：线上报名渠道已开通");
        await officer.ClickAsync("#rectifications .check[data-passed=true]");
        await officer.WaitForSelectorAsync("#rectifications .follow-up");
        await officer.ClickAsync("#rectifications .decide-follow-up");
        await officer.WaitUntilAsync("document.querySelector('#rectifications .follow-up-made').textContent.includes('恢复评价活动')");
        await Shot(officer, "year-09-follow-up.png");
        File.Delete(pdf);
    }

    [Fact]
    public async Task The_officer_manages_members_targets_and_findings_on_the_campaign_page()
    {
        var baseUrl = app.BaseUrl;
        var assessmentId = await SetUpCampaignAsync();
        int campaignId;
        using (var scope = app.Services.CreateScope())
            campaignId = await scope.ServiceProvider.GetRequiredService<AppDb>().Assessments.Where(a => a.Id == assessmentId).Select(a => a.CampaignId).FirstAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignInAsync(browser, baseUrl, "officer", "Officer#2026", $"/Reviews/Campaign/{campaignId}");

        // Only experts and officers may sit on the panel: the refusal is shown, then a valid member is added.
        await page.FillAsync("#add-member input[name=userName]", "admin");
        await page.ClickAsync("#add-member button");
        await page.WaitUntilAsync("document.getElementById('action-errors').textContent.includes('不能加入考核小组')");
        await page.FillAsync("#add-member input[name=userName]", "officer");
        await page.SelectOptionAsync("#add-member select[name=role]", "LeadingGroup");
        await page.ClickAsync("#add-member button");
        await page.WaitUntilAsync("document.getElementById('members').textContent.includes('officer')");

        // A finding with a PDF as evidence: it becomes a row the decision is computed from.
        var pdf = Path.Combine(Path.GetTempPath(), "审计报告-" + Guid.NewGuid().ToString("N")[..6] + ".pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        await page.SelectOptionAsync("#add-finding select[name=finding]", "UnrectifiedAuditFindings");
        await page.FillAsync("#add-finding input[name=note]", "2023年审计指出的收费票据问题未整改");
        await page.SetInputFilesAsync("#add-finding input[name=evidence]", pdf);
        await page.ClickAsync("#add-finding button");
        await page.WaitForSelectorAsync("#findings");
        (await page.InnerTextAsync("#findings")).ShouldContain("审计提出问题整改不到位");
        (await page.InnerTextAsync("#findings")).ShouldContain("1");

        // Taking the only target out needs a reason, and is marked as done by hand.
        await page.FillAsync("#targets form input[name=reason]", "机构已申请注销备案");
        await page.ClickAsync("#targets form button");
        await page.WaitUntilAsync("document.getElementById('targets').textContent.includes('（手工）') && document.getElementById('targets').textContent.includes('否')");
        File.Delete(pdf);
    }
}
