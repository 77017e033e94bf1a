using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Web.Infrastructure;

/// <summary>
/// An officer works for a region (AppUser.RegionCode): they see and act on that region and everything under it;
/// an officer without a region, and an admin, on every region.
/// </summary>
public static class OfficerRegions
{
    public static async Task<bool> CoversAsync(HttpContext http, string? regionCodeOrName)
    {
        if (http.User.IsInRole(Roles.Admin)) return true;
        var users = http.RequestServices.GetRequiredService<UserManager<AppUser>>();
        if (await users.GetUserAsync(http.User) is not { } user) return false;
        if (user.RegionCode is not { Length: > 0 } own) return true;
        var mine = Regions.Find(own);
        // A region that does not exist is refused by the handler's own validation (400 naming the field), not here.
        if (Regions.Find(regionCodeOrName) is not { } target) return true;
        return mine is not null && target.Code.StartsWith(mine.DescendantPrefix, StringComparison.Ordinal);
    }

    /// <summary>May this user work on the notice? Officers only within their region; a missing notice is left to the handler.</summary>
    public static async Task<bool> MayUseNoticeAsync(HttpContext http, int noticeId)
    {
        if (!http.User.IsInRole(Roles.Officer) || http.User.IsInRole(Roles.Admin)) return true;
        var db = http.RequestServices.GetRequiredService<AppDb>();
        var region = await db.Set<StoredNotice>().Where(n => n.Id == noticeId).Select(n => n.RegionCode).FirstOrDefaultAsync();
        return region is null || await CoversAsync(http, region);
    }

    /// <summary>
    /// For the staff notice endpoints: the notice named by the route ({id}), or the complaint's notice, must lie in the
    /// officer's region; otherwise 404, as if it did not exist for them.
    /// </summary>
    public static async ValueTask<object?> NoticeFilter(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var http = ctx.HttpContext;
        // Only officers are limited; the other staff endpoints already require an officer or admin, and an issued
        // notice's download is public.
        if (!http.User.IsInRole(Roles.Officer) || http.User.IsInRole(Roles.Admin)) return await next(ctx);
        if (http.Request.RouteValues.TryGetValue("id", out var raw) && int.TryParse(raw?.ToString(), out var id))
        {
            var db = http.RequestServices.GetRequiredService<AppDb>();
            var complaint = http.Request.Path.StartsWithSegments("/api/complaints");
            var region = complaint
                ? await db.Set<NoticeComplaint>().Where(c => c.Id == id).Join(db.Set<StoredNotice>(), c => c.NoticeId, n => n.Id, (c, n) => n.RegionCode).FirstOrDefaultAsync()
                : await db.Set<StoredNotice>().Where(n => n.Id == id).Select(n => n.RegionCode).FirstOrDefaultAsync();
            if (region is not null && !await CoversAsync(http, region))
                return Results.Problem(title: "未找到", detail: complaint ? $"没有编号为 {id} 的投诉举报" : $"没有编号为 {id} 的公告", statusCode: StatusCodes.Status404NotFound);
        }
        return await next(ctx);
    }
}
