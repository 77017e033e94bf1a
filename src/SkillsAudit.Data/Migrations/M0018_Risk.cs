using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// Risk-based supervision: the risk configuration's versions, every change of a filing's risk level with its reasons,
/// and the strata of a risk-weighted inspection draw. Hand-written like M0001 (docs/decisions/0001).
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261202000018_Risk")]
public sealed class M0018_Risk : Migration
{
    private static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder t) => t.Column<int>(nullable: false)
        .Annotation("Sqlite:Autoincrement", true)
        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("RiskConfigs", t => new
        {
            Id = Identity(t),
            Json = t.Column<string>(nullable: false),
            ChangedBy = t.Column<string>(maxLength: 100, nullable: false),
            ChangedAt = t.Column<DateTime>(nullable: false),
            Note = t.Column<string>(maxLength: 500, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_RiskConfigs", x => x.Id));

        m.CreateTable("RiskLevelChanges", t => new
        {
            Id = Identity(t),
            FilingId = t.Column<int>(nullable: false),
            Year = t.Column<int>(nullable: false),
            Level = t.Column<string>(maxLength: 10, nullable: false),
            PreviousLevel = t.Column<string>(maxLength: 10, nullable: true),
            Score = t.Column<decimal>(precision: 10, scale: 2, nullable: false),
            Reasons = t.Column<string>(nullable: false),
            ChangedBy = t.Column<string>(maxLength: 100, nullable: false),
            ChangedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_RiskLevelChanges", x => x.Id);
            t.ForeignKey("FK_RiskLevelChanges_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_RiskLevelChanges_FilingId_Year", "RiskLevelChanges", ["FilingId", "Year"]);

        m.AddColumn<string>("StrataJson", "InspectionDraws", nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("StrataJson", "InspectionDraws");
        m.DropTable("RiskLevelChanges");
        m.DropTable("RiskConfigs");
    }
}
