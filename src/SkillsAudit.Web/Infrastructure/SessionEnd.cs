using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Accounts;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// 退出 (the page and POST /api/auth/logout): the session is recorded as ended in the database (EndedSession), so a copy
/// of its cookie is refused by every instance from its next check on (Session:StampCheckSeconds), then the cookie is
/// deleted. The account's other sessions (another browser) go on.
/// </summary>
public static class SessionEnd
{
    /// <summary>The session id's key in the cookie's authentication properties.</summary>
    public const string Item = "sa.sid";

    public static async Task SignOutAsync(HttpContext http, SignInManager<AppUser> signIn)
    {
        var auth = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var userId = auth.Principal is { } p ? signIn.UserManager.GetUserId(p) : null;
        if (auth.Succeeded && userId is not null && auth.Properties is { } props && props.Items.TryGetValue(Item, out var sessionId) && sessionId is { Length: > 0 })
        {
            var lifetime = TimeSpan.FromHours(http.RequestServices.GetRequiredService<IConfiguration>().GetValue("Session:AbsoluteHours", 12.0));
            await http.RequestServices.GetRequiredService<EndedSessionStore>().EndAsync(sessionId, userId, lifetime, http.RequestAborted);
        }
        await signIn.SignOutAsync();
    }
}
