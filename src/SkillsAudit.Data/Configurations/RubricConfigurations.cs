using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SkillsAudit.Data.Features.Rubrics;

namespace SkillsAudit.Data.Configurations;

/// <summary>Imported rubrics (migration M0002_Rubrics).</summary>
internal sealed class RubricDefinitionConfiguration : IEntityTypeConfiguration<RubricDefinition>
{
    public void Configure(EntityTypeBuilder<RubricDefinition> b)
    {
        b.ToTable("RubricDefinitions");
        b.HasKey(r => new { r.RubricId, r.Version });
        b.Property(r => r.RubricId).HasMaxLength(64);
        b.Property(r => r.Title).HasMaxLength(300).IsRequired();
        b.Property(r => r.Yaml).IsRequired();
        b.Property(r => r.ImportedBy).HasMaxLength(100).IsRequired();
        b.Property(r => r.SourceFileName).HasMaxLength(260).IsRequired();
    }
}
