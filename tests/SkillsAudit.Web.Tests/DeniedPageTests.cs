using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// The 无权访问 page names the page refused and the roles that may use it (PageCatalog). Every page of the app that
/// refuses a signed-in expert or body user is requested as them: the page it leads to must name that page and roles
/// that exclude the requester's own, never "所有已登录的用户" (which contradicts the refusal).
/// </summary>
public sealed partial class DeniedPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly HtmlParser Parser = new();

    [Theory]
    [InlineData("expert", "Expert#2026", "专家")]
    [InlineData("body", "Body#2026", "机构用户")]
    public async Task Every_refused_page_names_itself_and_roles_that_exclude_the_requester(string user, string password, string role)
    {
        SkillsAudit.Data.Roles.All.Select(SkillsAudit.Data.Roles.Chinese).ShouldContain(role);
        var client = await app.SignedInAsync(user, password);
        var paths = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<PageActionDescriptor>()?.AttributeRouteInfo?.Template).OfType<string>()
            .Select(t => "/" + Parameter().Replace(t, m => m.Value.EndsWith("?}", StringComparison.Ordinal) ? "" : "1").TrimEnd('/'))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        paths.Count.ShouldBeGreaterThan(50);
        var refused = new List<string>();
        var failures = new List<string>();
        foreach (var path in paths)
        {
            var res = await client.GetAsync(path);
            if (res.StatusCode != HttpStatusCode.Redirect || res.Headers.Location?.OriginalString is not { } to || !to.Contains("/Account/Denied", StringComparison.Ordinal)) continue;
            refused.Add(path);
            using var denied = await client.GetAsync(to);
            if (denied.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{path}: 无权访问 answered {(int)denied.StatusCode}, not 403");
            var page = Parser.ParseDocument(await denied.Content.ReadAsStringAsync());
            var roles = page.QuerySelector("#denied-roles strong")?.TextContent;
            if (page.QuerySelector("#denied-page strong") is null || roles is null) failures.Add($"{path}: the page refused is not named");
            else if (roles.Contains("所有已登录的用户", StringComparison.Ordinal) || roles.Split('、').Contains(role)) failures.Add($"{path}: 仅供 {roles}");
        }
        refused.ShouldContain("/Reviews/Board/1");
        refused.ShouldContain("/Registry/Import");
        failures.ShouldBeEmpty();
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
