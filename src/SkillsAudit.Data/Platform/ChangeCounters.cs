using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace SkillsAudit.Data.Platform;

/// <summary>
/// Process-wide counters that move whenever this process writes accounts (users, roles, claims, filing bindings),
/// notifications or the registry (filings, bodies, aliases, scopes, occupations). The web app's short in-memory caches
/// (the session check, the notification bell, registry list pages) hold an entry only
/// while the counter it was read under is unchanged, so a change made through this process shows at once; a change
/// made by another server or the CLI shows within the cache's configured bound (docs/operations.md).
/// </summary>
public static class ChangeCounters
{
    private static long _accounts;
    private static long _notifications;
    private static long _registry;

    public static long Accounts => Interlocked.Read(ref _accounts);
    public static long Notifications => Interlocked.Read(ref _notifications);
    public static long Registry => Interlocked.Read(ref _registry);

    public static void AccountsChanged() => Interlocked.Increment(ref _accounts);
    public static void NotificationsChanged() => Interlocked.Increment(ref _notifications);
    public static void RegistryChanged() => Interlocked.Increment(ref _registry);

    /// <summary>Which counters the tracked changes touch.</summary>
    internal static (bool Accounts, bool Notifications, bool Registry) Touched(IEnumerable<EntityEntry> entries)
    {
        bool accounts = false, notifications = false, registry = false;
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
                // what the registry list reads (FilingSearch)
                case Domain.Registry.Filing or Domain.Registry.LegalEntity or Domain.Registry.EntityAlias or Domain.Registry.FilingScopeItem or Domain.Registry.Occupation:
                    registry = true;
                    break;
            }
        }
        return (accounts, notifications, registry);
    }
}
