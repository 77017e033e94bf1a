using Microsoft.EntityFrameworkCore;

namespace SkillsAudit.Data.Features.Rules;

/// <summary>The management-rule tables (seed 003) as sets of <see cref="AppDb"/>.</summary>
public static class RulesSets
{
    extension(AppDb db)
    {
        public DbSet<ChangeRequest> ChangeRequests => db.Set<ChangeRequest>();
        public DbSet<ChangeAttachment> ChangeAttachments => db.Set<ChangeAttachment>();
        public DbSet<ScopeApplication> ScopeApplications => db.Set<ScopeApplication>();
        public DbSet<ScopeAttachment> ScopeAttachments => db.Set<ScopeAttachment>();
        public DbSet<InspectionDraw> InspectionDraws => db.Set<InspectionDraw>();
        public DbSet<InspectionFinding> InspectionFindings => db.Set<InspectionFinding>();
        public DbSet<CertificateRecord> Certificates => db.Set<CertificateRecord>();
        public DbSet<PurgeLogEntry> PurgeLog => db.Set<PurgeLogEntry>();
    }
}
