using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Every page, as every role, as the browser gets it: no inline script and no on…= attribute (a strict CSP forbids
/// them), and every form control has a label. The pages are found by following the links from the home page and
/// from every page route the app has, so a new page is scanned without being listed here.
/// </summary>
public sealed partial class PageMarkupTests(AppFactory app) : IClassFixture<AppFactory>
{
    [GeneratedRegex(@"<script\b(?<attrs>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"<[a-zA-Z][^>]*?\s(?<attr>on[a-z]+)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventAttribute();

    [GeneratedRegex(@"<(?<tag>input|select|textarea)\b(?<attrs>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex Control();

    [GeneratedRegex(@"href=""(?<url>/[^""#]*)""")]
    private static partial Regex Link();

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
        var pageRoutes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.OfType<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>().Any())
            .Select(e => "/" + e.RoutePattern.RawText)
            .Where(r => !r.Contains('{'))
            .Distinct().ToList();
        pageRoutes.Count.ShouldBeGreaterThan(20);
        var queue = new Queue<string>(["/", .. pageRoutes, "/no/such/page", "/Error/500"]);
        var seen = new HashSet<string>(queue);
        var problems = new List<string>();
        var scanned = 0;
        while (queue.Count > 0 && scanned < 250)
        {
            var url = queue.Dequeue();
            var res = await client.GetAsync(url);
            if (res.Content.Headers.ContentType?.MediaType != "text/html") continue;
            scanned++;
            var html = await res.Content.ReadAsStringAsync();
            problems.AddRange(Problems(html).Distinct().Select(p => $"{url} ({(int)res.StatusCode}): {p}"));
            foreach (Match m in Link().Matches(html))
            {
                var next = WebUtility.HtmlDecode(m.Groups["url"].Value);
                if (next.StartsWith("/api", StringComparison.Ordinal) || next.StartsWith("/openapi", StringComparison.Ordinal)
                    || next.StartsWith("/lib/", StringComparison.Ordinal) || next.StartsWith("/css/", StringComparison.Ordinal) || next.Contains("Logout")) continue;
                // One of each kind of detail page is enough: /Registry/Detail/12 and /Registry/Detail/13 render alike.
                var shape = Regex.Replace(next.Split('?')[0], @"/\d+", "/#");
                if (seen.Add(shape) && seen.Add(next)) queue.Enqueue(next);
            }
        }
        scanned.ShouldBeGreaterThan(10);
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }
}
