using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// StatisticsRollups: per filing × year sums of StatisticsRecords (records, assessed, passed and the passed/certified
/// levels, certified, batches, subsidy recipients, each optional figure with how many records stated it), so that
/// whole-year aggregates read one row per filing instead of one per occupation. Existing records are rolled up here;
/// afterwards the statistics import keeps the table in step (StatisticsRollups.RebuildAsync).
/// Hand-written like M0001 (docs/decisions/0001-storage-and-migrations.md); MigrationSchemaTests checks it.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261121000004_StatisticsRollup")]
public sealed class M0004_StatisticsRollup : Migration
{
    private static readonly string[] Optional =
    [
        "Passed", "PassedL5", "PassedL4", "PassedL3", "PassedL2", "PassedL1",
        "Certified", "CertifiedL5", "CertifiedL4", "CertifiedL3", "CertifiedL2", "CertifiedL1", "Batches", "SubsidyRecipients",
    ];

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("StatisticsRollups", t => new
        {
            FilingId = t.Column<int>(nullable: false),
            Year = t.Column<int>(nullable: false),
            Records = t.Column<int>(nullable: false),
            Assessed = t.Column<long>(nullable: false),
            WithoutPassed = t.Column<int>(nullable: false),
            Passed = t.Column<long>(nullable: false),
            PassedKnown = t.Column<int>(nullable: false),
            PassedL5 = t.Column<long>(nullable: false),
            PassedL5Known = t.Column<int>(nullable: false),
            PassedL4 = t.Column<long>(nullable: false),
            PassedL4Known = t.Column<int>(nullable: false),
            PassedL3 = t.Column<long>(nullable: false),
            PassedL3Known = t.Column<int>(nullable: false),
            PassedL2 = t.Column<long>(nullable: false),
            PassedL2Known = t.Column<int>(nullable: false),
            PassedL1 = t.Column<long>(nullable: false),
            PassedL1Known = t.Column<int>(nullable: false),
            Certified = t.Column<long>(nullable: false),
            CertifiedKnown = t.Column<int>(nullable: false),
            CertifiedL5 = t.Column<long>(nullable: false),
            CertifiedL5Known = t.Column<int>(nullable: false),
            CertifiedL4 = t.Column<long>(nullable: false),
            CertifiedL4Known = t.Column<int>(nullable: false),
            CertifiedL3 = t.Column<long>(nullable: false),
            CertifiedL3Known = t.Column<int>(nullable: false),
            CertifiedL2 = t.Column<long>(nullable: false),
            CertifiedL2Known = t.Column<int>(nullable: false),
            CertifiedL1 = t.Column<long>(nullable: false),
            CertifiedL1Known = t.Column<int>(nullable: false),
            Batches = t.Column<long>(nullable: false),
            BatchesKnown = t.Column<int>(nullable: false),
            SubsidyRecipients = t.Column<long>(nullable: false),
            SubsidyRecipientsKnown = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_StatisticsRollups", x => new { x.FilingId, x.Year });
            t.ForeignKey("FK_StatisticsRollups_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Cascade);
        });

        // Roll up what is already stored (frozen copy of StatisticsRollups.InsertSelect as of this migration).
        var columns = new List<string> { "FilingId", "Year", "Records", "Assessed", "WithoutPassed" };
        var values = new List<string>
        {
            "r.\"FilingId\"", "r.\"Year\"", "COUNT(*)", "SUM(r.\"Assessed\")",
            "SUM(CASE WHEN r.\"Passed\" IS NULL AND r.\"Assessed\" > 0 THEN 1 ELSE 0 END)",
        };
        foreach (var c in Optional)
        {
            columns.Add(c);
            values.Add($"COALESCE(SUM(r.\"{c}\"), 0)");
            columns.Add(c + "Known");
            values.Add($"COUNT(r.\"{c}\")");
        }
        m.Sql($"INSERT INTO \"StatisticsRollups\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) "
            + $"SELECT {string.Join(", ", values)} FROM \"StatisticsRecords\" r GROUP BY r.\"FilingId\", r.\"Year\"");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("StatisticsRollups");
}
