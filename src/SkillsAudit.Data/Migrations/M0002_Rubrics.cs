using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// Imported rubrics, kept as YAML, one row per (rubric id, version). Hand-written like M0001 (docs/decisions/0001);
/// MigrationSchemaTests proves it matches the model on SQLite and PostgreSQL.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261121000002_Rubrics")]
public sealed class M0002_Rubrics : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("RubricDefinitions", t => new
        {
            RubricId = t.Column<string>(maxLength: 64, nullable: false),
            Version = t.Column<int>(nullable: false),
            Title = t.Column<string>(maxLength: 300, nullable: false),
            Yaml = t.Column<string>(nullable: false),
            ImportedBy = t.Column<string>(maxLength: 100, nullable: false),
            ImportedAt = t.Column<DateTime>(nullable: false),
            SourceFileName = t.Column<string>(maxLength: 260, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_RubricDefinitions", x => new { x.RubricId, x.Version }));
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("RubricDefinitions");
}
