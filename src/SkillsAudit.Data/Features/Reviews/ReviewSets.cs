using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Reviews;

namespace SkillsAudit.Data.Features.Reviews;

/// <summary>The review tables as sets on <see cref="AppDb"/> (kept here so that AppDb stays the registry's file).</summary>
public static class ReviewSets
{
    extension(AppDb db)
    {
        public DbSet<Campaign> Campaigns => db.Set<Campaign>();
        public DbSet<Assessment> Assessments => db.Set<Assessment>();
        public DbSet<ScoreSheet> ScoreSheets => db.Set<ScoreSheet>();
        public DbSet<Rectification> Rectifications => db.Set<Rectification>();
        public DbSet<RecordedFinding> ReviewFindings => db.Set<RecordedFinding>();
        public DbSet<DecisionRecord> ReviewDecisions => db.Set<DecisionRecord>();
        public DbSet<EvidenceFile> EvidenceFiles => db.Set<EvidenceFile>();
        public DbSet<BulkOperation> BulkOperations => db.Set<BulkOperation>();
        public DbSet<ReviewRequest> ReviewRequests => db.Set<ReviewRequest>();
    }
}
