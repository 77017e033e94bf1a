using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using SkillsAudit.Data;
using SkillsAudit.Domain.Accounts;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Account;

public sealed record LoginRequest(string UserName, string Password);

public sealed record MeResponse(string UserName, string DisplayName, IReadOnlyList<string> Roles);

public static class AccountApi
{
    public static void MapAccountApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("账号");
        api.MapPost("/login", async Task<Results<NoContent, ProblemHttpResult>> (LoginRequest req, SignInManager<AppUser> signIn, HttpContext http) =>
        {
            var result = await signIn.PasswordSignInAsync(req.UserName ?? "", req.Password ?? "", isPersistent: false, lockoutOnFailure: false);
            if (result.IsLockedOut)
            {
                // Throttled (the same for every name typed): 429 with the wait in Retry-After.
                var wait = (signIn as AuditedSignInManager)?.RetryAfter ?? TimeSpan.Zero;
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(title: "登录尝试过于频繁", detail: SignInThrottle.Refusal(wait), statusCode: 429);
            }
            if (result.IsNotAllowed) return TypedResults.Problem(title: "账号已停用", detail: "该账号已停用，请联系管理员。", statusCode: 403);
            return result.Succeeded ? TypedResults.NoContent() : TypedResults.Problem(title: "登录失败", detail: "用户名或密码错误。", statusCode: 401);
        }).WithSummary("登录：成功时设置会话 Cookie（skillsaudit）；用户名或密码错误 401，账号停用 403，尝试过于频繁 429（Retry-After）")
        .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/logout", async (HttpContext http, SignInManager<AppUser> signIn) =>
        {
            await SessionEnd.SignOutAsync(http, signIn);
            return TypedResults.NoContent();
        }).WithSummary("退出登录（结束本会话）");
        api.MapGet("/me", async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> (HttpContext http, UserManager<AppUser> users) =>
        {
            var user = await users.GetUserAsync(http.User);
            if (user is null) return TypedResults.Unauthorized();
            return TypedResults.Ok(new MeResponse(user.UserName!, user.DisplayName, (await users.GetRolesAsync(user)).ToList()));
        }).RequireAuthorization().WithSummary("当前登录用户：用户名、姓名、角色");
    }
}
