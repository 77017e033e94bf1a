using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SkillsAudit.Domain.Accounts;

namespace SkillsAudit.Data.Features.Accounts;

/// <summary>
/// Recent failed sign-ins of one account name or one client address (<see cref="SignInThrottle"/>), kept in the
/// database so that every instance behind the load balancer throttles alike.
/// </summary>
public sealed class SignInThrottleEntry
{
    public string Key { get; set; } = "";
    public int Failures { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }
    public DateTimeOffset BlockedUntil { get; set; }
}

internal sealed class SignInThrottleEntryConfiguration : IEntityTypeConfiguration<SignInThrottleEntry>
{
    public void Configure(EntityTypeBuilder<SignInThrottleEntry> b)
    {
        b.ToTable("SignInThrottles");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(200);
    }
}

/// <summary>Reads and counts failures for <see cref="SignInThrottle"/>; counts are atomic updates, safe across instances.</summary>
public sealed class SignInThrottleStore(AppDb db)
{
    /// <summary>How long the attempt must still wait (zero when it may go ahead): the longer of the account's and the address's waits.</summary>
    public async Task<TimeSpan> WaitAsync(string? userName, string? clientAddress, CancellationToken ct = default)
    {
        var now = db.Now;
        var keys = new[] { SignInThrottle.AccountKey(userName), SignInThrottle.AddressKey(clientAddress) };
        var until = await db.Set<SignInThrottleEntry>().AsNoTracking().Where(x => keys.Contains(x.Key))
            .Select(x => x.BlockedUntil).ToListAsync(ct);
        var latest = until.Count == 0 ? now : until.Max();
        return latest > now ? latest - now : TimeSpan.Zero;
    }

    /// <summary>Counts a failure against the typed name and the client address and sets their next allowed attempt.</summary>
    public async Task RecordFailureAsync(string? userName, string? clientAddress, CancellationToken ct = default)
    {
        await CountAsync(SignInThrottle.AccountKey(userName), isAddress: false, ct);
        await CountAsync(SignInThrottle.AddressKey(clientAddress), isAddress: true, ct);
    }

    /// <summary>A successful sign-in clears the account's count (not the address's: one good account must not reset a guesser).</summary>
    public Task ClearAccountAsync(string? userName, CancellationToken ct = default)
    {
        var key = SignInThrottle.AccountKey(userName);
        return db.Set<SignInThrottleEntry>().Where(x => x.Key == key).ExecuteDeleteAsync(ct);
    }

    private async Task CountAsync(string key, bool isAddress, CancellationToken ct)
    {
        var now = db.Now;
        var stale = now - SignInThrottle.QuietPeriod;
        var set = db.Set<SignInThrottleEntry>();
        var updated = await set.Where(x => x.Key == key).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Failures, x => x.LastFailureAt < stale ? 1 : x.Failures + 1)
            .SetProperty(x => x.LastFailureAt, now), ct);
        if (updated == 0)
        {
            var entry = new SignInThrottleEntry { Key = key, Failures = 1, LastFailureAt = now, BlockedUntil = now };
            set.Add(entry);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another instance counted the first failure at the same moment: count on its row.
                db.Entry(entry).State = EntityState.Detached;
                await set.Where(x => x.Key == key).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Failures, x => x.Failures + 1).SetProperty(x => x.LastFailureAt, now), ct);
            }
        }
        var failures = await set.AsNoTracking().Where(x => x.Key == key).Select(x => x.Failures).FirstOrDefaultAsync(ct);
        var blockedUntil = now + SignInThrottle.DelayAfter(failures, isAddress);
        await set.Where(x => x.Key == key && x.BlockedUntil < blockedUntil).ExecuteUpdateAsync(s => s.SetProperty(x => x.BlockedUntil, blockedUntil), ct);
    }
}
