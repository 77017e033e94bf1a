using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// No developer wording reaches a user: every page (as each role, as <see cref="PageCrawler"/> finds them) and
/// every document the system writes for the demo data (docx, xlsx, the PDF's text) is scanned for internal words —
/// "seed 003", "docs/…", user ids such as "cli:root" or "anonymous", class names, English exception text, raw
/// composite keys. Documents are cited by title and clause; people by name.
/// </summary>
public sealed partial class UserWordingTests(AppFactory app) : IClassFixture<AppFactory>
{
    [GeneratedRegex(@"\bseed\b|docs/|\bcli:|\banonymous\b|(?-i:\bSkillsAudit\.)|\bSystem\.[A-Z]|\bMicrosoft\.[A-Z]|\w+Exception\b|Object reference|Sequence contains|Value cannot be null|[A-Za-z][\w.]*,\d+\b", RegexOptions.IgnoreCase)]
    private static partial Regex Internal();

    /// <summary>A rubric id ("xinzhou-2023@1"): rubrics are shown by title, except on the rubric pages, where the id is the 评估表编号 an officer assigns on import.</summary>
    [GeneratedRegex(@"\b(?:xinzhou|yangquan|huainan)-\d{4}(?:@\d+)?(?![-\w])", RegexOptions.IgnoreCase)]
    private static partial Regex RubricId();

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"\b(?:title|placeholder|alt|aria-label)\s*=\s*""(?<v>[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex VisibleAttribute();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    /// <summary>What a person sees of a page: its text and the attributes a browser shows (title, placeholder, alt, aria-label).</summary>
    public static string VisibleText(string html)
    {
        var shown = Hidden().Replace(html, " ");
        var attrs = string.Join(" ", VisibleAttribute().Matches(shown).Select(m => m.Groups["v"].Value));
        return WebUtility.HtmlDecode(Tag().Replace(shown, " ") + " " + attrs);
    }

    /// <summary>The internal words found in a text, each with a little context.</summary>
    public static List<string> Findings(string text, bool rubricIds = true) =>
        Internal().Matches(text).Concat(rubricIds ? RubricId().Matches(text) : []).Select(m => text.Substring(Math.Max(0, m.Index - 20), Math.Min(text.Length - Math.Max(0, m.Index - 20), m.Length + 40)).ReplaceLineEndings(" ").Trim()).Distinct().ToList();

    [Fact]
    public async Task A_record_gone_missing_is_refused_in_words_without_its_number()
    {
        var officer = await app.OfficerAsync();
        foreach (var (url, body, words) in new (string, object, string)[]
        {
            ("/api/inspections/987654/publish", new { }, "没有找到这次抽查"),
            ("/api/inspections/987654/findings", new { filingId = 1, result = "合格" }, "没有找到这次抽查"),
        })
        {
            var res = await officer.PostAsJsonAsync(url, body);
            var text = await res.Content.ReadAsStringAsync();
            ((int)res.StatusCode).ShouldBeInRange(400, 404, text);
            text.ShouldContain(words);
            text.ShouldNotContain("987654");
        }
    }

    [Fact]
    public void The_scan_finds_what_it_looks_for()
    {
        foreach (var bad in new[] { "（seed 003 第二十一条）", "详见 docs/rubric-format.md", "审核人 cli:root", "anonymous", "gaoji.wang,30",
                     "SkillsAudit.Domain.Common.NotFoundException", "System.InvalidOperationException: Sequence contains no elements", "评估表 xinzhou-2023" })
            Findings(bad).ShouldNotBeEmpty(bad);
        Findings("《忻州市职业技能等级评价机构管理办法》第二十一条 审核人 王主任 合格率 81.79%，8,884 人 Seeding").ShouldBeEmpty();
        VisibleText("<script src=\"/js/a.js\">seed</script><style>.seed{}</style><p title=\"docs/x\">正文</p>").ShouldContain("docs/x");
        VisibleText("<a class=\"seed\" href=\"/docs/x\">链接</a>").Trim().ShouldBe("链接");
    }

    private async Task<int> CampaignIdAsync()
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().Set<Campaign>().Where(c => c.Year == 2023).Select(c => c.Id).SingleAsync();
    }

    /// <summary>An issued Xinzhou 2023 notice, so the public pages and the notice pages have something to show.</summary>
    private async Task<int> IssuedNoticeAsync()
    {
        var officer = await app.OfficerAsync();
        var res = await officer.PostAsJsonAsync("/api/notices/generate", new { year = 2023, region = "忻州市", campaignId = await CampaignIdAsync(), datedOn = "2024-01-25", documentNumber = "忻人社函〔2024〕5号" });
        res.StatusCode.ShouldBe(HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
        var id = (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var issue = await officer.PostAsJsonAsync($"/api/notices/{id}/issue", new { publicFrom = "2024-01-25", publicTo = "2099-12-31", confirm = true });
        issue.StatusCode.ShouldBe(HttpStatusCode.OK, await issue.Content.ReadAsStringAsync());
        return id;
    }

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static int? _notice;

    private async Task<int> NoticeAsync()
    {
        await Once.WaitAsync();
        try
        {
            return _notice ??= await IssuedNoticeAsync();
        }
        finally
        {
            Once.Release();
        }
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("admin", "Admin#2026")]
    [InlineData("officer", "Officer#2026")]
    [InlineData("expert", "Expert#2026")]
    [InlineData("body", "Body#2026")]
    public async Task No_page_shows_internal_wording(string? user, string? password)
    {
        await NoticeAsync();
        var client = user is null ? app.CreateClient(new() { AllowAutoRedirect = false }) : await app.SignedInAsync(user, password!);
        var problems = (await PageCrawler.CrawlAsync(app, client))
            .SelectMany(p => Findings(VisibleText(p.Html), rubricIds: !p.Url.StartsWith("/Rubrics", StringComparison.Ordinal)).Select(f => $"{p.Url}: {f}")).ToList();
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems.Take(60)));
    }

    [Fact]
    public async Task No_generated_document_shows_internal_wording()
    {
        var notice = await NoticeAsync();
        var campaign = await CampaignIdAsync();
        var admin = await app.AdminAsync();
        int assessment;
        using (var scope = app.Services.CreateScope())
            assessment = await scope.ServiceProvider.GetRequiredService<AppDb>().Set<Assessment>().Where(a => a.CampaignId == campaign).Select(a => a.Id).FirstAsync();
        string[] downloads =
        [
            $"/api/notices/{notice}/download/docx", $"/api/notices/{notice}/download/xlsx", $"/api/notices/{notice}/download/pdf",
            "/api/filings/export.xlsx", "/api/changes/report.xlsx?year=2024&quarter=1", $"/api/reviews/campaigns/{campaign}/annex4.xlsx",
            $"/api/reviews/assessments/{assessment}/sheet.xlsx", "/api/statistics/export?year=2023&region=忻州市", "/api/statistics/template.xlsx?year=2023",
            "/api/audit/export.xlsx", "/api/risk/export.xlsx?region=忻州市",
        ];
        var problems = new List<string>();
        foreach (var url in downloads)
        {
            var res = await admin.GetAsync(url);
            res.StatusCode.ShouldBe(HttpStatusCode.OK, url + " " + await res.Content.ReadAsStringAsync());
            var bytes = await res.Content.ReadAsByteArrayAsync();
            var text = await DocumentTextAsync(res.Content.Headers.ContentType!.MediaType!, bytes);
            text.Length.ShouldBeGreaterThan(20, url);
            problems.AddRange(Findings(text).Select(p => $"{url}: {p}"));
        }
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems.Take(60)));
    }

    /// <summary>The text of a generated file: every part's XML text for docx/xlsx (titles, cells, properties), pdftotext for PDF.</summary>
    private static async Task<string> DocumentTextAsync(string mediaType, byte[] bytes)
    {
        if (mediaType == "application/pdf")
        {
            var file = Path.Combine(Path.GetTempPath(), $"wording-{Guid.NewGuid():N}.pdf");
            try
            {
                await File.WriteAllBytesAsync(file, bytes);
                var (code, text) = await Tools.RunAsync(Tools.Find("pdftotext") ?? throw new InvalidOperationException("pdftotext (poppler-utils) is not installed: run ./test.sh"), file, "-");
                code.ShouldBe(0, text);
                return text;
            }
            finally
            {
                File.Delete(file);
            }
        }
        using OpenXmlPackage package = mediaType.Contains("wordprocessing", StringComparison.Ordinal)
            ? WordprocessingDocument.Open(new MemoryStream(bytes), false)
            : SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sb = new StringBuilder();
        foreach (var part in package.GetAllParts())
        {
            if (!part.ContentType.EndsWith("xml", StringComparison.Ordinal)) continue;
            using var reader = new StreamReader(part.GetStream());
            var xml = await reader.ReadToEndAsync();
            sb.Append(WebUtility.HtmlDecode(Tag().Replace(xml, " "))).Append('\n');
        }
        return sb.ToString();
    }
}
