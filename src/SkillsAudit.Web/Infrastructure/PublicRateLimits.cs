using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// What anyone can trigger without signing in and that costs the server real work — filing a complaint, printing a PDF
/// with Chromium — is limited per client address (PublicRateLimits:PermitsPerMinute, default 20); over it answers 429.
/// </summary>
public static class PublicRateLimits
{
    public const string Policy = "public-writes";

    public static IServiceCollection AddPublicRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var permits = config.GetValue<int?>("PublicRateLimits:PermitsPerMinute") ?? 20;
        services.Configure<RateLimiterOptions>(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        // Razor page handlers cannot carry [EnableRateLimiting]; the public page's complaint form uses this limiter.
        services.AddSingleton(new PublicFormLimiter(PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }))));
        return services;
    }
}

/// <summary>Per client address, for public forms posted to Razor pages.</summary>
public sealed class PublicFormLimiter(PartitionedRateLimiter<string> limiter)
{
    public bool TryAcquire(HttpContext http)
    {
        // RemoteIpAddress is the real client behind a known proxy (ForwardedHeaders); limits count per instance.
        using var lease = limiter.AttemptAcquire(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (!lease.IsAcquired) http.Response.Headers.RetryAfter = "60";
        return lease.IsAcquired;
    }
}
