using SkillsAudit.Data;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>The signed-in user's name, for history and the audit log; "anonymous" for an unsigned request, "system" outside any request (start-up).</summary>
public sealed class HttpActor(IHttpContextAccessor accessor) : IActor, IClientAddress
{
    public string? ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public string Name => accessor.HttpContext is not { } http ? "system"
        : http.User.Identity is { IsAuthenticated: true, Name: { } n } ? n : "anonymous";
}
