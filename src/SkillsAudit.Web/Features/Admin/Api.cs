using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Accounts;
using SkillsAudit.Data.Features.People;
using SkillsAudit.Web.Infrastructure;

namespace SkillsAudit.Web.Features.Admin;

public sealed record RoleInput(string? Role);

public sealed record BindInput(string? Region, IReadOnlyList<string>? Filings);

public sealed record ContactInput(string? DisplayName, string? Phone, string? Email);

public sealed record PasswordChangeInput(string? CurrentPassword, string? NewPassword);

/// <summary>Accounts (admin only) and the user's own password: the same handlers as the pages and `skillsaudit users`.</summary>
public static class UsersApi
{
    public static void MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").WithTags("账号管理").RequireAuthorization(Policies.Admin);
        api.MapGet("", async (AccountHandlers h) => TypedResults.Ok(await h.ListAsync())).WithSummary("列出账号");
        api.MapGet("/{name}", async Task<Results<Ok<AccountView>, ProblemHttpResult>> (string name, AccountHandlers h) => await h.GetAsync(name) is { } a ? TypedResults.Ok(a)
            : TypedResults.Problem(title: "未找到", detail: $"没有用户“{name}”", statusCode: StatusCodes.Status404NotFound)).WithETag().WithSummary("一个账号");
        api.MapPost("", async (AccountInput input, AccountHandlers h) =>
        {
            var otp = await h.CreateAsync(input);
            return TypedResults.Created($"/api/users/{otp.UserName}", otp);
        }).WithSummary("创建账号（返回一次性密码，首次登录须修改）");
        api.MapPut("/{name}", async (string name, ContactInput input, AccountHandlers h) =>
        {
            await h.UpdateContactAsync(name, input.DisplayName, input.Phone, input.Email);
            return TypedResults.NoContent();
        }).RequireIfMatch("修改账号信息", async c => await c.HttpContext.RequestServices.GetRequiredService<AccountHandlers>().GetAsync(c.GetArgument<string>(0))).WithSummary("修改姓名与联系方式");
        api.MapPost("/{name}/disable", async (string name, AccountHandlers h) =>
        {
            await h.DisableAsync(name);
            return TypedResults.NoContent();
        }).WithSummary("停用账号（不删除）");
        api.MapPost("/{name}/enable", async (string name, AccountHandlers h) =>
        {
            await h.EnableAsync(name);
            return TypedResults.NoContent();
        }).WithSummary("启用账号");
        api.MapPost("/{name}/reset-password", async (string name, AccountHandlers h) => TypedResults.Ok(await h.ResetPasswordAsync(name)))
            .WithSummary("重置为一次性密码");
        api.MapPost("/{name}/role", async (string name, RoleInput input, AccountHandlers h) =>
        {
            await h.SetRoleAsync(name, input.Role);
            return TypedResults.NoContent();
        }).WithSummary("修改角色");
        api.MapPost("/{name}/bind", async (string name, BindInput input, AccountHandlers h) =>
        {
            await h.SetBindingAsync(name, input.Region, input.Filings);
            return TypedResults.NoContent();
        }).WithSummary("修改绑定：工作人员的地区、机构用户的备案");

        app.MapPost("/api/auth/password", async (PasswordChangeInput input, HttpContext http, AccountHandlers h, SignInManager<AppUser> signIn, UserManager<AppUser> users) =>
            {
                await h.ChangeOwnPasswordAsync(http.User.Identity!.Name!, input.CurrentPassword, input.NewPassword);
                if (await users.GetUserAsync(http.User) is { } u) await signIn.RefreshSignInAsync(u);
                return TypedResults.NoContent();
            })
            .RequireAuthorization().WithTags("账号").WithSummary("修改本人密码");
    }
}

/// <summary>The expert and inspector roster: staff read it, admins and officers maintain it.</summary>
public static class RosterApi
{
    public static void MapRosterApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/roster").WithTags("专家库/检查人员库").RequireAuthorization(Policies.Staff);
        api.MapGet("", async (RosterHandlers h) => TypedResults.Ok(await h.ListAsync())).WithSummary("列出名册");
        api.MapPost("", async (RosterInput input, RosterHandlers h) =>
        {
            var id = await h.SaveAsync(input);
            return TypedResults.Created($"/api/roster/{id}", new CreatedId(id));
        }).WithSummary("新增人员");
        api.MapGet("/{id:int}", async Task<Results<Ok<RosterView>, ProblemHttpResult>> (int id, RosterHandlers h) => await h.GetAsync(id) is { } p ? TypedResults.Ok(p)
            : TypedResults.Problem(title: "未找到", detail: "名册中没有找到这名人员：可能已删除", statusCode: StatusCodes.Status404NotFound)).WithETag().WithSummary("一名人员（响应头 ETag 为修改时 If-Match 所需的版本号）");
        api.MapPut("/{id:int}", async (int id, RosterInput input, RosterHandlers h) =>
        {
            await h.SaveAsync(input, id);
            return TypedResults.NoContent();
        }).RequireIfMatch("修改名册人员", async c => await c.HttpContext.RequestServices.GetRequiredService<RosterHandlers>().GetAsync(c.GetArgument<int>(0))).WithSummary("修改人员");
        api.MapPost("/{id:int}/active", async (int id, bool active, RosterHandlers h) =>
        {
            await h.SetActiveAsync(id, active);
            return TypedResults.NoContent();
        }).WithSummary("停用或恢复人员");
        // multipart, field "file"; read by hand like /api/audit-notice (no IFormFile binding; cookies are SameSite=Lax).
        api.MapPost("/import", async Task<Results<Ok<RosterImportResult>, ValidationProblem, ProblemHttpResult>> (HttpRequest request, RosterHandlers h) =>
        {
            if (!request.HasFormContentType) return TypedResults.Problem(title: "输入有误", detail: "请以 multipart/form-data 上传名册文件（字段 file）", statusCode: 400);
            var form = await request.ReadFormAsync();
            var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (file is not { Length: > 0 }) return TypedResults.Problem(title: "输入有误", detail: "请选择名册文件（xlsx 或 csv）", statusCode: 400);
            await using var stream = file.OpenReadStream();
            var result = await h.ImportAsync(stream, file.FileName);
            return result.Errors.Count > 0
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = result.Errors.ToArray() }, title: "名册有误，未写入任何数据", detail: $"共 {result.Errors.Count} 处错误")
                : TypedResults.Ok(result);
        }).AcceptsUpload("名册文件（xlsx 或 csv）").WithSummary("导入名册 xlsx/csv（全部成功或全部不写入）");
    }
}
