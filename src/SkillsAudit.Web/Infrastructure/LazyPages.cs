using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// Razor Pages made ready when each is first requested, not all at start-up (issue 16). By default ASP.NET Core builds
/// every page's full descriptor (its model's properties, binding and handler metadata, the folder conventions) while
/// the endpoints are set up: about 0.3 s of the main thread for this app's 63 pages on a 2-core server (0.1 s of
/// processor time in all), before the first answer. Here the start-up keeps only the pages' routes (enough for routing
/// and for links), and a matcher policy swaps in the page's full endpoint when a request matches it, through the
/// framework's own page loader, which builds it once with the same conventions (AuthorizeFolder, AuthorizePage) and
/// caches it. So the authorisation of a page, its handlers and its binding are exactly as before; only the moment they
/// are built moves.
/// </summary>
public static class LazyPages
{
    public static IServiceCollection AddLazyPages(this IServiceCollection services)
    {
        var eager = services.FirstOrDefault(d => d.ServiceType == typeof(IActionDescriptorProvider) && d.ImplementationType == typeof(CompiledPageActionDescriptorProvider))
            ?? throw new InvalidOperationException("AddLazyPages must follow AddRazorPages.");
        services.Remove(eager);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IActionDescriptorProvider, PageActionDescriptorProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, PageLoadingPolicy>());
        return services;
    }

    /// <summary>Replaces a matched page's route-only endpoint by its full one (built on first use, then cached by the loader).</summary>
    private sealed class PageLoadingPolicy(PageLoader loader) : MatcherPolicy, IEndpointSelectorPolicy
    {
        // Before every other matcher policy, so that they, and the middleware after routing (authorisation, rate limits,
        // the output cache), see the page's full metadata.
        public override int Order => int.MinValue + 100;

        public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
        {
            foreach (var e in endpoints)
                if (e.Metadata.GetMetadata<PageActionDescriptor>() is not null) return true;
            return false;
        }

        public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                if (Unloaded(candidates, i) is not { } page) continue;
                var loading = loader.LoadAsync(page, candidates[i].Endpoint.Metadata);
                // The loader answers at once after the first time; wait only when it really has to build the page.
                if (!loading.IsCompletedSuccessfully) return ReplaceAsync(candidates, i, loading);
                candidates.ReplaceEndpoint(i, loading.Result.Endpoint, candidates[i].Values);
            }
            return Task.CompletedTask;
        }

        private async Task ReplaceAsync(CandidateSet candidates, int from, Task<CompiledPageActionDescriptor> loading)
        {
            candidates.ReplaceEndpoint(from, (await loading).Endpoint, candidates[from].Values);
            for (var i = from + 1; i < candidates.Count; i++)
                if (Unloaded(candidates, i) is { } page)
                    candidates.ReplaceEndpoint(i, (await loader.LoadAsync(page, candidates[i].Endpoint.Metadata)).Endpoint, candidates[i].Values);
        }

        /// <summary>The page of a still valid candidate that is only a route so far; null for anything else.</summary>
        private static PageActionDescriptor? Unloaded(CandidateSet candidates, int i) =>
            candidates.IsValidCandidate(i) && candidates[i].Endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page
                && page is not CompiledPageActionDescriptor ? page : null;
    }
}
