using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Pages are built when first requested (LazyPages), not at start-up, and a page built that way keeps its folder's
/// authorisation rule. (AuthorisationMatrixTests checks every page for every role.)
/// </summary>
public sealed class LazyPagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public void Start_up_keeps_only_the_pages_routes()
    {
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<PageActionDescriptor>()).OfType<PageActionDescriptor>().ToList();
        pages.Count.ShouldBeGreaterThan(50);
        pages.ShouldAllBe(p => !(p is CompiledPageActionDescriptor));
    }

    [Fact]
    public async Task A_page_built_on_its_first_request_keeps_its_folder_rule()
    {
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        var res = await anonymous.GetAsync("/Admin/Users");
        res.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        res.Headers.Location!.ToString().ShouldContain("/Account/Login");

        using var officer = await app.OfficerAsync();
        res = await officer.GetAsync("/Admin/Users");
        res.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        res.Headers.Location!.ToString().ShouldContain("/Account/Denied");

        using var admin = await app.AdminAsync();
        res = await admin.GetAsync("/Admin/Users");
        res.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await res.Content.ReadAsStringAsync()).ShouldContain("用户");
    }
}
