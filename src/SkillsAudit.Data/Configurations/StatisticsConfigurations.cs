using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Configurations;

internal sealed class StatisticsRecordConfiguration : IEntityTypeConfiguration<StatisticsRecord>
{
    public void Configure(EntityTypeBuilder<StatisticsRecord> b)
    {
        b.ToTable("StatisticsRecords");
        // One row per filing × year × occupation ("" = the whole filing): re-importing replaces, never duplicates.
        b.HasKey(r => new { r.FilingId, r.Year, r.OccupationKey });
        b.Property(r => r.OccupationKey).HasMaxLength(100);
        b.Property(r => r.OccupationName).HasMaxLength(100);
        b.Property(r => r.OccupationCode).HasMaxLength(32);
        b.Property(r => r.Trade).HasMaxLength(100);
        b.Property(r => r.StatedRate).HasPrecision(7, 2);
        b.Property(r => r.Source).HasMaxLength(StatisticsRecord.SourceLength); // the import cuts its source text to this (StatisticsRecord.FormatSource)
        b.Property(r => r.Findings).HasMaxLength(4000);
        b.HasOne<Filing>().WithMany().HasForeignKey(r => r.FilingId).OnDelete(DeleteBehavior.Cascade);
        // No index beyond the key (M0021): summaries read StatisticsRollups, and a year's records are reached through the
        // key, filing by filing (the region's filings, or the year's rollups, say which). A second index cost the import
        // about a fifth of its time at a million rows, every row entered into one more B-tree.
    }
}

internal sealed class StatisticsRollupConfiguration : IEntityTypeConfiguration<StatisticsRollup>
{
    public void Configure(EntityTypeBuilder<StatisticsRollup> b)
    {
        // One row per filing × year, derived from StatisticsRecords (StatisticsRollups.RebuildAsync); see M0004.
        b.ToTable("StatisticsRollups");
        b.HasKey(r => new { r.FilingId, r.Year });
        b.HasOne<Filing>().WithMany().HasForeignKey(r => r.FilingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> b)
    {
        // One row per import of a file; rows written carry its id (see M0015). No foreign key from the rows: a batch is
        // never deleted, and an index over a million rows' batch ids would only serve the audit page's rare question.
        b.ToTable("ImportBatches");
        b.Property(x => x.Kind).HasMaxLength(64);
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.Actor).HasMaxLength(100);
    }
}
