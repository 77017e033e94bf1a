using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data;

public sealed class AppDb(DbContextOptions<AppDb> options, IActor? actor = null, TimeProvider? clock = null) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    private readonly IActor _actor = actor ?? new FixedActor("system");
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    // Identity's sets, without their setters: EF Core compiles a setter for every settable DbSet property of the
    // context when the first context is made, on the way to the first answer (issue 16). CompiledModelTests checks
    // that none is left.
    public override DbSet<AppUser> Users { get => Set<AppUser>(); }
    public override DbSet<Microsoft.AspNetCore.Identity.IdentityUserClaim<string>> UserClaims { get => Set<Microsoft.AspNetCore.Identity.IdentityUserClaim<string>>(); }
    public override DbSet<Microsoft.AspNetCore.Identity.IdentityUserLogin<string>> UserLogins { get => Set<Microsoft.AspNetCore.Identity.IdentityUserLogin<string>>(); }
    public override DbSet<Microsoft.AspNetCore.Identity.IdentityUserToken<string>> UserTokens { get => Set<Microsoft.AspNetCore.Identity.IdentityUserToken<string>>(); }
    public override DbSet<Microsoft.AspNetCore.Identity.IdentityUserRole<string>> UserRoles { get => Set<Microsoft.AspNetCore.Identity.IdentityUserRole<string>>(); }
    public override DbSet<Microsoft.AspNetCore.Identity.IdentityRole> Roles { get => Set<Microsoft.AspNetCore.Identity.IdentityRole>(); }
    public override DbSet<Microsoft.AspNetCore.Identity.IdentityRoleClaim<string>> RoleClaims { get => Set<Microsoft.AspNetCore.Identity.IdentityRoleClaim<string>>(); }
    /// <summary>Not in this model (Identity's schema before passkeys): the set fails only if used.</summary>
    public override DbSet<Microsoft.AspNetCore.Identity.IdentityUserPasskey<string>> UserPasskeys { get => Set<Microsoft.AspNetCore.Identity.IdentityUserPasskey<string>>(); }

    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Occupation> Occupations => Set<Occupation>();
    public DbSet<LegalEntity> LegalEntities => Set<LegalEntity>();
    public DbSet<EntityAlias> EntityAliases => Set<EntityAlias>();
    public DbSet<Filing> Filings => Set<Filing>();
    public DbSet<FilingScopeItem> FilingScopeItems => Set<FilingScopeItem>();
    public DbSet<FilingHistoryEntry> FilingHistory => Set<FilingHistoryEntry>();
    public DbSet<UserFiling> UserFilings => Set<UserFiling>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();
    public DbSet<Domain.People.RosterPerson> Roster => Set<Domain.People.RosterPerson>();
    public DbSet<Features.Rubrics.RubricDefinition> RubricDefinitions => Set<Features.Rubrics.RubricDefinition>();
    public DbSet<Features.Statistics.StatisticsRecord> StatisticsRecords => Set<Features.Statistics.StatisticsRecord>();
    public DbSet<Features.Statistics.ImportBatch> ImportBatches => Set<Features.Statistics.ImportBatch>();
    public DbSet<Features.Statistics.StatisticsRollup> StatisticsRollups => Set<Features.Statistics.StatisticsRollup>();

    /// <summary>The Data Protection key ring, shared by every instance (docs/operations.md).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Platform.AppSecret> AppSecrets => Set<Platform.AppSecret>();
    public DbSet<Platform.StoredBlob> StoredBlobs => Set<Platform.StoredBlob>();
    public DbSet<Platform.JobRun> JobRuns => Set<Platform.JobRun>();

    public string ActorName => _actor.Name;

    /// <summary>
    /// Names what the next saves do ("创建账号", "重置密码"), for the audit entries they write; cleared by the caller.
    /// Plain writes leave it null and the log names them by record kind and action.
    /// </summary>
    public string? Operation
    {
        get => _operation;
        set { _operation = value; _operationEntries.Clear(); }
    }
    private string? _operation;

    // The entries one named operation has written so far, by record: Identity saves an account several times for one action
    // (重置密码 = remove the password, add one, update the account), which is one change in the log, not three identical rows.
    // Kept for the operation's own transaction only: a retried or later operation starts its own entries.
    private readonly Dictionary<(string Type, string Key), AuditEntry> _operationEntries = [];
    private Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? _operationTransaction;
    public DateTimeOffset Now => _clock.GetUtcNow();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Identity's key lengths otherwise depend on the host's IdentityOptions; fix them so that the web app,
        // the CLI and the migrations all see one model.
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<string>>(b =>
        {
            b.Property(l => l.LoginProvider).HasMaxLength(128);
            b.Property(l => l.ProviderKey).HasMaxLength(128);
        });
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<string>>(b =>
        {
            b.Property(t => t.LoginProvider).HasMaxLength(128);
            b.Property(t => t.Name).HasMaxLength(128);
        });
        builder.ApplyConfigurationsFromAssembly(typeof(AppDb).Assembly);
    }

    /// <summary>Pinned, so the model does not change with the host's Identity options (see migration 0001).</summary>
    protected override Version SchemaVersion => Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version1;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Stored as UTC DateTime: SQLite keeps ISO text that sorts, PostgreSQL a timestamptz.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
    }

    internal sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTime>(
        v => v.UtcDateTime,
        v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Saves and writes one audit entry per changed row, in the same transaction, so that no write goes unlogged
    /// and a failed write leaves no log behind.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        // Accounts, notifications or the registry written: the in-memory caches that read them are stale from now on (after the
        // save, and again when this context goes away, i.e. after the caller's own transaction has committed).
        var touched = Platform.ChangeCounters.Touched(ChangeTracker.Entries());
        if (touched.Accounts || touched.Notifications || touched.Registry)
        {
            _touched = (_touched.Accounts || touched.Accounts, _touched.Notifications || touched.Notifications, _touched.Registry || touched.Registry);
            try { return await SaveAndAuditAsync(acceptAllChangesOnSuccess, cancellationToken); }
            finally { Bump(touched); }
        }
        return await SaveAndAuditAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private (bool Accounts, bool Notifications, bool Registry) _touched;

    private static void Bump((bool Accounts, bool Notifications, bool Registry) touched)
    {
        if (touched.Accounts) Platform.ChangeCounters.AccountsChanged();
        if (touched.Notifications) Platform.ChangeCounters.NotificationsChanged();
        if (touched.Registry) Platform.ChangeCounters.RegistryChanged();
    }

    public override void Dispose()
    {
        Bump(_touched);
        _touched = default;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Bump(_touched);
        _touched = default;
        return base.DisposeAsync();
    }

    private async Task<int> SaveAndAuditAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var pending = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && !NotAudited(e.Entity))
            .Select(e => new PendingAudit(e, e.State.ToString(), e.State is EntityState.Added ? null : Values(e, original: true)))
            .ToList();
        if (pending.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        for (var attempt = 1; ; attempt++)
        {
            var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
            var firstWritten = false;
            try
            {
                var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
                firstWritten = true;
                await WriteAuditAsync(pending, acceptAllChangesOnSuccess, cancellationToken);
                if (ownTransaction is not null) await ownTransaction.CommitAsync(cancellationToken);
                return written;
            }
            // A server restart breaks the pooled connections: the first command of our own transaction fails before
            // anything was written, so the whole save can simply run again on a fresh connection (docs/operations.md).
            catch (Exception e) when (ownTransaction is not null && !firstWritten && attempt < 4 && Platform.Resilience.IsTransient(e))
            {
                Platform.Resilience.OnTransientFailure(e);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
            finally
            {
                if (ownTransaction is not null) await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Key material, secrets and file content never go into the audit log; job runs and bulk-action progress are their own
    /// log; sign-in counters and ended sessions are not records; notifications only repeat changes that are logged themselves (read marks and
    /// mail state are no business change).
    /// </summary>
    private static bool NotAudited(object entity) =>
        entity is AuditEntry or DataProtectionKey or Platform.AppSecret or Platform.StoredBlob or Platform.JobRun or Features.Reviews.BulkOperation
        or Features.Accounts.SignInThrottleEntry // the failed sign-in itself is audited (SignInAudit)
        or Features.Accounts.EndedSession // a session id ended by 退出, not a record
        or Features.Notifications.Notification;

    private async Task WriteAuditAsync(List<PendingAudit> pending, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        {
            var at = Now;
            if (Operation is null || Database.CurrentTransaction is null || !ReferenceEquals(Database.CurrentTransaction, _operationTransaction))
            {
                _operationEntries.Clear();
                _operationTransaction = Operation is null ? null : Database.CurrentTransaction;
            }
            foreach (var p in pending)
            {
                var type = p.Entry.Metadata.ClrType.Name;
                var key = Key(p.Entry);
                if (Operation is not null && _operationTransaction is not null && _operationEntries.TryGetValue((type, key), out var earlier))
                {
                    // The same record saved again within the same operation: one entry, from its first state to its last.
                    earlier.At = at;
                    if (p.Action == "Deleted") { earlier.Action = "Deleted"; earlier.After = null; }
                    else earlier.After = Values(p.Entry, original: false);
                    continue;
                }
                var entry = new AuditEntry
                {
                    At = at,
                    Actor = _actor.Name,
                    EntityType = type,
                    EntityKey = key,
                    Action = p.Action,
                    Before = p.Before,
                    After = p.Action == "Deleted" ? null : Values(p.Entry, original: false),
                    Operation = Operation,
                    ClientAddress = _actor is IClientAddress c ? c.ClientAddress : null,
                };
                AuditLog.Add(entry);
                if (Operation is not null && _operationTransaction is not null) _operationEntries[(type, key)] = entry;
            }
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
    }

    private sealed record PendingAudit(EntityEntry Entry, string Action, string? Before);

    // Never copied into the log: credentials and the tokens Identity keeps.
    private static readonly HashSet<string> Secret = ["PasswordHash", "SecurityStamp", "ConcurrencyStamp"];

    private static string Values(EntityEntry entry, bool original)
    {
        var dict = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        var isToken = entry.Entity is Microsoft.AspNetCore.Identity.IdentityUserToken<string>;
        foreach (var p in entry.Properties)
        {
            if (Secret.Contains(p.Metadata.Name) || (isToken && p.Metadata.Name == "Value")) continue;
            var v = original ? p.OriginalValue : p.CurrentValue;
            dict[p.Metadata.Name] = v switch
            {
                null => null,
                CreditCode c => c.Value,
                FilingNumber n => n.Value,
                PartialDate d => d.ToIso(),
                Enum e => e.ToString(),
                _ => v,
            };
        }
        return JsonSerializer.Serialize(dict, AuditJson);
    }

    private static readonly JsonSerializerOptions AuditJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Key(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        return key is null ? "" : string.Join(",", key.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
