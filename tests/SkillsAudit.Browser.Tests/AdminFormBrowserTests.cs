using Microsoft.Playwright;
using Shouldly;
using Xunit;

namespace SkillsAudit.Browser.Tests;

/// <summary>The admin's account forms on a phone: a refused form shows its message at the field, on screen.</summary>
public sealed class AdminFormBrowserTests(LiveApp app) : IClassFixture<LiveApp>
{
    /// <summary>Whether the element is wholly inside the visible part of the page.</summary>
    private static string InView(string selector) =>
        $"(() => {{ const e = document.querySelector('{selector}'); if (!e) return false; const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }})()";

    [Fact]
    public async Task On_a_phone_a_refused_new_account_brings_the_first_wrong_field_and_its_message_into_view()
    {
        var baseUrl = app.BaseUrl;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignIn.AsAsync(browser, baseUrl, "admin", "Admin#2026", new ViewportSize { Width = 390, Height = 844 });

        // on a phone the form comes under the account list; a body user bound to no known body, with a wrong e-mail
        await page.GotoAsync(baseUrl + "/Admin/Users");
        await page.FillAsync("#Input_UserName", "phone.body");
        await page.FillAsync("#Input_DisplayName", "赵敏");
        await page.SelectOptionAsync("#Input_Role", "BodyUser");
        await page.FillAsync("#Input_Filings", "不存在的机构");
        await page.FillAsync("#Input_Email", "zhao@");
        await page.ClickAsync("#create");
        await page.WaitForSelectorAsync("#Input_Filings-error");
        (await page.InnerTextAsync("#Input_Filings-error")).ShouldContain("没有备案“不存在的机构”");
        (await page.InnerTextAsync("#Input_Email-error")).ShouldContain("格式不正确");

        // the first wrong field, with the message under it, is on screen and has the focus; nothing typed is lost
        await page.WaitUntilAsync(InView("#Input_Filings"), 5_000);
        await page.WaitUntilAsync(InView("#Input_Filings-error"), 5_000);
        (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("Input_Filings");
        (await page.InputValueAsync("#Input_UserName")).ShouldBe("phone.body");
        (await page.InputValueAsync("#Input_DisplayName")).ShouldBe("赵敏");
        (await page.InputValueAsync("#Input_Email")).ShouldBe("zhao@");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, "admin-new-account-refused-390.png") });
    }
}
