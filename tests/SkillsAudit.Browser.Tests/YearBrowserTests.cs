using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Registry;
using Xunit;
using static SkillsAudit.Browser.Tests.ReviewBrowserTests;

namespace SkillsAudit.Browser.Tests;

/// <summary>
/// A whole review year in the browser over the 48-body Xinzhou campaign (issue "Tests"): the officer opens it; two bodies
/// self-assess with a count, a tier, a not-applicable and an evidence file; one expert scores on the form, the other
/// uploads the offline xlsx sheet; the officer finalises both, decides one from the board and the other with an override;
/// the body reads its deductions and answers its rectification; the officer re-checks it and renews; after publication a
/// body files a review request and the officer answers it. Every irreversible step goes through the confirmation dialog.
/// </summary>
public sealed class YearBrowserTests(ReviewLiveApp app) : IClassFixture<ReviewLiveApp>
{
    private const string Body1 = "忻州市高级技工学校";
    private const string Body2 = "山西国智职业培训学校";

    private async Task<(int Campaign, int Targets, int A1, int A2)> SetUpAsync()
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDb>();
        var campaigns = sp.GetRequiredService<CampaignHandlers>();
        var who = ReviewUser.Operator("officer");
        var day = DateOnly.FromDateTime(app.Clock.Now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        string D(int n) => day.AddDays(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // The second body's filing of April 2021 ends its three-year term: it is up for renewal (附件4 (二)/(三)).
        var f2 = await db.Filings.Include(f => f.LegalEntity).Include(f => f.Scope).FirstAsync(f => f.LegalEntity.Name == Body2);
        f2.Edit(f2.ToDetails() with { FiledOn = new PartialDate(2021, 4), PeriodEnd = new PartialDate(2024, 3) }, "officer", app.Clock.Now);
        await db.SaveChangesAsync();
        var c = await campaigns.CreateAsync(who, new CampaignInput
        {
            Title = "忻州市职业技能等级评价机构年度绩效考核（全年演练）", DocumentNumber = "测试〔2026〕9号", Authority = "忻州市人力资源和社会保障局", Year = day.Year,
            Region = "忻州市", Rubric = "xinzhou-2023",
            Stages = [new("SelfAssessment", D(0), D(5)), new("PanelReview", D(6), D(20)), new("Summary", D(21), D(25)), new("Publication", D(26), D(45))],
        });
        var targets = (await campaigns.ApplyTargetsAsync(who, c.Id, day)).Count(t => t.Verdict != Domain.Reviews.TargetVerdict.Excluded);
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        foreach (var (name, password, role) in new[] { ("expert2", "Expert2#2026", Roles.Expert), ("body2", "Body2#2026", Roles.BodyUser) })
        {
            if (await users.FindByNameAsync(name) is not null) continue;
            var u = new AppUser { UserName = name, DisplayName = name };
            (await users.CreateAsync(u, password)).Succeeded.ShouldBeTrue();
            await users.AddToRoleAsync(u, role);
            if (role == Roles.BodyUser) { db.UserFilings.Add(new UserFiling { UserId = u.Id, FilingId = f2.Id }); await db.SaveChangesAsync(); }
        }
        await campaigns.AddMemberAsync(who, c.Id, "expert", "PanelLead", null);
        await campaigns.AddMemberAsync(who, c.Id, "expert2", "Panel", null);
        return (c.Id, targets, 0, 0);
    }

    private async Task<int> AssessmentAsync(int campaign, string body)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        return await db.Assessments.Where(a => a.CampaignId == campaign && db.Filings.Any(f => f.Id == a.FilingId && f.LegalEntity.Name == body)).Select(a => a.Id).FirstAsync();
    }

    /// <summary>The body's form: a count, a tier, a not-applicable with its justification, an evidence file, the rest in full; submit.</summary>
    private static async Task SelfAssessAsync(IPage body, string shotPrefix, bool showErrors)
    {
        await body.WaitUntilAsync("document.getElementById('unanswered-count').textContent.trim() !== '—'");
        (await body.InnerTextAsync("#running-total")).ShouldBe("0");
        // The oral-defence items do not apply to a body that assesses no 技师/高级技师: shown so, read-only, nothing to answer.
        await body.WaitForSelectorAsync("tr[data-code='7.1.2'].auto-na");
        (await body.InnerTextAsync("tr[data-code='7.1.2'] .got")).ShouldStartWith("不适用（");
        (await body.Locator("tr[data-code='7.1.2'] input:not([disabled]), tr[data-code='7.1.2'] select:not([disabled])").CountAsync()).ShouldBe(0);
        await Shot(body, shotPrefix + "-not-applicable.png", "tr[data-code='7.1.2']");
        (await body.InnerTextAsync("tr[data-code='7.1.4'] td[data-label='评估内容']")).Trim().ShouldBe("原文未印出评估内容，按评分标准评分"); // a blank cell of the print, said so
        await body.FillAsync("tr[data-code='1.1.4'] .count", "1");
        await body.FillAsync("tr[data-code='1.1.4'] .reason", "线上报名渠道未开通");
        await body.SelectOptionAsync("tr[data-code='7.4.1'] select.answer", "cabinet");
        await body.FillAsync("tr[data-code='7.4.1'] .reason", "只设置了保密柜");
        await body.CheckAsync("tr[data-code='7.7.1'] .na");
        await body.FillAsync("tr[data-code='7.7.1'] .reason", "不采用网上阅卷");
        await body.WaitUntilAsync("document.getElementById('answered-count').textContent.trim() === '3'");
        if (showErrors)
        {
            // Leaving with answers not yet saved asks first (the browser's own leave-the-page dialog); staying keeps them.
            var asked = new TaskCompletionSource<string>();
            void OnDialog(object? sender, IDialog d) { asked.TrySetResult(d.Type); _ = d.DismissAsync(); }
            body.Dialog += OnDialog;
            await body.ClickAsync("a.navbar-brand");
            (await asked.Task.WaitAsync(TimeSpan.FromSeconds(15))).ShouldBe("beforeunload");
            body.Dialog -= OnDialog;
            (await body.InputValueAsync("tr[data-code='1.1.4'] .reason")).ShouldBe("线上报名渠道未开通");

            // Two wrong number boxes at once: both listed together, each on its row; the rest of the draft is saved (a
            // new version), the two rows are not, and what was typed in them stays in their boxes to be corrected.
            var other = await body.EvaluateAsync<string>("[...document.querySelectorAll('tr.indicator-row:not(.auto-na) .count')].map(c => c.closest('tr').dataset.code).find(c => c !== '1.1.4')");
            await body.FillAsync("tr[data-code='1.1.4'] .count", "-2");
            await body.FillAsync($"tr[data-code='{other}'] .count", "-1");
            var versionBefore = (await body.InnerTextAsync("#version")).Trim();
            await body.ClickAsync("#save");
            await body.WaitForSelectorAsync("#error-list:not(.d-none)");
            await body.WaitUntilAsync("document.getElementById('message').textContent.includes('已保存其余评分')");
            var listed = await body.InnerTextAsync("#error-list");
            listed.ShouldContain("指标 1.1.4：个数不能为负数");
            listed.ShouldContain($"指标 {other}：个数不能为负数");
            (await body.InnerTextAsync("tr[data-code='1.1.4'] .err")).ShouldContain("个数不能为负数");
            (await body.InnerTextAsync("#message")).ShouldContain("有 2 项所填内容无效，这几项未保存");
            (await body.InnerTextAsync("#version")).Trim().ShouldNotBe(versionBefore);
            (await body.InputValueAsync("tr[data-code='1.1.4'] .count")).ShouldBe("-2");
            (await body.InputValueAsync($"tr[data-code='{other}'] .count")).ShouldBe("-1");
            await Shot(body, shotPrefix + "-two-wrong-counts.png");
            await body.FillAsync($"tr[data-code='{other}'] .count", "");
            await body.FillAsync("tr[data-code='1.1.4'] .count", "1");
            await body.WaitUntilAsync("document.getElementById('error-list').classList.contains('d-none')");
            // 保存草稿 straight after typing: the save cancels the pending recomputation and recomputes the total itself.
            var third = await body.EvaluateAsync<string>("[...document.querySelectorAll('tr.indicator-row:not(.auto-na) .count')].map(c => c.closest('tr').dataset.code).find(c => c !== '1.1.4' && c !== '1.1.1')");
            // (typed and clicked in one go, well inside the 250 ms after which the total would be recomputed anyway)
            await body.EvaluateAsync($"() => {{ const c = document.querySelector(\"tr[data-code='{third}'] .count\"); c.value = '0'; c.dispatchEvent(new Event('input', {{ bubbles: true }})); document.getElementById('save').click(); }}");
            await body.WaitUntilAsync("document.getElementById('message').textContent.includes('已保存') && document.getElementById('answered-count').textContent.trim() === '4'");
            // Submitting with 130-odd unanswered rows: the first few link to their rows, the rest collapse behind <details>.
            await body.ClickAsync("#submit");
            await body.WaitForSelectorAsync("#error-list:not(.d-none) a[href='#row-1.1.1']");
            // The number box just left fires its change on the way to the button: the total recomputed for it (after
            // 250 ms) must not hide the list again.
            await body.WaitForTimeoutAsync(1000);
            (await body.IsVisibleAsync("#error-list a[href='#row-1.1.1']")).ShouldBeTrue("提交后列出的未作答指标又被隐藏了");
            (await body.Locator("#error-list > ul > li").CountAsync()).ShouldBe(5);
            (await body.InnerTextAsync("#error-more summary")).ShouldContain("另有");
            await Shot(body, shotPrefix + "-unanswered-collapsed.png");
        }
        var pdf = Path.Combine(Path.GetTempPath(), "报名渠道说明-" + Guid.NewGuid().ToString("N")[..6] + ".pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        await body.SetInputFilesAsync("#evidence-file", pdf);
        await body.FillAsync("#evidence-indicator", "1.1.4");
        await body.ClickAsync("#upload-button");
        await body.WaitForSelectorAsync("#evidence li");
        File.Delete(pdf);
        await body.EvaluateAsync(AnswerTheRest);
        await body.WaitUntilAsync("document.getElementById('unanswered-count').textContent.trim() === '0'");
        await body.ClickAsync("#submit");
        var confirm = await body.ConfirmAsync(shotPrefix + "-submit-confirm.png");
        confirm.ShouldContain("将锁定");
        confirm.ShouldMatch(@"适用的 \d+ 项指标均已作答（另有 \d+ 项对本机构不适用）");
        await body.WaitUntilAsync("document.getElementById('message').textContent.includes('已提交')");
    }

    /// <summary>The offline sheet, downloaded with the expert's session, filled in full except 1.1.1 (0 with its reason).</summary>
    private static async Task<string> FilledSheetAsync(IPage expert, string baseUrl, int assessment)
    {
        var res = await expert.APIRequest.GetAsync($"{baseUrl}/api/reviews/assessments/{assessment}/sheet.xlsx");
        res.Ok.ShouldBeTrue();
        var rows = TabularReader.ReadRows(new MemoryStream(await res.BodyAsync()), "sheet.xlsx").Select(r => r.Cells.Select(c => c ?? "").ToArray()).ToList();
        var header = rows.FindIndex(r => r[0] == "编号");
        foreach (var r in rows.Skip(header + 1).Where(r => r[0].Length > 0 && r[8] != "—"))
            r[8] = r[4].StartsWith("否决项", StringComparison.Ordinal) ? "不存在" : decimal.Parse(r[5], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        rows.Single(r => r[0] == "3.6")[8] = "1";
        rows.Single(r => r[0] == "1.1.1")[8] = "0";
        rows.Single(r => r[0] == "1.1.1")[10] = "纸质评分：未见年度工作计划";
        var path = Path.Combine(Path.GetTempPath(), $"评分表-已填-{assessment}-{Guid.NewGuid():N}.xlsx");
        await using (var fs = File.Create(path))
        using (var w = new XlsxWriter(fs))
            w.AddSheet("评分表", rows.Select(r => (IReadOnlyList<XCell>)r.Select(c => (XCell)c).ToArray()));
        return path;
    }

    [Fact]
    public async Task A_whole_review_year_over_the_48_Xinzhou_bodies_in_the_browser()
    {
        var baseUrl = app.BaseUrl;
        var (campaignId, targets, _, _) = await SetUpAsync();
        targets.ShouldBeGreaterThanOrEqualTo(48);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);

        // 1. The officer issues the campaign (印发), after the confirmation that says what is locked.
        var officer = await SignInAsync(browser, baseUrl, "officer", "Officer#2026", $"/Reviews/Campaign/{campaignId}");
        await officer.ClickAsync("#open");
        (await officer.ConfirmAsync("year-01-open-confirm.png")).ShouldContain("评估表");
        await officer.WaitUntilAsync("!document.getElementById('open')");
        var a1 = await AssessmentAsync(campaignId, Body1);
        var a2 = await AssessmentAsync(campaignId, Body2);
        await officer.GotoAsync($"{baseUrl}/Reviews/Board/{campaignId}");
        (await officer.Locator("#board tr[data-status='NotStarted']").CountAsync()).ShouldBe(targets);
        await Shot(officer, "year-02-board-open.png");

        // 2. Two bodies self-assess.
        var body = await SignInAsync(browser, baseUrl, "body", "Body#2026", $"/Reviews/Assessment/{a1}");
        await SelfAssessAsync(body, "year-03-body1", showErrors: true);
        var body2 = await SignInAsync(browser, baseUrl, "body2", "Body2#2026", $"/Reviews/Assessment/{a2}");
        await body2.SetViewportSizeAsync(768, 1024);
        await SelfAssessAsync(body2, "year-04-body2-768px", showErrors: false);

        // 3. The panel stage: one expert scores on the form, the other uploads the filled offline sheet.
        app.Clock.Now = app.Clock.Now.AddDays(7);
        foreach (var a in new[] { a1, a2 })
        {
            var url = $"/Reviews/Assessment/{a}";
            var expert = await SignInAsync(browser, baseUrl, "expert", "Expert#2026", url);
            (await expert.InnerTextAsync("#comparison-block summary")).ShouldContain("机构自评");
            await expert.WaitUntilAsync("document.getElementById('unanswered-count').textContent.trim() !== '—'");
            await expert.FillAsync("tr[data-code='1.1.4'] .count", "1");
            await expert.FillAsync("tr[data-code='1.1.4'] .reason", "现场核实：线上报名渠道未开通");
            await expert.CheckAsync("tr[data-code='1.1.1'] input[value=false]");
            await expert.FillAsync("tr[data-code='1.1.1'] .reason", "未见年度工作计划");
            await expert.EvaluateAsync(AnswerTheRest);
            await expert.WaitUntilAsync("document.getElementById('unanswered-count').textContent.trim() === '0'");
            if (a == a1) await Shot(expert, "year-05-expert-form.png", "tr[data-code='1.1.1']");
            await expert.ClickAsync("#submit");
            await expert.ConfirmAsync();
            await expert.WaitUntilAsync("document.getElementById('message').textContent.includes('已提交')");
            await expert.Context.CloseAsync();

            var expert2 = await SignInAsync(browser, baseUrl, "expert2", "Expert2#2026", url);
            var sheet = await FilledSheetAsync(expert2, baseUrl, a);
            await expert2.SetInputFilesAsync("#sheet-file", sheet);
            await expert2.ClickAsync("#sheet-upload-button");
            await expert2.ConfirmAsync();
            await expert2.WaitForURLAsync("**" + url);
            await expert2.WaitUntilAsync("document.getElementById('unanswered-count').textContent.trim() === '0'");
            if (a == a1) await Shot(expert2, "year-06-expert2-uploaded-sheet.png", "tr[data-code='1.1.1']");
            await expert2.ClickAsync("#submit");
            await expert2.ConfirmAsync();
            await expert2.WaitUntilAsync("document.getElementById('message').textContent.includes('已提交')");
            await expert2.Context.CloseAsync();
            File.Delete(sheet);
        }

        // 4. The officer finalises both.
        await officer.GotoAsync($"{baseUrl}/Reviews/Board/{campaignId}?status=Scored");
        (await officer.Locator("#board tr[data-filing]").CountAsync()).ShouldBe(2);
        foreach (var a in new[] { a1, a2 })
        {
            await officer.GotoAsync($"{baseUrl}/Reviews/Assessment/{a}");
            await officer.ClickAsync("#finalise");
            (await officer.ConfirmAsync(a == a1 ? "year-07-finalise-confirm.png" : null)).ShouldContain("将锁定");
            await officer.WaitUntilAsync("document.getElementById('finalised').textContent.includes('确认并锁定')");
        }
        await Shot(officer, "year-08-finalised.png", "#comparison tr[data-code='1.1.1']");

        // 5. Decide the first body from the board (the proposal, with progress), then the second with an override.
        await officer.GotoAsync($"{baseUrl}/Reviews/Board/{campaignId}");
        await officer.CheckAsync($"#board tr[data-name='{Body1}'] .pick");
        await officer.ClickAsync("#bulk-run");
        (await officer.ConfirmAsync("year-09-board-decide-confirm.png")).ShouldContain("不能撤销");
        await officer.WaitForSelectorAsync("#bulk-outcome.alert-success");
        (await officer.InnerTextAsync("#bulk-outcome")).ShouldContain("成功 1 个");
        await Shot(officer, "year-10-board-decided.png");
        await officer.GotoAsync($"{baseUrl}/Reviews/Decisions/{campaignId}");
        var row = officer.Locator($"#proposals tr[data-name='{Body2}']");
        await row.Locator(".override").SelectOptionAsync("DeferRenewal");
        await row.Locator(".override-reason").FillAsync("现场核查发现年度工作计划缺失，整改后再予延续");
        await officer.ClickAsync("#decide-selected");
        (await officer.ConfirmAsync("year-11-override-confirm.png")).ShouldContain("改定");
        await officer.WaitForSelectorAsync("#outcome.alert-success");
        // The page reloads with the decision listed.
        await officer.WaitUntilAsync("(document.getElementById('decisions')?.textContent ?? '').includes('暂时不予延续备案')");
        await Shot(officer, "year-12-decided.png", "#decisions");

        // 6. The body reads the panel's points and deduction reasons, and answers its rectification.
        await body2.SetViewportSizeAsync(1280, 900);
        await body2.GotoAsync($"{baseUrl}/Reviews/Assessment/{a2}");
        (await body2.InnerTextAsync("#comparison thead")).ShouldContain("考核小组（已确认）");
        (await body2.InnerTextAsync("#comparison")).ShouldContain("未见年度工作计划");
        await Shot(body2, "year-13-body-reads-deductions.png", "#comparison tr[data-code='1.1.1']");
        await body2.GotoAsync(baseUrl + "/Reviews/Rectifications");
        await body2.FillAsync("#rectifications .response", "已制定年度工作计划并经负责人签发");
        var planPdf = Path.Combine(Path.GetTempPath(), "年度工作计划-" + Guid.NewGuid().ToString("N")[..6] + ".pdf");
        await File.WriteAllTextAsync(planPdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        await body2.SetInputFilesAsync("#rectifications .files", planPdf);
        await body2.ClickAsync("#rectifications .respond");
        await body2.WaitUntilAsync("document.getElementById('rectifications').textContent.includes('待复查')");
        (await body2.InnerTextAsync("#rectifications .files-attached")).ShouldContain(Path.GetFileName(planPdf));
        File.Delete(planPdf);

        // 7. The officer re-checks it (reading the attached file) and renews the filing.
        await officer.GotoAsync(baseUrl + "/Reviews/Rectifications");
        (await officer.GetAttributeAsync("#rectifications .files-attached a", "href")).ShouldStartWith("/api/reviews/evidence/");
        await Shot(officer, "year-13a-rectification-with-file.png");
        await officer.FillAsync("#rectifications .note", "复查：年度工作计划已制定");
        await officer.ClickAsync("#rectifications .check[data-passed=true]");
        await officer.ConfirmAsync("year-13b-recheck-confirm.png"); // the 复查 conclusion cannot be undone: asked first
        await officer.WaitForSelectorAsync("#rectifications .follow-up");
        await officer.SelectOptionAsync("#rectifications .kind", "Renew");
        await officer.ClickAsync("#rectifications .decide-follow-up");
        await officer.ConfirmAsync();
        await officer.WaitUntilAsync("document.querySelector('#rectifications .follow-up-made').textContent.includes('同意延续备案')");
        await Shot(officer, "year-14-renewed.png");

        // 8. After publication the body files a review request within 15 working days; the officer answers it.
        app.Clock.Now = app.Clock.Now.AddDays(20);
        await body.GotoAsync($"{baseUrl}/Reviews/Assessment/{a1}");
        (await body.InnerTextAsync("#review-window-text")).ShouldContain("15 个工作日");
        await body.FillAsync("#grounds", "对指标1.1.1“年度工作计划”扣分有异议，计划已于年初报送");
        await body.ClickAsync("#file-review");
        await body.ConfirmAsync("year-15-review-request-confirm.png");
        await body.WaitForSelectorAsync("#review-pending");
        await Shot(body, "year-16-review-request-filed.png", "#review-window");
        await officer.GotoAsync($"{baseUrl}/Reviews/Requests?campaign={campaignId}");
        await officer.FillAsync("#requests form.answer textarea", "经核，年度工作计划报送记录不全，维持原结果");
        await officer.ClickAsync("#requests form.answer button[value=false]");
        await officer.ConfirmAsync();
        // Answered: the page reloads with the answer as text and no answer form left (the button's own label says 维持原结果,
        // so that text alone proves nothing).
        await officer.WaitUntilAsync("document.querySelector('#requests form.answer') === null && document.getElementById('requests').textContent.includes('经核，年度工作计划报送记录不全')");
        (await officer.InnerTextAsync("#requests tbody tr")).ShouldContain("已答复：维持原结果");
        await Shot(officer, "year-17-review-request-answered.png");
    }
}
