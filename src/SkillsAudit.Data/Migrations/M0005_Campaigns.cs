using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// Review campaigns (seed 002 考核方案, seed 001 评估通知): campaigns with their schedule, targets and members;
/// assessments with score sheets and reopenings; recorded findings, renewal decisions (seed 001 四, 附件4),
/// rectifications (seed 001 四(二)) and evidence files. Hand-written like M0001 (docs/decisions/0001); MigrationSchemaTests
/// checks it against the model on SQLite and PostgreSQL.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261121000005_Campaigns")]
public sealed class M0005_Campaigns : Migration
{
    private static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder t) =>
        t.Column<int>(nullable: false)
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Campaigns", t => new
        {
            Id = Identity(t),
            Title = t.Column<string>(maxLength: 300, nullable: false),
            DocumentNumber = t.Column<string>(maxLength: 100, nullable: true),
            Authority = t.Column<string>(maxLength: 200, nullable: false),
            Year = t.Column<int>(nullable: false),
            RegionCode = t.Column<string>(maxLength: 6, nullable: false),
            RubricId = t.Column<string>(maxLength: 80, nullable: false),
            Consolidation = t.Column<string>(maxLength: 20, nullable: false),
            IndicatorDisagreement = t.Column<decimal>(precision: 10, scale: 4, nullable: false),
            TotalDisagreement = t.Column<decimal>(precision: 10, scale: 4, nullable: false),
            Historical = t.Column<bool>(nullable: false),
            PreviousCampaignId = t.Column<int>(nullable: true),
            State = t.Column<string>(maxLength: 10, nullable: false),
            OpenedBy = t.Column<string>(maxLength: 100, nullable: true),
            OpenedAt = t.Column<DateTime>(nullable: true),
            ClosedBy = t.Column<string>(maxLength: 100, nullable: true),
            ClosedAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Campaigns", x => x.Id);
            t.ForeignKey("FK_Campaigns_Regions_RegionCode", x => x.RegionCode, "Regions", "Code", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Campaigns_Campaigns_PreviousCampaignId", x => x.PreviousCampaignId, "Campaigns", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Campaigns_RegionCode_Year", "Campaigns", ["RegionCode", "Year"]);
        m.CreateIndex("IX_Campaigns_PreviousCampaignId", "Campaigns", "PreviousCampaignId");

        m.CreateTable("CampaignStages", t => new
        {
            CampaignId = t.Column<int>(nullable: false),
            Stage = t.Column<string>(maxLength: 20, nullable: false),
            From = t.Column<DateOnly>(nullable: false),
            To = t.Column<DateOnly>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CampaignStages", x => new { x.CampaignId, x.Stage });
            t.ForeignKey("FK_CampaignStages_Campaigns_CampaignId", x => x.CampaignId, "Campaigns", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("CampaignTargets", t => new
        {
            Id = Identity(t),
            CampaignId = t.Column<int>(nullable: false),
            FilingId = t.Column<int>(nullable: false),
            Included = t.Column<bool>(nullable: false),
            ByHand = t.Column<bool>(nullable: false),
            Reason = t.Column<string>(maxLength: 500, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CampaignTargets", x => x.Id);
            t.ForeignKey("FK_CampaignTargets_Campaigns_CampaignId", x => x.CampaignId, "Campaigns", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_CampaignTargets_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_CampaignTargets_CampaignId_FilingId", "CampaignTargets", ["CampaignId", "FilingId"], unique: true);
        m.CreateIndex("IX_CampaignTargets_FilingId", "CampaignTargets", "FilingId");

        m.CreateTable("CampaignMembers", t => new
        {
            Id = Identity(t),
            CampaignId = t.Column<int>(nullable: false),
            UserName = t.Column<string>(maxLength: 256, nullable: false),
            Role = t.Column<string>(maxLength: 20, nullable: false),
            Title = t.Column<string>(maxLength: 200, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CampaignMembers", x => x.Id);
            t.ForeignKey("FK_CampaignMembers_Campaigns_CampaignId", x => x.CampaignId, "Campaigns", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_CampaignMembers_CampaignId_UserName_Role", "CampaignMembers", ["CampaignId", "UserName", "Role"], unique: true);
        m.CreateIndex("IX_CampaignMembers_UserName", "CampaignMembers", "UserName");

        m.CreateTable("Assessments", t => new
        {
            Id = Identity(t),
            CampaignId = t.Column<int>(nullable: false),
            FilingId = t.Column<int>(nullable: false),
            PanelBaseTotal = t.Column<decimal>(precision: 10, scale: 4, nullable: true),
            PanelBonusTotal = t.Column<decimal>(precision: 10, scale: 4, nullable: true),
            PanelVetoed = t.Column<bool>(nullable: false),
            Outcome = t.Column<string>(maxLength: 50, nullable: true),
            FinalisedBy = t.Column<string>(maxLength: 100, nullable: true),
            FinalisedAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Assessments", x => x.Id);
            t.ForeignKey("FK_Assessments_Campaigns_CampaignId", x => x.CampaignId, "Campaigns", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_Assessments_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Assessments_CampaignId_FilingId", "Assessments", ["CampaignId", "FilingId"], unique: true);
        m.CreateIndex("IX_Assessments_FilingId", "Assessments", "FilingId");

        m.CreateTable("ScoreSheets", t => new
        {
            Id = Identity(t),
            AssessmentId = t.Column<int>(nullable: false),
            Expert = t.Column<string>(maxLength: 256, nullable: true),
            IsLead = t.Column<bool>(nullable: false),
            AnswersJson = t.Column<string>(nullable: false),
            Status = t.Column<string>(maxLength: 10, nullable: false),
            BaseTotal = t.Column<decimal>(precision: 10, scale: 4, nullable: true),
            BonusTotal = t.Column<decimal>(precision: 10, scale: 4, nullable: true),
            Vetoed = t.Column<bool>(nullable: false),
            SavedBy = t.Column<string>(maxLength: 256, nullable: true),
            SavedAt = t.Column<DateTime>(nullable: true),
            SubmittedAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ScoreSheets", x => x.Id);
            t.ForeignKey("FK_ScoreSheets_Assessments_AssessmentId", x => x.AssessmentId, "Assessments", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ScoreSheets_AssessmentId_Expert", "ScoreSheets", ["AssessmentId", "Expert"]);

        m.CreateTable("Reopenings", t => new
        {
            Id = Identity(t),
            AssessmentId = t.Column<int>(nullable: false),
            Stage = t.Column<string>(maxLength: 20, nullable: false),
            Reason = t.Column<string>(maxLength: 1000, nullable: false),
            By = t.Column<string>(maxLength: 100, nullable: false),
            At = t.Column<DateTime>(nullable: false),
            Until = t.Column<DateOnly>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Reopenings", x => x.Id);
            t.ForeignKey("FK_Reopenings_Assessments_AssessmentId", x => x.AssessmentId, "Assessments", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Reopenings_AssessmentId", "Reopenings", "AssessmentId");

        m.CreateTable("Rectifications", t => new
        {
            Id = Identity(t),
            FilingId = t.Column<int>(nullable: false),
            AssessmentId = t.Column<int>(nullable: true),
            RequiredActions = t.Column<string>(maxLength: 4000, nullable: false),
            Due = t.Column<DateOnly>(nullable: false),
            IssuedBy = t.Column<string>(maxLength: 100, nullable: false),
            IssuedAt = t.Column<DateTime>(nullable: false),
            Response = t.Column<string>(maxLength: 4000, nullable: true),
            EvidenceHashes = t.Column<string>(maxLength: 2000, nullable: true),
            RespondedAt = t.Column<DateTime>(nullable: true),
            CheckedBy = t.Column<string>(maxLength: 100, nullable: true),
            CheckedAt = t.Column<DateTime>(nullable: true),
            CheckNote = t.Column<string>(maxLength: 2000, nullable: true),
            State = t.Column<string>(maxLength: 10, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Rectifications", x => x.Id);
            t.ForeignKey("FK_Rectifications_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Rectifications_Assessments_AssessmentId", x => x.AssessmentId, "Assessments", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Rectifications_FilingId", "Rectifications", "FilingId");
        m.CreateIndex("IX_Rectifications_AssessmentId", "Rectifications", "AssessmentId");
        m.CreateIndex("IX_Rectifications_State_Due", "Rectifications", ["State", "Due"]);

        m.CreateTable("ReviewFindings", t => new
        {
            Id = Identity(t),
            CampaignId = t.Column<int>(nullable: false),
            FilingId = t.Column<int>(nullable: false),
            Category = t.Column<string>(maxLength: 20, nullable: false),
            Serious = t.Column<string>(maxLength: 40, nullable: true),
            Rectifiable = t.Column<string>(maxLength: 40, nullable: true),
            Note = t.Column<string>(maxLength: 2000, nullable: false),
            EvidenceHashes = t.Column<string>(maxLength: 2000, nullable: true),
            RecordedBy = t.Column<string>(maxLength: 100, nullable: false),
            RecordedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ReviewFindings", x => x.Id);
            t.ForeignKey("FK_ReviewFindings_Campaigns_CampaignId", x => x.CampaignId, "Campaigns", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ReviewFindings_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_ReviewFindings_CampaignId_FilingId", "ReviewFindings", ["CampaignId", "FilingId"]);
        m.CreateIndex("IX_ReviewFindings_FilingId", "ReviewFindings", "FilingId");

        m.CreateTable("ReviewDecisions", t => new
        {
            Id = Identity(t),
            CampaignId = t.Column<int>(nullable: false),
            FilingId = t.Column<int>(nullable: false),
            AssessmentId = t.Column<int>(nullable: true),
            Kind = t.Column<string>(maxLength: 20, nullable: false),
            Standing = t.Column<string>(maxLength: 20, nullable: false),
            PeriodEnds = t.Column<bool>(nullable: false),
            InactiveTwoYears = t.Column<bool>(nullable: false),
            Score = t.Column<decimal>(precision: 10, scale: 4, nullable: true),
            Outcome = t.Column<string>(maxLength: 50, nullable: true),
            ReasonsJson = t.Column<string>(maxLength: 4000, nullable: false),
            DecidedOn = t.Column<DateOnly>(nullable: false),
            DecidedBy = t.Column<string>(maxLength: 100, nullable: false),
            DecidedAt = t.Column<DateTime>(nullable: false),
            RectificationId = t.Column<int>(nullable: true),
            RectificationDue = t.Column<DateOnly>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ReviewDecisions", x => x.Id);
            t.ForeignKey("FK_ReviewDecisions_Campaigns_CampaignId", x => x.CampaignId, "Campaigns", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ReviewDecisions_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_ReviewDecisions_Assessments_AssessmentId", x => x.AssessmentId, "Assessments", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_ReviewDecisions_Rectifications_RectificationId", x => x.RectificationId, "Rectifications", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_ReviewDecisions_CampaignId_FilingId", "ReviewDecisions", ["CampaignId", "FilingId"], unique: true);
        m.CreateIndex("IX_ReviewDecisions_FilingId", "ReviewDecisions", "FilingId");
        m.CreateIndex("IX_ReviewDecisions_AssessmentId", "ReviewDecisions", "AssessmentId");
        m.CreateIndex("IX_ReviewDecisions_RectificationId", "ReviewDecisions", "RectificationId");

        m.CreateTable("EvidenceFiles", t => new
        {
            Id = Identity(t),
            Sha256 = t.Column<string>(maxLength: 64, nullable: false),
            OriginalName = t.Column<string>(maxLength: 260, nullable: false),
            MediaType = t.Column<string>(maxLength: 50, nullable: false),
            Size = t.Column<long>(nullable: false),
            FilingId = t.Column<int>(nullable: false),
            AssessmentId = t.Column<int>(nullable: true),
            IndicatorCode = t.Column<string>(maxLength: 40, nullable: true),
            RectificationId = t.Column<int>(nullable: true),
            CampaignId = t.Column<int>(nullable: true),
            UploadedBy = t.Column<string>(maxLength: 100, nullable: false),
            UploadedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_EvidenceFiles", x => x.Id);
            t.ForeignKey("FK_EvidenceFiles_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_EvidenceFiles_Assessments_AssessmentId", x => x.AssessmentId, "Assessments", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_EvidenceFiles_Rectifications_RectificationId", x => x.RectificationId, "Rectifications", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_EvidenceFiles_Campaigns_CampaignId", x => x.CampaignId, "Campaigns", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_EvidenceFiles_Sha256", "EvidenceFiles", "Sha256");
        m.CreateIndex("IX_EvidenceFiles_FilingId", "EvidenceFiles", "FilingId");
        m.CreateIndex("IX_EvidenceFiles_AssessmentId", "EvidenceFiles", "AssessmentId");
        m.CreateIndex("IX_EvidenceFiles_RectificationId", "EvidenceFiles", "RectificationId");
        m.CreateIndex("IX_EvidenceFiles_CampaignId", "EvidenceFiles", "CampaignId");
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "EvidenceFiles", "ReviewDecisions", "ReviewFindings", "Rectifications", "Reopenings", "ScoreSheets", "Assessments", "CampaignMembers", "CampaignTargets", "CampaignStages", "Campaigns" })
            m.DropTable(table);
    }
}
