using SkillsAudit.Data;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Web.Features.Notifications;

/// <summary>JSON API: the signed-in user's own notifications (list, unread count, mark read) and the home page's to-do list.</summary>
public static class NotificationsApi
{
    public static void MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications").WithTags("通知").RequireAuthorization();
        api.MapGet("/", async (HttpContext http, NotificationHandlers h, bool? unread, int? take) =>
                TypedResults.Ok(await h.ListAsync(http.User.Identity!.Name!, unread ?? false, take ?? 50, http.RequestAborted)))
            .WithSummary("本人的通知，最新的在前（unread=true 只列未读；take 最多 200）");
        api.MapGet("/unread-count", async (HttpContext http, NotificationHandlers h) =>
                TypedResults.Ok(new SkillsAudit.Web.Infrastructure.UnreadCount(await h.UnreadCountAsync(http.User.Identity!.Name!, http.RequestAborted))))
            .WithSummary("本人的未读通知数");
        api.MapPost("/{id:long}/read", async (long id, HttpContext http, NotificationHandlers h) =>
                TypedResults.Ok(await h.MarkReadAsync(http.User.Identity!.Name!, id, http.RequestAborted)))
            .WithSummary("将本人的一条通知标为已读（他人的通知：404）");
        api.MapPost("/read-all", async (HttpContext http, NotificationHandlers h) =>
                TypedResults.Ok(new SkillsAudit.Web.Infrastructure.MarkedCount(await h.MarkAllReadAsync(http.User.Identity!.Name!, http.RequestAborted))))
            .WithSummary("将本人的全部未读通知标为已读");

        app.MapGet("/api/todo", async (HttpContext http, TodoList todo) =>
                TypedResults.Ok(await todo.ForAsync(await ReviewUser.LoadAsync(http.RequestServices.GetRequiredService<AppDb>(), http.User, http.RequestAborted), http.RequestAborted)))
            .WithTags("通知").RequireAuthorization().WithSummary("首页待办：本人现在需要处理的事项（数量、截止日期、办理地址）");
    }
}
