using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SkillsAudit.Data.Platform;

/// <summary>
/// A secret every instance must share, kept in the database (not on one server's disk): the ID-hash key when it is not
/// configured (protected with the Data Protection key ring), and the fingerprint of the ID-hash key in use.
/// </summary>
public sealed class AppSecret
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// Stored file content (evidence, change-request attachments), addressed by its SHA-256: written in the same transaction
/// as the row that refers to it, so a backup of the database holds every file and no instance misses one.
/// </summary>
public sealed class StoredBlob
{
    public string Sha256 { get; set; } = "";
    public string MediaType { get; set; } = "";
    public long Size { get; set; }
    public byte[] Content { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One run of a scheduled job (daily, or started by hand from the CLI or the API), shown to admins.</summary>
public sealed class JobRun
{
    public int Id { get; set; }
    public string Job { get; set; } = "";
    /// <summary>scheduled | manual.</summary>
    public string Trigger { get; set; } = "";
    public string Instance { get; set; } = "";
    public string? Actor { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>running | succeeded | failed.</summary>
    public string Outcome { get; set; } = "";
    public string? Message { get; set; }
}

internal sealed class AppSecretConfiguration : IEntityTypeConfiguration<AppSecret>
{
    public void Configure(EntityTypeBuilder<AppSecret> b)
    {
        b.ToTable("AppSecrets");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Value).HasMaxLength(4000);
    }
}

internal sealed class StoredBlobConfiguration : IEntityTypeConfiguration<StoredBlob>
{
    public void Configure(EntityTypeBuilder<StoredBlob> b)
    {
        b.ToTable("StoredBlobs");
        b.HasKey(x => x.Sha256);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.MediaType).HasMaxLength(100);
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.ToTable("JobRuns");
        b.Property(x => x.Job).HasMaxLength(50);
        b.Property(x => x.Trigger).HasMaxLength(20);
        b.Property(x => x.Instance).HasMaxLength(200);
        b.Property(x => x.Actor).HasMaxLength(100);
        b.Property(x => x.Outcome).HasMaxLength(20);
        b.Property(x => x.Message).HasMaxLength(4000);
        b.HasIndex(x => new { x.Job, x.StartedAt });
    }
}
