using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace SkillsAudit.Web.Tests;

/// <summary>One HTML page as a crawl got it.</summary>
public sealed record CrawledPage(string Url, HttpStatusCode Status, string Html);

/// <summary>
/// Every page a user reaches, as the browser gets it: starting from the home page, every page route the app has (so a new
/// page is found without being listed), a missing page and the error page, then following the links. One of each kind of
/// detail page is enough (/Registry/Detail/12 and /Registry/Detail/13 render alike). The checks that scan every page
/// (PageMarkupTests, UserWordingTests) share this crawl.
/// </summary>
public static partial class PageCrawler
{
    [GeneratedRegex(@"href=""(?<url>/[^""#]*)""")]
    private static partial Regex Link();

    private static readonly string[] NotPages = ["/api", "/openapi", "/lib/", "/css/", "/js/"];

    public static async Task<IReadOnlyList<CrawledPage>> CrawlAsync(AppFactory app, HttpClient client, int atMost = 300)
    {
        var pageRoutes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.OfType<PageActionDescriptor>().Any())
            .Select(e => "/" + e.RoutePattern.RawText).Where(r => !r.Contains('{')).Distinct().ToList();
        pageRoutes.Count.ShouldBeGreaterThan(20);
        var queue = new Queue<string>(["/", .. pageRoutes, "/no/such/page", "/Error/500"]);
        var seen = new HashSet<string>(queue);
        var pages = new List<CrawledPage>();
        while (queue.Count > 0 && pages.Count < atMost)
        {
            var url = queue.Dequeue();
            var res = await client.GetAsync(url);
            if (res.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var html = await res.Content.ReadAsStringAsync();
            pages.Add(new CrawledPage(url, res.StatusCode, html));
            foreach (Match m in Link().Matches(html))
            {
                var next = WebUtility.HtmlDecode(m.Groups["url"].Value);
                if (NotPages.Any(p => next.StartsWith(p, StringComparison.Ordinal)) || next.Contains("Logout", StringComparison.Ordinal)) continue;
                var shape = Regex.Replace(next.Split('?')[0], @"/\d+", "/#");
                if (seen.Add(shape) && seen.Add(next)) queue.Enqueue(next);
            }
        }
        pages.Count.ShouldBeGreaterThan(10);
        return pages;
    }
}
