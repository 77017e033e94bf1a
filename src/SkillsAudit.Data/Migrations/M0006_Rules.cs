using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// Seed 003 management rules: change requests with their attachments (第五章), occupation applications with the
/// eligibility snapshot (第六章), random inspection draws and findings (第二十九条), certificate rosters (第十九条, the ID
/// number encrypted and keyed-hashed), keep-until on evidence files and the purge log (第二十条). Hand-written like M0001;
/// MigrationSchemaTests checks it against the model on SQLite and PostgreSQL.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261121000006_Rules")]
public sealed class M0006_Rules : Migration
{
    private static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder t) =>
        t.Column<int>(nullable: false)
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("ChangeRequests", t => new
        {
            Id = Identity(t),
            FilingId = t.Column<int>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            CurrentValue = t.Column<string>(maxLength: 300, nullable: true),
            RequestedValue = t.Column<string>(maxLength: 300, nullable: false),
            Reason = t.Column<string>(maxLength: 2000, nullable: true),
            State = t.Column<int>(nullable: false),
            SubmittedBy = t.Column<string>(maxLength: 100, nullable: false),
            SubmittedAt = t.Column<DateTime>(nullable: false),
            DecidedBy = t.Column<string>(maxLength: 100, nullable: true),
            DecidedAt = t.Column<DateTime>(nullable: true),
            DecisionReason = t.Column<string>(maxLength: 2000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ChangeRequests", x => x.Id);
            t.ForeignKey("FK_ChangeRequests_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_ChangeRequests_FilingId", "ChangeRequests", "FilingId");

        m.CreateTable("ChangeAttachments", t => new
        {
            Id = Identity(t),
            ChangeRequestId = t.Column<int>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            Sha256 = t.Column<string>(maxLength: 64, nullable: false),
            OriginalName = t.Column<string>(maxLength: 260, nullable: false),
            MediaType = t.Column<string>(maxLength: 50, nullable: false),
            Size = t.Column<long>(nullable: false),
            KeepUntil = t.Column<DateOnly>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ChangeAttachments", x => x.Id);
            t.ForeignKey("FK_ChangeAttachments_ChangeRequests_ChangeRequestId", x => x.ChangeRequestId, "ChangeRequests", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ChangeAttachments_ChangeRequestId", "ChangeAttachments", "ChangeRequestId");
        m.CreateIndex("IX_ChangeAttachments_Sha256", "ChangeAttachments", "Sha256");

        m.CreateTable("ScopeApplications", t => new
        {
            Id = Identity(t),
            FilingId = t.Column<int>(nullable: false),
            OccupationCode = t.Column<string>(maxLength: 32, nullable: false),
            Level = t.Column<int>(nullable: true),
            Replacing = t.Column<string>(maxLength: 32, nullable: true),
            DeclaredExperts = t.Column<int>(nullable: false),
            DeclaredExaminers = t.Column<int>(nullable: false),
            DeclaredQuestionBanks = t.Column<int>(nullable: false),
            HasBadRecord = t.Column<bool>(nullable: false),
            Eligible = t.Column<bool>(nullable: false),
            ChecksJson = t.Column<string>(nullable: false),
            AppliedBy = t.Column<string>(maxLength: 100, nullable: false),
            AppliedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ScopeApplications", x => x.Id);
            t.ForeignKey("FK_ScopeApplications_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_ScopeApplications_FilingId", "ScopeApplications", "FilingId");

        m.CreateTable("InspectionDraws", t => new
        {
            Id = Identity(t),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            Seed = t.Column<string>(maxLength: 200, nullable: false),
            AlgorithmVersion = t.Column<int>(nullable: false),
            BodiesRequested = t.Column<int>(nullable: false),
            InspectorsPerBody = t.Column<int>(nullable: false),
            ExcludeSameCounty = t.Column<bool>(nullable: false),
            FiltersJson = t.Column<string>(nullable: false),
            PoolJson = t.Column<string>(nullable: false),
            RosterJson = t.Column<string>(nullable: false),
            ResultJson = t.Column<string>(nullable: false),
            Published = t.Column<bool>(nullable: false),
            PublishedAt = t.Column<DateTime>(nullable: true),
            DrawnBy = t.Column<string>(maxLength: 100, nullable: false),
            DrawnAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_InspectionDraws", x => x.Id));

        m.CreateTable("InspectionFindings", t => new
        {
            Id = Identity(t),
            DrawId = t.Column<int>(nullable: false),
            BodyKey = t.Column<string>(maxLength: 50, nullable: false),
            Finding = t.Column<string>(maxLength: 2000, nullable: false),
            RecordedBy = t.Column<string>(maxLength: 100, nullable: false),
            RecordedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_InspectionFindings", x => x.Id);
            t.ForeignKey("FK_InspectionFindings_InspectionDraws_DrawId", x => x.DrawId, "InspectionDraws", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_InspectionFindings_DrawId", "InspectionFindings", "DrawId");

        m.CreateTable("Certificates", t => new
        {
            Id = Identity(t),
            FilingId = t.Column<int>(nullable: false),
            Batch = t.Column<string>(maxLength: 50, nullable: true),
            PersonName = t.Column<string>(maxLength: 50, nullable: false),
            IdCipher = t.Column<string>(maxLength: 1000, nullable: false),
            IdHash = t.Column<string>(maxLength: 64, nullable: false),
            IdMasked = t.Column<string>(maxLength: 18, nullable: false),
            OccupationCode = t.Column<string>(maxLength: 32, nullable: false),
            Level = t.Column<int>(nullable: false),
            Number = t.Column<string>(maxLength: 22, nullable: false),
            Year = t.Column<int>(nullable: false),
            IssuedOn = t.Column<DateOnly>(nullable: false),
            ImportedBy = t.Column<string>(maxLength: 100, nullable: false),
            ImportedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Certificates", x => x.Id);
            t.ForeignKey("FK_Certificates_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Certificates_Number", "Certificates", "Number", unique: true);
        m.CreateIndex("IX_Certificates_IdHash", "Certificates", "IdHash");
        m.CreateIndex("IX_Certificates_FilingId_Year_Level", "Certificates", ["FilingId", "Year", "Level"]);

        m.CreateTable("PurgeLog", t => new
        {
            Id = Identity(t),
            At = t.Column<DateTime>(nullable: false),
            Actor = t.Column<string>(maxLength: 100, nullable: false),
            What = t.Column<string>(maxLength: 50, nullable: false),
            RecordKey = t.Column<string>(maxLength: 100, nullable: false),
            Sha256 = t.Column<string>(maxLength: 64, nullable: true),
            KeepUntil = t.Column<DateOnly>(nullable: false),
            Note = t.Column<string>(maxLength: 500, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_PurgeLog", x => x.Id));

        // 第二十条: electronic records are kept at least five years; null means "upload date + 5 years".
        m.AddColumn<DateOnly>("KeepUntil", "EvidenceFiles", nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("KeepUntil", "EvidenceFiles");
        foreach (var table in new[] { "PurgeLog", "Certificates", "InspectionFindings", "InspectionDraws", "ScopeApplications", "ChangeAttachments", "ChangeRequests" })
            m.DropTable(table);
    }
}
