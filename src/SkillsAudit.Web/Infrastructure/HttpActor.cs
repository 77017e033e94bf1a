using SkillsAudit.Data;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>The signed-in user's name, for history and the audit log; "anonymous" otherwise.</summary>
public sealed class HttpActor(IHttpContextAccessor accessor) : IActor
{
    public string Name => accessor.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { } n } ? n : "anonymous";
}
