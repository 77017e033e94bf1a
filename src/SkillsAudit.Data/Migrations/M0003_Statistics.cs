using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// Annual statistics per filing × year × occupation (seed 000 附件1/附件2 summary form; seed 001 附件2 per occupation).
/// Hand-written like M0001 (docs/decisions/0001-storage-and-migrations.md); MigrationSchemaTests checks it.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261121000003_Statistics")]
public sealed class M0003_Statistics : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("StatisticsRecords", t => new
        {
            FilingId = t.Column<int>(nullable: false),
            Year = t.Column<int>(nullable: false),
            OccupationKey = t.Column<string>(maxLength: 100, nullable: false),
            OccupationName = t.Column<string>(maxLength: 100, nullable: true),
            OccupationCode = t.Column<string>(maxLength: 32, nullable: true),
            Trade = t.Column<string>(maxLength: 100, nullable: true),
            Batches = t.Column<long>(nullable: true),
            Assessed = t.Column<long>(nullable: false),
            Passed = t.Column<long>(nullable: true),
            PassedL5 = t.Column<long>(nullable: true),
            PassedL4 = t.Column<long>(nullable: true),
            PassedL3 = t.Column<long>(nullable: true),
            PassedL2 = t.Column<long>(nullable: true),
            PassedL1 = t.Column<long>(nullable: true),
            Certified = t.Column<long>(nullable: true),
            CertifiedL5 = t.Column<long>(nullable: true),
            CertifiedL4 = t.Column<long>(nullable: true),
            CertifiedL3 = t.Column<long>(nullable: true),
            CertifiedL2 = t.Column<long>(nullable: true),
            CertifiedL1 = t.Column<long>(nullable: true),
            SubsidyRecipients = t.Column<long>(nullable: true),
            StatedRate = t.Column<decimal>(precision: 7, scale: 2, nullable: true),
            Source = t.Column<string>(maxLength: 300, nullable: true),
            Findings = t.Column<string>(maxLength: 4000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_StatisticsRecords", x => new { x.FilingId, x.Year, x.OccupationKey });
            t.ForeignKey("FK_StatisticsRecords_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_StatisticsRecords_Year_Summary", "StatisticsRecords",
            ["Year", "FilingId", "Assessed", "Passed", "PassedL5", "PassedL4", "PassedL3", "PassedL2", "PassedL1"]);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("StatisticsRecords");
}
