using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using System.Globalization;
using SkillsAudit.Domain.Calendar;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// The campaign board's bulk actions (progress kept in the database, one at a time per campaign); the working-day
/// calendar (public holidays and adjusted working weekends), shipped with the State Council's 2025 and 2026 schedules;
/// review requests (复核申请). Hand-written like M0001 (docs/decisions/0001); MigrationSchemaTests checks it against the model.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261202000017_BoardCalendarReviewRequests")]
public sealed class M0017_BoardCalendarReviewRequests : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("BulkOperations", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            CampaignId = t.Column<int>(nullable: false),
            Action = t.Column<string>(maxLength: 20, nullable: false),
            Kind = t.Column<string>(maxLength: 20, nullable: true),
            Reason = t.Column<string>(maxLength: 1000, nullable: false),
            DecidedOn = t.Column<DateOnly>(nullable: true),
            FilingIds = t.Column<string>(nullable: false),
            Total = t.Column<int>(nullable: false),
            Done = t.Column<int>(nullable: false),
            Succeeded = t.Column<int>(nullable: false),
            Skipped = t.Column<string>(nullable: true),
            StartedBy = t.Column<string>(maxLength: 100, nullable: false),
            StartedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            FinishedAt = t.Column<DateTime>(nullable: true),
            Error = t.Column<string>(maxLength: 4000, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_BulkOperations", x => x.Id));
        m.CreateIndex("IX_BulkOperations_CampaignId", "BulkOperations", "CampaignId");

        m.CreateTable("CalendarDays", t => new
        {
            Date = t.Column<DateOnly>(nullable: false),
            Kind = t.Column<string>(maxLength: 10, nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            UpdatedBy = t.Column<string>(maxLength: 100, nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_CalendarDays", x => x.Date));
        var shipped = ActiveProvider?.Contains("Npgsql", StringComparison.Ordinal) == true ? "2026-12-02T00:00:00Z" : "2026-12-02 00:00:00";
        foreach (var d in OfficialSchedules.Days)
            m.Sql(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO \"CalendarDays\" (\"Date\", \"Kind\", \"Name\", \"UpdatedBy\", \"UpdatedAt\") VALUES ('{d.Date:yyyy-MM-dd}', '{d.Kind}', '{d.Name}', '国务院办公厅通知', '{shipped}');"));

        m.CreateTable("ReviewRequests", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            CampaignId = t.Column<int>(nullable: false),
            FilingId = t.Column<int>(nullable: false),
            AssessmentId = t.Column<int>(nullable: false),
            Grounds = t.Column<string>(maxLength: 2000, nullable: false),
            FiledBy = t.Column<string>(maxLength: 100, nullable: false),
            FiledAt = t.Column<DateTime>(nullable: false),
            FiledOn = t.Column<DateOnly>(nullable: false),
            PublishedOn = t.Column<DateOnly>(nullable: false),
            Deadline = t.Column<DateOnly>(nullable: false),
            State = t.Column<string>(maxLength: 20, nullable: false),
            Answer = t.Column<string>(maxLength: 2000, nullable: true),
            AnsweredBy = t.Column<string>(maxLength: 100, nullable: true),
            AnsweredAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ReviewRequests", x => x.Id));
        m.CreateIndex("IX_ReviewRequests_CampaignId", "ReviewRequests", "CampaignId");
        m.CreateIndex("IX_ReviewRequests_FilingId", "ReviewRequests", "FilingId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("ReviewRequests");
        m.DropTable("CalendarDays");
        m.DropTable("BulkOperations");
    }
}
