using SkillsAudit.Data;
using SkillsAudit.Data.Access;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>The signed-in user's name, for history and the audit log; "anonymous" for an unsigned request, "system" outside any request (start-up).</summary>
public sealed class HttpActor(IHttpContextAccessor accessor) : IActor, IClientAddress
{
    public string? ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public string Name => accessor.HttpContext is not { } http ? "system"
        : http.User.Identity is { IsAuthenticated: true, Name: { } n } ? n : "anonymous";
}

/// <summary>
/// The signed-in user as the authorisation check needs them (roles, region, bound filings); an anonymous request is
/// nobody; outside any request (start-up: migrations, demo data) the system acts with full rights, as HttpActor's "system".
/// </summary>
public sealed class HttpCurrentActor(IHttpContextAccessor accessor, AppDb db) : ICurrentActor
{
    public Task<ReviewUser> GetAsync(CancellationToken ct = default) => accessor.HttpContext switch
    {
        null => Task.FromResult(ReviewUser.Operator("system")),
        { User.Identity.IsAuthenticated: true } http => ReviewUser.LoadAsync(db, http.User, ct),
        _ => Task.FromResult(new ReviewUser("anonymous", false, false, false, false, null, new HashSet<int>())),
    };
}
