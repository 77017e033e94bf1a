using Microsoft.Playwright;

namespace SkillsAudit.Browser.Tests;

/// <summary>
/// Debian's Chromium, headless, as DEVELOPERS.md prescribes (no downloaded browser; the machine has no network, so
/// background networking and updates are off). SKILLSAUDIT_CHROMIUM overrides the path.
/// </summary>
public static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable("SKILLSAUDIT_CHROMIUM") ?? "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    /// <summary>Saves a full-page screenshot under the test output's screenshots/ folder.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name), FullPage = true });
    }

    /// <summary>
    /// Waits until the expression is true. Playwright's WaitForFunctionAsync evaluates a string predicate with eval in the
    /// page, which the app's Content-Security-Policy (no unsafe-eval) forbids; EvaluateAsync runs it from outside the page.
    /// </summary>
    public static async Task WaitUntilAsync(this IPage page, string expression, int timeoutMs = 30_000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            try
            {
                if (await page.EvaluateAsync<bool>(expression)) return;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < until)
            {
                // a navigation replaced the page meanwhile: ask the new one
            }
            if (DateTime.UtcNow > until) throw new TimeoutException("Timed out waiting for " + expression);
            await Task.Delay(100);
        }
    }

    /// <summary>Clicks 确定 in the app's confirmation dialog (confirm.js) once it is shown; returns the dialog's text.</summary>
    public static async Task<string> ConfirmAsync(this IPage page, string? screenshot = null)
    {
        await page.WaitForSelectorAsync("#confirm-dialog.show #confirm-ok");
        var text = await page.InnerTextAsync("#confirm-dialog .modal-content");
        if (screenshot is not null) await ScreenshotAsync(page, screenshot);
        await page.ClickAsync("#confirm-dialog.show #confirm-ok");
        await page.WaitForSelectorAsync("#confirm-dialog", new PageWaitForSelectorOptions { State = WaitForSelectorState.Hidden });
        return text;
    }
}
