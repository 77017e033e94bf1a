using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Configurations;

internal sealed class StoredNoticeConfiguration : IEntityTypeConfiguration<StoredNotice>
{
    public void Configure(EntityTypeBuilder<StoredNotice> b)
    {
        // Results notices (seed 000); see M0007 and M0012 (CorrectsNoticeId points at the corrected notice: checked by NoticeService).
        b.ToTable("Notices");
        b.HasKey(n => n.Id);
        b.Property(n => n.Slug).HasMaxLength(60);
        b.HasIndex(n => n.Slug).IsUnique();
        b.Property(n => n.RegionCode).HasMaxLength(6);
        b.HasOne<Region>().WithMany().HasForeignKey(n => n.RegionCode).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(n => new { n.RegionCode, n.Year });
        b.HasOne<SkillsAudit.Domain.Reviews.Campaign>().WithMany().HasForeignKey(n => n.CampaignId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(n => n.CampaignId);
        b.Property(n => n.Title).HasMaxLength(300);
        b.Property(n => n.Authority).HasMaxLength(200);
        b.Property(n => n.DocumentNumber).HasMaxLength(100);
        b.Property(n => n.State).HasConversion<string>().HasMaxLength(10);
        b.Property(n => n.CreatedBy).HasMaxLength(100);
        b.Property(n => n.IssuedBy).HasMaxLength(100);
        b.Property(n => n.WithdrawnBy).HasMaxLength(100);
        b.Property(n => n.WithdrawReason).HasMaxLength(500);
        b.HasIndex(n => n.CorrectsNoticeId);
        b.Property(n => n.Version).IsConcurrencyToken();
    }
}

internal sealed class NoticeComplaintConfiguration : IEntityTypeConfiguration<NoticeComplaint>
{
    public void Configure(EntityTypeBuilder<NoticeComplaint> b)
    {
        b.ToTable("NoticeComplaints");
        b.HasKey(c => c.Id);
        b.HasOne<StoredNotice>().WithMany().HasForeignKey(c => c.NoticeId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.NoticeId);
        b.Property(c => c.TrackingNumber).HasMaxLength(30);
        b.HasIndex(c => c.TrackingNumber).IsUnique();
        b.Property(c => c.Subject).HasMaxLength(200);
        b.Property(c => c.Text).HasMaxLength(4000);
        b.Property(c => c.Contact).HasMaxLength(200);
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(10);
        b.Property(c => c.Outcome).HasMaxLength(4000);
        b.Property(c => c.OutcomeBy).HasMaxLength(100);
    }
}
