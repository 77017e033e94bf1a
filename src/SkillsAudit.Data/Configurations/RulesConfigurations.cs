using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Configurations;

// Seed 003 management rules; the schema is built by migration M0006_Rules (MigrationSchemaTests compares the two).

internal sealed class ChangeRequestConfiguration : IEntityTypeConfiguration<ChangeRequest>
{
    public void Configure(EntityTypeBuilder<ChangeRequest> b)
    {
        b.ToTable("ChangeRequests");
        b.HasKey(x => x.Id);
        b.Property(x => x.CurrentValue).HasMaxLength(300);
        b.Property(x => x.RequestedValue).HasMaxLength(300).IsRequired();
        b.Property(x => x.Reason).HasMaxLength(2000);
        b.Property(x => x.SubmittedBy).HasMaxLength(100).IsRequired();
        b.Property(x => x.DecidedBy).HasMaxLength(100);
        b.Property(x => x.DecisionReason).HasMaxLength(2000);
        b.Property(x => x.WithdrawnBy).HasMaxLength(100); // M0025_RequestWithdrawal
        b.HasOne<Filing>().WithMany().HasForeignKey(x => x.FilingId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Attachments).WithOne().HasForeignKey(a => a.ChangeRequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChangeAttachmentConfiguration : IEntityTypeConfiguration<ChangeAttachment>
{
    public void Configure(EntityTypeBuilder<ChangeAttachment> b)
    {
        b.ToTable("ChangeAttachments");
        b.HasKey(x => x.Id);
        b.Property(x => x.Sha256).HasMaxLength(64).IsRequired();
        b.Property(x => x.OriginalName).HasMaxLength(260).IsRequired();
        b.Property(x => x.MediaType).HasMaxLength(50).IsRequired();
        b.HasIndex(x => x.Sha256);
    }
}

internal sealed class ScopeApplicationConfiguration : IEntityTypeConfiguration<ScopeApplication>
{
    public void Configure(EntityTypeBuilder<ScopeApplication> b)
    {
        b.ToTable("ScopeApplications");
        b.HasKey(x => x.Id);
        b.Property(x => x.OccupationCode).HasMaxLength(32).IsRequired();
        b.Property(x => x.Replacing).HasMaxLength(32);
        b.Property(x => x.ChecksJson).IsRequired();
        b.Property(x => x.AppliedBy).HasMaxLength(100).IsRequired();
        // M0023_OccupationApplications: the levels, the body's explanation and materials, the decision.
        b.Property(x => x.Levels).HasMaxLength(20).IsRequired();
        b.Property(x => x.Explanation).HasMaxLength(2000);
        b.Property(x => x.DecidedBy).HasMaxLength(100);
        b.Property(x => x.DecisionReason).HasMaxLength(2000);
        b.Property(x => x.WithdrawnBy).HasMaxLength(100); // M0025_RequestWithdrawal
        b.HasOne<Filing>().WithMany().HasForeignKey(x => x.FilingId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Attachments).WithOne().HasForeignKey(a => a.ScopeApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScopeAttachmentConfiguration : IEntityTypeConfiguration<ScopeAttachment>
{
    public void Configure(EntityTypeBuilder<ScopeAttachment> b)
    {
        b.ToTable("ScopeAttachments");
        b.HasKey(x => x.Id);
        b.Property(x => x.Sha256).HasMaxLength(64).IsRequired();
        b.Property(x => x.OriginalName).HasMaxLength(260).IsRequired();
        b.Property(x => x.MediaType).HasMaxLength(50).IsRequired();
        b.HasIndex(x => x.Sha256);
    }
}

internal sealed class InspectionDrawConfiguration : IEntityTypeConfiguration<InspectionDraw>
{
    public void Configure(EntityTypeBuilder<InspectionDraw> b)
    {
        b.ToTable("InspectionDraws");
        b.HasKey(x => x.Id);
        b.Property(x => x.Title).HasMaxLength(200).IsRequired();
        b.Property(x => x.Seed).HasMaxLength(200).IsRequired();
        b.Property(x => x.FiltersJson).IsRequired();
        b.Property(x => x.PoolJson).IsRequired();
        b.Property(x => x.RosterJson).IsRequired();
        b.Property(x => x.ResultJson).IsRequired();
        b.Property(x => x.DrawnBy).HasMaxLength(100).IsRequired();
        b.HasMany(x => x.Findings).WithOne().HasForeignKey(f => f.DrawId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InspectionFindingConfiguration : IEntityTypeConfiguration<InspectionFinding>
{
    public void Configure(EntityTypeBuilder<InspectionFinding> b)
    {
        b.ToTable("InspectionFindings");
        b.HasKey(x => x.Id);
        b.Property(x => x.BodyKey).HasMaxLength(50).IsRequired();
        b.Property(x => x.Finding).HasMaxLength(2000).IsRequired();
        b.Property(x => x.RecordedBy).HasMaxLength(100).IsRequired();
    }
}

internal sealed class CertificateRecordConfiguration : IEntityTypeConfiguration<CertificateRecord>
{
    public void Configure(EntityTypeBuilder<CertificateRecord> b)
    {
        b.ToTable("Certificates");
        b.HasKey(x => x.Id);
        b.Property(x => x.Batch).HasMaxLength(50);
        b.Property(x => x.PersonName).HasMaxLength(50).IsRequired();
        b.Property(x => x.IdCipher).HasMaxLength(1000).IsRequired();
        b.Property(x => x.IdHash).HasMaxLength(64).IsRequired();
        b.Property(x => x.IdMasked).HasMaxLength(18).IsRequired();
        b.Property(x => x.OccupationCode).HasMaxLength(32).IsRequired();
        b.Property(x => x.Number).HasMaxLength(22).IsRequired();
        b.Property(x => x.ImportedBy).HasMaxLength(100).IsRequired();
        // M0024_CertificateRevocation: 撤销证书 (when, by whom, why).
        b.Property(x => x.RevokedBy).HasMaxLength(100);
        b.Property(x => x.RevokeReason).HasMaxLength(500);
        b.HasIndex(x => x.Number).IsUnique();
        // One certificate per person, occupation and level (seed 003 第十九条): the import checks first, and this index
        // refuses the race of two imports on two servers at once (answered 409).
        b.HasIndex(x => new { x.IdHash, x.OccupationCode, x.Level }).IsUnique();
        b.HasIndex(x => new { x.FilingId, x.Year, x.Level });
        b.HasOne<Filing>().WithMany().HasForeignKey(x => x.FilingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PurgeLogEntryConfiguration : IEntityTypeConfiguration<PurgeLogEntry>
{
    public void Configure(EntityTypeBuilder<PurgeLogEntry> b)
    {
        b.ToTable("PurgeLog");
        b.HasKey(x => x.Id);
        b.Property(x => x.Actor).HasMaxLength(100).IsRequired();
        b.Property(x => x.What).HasMaxLength(50).IsRequired();
        b.Property(x => x.RecordKey).HasMaxLength(100).IsRequired();
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.Note).HasMaxLength(500);
    }
}
