using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SkillsAudit.Data;
using SkillsAudit.Data.Demo;
using SkillsAudit.Data.Features.Accounts;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// Every password sign-in, page or API: throttled per typed account name and per client address (SignInThrottle,
/// counted in the database so that all instances agree) instead of locking accounts; an unknown name costs the same
/// password-hash work and gets the same answer as a wrong password (no account enumeration); success or failure goes
/// to the audit log with the client address.
/// </summary>
public sealed class AuditedSignInManager(UserManager<AppUser> users, IHttpContextAccessor accessor, IUserClaimsPrincipalFactory<AppUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<AppUser>> logger, IAuthenticationSchemeProvider schemes, IUserConfirmation<AppUser> confirmation,
    AppDb db, SignInThrottleStore throttle)
    : SignInManager<AppUser>(users, accessor, claims, options, logger, schemes, confirmation)
{
    // A real hash of a random password: verifying against it costs what verifying a real account's password costs.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString("N")));

    /// <summary>How long a throttled attempt (SignInResult.LockedOut) must wait before the next one.</summary>
    public TimeSpan RetryAfter { get; private set; }

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var address = Context.Connection.RemoteIpAddress?.ToString();
        RetryAfter = await throttle.WaitAsync(userName, address);
        if (RetryAfter > TimeSpan.Zero)
        {
            // Refused before any password check, whether the name exists or not.
            await SignInAudit.RecordAsync(db, userName, false, "失败：尝试过于频繁，已限流", address);
            return SignInResult.LockedOut;
        }
        var user = await UserManager.FindByNameAsync((userName ?? "").Trim());
        SignInResult result;
        if (user is null)
        {
            UserManager.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, password ?? "");
            result = SignInResult.Failed;
        }
        else if (!await UserManager.CheckPasswordAsync(user, password ?? ""))
        {
            result = SignInResult.Failed; // wrong password: the same answer as an unknown name, disabled or not
        }
        else
        {
            result = await base.PasswordSignInAsync(user, password ?? "", isPersistent, lockoutOnFailure: false);
        }
        if (result.Succeeded) await throttle.ClearAccountAsync(userName);
        else if (!result.IsNotAllowed) await throttle.RecordFailureAsync(userName, address);
        var reason = result.Succeeded ? "登录成功"
            : result.IsNotAllowed ? "失败：账号已停用"
            : result.RequiresTwoFactor ? "需要二次验证"
            : user is null ? "失败：用户名不存在"
            : "失败：密码错误";
        await SignInAudit.RecordAsync(db, userName, result.Succeeded, reason, address);
        return result;
    }
}

/// <summary>The sign-in cookie carries the display name and whether the password must be changed first.</summary>
public sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string MustChangePassword = "skillsaudit:must-change-password";
    public const string DisplayName = "skillsaudit:display-name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var id = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword) id.AddClaim(new Claim(MustChangePassword, "true"));
        if (user.DisplayName is { Length: > 0 } d) id.AddClaim(new Claim(DisplayName, d));
        return id;
    }
}

/// <summary>
/// A user signed in with a one-time password may do nothing but change it: pages go to /Account/ChangePassword,
/// the API answers 403 saying so.
/// </summary>
public sealed class MustChangePasswordMiddleware(RequestDelegate next)
{
    private static readonly string[] Allowed = ["/Account/ChangePassword", "/Account/Logout", "/Account/Login", "/api/auth", "/lib", "/css", "/js", "/health"];

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.User.HasClaim(AppClaimsFactory.MustChangePassword, "true") && !Allowed.Any(a => http.Request.Path.StartsWithSegments(a)))
        {
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.Response.WriteAsJsonAsync(new { title = "须先修改密码", detail = "您使用的是一次性密码，请先修改密码（POST /api/auth/password）。", status = 403 });
                return;
            }
            http.Response.Redirect("/Account/ChangePassword?first=true");
            return;
        }
        await next(http);
    }
}

/// <summary>Whether the database holds demo accounts (the banner on every page); re-checked at most once a minute.</summary>
public sealed class DemoState(IServiceScopeFactory scopes, TimeProvider clock)
{
    private bool _hasDemo;
    private DateTimeOffset _checked = DateTimeOffset.MinValue;

    public async Task<bool> HasDemoAccountsAsync()
    {
        var now = clock.GetUtcNow();
        if (now - _checked < TimeSpan.FromMinutes(1)) return _hasDemo;
        using var scope = scopes.CreateScope();
        _hasDemo = await DemoAccounts.AnyAsync(scope.ServiceProvider.GetRequiredService<AppDb>());
        _checked = now;
        return _hasDemo;
    }

    public void Invalidate() => _checked = DateTimeOffset.MinValue;
}
