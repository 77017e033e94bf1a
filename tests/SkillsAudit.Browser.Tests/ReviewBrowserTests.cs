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
        string D(int n) => day.AddDays(n).ToString("yyyy-MM-dd");
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

    [Fact]
    public async Task Body_fills_and_submits_a_self_assessment_with_evidence_an_expert_scores_it_and_the_officer_finalises()
    {
        var baseUrl = app.BaseUrl;
        var id = await SetUpCampaignAsync();
        var url = $"/Reviews/Assessment/{id}";
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);

        // The body: the running total follows the answers; evidence; draft; submit.
        var body = await SignInAsync(browser, baseUrl, "body", "Body#2026", url);
        (await body.InnerTextAsync("#body-name")).ShouldBe("忻州市高级技工学校");
        await body.WaitUntilAsync("document.getElementById('total').textContent.trim() !== '—' && document.getElementById('total').textContent.trim() !== ''");
        var before = decimal.Parse(await body.InnerTextAsync("#total"));
        await body.FillAsync("tr[data-code='1.1.1'] .points", "0");
        await body.FillAsync("tr[data-code='1.1.1'] .reason", "未制定年度工作计划");
        await body.WaitUntilAsync($"parseFloat(document.getElementById('total').textContent) === {before - 1}");
        var pdf = Path.Combine(Path.GetTempPath(), "年度工作计划-" + Guid.NewGuid().ToString("N")[..6] + ".pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        await body.SetInputFilesAsync("#evidence-file", pdf);
        await body.FillAsync("#evidence-indicator", "1.1.1");
        await body.ClickAsync("#upload-button");
        await body.WaitForSelectorAsync("#evidence li");
        (await body.InnerTextAsync("#evidence")).ShouldContain("年度工作计划");
        await body.ClickAsync("#save");
        await body.WaitForSelectorAsync("#message.alert-success");
        await body.ClickAsync("#submit");
        await body.WaitUntilAsync("document.getElementById('message').textContent.includes('已提交')");

        // The expert, in the panel stage.
        app.Clock.Now = app.Clock.Now.AddDays(7);
        var expert = await SignInAsync(browser, baseUrl, "expert", "Expert#2026", url);
        await expert.FillAsync("tr[data-code='1.1.4'] .points", "0.5");
        await expert.FillAsync("tr[data-code='1.1.4'] .reason", "无线上报名渠道");
        await expert.ClickAsync("#save");
        await expert.WaitForSelectorAsync("#message.alert-success");
        await expert.ClickAsync("#submit");
        await expert.WaitUntilAsync("document.getElementById('message').textContent.includes('已提交')");

        // The officer confirms the result.
        var officer = await SignInAsync(browser, baseUrl, "officer", "Officer#2026", url);
        (await officer.InnerTextAsync("#expert-sheets")).ShouldContain("expert");
        await officer.ClickAsync("#finalise");
        await officer.WaitUntilAsync("document.getElementById('message').textContent.includes('结果已确认')");
        (await officer.InnerTextAsync("#outcome")).ShouldBe("A");
        (await officer.InnerTextAsync("#finalised")).ShouldContain("officer");

        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await officer.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "review-finalised.png"), FullPage = false });
        await body.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "review-self-assessment.png"), FullPage = false });
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
