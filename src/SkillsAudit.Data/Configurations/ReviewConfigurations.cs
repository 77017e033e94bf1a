using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;

namespace SkillsAudit.Data.Configurations;

/// <summary>Review campaigns, assessments, decisions and rectifications (migration M0005_Campaigns).</summary>
internal static class ReviewColumns
{
    /// <summary>Points: rubric maxima go to 0.25 and 0.3 steps, means are rounded to 2 decimals; 4 leaves room.</summary>
    public const int Precision = 10, Scale = 4;
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.ToTable("Campaigns");
        b.HasKey(c => c.Id);
        b.Property(c => c.Title).HasMaxLength(300).IsRequired();
        b.Property(c => c.DocumentNumber).HasMaxLength(100);
        b.Property(c => c.Authority).HasMaxLength(200).IsRequired();
        b.Property(c => c.PlanTitle).HasMaxLength(300);
        b.Property(c => c.ListBasis).HasMaxLength(500);
        b.Property(c => c.RegionCode).HasMaxLength(6).IsRequired();
        b.Property(c => c.RubricId).HasMaxLength(80).IsRequired();
        b.Property(c => c.Consolidation).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.IndicatorDisagreement).HasPrecision(ReviewColumns.Precision, ReviewColumns.Scale);
        b.Property(c => c.TotalDisagreement).HasPrecision(ReviewColumns.Precision, ReviewColumns.Scale);
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(10);
        b.Property(c => c.OpenedBy).HasMaxLength(100);
        b.Property(c => c.ClosedBy).HasMaxLength(100);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Ignore(c => c.Schedule);
        b.Ignore(c => c.TargetFilingIds);
        b.HasIndex(c => new { c.RegionCode, c.Year });
        b.HasOne<Region>().WithMany().HasForeignKey(c => c.RegionCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Campaign>().WithMany().HasForeignKey(c => c.PreviousCampaignId).OnDelete(DeleteBehavior.Restrict);
        // The schedule (seed 002 二) as its own table: one row per stage.
        b.OwnsMany(c => c.Stages, s =>
        {
            s.ToTable("CampaignStages");
            s.WithOwner().HasForeignKey("CampaignId");
            s.Property<int>("CampaignId");
            s.HasKey("CampaignId", nameof(StageWindow.Stage));
            s.Property(w => w.Stage).HasConversion<string>().HasMaxLength(20);
        });
        b.Navigation(c => c.Stages).HasField("_stages").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(c => c.Targets).WithOne().HasForeignKey(t => t.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Targets).HasField("_targets").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Members).HasField("_members").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CampaignTargetConfiguration : IEntityTypeConfiguration<CampaignTarget>
{
    public void Configure(EntityTypeBuilder<CampaignTarget> b)
    {
        b.ToTable("CampaignTargets");
        b.HasKey(t => t.Id);
        b.Property(t => t.Reason).HasMaxLength(500).IsRequired();
        b.HasIndex(t => new { t.CampaignId, t.FilingId }).IsUnique();
        b.HasIndex(t => t.FilingId);
        b.HasOne<Filing>().WithMany().HasForeignKey(t => t.FilingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CampaignMemberConfiguration : IEntityTypeConfiguration<CampaignMember>
{
    public void Configure(EntityTypeBuilder<CampaignMember> b)
    {
        b.ToTable("CampaignMembers");
        b.HasKey(m => m.Id);
        b.Property(m => m.UserName).HasMaxLength(256).IsRequired();
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Title).HasMaxLength(200);
        b.HasIndex(m => new { m.CampaignId, m.UserName, m.Role }).IsUnique();
        b.HasIndex(m => m.UserName);
    }
}

internal sealed class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> b)
    {
        b.ToTable("Assessments");
        b.HasKey(a => a.Id);
        b.Property(a => a.PanelBaseTotal).HasPrecision(ReviewColumns.Precision, ReviewColumns.Scale);
        b.Property(a => a.PanelBonusTotal).HasPrecision(ReviewColumns.Precision, ReviewColumns.Scale);
        b.Property(a => a.Outcome).HasMaxLength(50);
        b.Property(a => a.FinalisedBy).HasMaxLength(100);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Ignore(a => a.IsFinalised);
        b.Ignore(a => a.PanelTotal);
        b.Ignore(a => a.SelfSheet);
        b.Ignore(a => a.ExpertSheets);
        b.Ignore(a => a.SelfAssessmentVisibleToExperts);
        b.HasIndex(a => new { a.CampaignId, a.FilingId }).IsUnique();
        b.HasIndex(a => a.FilingId);
        b.HasOne<Campaign>().WithMany().HasForeignKey(a => a.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Filing>().WithMany().HasForeignKey(a => a.FilingId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Sheets).WithOne().HasForeignKey(s => s.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(a => a.Sheets).HasField("_sheets").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(a => a.Reopenings).WithOne().HasForeignKey(r => r.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(a => a.Reopenings).HasField("_reopenings").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ScoreSheetConfiguration : IEntityTypeConfiguration<ScoreSheet>
{
    public void Configure(EntityTypeBuilder<ScoreSheet> b)
    {
        b.ToTable("ScoreSheets");
        b.HasKey(s => s.Id);
        b.Property(s => s.Expert).HasMaxLength(256);
        b.Property(s => s.AnswersJson).IsRequired();
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(s => s.BaseTotal).HasPrecision(ReviewColumns.Precision, ReviewColumns.Scale);
        b.Property(s => s.BonusTotal).HasPrecision(ReviewColumns.Precision, ReviewColumns.Scale);
        b.Property(s => s.SavedBy).HasMaxLength(256);
        // Optimistic concurrency: two experts (or two tabs) saving one sheet — the second is refused, nothing lost.
        b.Property(s => s.Version).IsConcurrencyToken();
        b.Ignore(s => s.IsSelfAssessment);
        b.Ignore(s => s.Total);
        b.HasIndex(s => new { s.AssessmentId, s.Expert });
    }
}

internal sealed class ReopeningConfiguration : IEntityTypeConfiguration<Reopening>
{
    public void Configure(EntityTypeBuilder<Reopening> b)
    {
        b.ToTable("Reopenings");
        b.HasKey(r => r.Id);
        b.Property(r => r.Stage).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Reason).HasMaxLength(1000).IsRequired();
        b.Property(r => r.By).HasMaxLength(100).IsRequired();
        b.HasIndex(r => r.AssessmentId);
    }
}

internal sealed class RectificationConfiguration : IEntityTypeConfiguration<Rectification>
{
    public void Configure(EntityTypeBuilder<Rectification> b)
    {
        b.ToTable("Rectifications");
        b.HasKey(r => r.Id);
        b.Property(r => r.RequiredActions).HasMaxLength(4000).IsRequired();
        b.Property(r => r.IssuedBy).HasMaxLength(100).IsRequired();
        b.Property(r => r.Response).HasMaxLength(4000);
        b.Property(r => r.EvidenceHashes).HasMaxLength(2000);
        b.Property(r => r.CheckedBy).HasMaxLength(100);
        b.Property(r => r.CheckNote).HasMaxLength(2000);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(10);
        b.HasIndex(r => r.FilingId);
        b.HasIndex(r => new { r.State, r.Due });
        b.HasOne<Filing>().WithMany().HasForeignKey(r => r.FilingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Assessment>().WithMany().HasForeignKey(r => r.AssessmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RecordedFindingConfiguration : IEntityTypeConfiguration<RecordedFinding>
{
    public void Configure(EntityTypeBuilder<RecordedFinding> b)
    {
        b.ToTable("ReviewFindings");
        b.HasKey(f => f.Id);
        b.Property(f => f.Category).HasConversion<string>().HasMaxLength(20);
        b.Property(f => f.Serious).HasConversion<string>().HasMaxLength(40);
        b.Property(f => f.Rectifiable).HasConversion<string>().HasMaxLength(40);
        b.Property(f => f.Note).HasMaxLength(2000).IsRequired();
        b.Property(f => f.EvidenceHashes).HasMaxLength(2000);
        b.Property(f => f.RecordedBy).HasMaxLength(100).IsRequired();
        b.Ignore(f => f.Code);
        b.HasIndex(f => new { f.CampaignId, f.FilingId });
        b.HasOne<Campaign>().WithMany().HasForeignKey(f => f.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Filing>().WithMany().HasForeignKey(f => f.FilingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DecisionRecordConfiguration : IEntityTypeConfiguration<DecisionRecord>
{
    public void Configure(EntityTypeBuilder<DecisionRecord> b)
    {
        b.ToTable("ReviewDecisions");
        b.HasKey(d => d.Id);
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Standing).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Score).HasPrecision(ReviewColumns.Precision, ReviewColumns.Scale);
        b.Property(d => d.Outcome).HasMaxLength(50);
        b.Property(d => d.ReasonsJson).HasMaxLength(4000).IsRequired();
        b.Property(d => d.DecidedBy).HasMaxLength(100).IsRequired();
        b.Ignore(d => d.Reasons);
        b.Ignore(d => d.Overridden);
        b.Property(d => d.ProposedKind).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.OverrideReason).HasMaxLength(1000);
        // One decision per filing per campaign and round (0 = the evaluation's; 1… after a rectification re-check):
        // of two officers deciding the same body at once, exactly one wins.
        b.HasIndex(d => new { d.CampaignId, d.FilingId, d.Round }).IsUnique();
        b.HasIndex(d => d.FollowsRectificationId).IsUnique();
        b.HasIndex(d => d.FilingId);
        b.HasOne<Campaign>().WithMany().HasForeignKey(d => d.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Filing>().WithMany().HasForeignKey(d => d.FilingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Assessment>().WithMany().HasForeignKey(d => d.AssessmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Rectification>().WithMany().HasForeignKey(d => d.RectificationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> b)
    {
        b.ToTable("EvidenceFiles");
        b.HasKey(e => e.Id);
        b.Property(e => e.Sha256).HasMaxLength(64).IsRequired();
        b.Property(e => e.OriginalName).HasMaxLength(260).IsRequired();
        b.Property(e => e.MediaType).HasMaxLength(50).IsRequired();
        b.Property(e => e.IndicatorCode).HasMaxLength(40);
        b.Property(e => e.UploadedBy).HasMaxLength(100).IsRequired();
        b.HasIndex(e => e.Sha256);
        b.HasIndex(e => e.FilingId);
        b.HasIndex(e => e.AssessmentId);
        b.HasOne<Filing>().WithMany().HasForeignKey(e => e.FilingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Assessment>().WithMany().HasForeignKey(e => e.AssessmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Rectification>().WithMany().HasForeignKey(e => e.RectificationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Campaign>().WithMany().HasForeignKey(e => e.CampaignId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReviewRequestConfiguration : IEntityTypeConfiguration<ReviewRequest>
{
    public void Configure(EntityTypeBuilder<ReviewRequest> b)
    {
        b.ToTable("ReviewRequests");
        b.HasKey(r => r.Id);
        b.Property(r => r.Grounds).HasMaxLength(2000).IsRequired();
        b.Property(r => r.FiledBy).HasMaxLength(100).IsRequired();
        // Two officers answering at once: the second finds the state changed (409).
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
        b.Property(r => r.Answer).HasMaxLength(2000);
        b.Property(r => r.AnsweredBy).HasMaxLength(100);
        b.HasIndex(r => r.CampaignId);
        b.HasIndex(r => r.FilingId);
    }
}
