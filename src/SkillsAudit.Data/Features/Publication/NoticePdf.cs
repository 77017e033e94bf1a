using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>Where headless Chromium is (Publication:Chromium, else the SKILLSAUDIT_CHROMIUM environment variable).</summary>
public sealed class NoticePdfOptions
{
    public string? Chromium { get; set; }
}

/// <summary>
/// Prints <see cref="NoticeHtml.Document"/> to PDF with headless Chromium through Microsoft.Playwright, honouring the
/// page's CSS (@page A4 with the GB/T 9704 margins). Chromium is never downloaded: it must be configured.
/// </summary>
public sealed class NoticePdf(NoticePdfOptions options)
{
    public static readonly string[] Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    public string ChromiumPath()
    {
        var configured = options.Chromium is { Length: > 0 } c ? (c, "Publication:Chromium")
            : Environment.GetEnvironmentVariable("SKILLSAUDIT_CHROMIUM") is { Length: > 0 } e ? (e, "SKILLSAUDIT_CHROMIUM") : (null, null);
        if (configured.Item1 is null)
            throw new UnavailableException("无法生成 PDF：未配置 Chromium。请在配置 Publication:Chromium 或环境变量 SKILLSAUDIT_CHROMIUM 中给出 chromium 可执行文件的路径（如 /usr/bin/chromium）。");
        if (!File.Exists(configured.Item1))
            throw new UnavailableException($"无法生成 PDF：{configured.Item2} 指向的 Chromium “{configured.Item1}” 不存在。");
        return configured.Item1;
    }

    public async Task<byte[]> RenderAsync(string html, CancellationToken ct = default)
    {
        var path = ChromiumPath();
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = path, Headless = true, Args = Args, Timeout = 60_000 });
            var page = await browser.NewPageAsync();
            await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load });
            ct.ThrowIfCancellationRequested();
            return await page.PdfAsync(new PagePdfOptions { Format = "A4", PreferCSSPageSize = true, PrintBackground = true });
        }
        catch (PlaywrightException e)
        {
            throw new UnavailableException($"无法生成 PDF：Chromium（{path}）未能启动或打印：{e.Message.Split('\n')[0]}");
        }
    }
}

public static class PublicationServices
{
    /// <summary>Notices for the web app and the CLI alike: generator, store, fonts (Publication:TitleFont/BodyFont) and PDF (Publication:Chromium).</summary>
    public static IServiceCollection AddNotices(this IServiceCollection services, NoticeFonts? fonts = null, string? chromium = null)
    {
        services.AddSingleton(fonts ?? new NoticeFonts());
        services.AddSingleton(new NoticePdfOptions { Chromium = chromium });
        services.AddSingleton<NoticePdf>();
        services.AddScoped<NoticeGenerator>();
        services.AddScoped<NoticeService>();
        return services;
    }
}
