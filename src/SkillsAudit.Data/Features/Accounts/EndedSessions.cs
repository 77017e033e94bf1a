using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SkillsAudit.Data.Platform;

namespace SkillsAudit.Data.Features.Accounts;

/// <summary>
/// A session ended by 退出: its id (carried in the session cookie's properties) is kept in the database, so that every
/// instance refuses a copy of that cookie afterwards, not only the browser that deleted it (ASVS V3.3.1). Kept until the
/// session could no longer be valid anyway (its absolute lifetime, Session:AbsoluteHours).
/// </summary>
public sealed class EndedSession
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTimeOffset EndedAt { get; set; }
}

internal sealed class EndedSessionConfiguration : IEntityTypeConfiguration<EndedSession>
{
    public void Configure(EntityTypeBuilder<EndedSession> b)
    {
        b.ToTable("EndedSessions");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasIndex(x => x.EndedAt);
    }
}

/// <summary>Ends one session everywhere (<see cref="EndedSession"/>), and forgets ended sessions older than any valid one.</summary>
public sealed class EndedSessionStore(AppDb db)
{
    /// <summary>A new session id: 128 random bits, URL-safe.</summary>
    public static string NewId() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async Task EndAsync(string sessionId, string userId, TimeSpan sessionLifetime, CancellationToken ct = default)
    {
        var now = db.Now;
        var stale = now - sessionLifetime - TimeSpan.FromHours(1);
        await db.Set<EndedSession>().Where(s => s.EndedAt < stale).ExecuteDeleteAsync(ct);
        if (!await db.Set<EndedSession>().AnyAsync(s => s.Id == sessionId, ct))
        {
            db.Set<EndedSession>().Add(new EndedSession { Id = sessionId, UserId = userId, EndedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // ended at the same moment through another instance (a double click on 退出): ended either way
            }
        }
        ChangeCounters.AccountsChanged(); // this instance's cached session checks (SessionStamps) are read again at once
    }
}
