using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>Where headless Chromium is (Publication:Chromium, else the SKILLSAUDIT_CHROMIUM environment variable, else found on its own).</summary>
public sealed class NoticePdfOptions
{
    public string? Chromium { get; set; }
    /// <summary>How long one print may take before it is given up.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Prints <see cref="NoticeHtml.Document"/> to PDF with headless Chromium run directly (`--headless --print-to-pdf`, no
/// driver, no Node.js), honouring the page's CSS: @page A4 with the GB/T 9704 margins, a landscape page for a wide annex
/// and the page numbers in the page-margin boxes (--no-pdf-header-footer drops Chromium's own URL/date lines). One cold
/// start takes about 1.5 s; at most two prints run at once (the rest wait their turn). Chromium is never downloaded.
/// </summary>
public sealed class NoticePdf(NoticePdfOptions options)
{
    public static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio", "--no-pdf-header-footer",
        "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
    ];

    /// <summary>Where Chromium is looked for when no setting names it.</summary>
    public static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    private static readonly SemaphoreSlim Gate = new(2, 2);

    public string ChromiumPath()
    {
        var configured = options.Chromium is { Length: > 0 } c ? (c, "Publication:Chromium")
            : Environment.GetEnvironmentVariable("SKILLSAUDIT_CHROMIUM") is { Length: > 0 } e ? (e, "SKILLSAUDIT_CHROMIUM") : (null, null);
        if (configured.Item1 is { } path)
        {
            if (!File.Exists(path)) throw new UnavailableException($"无法生成 PDF：{configured.Item2} 指向的 Chromium “{path}” 不存在。");
            return path;
        }
        return Find() ?? throw new UnavailableException(
            "无法生成 PDF：本机没有找到 Chromium（已查找 /usr/bin/chromium、chromium-browser、google-chrome）。请安装 chromium，或在配置 Publication:Chromium（环境变量 SKILLSAUDIT_CHROMIUM）中给出其路径。");
    }

    /// <summary>Chromium on the PATH (and /usr/bin), under any of its usual names; null when there is none.</summary>
    public static string? Find()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin").Append("/snap/bin").Distinct();
        foreach (var name in Candidates)
            foreach (var dir in dirs)
            {
                var full = Path.Combine(dir, name);
                if (File.Exists(full)) return full;
            }
        return null;
    }

    /// <param name="progress">Told each step in Chinese ("启动 Chromium"…), for the CLI's progress line.</param>
    public async Task<byte[]> RenderAsync(string html, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var path = ChromiumPath();
        progress?.Report("等待打印队列");
        await Gate.WaitAsync(ct);
        var dir = Directory.CreateTempSubdirectory("skillsaudit-pdf-");
        try
        {
            var page = Path.Combine(dir.FullName, "notice.html");
            var pdf = Path.Combine(dir.FullName, "notice.pdf");
            await File.WriteAllTextAsync(page, html, ct);
            var psi = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in Args) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add($"--user-data-dir={Path.Combine(dir.FullName, "profile")}");
            psi.ArgumentList.Add($"--print-to-pdf={pdf}");
            psi.ArgumentList.Add(new Uri(page).AbsoluteUri);
            progress?.Report("Chromium 排版并打印");
            using var process = Process.Start(psi) ?? throw new UnavailableException($"无法生成 PDF：Chromium（{path}）未能启动。");
            var stderr = process.StandardError.ReadToEndAsync(ct);
            _ = process.StandardOutput.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                ct.ThrowIfCancellationRequested();
                throw new UnavailableException($"无法生成 PDF：Chromium 在 {options.Timeout.TotalSeconds:0} 秒内没有完成打印。");
            }
            if (process.ExitCode != 0 || !File.Exists(pdf) || new FileInfo(pdf).Length == 0)
            {
                var err = (await stderr).Split('\n').Where(l => l.Contains("ERROR", StringComparison.Ordinal) && !l.Contains("dbus", StringComparison.OrdinalIgnoreCase)).FirstOrDefault();
                throw new UnavailableException($"无法生成 PDF：Chromium（{path}）打印失败（退出码 {process.ExitCode}）{(err is null ? "" : "：" + err.Trim())}");
            }
            progress?.Report("完成");
            return await File.ReadAllBytesAsync(pdf, ct);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UnavailableException($"无法生成 PDF：Chromium（{path}）未能启动：{e.Message}");
        }
        finally
        {
            Gate.Release();
            try { dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
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
        services.AddSingleton<NoticeChanges>();
        services.AddScoped<NoticeService>();
        services.AddScoped<PublicNotices>();
        services.AddScoped<Demo.NoticeDemoLoader>();
        return services;
    }
}
