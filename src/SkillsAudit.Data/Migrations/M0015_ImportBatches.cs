using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// Import batches: one row (and one audit entry) per imported file, instead of an audit entry per imported record;
/// every statistics row carries the id of the batch that wrote it. Hand-written like M0001 (docs/decisions/0001);
/// MigrationSchemaTests checks it against the model.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261202000015_ImportBatches")]
public sealed class M0015_ImportBatches : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("ImportBatches", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Kind = t.Column<string>(maxLength: 64, nullable: false),
            FileName = t.Column<string>(maxLength: 260, nullable: false),
            Sha256 = t.Column<string>(maxLength: 64, nullable: false),
            Actor = t.Column<string>(maxLength: 100, nullable: false),
            At = t.Column<DateTime>(nullable: false),
            Rows = t.Column<int>(nullable: false),
            Written = t.Column<int>(nullable: false),
            Replaced = t.Column<int>(nullable: false),
            ReplacedRanges = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ImportBatches", x => x.Id));
        m.AddColumn<int>("ImportBatchId", "StatisticsRecords", nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("ImportBatchId", "StatisticsRecords");
        m.DropTable("ImportBatches");
    }
}
