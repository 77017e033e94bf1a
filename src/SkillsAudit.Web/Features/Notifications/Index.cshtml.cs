using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SkillsAudit.Data.Features.Notifications;

namespace SkillsAudit.Web.Features.Notifications;

/// <summary>站内通知: the signed-in user's own notifications, newest first; mark one or all read.</summary>
public sealed class IndexModel(NotificationHandlers handlers) : PageModel
{
    public NotificationPage List { get; private set; } = new([], 0, 0);
    [BindProperty(SupportsGet = true)] public bool Unread { get; set; }
    public string? Message { get; private set; }

    private string Me => User.Identity?.Name ?? "";

    public async Task OnGetAsync() => List = await handlers.ListAsync(Me, Unread, NotificationHandlers.MaxPage);

    /// <summary>Marks one read and, when it has a link, opens it.</summary>
    public async Task<IActionResult> OnPostReadAsync(long id, bool open = false)
    {
        var n = await handlers.MarkReadAsync(Me, id);
        if (open && n.Link is { Length: > 0 } link && Url.IsLocalUrl(link)) return LocalRedirect(link);
        return RedirectToPage(new { Unread });
    }

    public async Task<IActionResult> OnPostReadAllAsync()
    {
        var count = await handlers.MarkAllReadAsync(Me);
        Message = count == 0 ? "没有未读通知。" : $"已将 {count} 条通知标为已读。";
        List = await handlers.ListAsync(Me, Unread, NotificationHandlers.MaxPage);
        return Page();
    }
}
