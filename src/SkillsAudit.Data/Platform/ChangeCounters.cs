using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace SkillsAudit.Data.Platform;

/// <summary>
/// Process-wide counters that move whenever this process writes accounts (users, roles, claims, filing bindings) or
/// notifications. The web app's short in-memory caches (the session check, the notification bell) hold an entry only
/// while the counter it was read under is unchanged, so a change made through this process shows at once; a change
/// made by another server or the CLI shows within the cache's configured bound (docs/operations.md).
/// </summary>
public static class ChangeCounters
{
    private static long _accounts;
    private static long _notifications;

    public static long Accounts => Interlocked.Read(ref _accounts);
    public static long Notifications => Interlocked.Read(ref _notifications);

    public static void AccountsChanged() => Interlocked.Increment(ref _accounts);
    public static void NotificationsChanged() => Interlocked.Increment(ref _notifications);

    /// <summary>Which counters the tracked changes touch (Item1: accounts, Item2: notifications).</summary>
    internal static (bool Accounts, bool Notifications) Touched(IEnumerable<EntityEntry> entries)
    {
        bool accounts = false, notifications = false;
        foreach (var e in entries)
        {
            if (e.State is not (Microsoft.EntityFrameworkCore.EntityState.Added or Microsoft.EntityFrameworkCore.EntityState.Modified or Microsoft.EntityFrameworkCore.EntityState.Deleted)) continue;
            switch (e.Entity)
            {
                case AppUser or UserFiling or IdentityUserRole<string> or IdentityUserClaim<string> or IdentityRole or IdentityRoleClaim<string>:
                    accounts = true;
                    break;
                case Features.Notifications.Notification:
                    notifications = true;
                    break;
            }
        }
        return (accounts, notifications);
    }
}
