using System.Text.RegularExpressions;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Every page, as every role, as the browser gets it: no inline script and no on…= attribute (a strict CSP forbids
/// them), and every form control has a label. The pages are those <see cref="PageCrawler"/> finds, so a new page is
/// scanned without being listed here.
/// </summary>
public sealed partial class PageMarkupTests(AppFactory app) : IClassFixture<AppFactory>
{
    [GeneratedRegex(@"<script\b(?<attrs>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"<[a-zA-Z][^>]*?\s(?<attr>on[a-z]+)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventAttribute();

    [GeneratedRegex(@"<(?<tag>input|select|textarea)\b(?<attrs>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex Control();

    private static string? Attr(string attrs, string name) =>
        Regex.Match(attrs, $@"\b{name}\s*=\s*""(?<v>[^""]*)""", RegexOptions.IgnoreCase) is { Success: true } m ? m.Groups["v"].Value : null;

    /// <summary>What is wrong with one page's markup (empty when nothing).</summary>
    public static List<string> Problems(string html)
    {
        var problems = new List<string>();
        foreach (Match m in ScriptTag().Matches(html))
        {
            var attrs = m.Groups["attrs"].Value;
            if (Attr(attrs, "src") is null && Attr(attrs, "type") != "application/json") problems.Add("inline <script>");
        }
        foreach (Match m in EventAttribute().Matches(html)) problems.Add($"event attribute {m.Groups["attr"].Value}=");
        foreach (Match m in Control().Matches(html))
        {
            var attrs = m.Groups["attrs"].Value;
            var type = Attr(attrs, "type")?.ToLowerInvariant();
            if (type is "hidden" or "submit" or "button" or "reset" or "image") continue;
            if (Attr(attrs, "aria-label") is { Length: > 0 } || Attr(attrs, "aria-labelledby") is { Length: > 0 }) continue;
            if (Attr(attrs, "id") is { Length: > 0 } id && html.Contains($"for=\"{id}\"", StringComparison.Ordinal)) continue;
            var before = html[..m.Index];
            if (before.LastIndexOf("<label", StringComparison.OrdinalIgnoreCase) > before.LastIndexOf("</label>", StringComparison.OrdinalIgnoreCase)) continue;
            problems.Add($"<{m.Groups["tag"].Value}{(Attr(attrs, "name") is { } n ? " name=" + n : "")}> without a label");
        }
        return problems;
    }

    [Fact]
    public void The_scan_finds_what_it_looks_for()
    {
        Problems("<script>alert(1)</script>").ShouldContain("inline <script>");
        Problems("<button onclick=\"x()\">").ShouldContain("event attribute onclick=");
        Problems("<input name=\"year\" placeholder=\"年度\">").ShouldContain("<input name=year> without a label");
        Problems("<script src=\"/js/a.js\"></script><script type=\"application/json\">{}</script>"
            + "<label for=\"y\">年度</label><input id=\"y\" name=\"year\"><label>地区 <input name=\"r\"></label><input type=\"hidden\" name=\"h\">").ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("admin", "Admin#2026")]
    [InlineData("officer", "Officer#2026")]
    [InlineData("expert", "Expert#2026")]
    [InlineData("body", "Body#2026")]
    public async Task No_page_has_inline_script_event_attributes_or_unlabelled_inputs(string? user, string? password)
    {
        var client = user is null ? app.CreateClient(new() { AllowAutoRedirect = false }) : await app.SignedInAsync(user, password!);
        var problems = (await PageCrawler.CrawlAsync(app, client))
            .SelectMany(p => Problems(p.Html).Distinct().Select(problem => $"{p.Url} ({(int)p.Status}): {problem}")).ToList();
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }
}
