using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;

namespace SkillsAudit.Web.Features;

/// <summary>接口说明 (staff): the JSON API's endpoints grouped by area, read from the app's own routing, with the OpenAPI document.</summary>
public sealed class ApiDocsModel(EndpointDataSource endpoints) : PageModel
{
    public sealed record Item(string Method, string Route, string Summary, string Access);

    public IReadOnlyList<IGrouping<string, Item>> Groups { get; private set; } = [];

    public void OnGet()
    {
        Groups = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } r && r.TrimStart('/').StartsWith("api", StringComparison.Ordinal))
            // Operations of the API only: not /api/docs itself (a page) nor its script (excluded from the document).
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is null
                && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Select(e =>
            {
                var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                var summary = e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IEndpointSummaryMetadata>()?.Summary ?? "";
                var tag = e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.ITagsMetadata>()?.Tags is { Count: > 0 } tags ? tags[0] : "其他";
                var auth = e.Metadata.GetOrderedMetadata<IAuthorizeData>();
                var access = auth.Count == 0 ? "公开" : auth.Any(a => a.Policy == Infrastructure.Policies.Admin) ? "管理员"
                    : auth.Any(a => a.Policy == Infrastructure.Policies.Staff) ? "工作人员、管理员" : "已登录用户";
                return (tag, item: new Item(string.Join("/", methods), "/" + e.RoutePattern.RawText!.TrimStart('/'), summary, access));
            })
            .OrderBy(x => x.item.Route, StringComparer.Ordinal)
            .GroupBy(x => x.tag, x => x.item).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
    }
}
