using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SkillsAudit.Data.Features.Risk;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Configurations;

// Risk-based supervision; the schema is built by migration M0018_Risk (MigrationSchemaTests compares the two).

internal sealed class RiskConfigVersionConfiguration : IEntityTypeConfiguration<RiskConfigVersion>
{
    public void Configure(EntityTypeBuilder<RiskConfigVersion> b)
    {
        b.ToTable("RiskConfigs");
        b.HasKey(x => x.Id);
        b.Property(x => x.Json).IsRequired();
        b.Property(x => x.ChangedBy).HasMaxLength(100).IsRequired();
        b.Property(x => x.Note).HasMaxLength(500);
    }
}

internal sealed class RiskLevelChangeConfiguration : IEntityTypeConfiguration<RiskLevelChange>
{
    public void Configure(EntityTypeBuilder<RiskLevelChange> b)
    {
        b.ToTable("RiskLevelChanges");
        b.HasKey(x => x.Id);
        b.Property(x => x.Level).HasMaxLength(10).IsRequired();
        b.Property(x => x.PreviousLevel).HasMaxLength(10);
        b.Property(x => x.Score).HasPrecision(10, 2);
        b.Property(x => x.Reasons).IsRequired();
        b.Property(x => x.ChangedBy).HasMaxLength(100).IsRequired();
        b.HasOne<Filing>().WithMany().HasForeignKey(x => x.FilingId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.FilingId, x.Year });
    }
}
