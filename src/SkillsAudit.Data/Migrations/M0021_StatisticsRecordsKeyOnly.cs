using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// StatisticsRecords keeps only its key (filing, year, occupation): the covering index by year that M0003 added for the
/// summaries is dropped. Summaries read StatisticsRollups (M0004), and the few reads of a year's records across filings
/// reach them through the key, filing by filing. Every imported row went into that index as well: about a fifth of a
/// million-row import's time. Hand-written like M0001 (docs/decisions/0001); MigrationSchemaTests checks it.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261203000021_StatisticsRecordsKeyOnly")]
public sealed class M0021_StatisticsRecordsKeyOnly : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.DropIndex("IX_StatisticsRecords_Year_Summary", "StatisticsRecords");

    protected override void Down(MigrationBuilder m) =>
        m.CreateIndex("IX_StatisticsRecords_Year_Summary", "StatisticsRecords",
            ["Year", "FilingId", "Assessed", "Passed", "PassedL5", "PassedL4", "PassedL3", "PassedL2", "PassedL1"]);
}
