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
        await campaigns.SetTargetAsync(who, c.Id, filing, true, "市属机构（考核工作方案附件1 二.1）");
        await campaigns.AddMemberAsync(who, c.Id, "expert", "PanelLead", null);
        await campaigns.OpenAsync(who, c.Id);
        return await db.Assessments.Where(a => a.CampaignId == c.Id && a.FilingId == filing).Select(a => a.Id).FirstAsync();
    }

    private async Task<int> CampaignOfAsync(int assessmentId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().Assessments.Where(a => a.Id == assessmentId).Select(a => a.CampaignId).FirstAsync();
    }

    internal static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string user, string password, string returnUrl)
    {
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync($"{baseUrl}/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.FillAsync("#UserName", user);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**" + returnUrl, SignIn.Landed);
        return page;
    }

    /// <summary>Answers every still-unanswered row of the form in full (what a careful scorer does for the items found in order).</summary>
    internal const string AnswerTheRest = """
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
    internal static async Task Shot(IPage page, string name, string? at = null)
    {
        if (at is not null) await page.Locator(at).First.ScrollIntoViewIfNeededAsync();
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name), FullPage = false });
    }

    [Fact]
    public async Task Shortening_a_running_stage_asks_first_naming_the_change_and_says_it_was_saved()
    {
        var baseUrl = app.BaseUrl;
        var campaignId = await CampaignOfAsync(await SetUpCampaignAsync());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignInAsync(browser, baseUrl, "officer", "Officer#2026", $"/Reviews/Campaign/{campaignId}");
        var day = DateOnly.FromDateTime(app.Clock.Now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        string D(int n) => day.AddDays(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Nothing changed: said, nothing sent.
        await page.ClickAsync("#save-schedule");
        (await page.InnerTextAsync("#schedule-errors")).ShouldContain("日程没有改动");

        // 机构自评 two days shorter: the dialog names the change and the body that has not submitted; cancelling keeps the old schedule.
        await page.FillAsync("#schedule tr[data-stage=SelfAssessment] .to", D(3));
        await page.ClickAsync("#save-schedule");
        await page.WaitForSelectorAsync("#confirm-dialog.show #confirm-ok");
        var asked = await page.InnerTextAsync("#confirm-dialog .modal-content");
        asked.ShouldContain($"机构自评：截止 {D(5)} → {D(3)}（提前 2 天）");
        asked.ShouldContain("尚未提交的机构（1 个）");
        await Shot(page, "campaign-schedule-confirm.png");
        await page.ClickAsync("#confirm-dialog.show #confirm-cancel");
        await page.WaitForSelectorAsync("#confirm-dialog", new PageWaitForSelectorOptions { State = WaitForSelectorState.Hidden });
        using (var scope = app.Services.CreateScope())
            (await scope.ServiceProvider.GetRequiredService<CampaignHandlers>().GetAsync(ReviewUser.Operator("officer"), campaignId)).Stages.Single(s => s.Stage == "SelfAssessment").To.ShouldBe(day.AddDays(5));

        await page.ClickAsync("#save-schedule");
        await page.ConfirmAsync();
        await page.WaitForSelectorAsync("#schedule-saved:not(.d-none)");
        (await page.InnerTextAsync("#schedule-saved")).ShouldContain("日程已保存");
        (await page.InputValueAsync("#schedule tr[data-stage=SelfAssessment] .to")).ShouldBe(D(3));
    }

    [Fact]
    public async Task The_new_campaign_form_outlines_each_refused_field_and_opens_the_campaign_once_all_is_right()
    {
        var baseUrl = app.BaseUrl;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignInAsync(browser, baseUrl, "officer", "Officer#2026", "/Reviews");
        var day = DateOnly.FromDateTime(app.Clock.Now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        string D(int n) => day.AddDays(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // A year typed with a character is refused in the browser, never read as that year; the rest is still checked.
        await page.FillAsync("#create input[name=title]", "忻州市新建表单考核（浏览器测试）");
        await page.FillAsync("#create input[name=authority]", "忻州市人力资源和社会保障局");
        await page.FillAsync("#create input[name=year]", day.Year + "年");
        await page.ClickAsync("#create button[type=submit]");
        await page.WaitForSelectorAsync("#create input[name=year].is-invalid");
        (await page.InnerTextAsync("#create-errors")).ShouldContain("应为四位数字");
        (await page.Locator("#create select[name=rubric].is-invalid").CountAsync()).ShouldBe(1); // the rest is checked too

        // No rubric, no panel dates, a self-assessment that ends before it starts: every problem listed, each field outlined.
        await page.FillAsync("#create input[name=year]", day.Year.ToString(CultureInfo.InvariantCulture));
        await page.FillAsync("#create input[name=selfFrom]", D(5));
        await page.FillAsync("#create input[name=selfTo]", D(1));
        await page.ClickAsync("#create button[type=submit]");
        await page.WaitForSelectorAsync("#create select[name=rubric].is-invalid");
        (await page.Locator("#create input[name=year].is-invalid").CountAsync()).ShouldBe(0);
        (await page.Locator("#create input[name=panelFrom].is-invalid").CountAsync()).ShouldBe(1);
        (await page.Locator("#create input[name=panelTo].is-invalid").CountAsync()).ShouldBe(1);
        (await page.Locator("#create input[name=selfTo].is-invalid").CountAsync()).ShouldBe(1); // ends before it starts
        (await page.Locator("#create input[name=summaryFrom].is-invalid").CountAsync()).ShouldBe(0);
        var errors = await page.InnerTextAsync("#create-errors");
        errors.ShouldContain("请选择评估表");
        errors.ShouldContain("考核小组评审");
        (await page.InputValueAsync("#create input[name=title]")).ShouldBe("忻州市新建表单考核（浏览器测试）");
        await Shot(page, "campaign-create-refused.png", "#create");

        // Put right, the campaign is created and opened.
        await page.SelectOptionAsync("#create select[name=rubric]", "xinzhou-2023");
        await page.FillAsync("#create input[name=selfFrom]", D(0));
        await page.FillAsync("#create input[name=selfTo]", D(5));
        await page.FillAsync("#create input[name=panelFrom]", D(6));
        await page.FillAsync("#create input[name=panelTo]", D(20));
        await page.ClickAsync("#create button[type=submit]");
        await page.WaitForURLAsync("**/Reviews/Campaign/*", SignIn.Landed);
        (await page.InnerTextAsync("body")).ShouldContain("忻州市新建表单考核（浏览器测试）");
    }

    [Fact]
    public async Task The_officer_manages_members_targets_and_findings_on_the_campaign_page()
    {
        var baseUrl = app.BaseUrl;
        var campaignId = await CampaignOfAsync(await SetUpCampaignAsync());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignInAsync(browser, baseUrl, "officer", "Officer#2026", $"/Reviews/Campaign/{campaignId}");

        // Only experts and officers may sit on the panel: the refusal is shown, then a valid member is added.
        await page.FillAsync("#add-member input[name=userName]", "admin");
        await page.ClickAsync("#add-member button");
        // said at the 用户名 field (with the name kept), not in the page's top bar
        await page.WaitUntilAsync("document.querySelector('#add-member .field-error')?.textContent.includes('不能加入考核小组') === true");
        (await page.InputValueAsync("#add-member input[name=userName]")).ShouldBe("admin");
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

        // The plan the results notice cites, filled in on the page (sent with the version the page was shown with).
        var issued = $"{app.Clock.Now.ToOffset(TimeSpan.FromHours(8)).Year}-01-12";
        await page.FillAsync("#plan-title", "忻州市职业技能等级评价机构年度绩效考核工作方案");
        await page.FillAsync("#plan-doc", "忻人社函〔2023〕118号");
        await page.FillAsync("#plan-issued", issued);
        await page.ClickAsync("#save-plan");
        await page.WaitUntilAsync("document.getElementById('plan-doc')?.getAttribute('value') === '忻人社函〔2023〕118号'");
        await Shot(page, "campaign-plan.png", "#plan-form");
        (await page.InputValueAsync("#plan-issued")).ShouldBe(issued);

        // Taking the only target out needs a reason, and is marked as done by hand.
        await page.FillAsync("#targets form input[name=reason]", "机构已申请注销备案");
        await page.ClickAsync("#targets form button");
        await page.WaitUntilAsync("document.getElementById('targets').textContent.includes('（手工）') && document.getElementById('targets').textContent.includes('否')");
        File.Delete(pdf);
    }
    [Fact]
    public async Task On_a_phone_the_reasons_beside_each_target_and_each_proposed_decision_can_be_typed_in()
    {
        var baseUrl = app.BaseUrl;
        var campaignId = await CampaignOfAsync(await SetUpCampaignAsync());
        int historical;
        using (var scope = app.Services.CreateScope())
            historical = await scope.ServiceProvider.GetRequiredService<AppDb>().Campaigns.Where(c => c.Historical).Select(c => c.Id).FirstAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignInAsync(browser, baseUrl, "officer", "Officer#2026", $"/Reviews/Campaign/{campaignId}");
        await page.SetViewportSizeAsync(390, 844);
        const string Fits = "document.documentElement.scrollWidth <= window.innerWidth";
        string Width(string selector) => $"Math.round(document.querySelector('{selector}').getBoundingClientRect().width)";

        // 考核对象: the 理由 for taking a body out was a box a few characters wide beside the long rule text.
        await page.ReloadAsync();
        (await page.EvaluateAsync<int>(Width("#targets form input[name=reason]"))).ShouldBeGreaterThan(200);
        (await page.EvaluateAsync<bool>(Fits)).ShouldBeTrue();
        await page.FillAsync("#targets form input[name=reason]", "机构已申请注销备案");
        await Shot(page, "campaign-targets-390.png", "#targets");

        // 评估意见: the other decision and its 改定理由 beside each body's proposal.
        await page.GotoAsync($"{baseUrl}/Reviews/Decisions/{historical}");
        (await page.EvaluateAsync<int>(Width("#proposals .override"))).ShouldBeGreaterThan(200);
        (await page.EvaluateAsync<int>(Width("#proposals .override-reason"))).ShouldBeGreaterThan(200);
        (await page.IsVisibleAsync("#select-all")).ShouldBeTrue();
        (await page.EvaluateAsync<bool>(Fits)).ShouldBeTrue();
        await Shot(page, "decisions-390.png", "#proposals");

        // On a wide screen the campaign page keeps the reason box usable beside the targets' rule text too.
        await page.SetViewportSizeAsync(1300, 900);
        await page.GotoAsync($"{baseUrl}/Reviews/Campaign/{campaignId}");
        (await page.EvaluateAsync<int>(Width("#targets form input[name=reason]"))).ShouldBeGreaterThan(120);
    }
    [Fact]
    public async Task Another_decision_without_a_reason_is_refused_at_that_bodys_reason_box()
    {
        var baseUrl = app.BaseUrl;
        int historical;
        using (var scope = app.Services.CreateScope())
            historical = await scope.ServiceProvider.GetRequiredService<AppDb>().Campaigns.Where(c => c.Historical).Select(c => c.Id).FirstAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignInAsync(browser, baseUrl, "officer", "Officer#2026", $"/Reviews/Decisions/{historical}");

        // The second ready body is changed to another decision and no reason is given; the first is confirmed as proposed.
        var ready = page.Locator("#proposals tr[data-filing]:has(.pick)");
        await ready.Nth(0).Locator(".pick").CheckAsync();
        var changed = ready.Nth(1);
        var name = await changed.GetAttributeAsync("data-name");
        await changed.Locator(".override").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.ClickAsync("#decide-selected");

        // No confirmation is asked for; the empty box of that body is outlined with the reason under it and focused.
        var reason = changed.Locator(".override-reason");
        await page.WaitUntilAsync("document.querySelectorAll('#proposals .override-reason.is-invalid').length === 1");
        (await reason.GetAttributeAsync("aria-invalid")).ShouldBe("true");
        (await changed.Locator(".field-error").InnerTextAsync()).ShouldStartWith("改为“");
        (await page.EvaluateAsync<bool>("document.activeElement?.classList.contains('override-reason') && document.activeElement.closest('tr').dataset.name === " + System.Text.Json.JsonSerializer.Serialize(name))).ShouldBeTrue();
        (await page.IsVisibleAsync("#confirm-dialog.show")).ShouldBeFalse();
        (await page.InnerTextAsync("#outcome")).ShouldContain(name!);
        await Shot(page, "decisions-reason-missing.png", "#proposals .is-invalid");

        // Typing the reason clears the mark; nothing was decided.
        await reason.FillAsync("现场检查发现考场管理混乱");
        (await page.Locator("#proposals .field-error").CountAsync()).ShouldBe(0);
        (await reason.GetAttributeAsync("class"))!.ShouldNotContain("is-invalid");
        (await page.InnerTextAsync("body")).ShouldNotContain("已作出 1");
    }
    [Fact]
    public async Task On_a_phone_the_board_shows_each_body_as_a_card_with_its_name_on_one_line()
    {
        var baseUrl = app.BaseUrl;
        var campaignId = await CampaignOfAsync(await SetUpCampaignAsync());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignInAsync(browser, baseUrl, "officer", "Officer#2026", $"/Reviews/Board/{campaignId}");
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();

        // The name had a column two or three characters wide (忻州市 / 高级技 / 工学校); as a card it takes the width.
        var name = page.Locator("#board tbody tr[data-name='忻州市高级技工学校'] td:nth-child(2)");
        (await name.EvaluateAsync<int>("td => Math.round(td.getBoundingClientRect().width)")).ShouldBeGreaterThan(300);
        (await name.EvaluateAsync<int>("td => Math.round(td.getBoundingClientRect().height)")).ShouldBeLessThan(60);
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue();
        // the columns still empty for the body (score, decision, deadline) are left out of its card, its status is there
        (await page.Locator("#board tbody tr[data-name='忻州市高级技工学校'] td:nth-child(8)").IsVisibleAsync()).ShouldBeFalse();
        (await page.Locator("#board tbody tr[data-name='忻州市高级技工学校'] td:nth-child(4)").InnerTextAsync()).ShouldNotBeNullOrWhiteSpace();
        // the 全选 box of the hidden header row is still there above the cards, with its words
        (await page.IsVisibleAsync("#pick-all")).ShouldBeTrue();
        (await page.IsVisibleAsync("label[for=pick-all]")).ShouldBeTrue();
        await page.CheckAsync("#pick-all");
        await page.WaitUntilAsync("document.getElementById('picked')?.textContent.trim() === '1'");
        await Shot(page, "board-390.png", "#board");
    }
}
