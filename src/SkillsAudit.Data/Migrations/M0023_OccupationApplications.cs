using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// 新增职业（工种）申请 made by the body (seed 003 第六章): the levels applied for (replacing the single Level, copied
/// over), the body's explanation, the officer's decision and the application's materials (ScopeAttachments, like
/// ChangeAttachments). Hand-written like M0001 (docs/decisions/0001); MigrationSchemaTests checks it against the model.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261204000023_OccupationApplications")]
public sealed class M0023_OccupationApplications : Migration
{
    private bool IsPostgres => ActiveProvider?.Contains("Npgsql", StringComparison.Ordinal) == true;

    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("Levels", "ScopeApplications", maxLength: 20, nullable: false, defaultValue: "");
        m.Sql("UPDATE \"ScopeApplications\" SET \"Levels\" = CAST(\"Level\" AS " + (IsPostgres ? "varchar(20)" : "TEXT") + ") WHERE \"Level\" IS NOT NULL;");
        DropLevel(m);
        m.AddColumn<string>("Explanation", "ScopeApplications", maxLength: 2000, nullable: true);
        // Applications recorded before this migration are awaiting a decision (ChangeState.Submitted = 1).
        m.AddColumn<int>("State", "ScopeApplications", nullable: false, defaultValue: 1);
        m.AddColumn<string>("DecidedBy", "ScopeApplications", maxLength: 100, nullable: true);
        m.AddColumn<DateTime>("DecidedAt", "ScopeApplications", nullable: true);
        m.AddColumn<string>("DecisionReason", "ScopeApplications", maxLength: 2000, nullable: true);

        m.CreateTable("ScopeAttachments", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            ScopeApplicationId = t.Column<int>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            Sha256 = t.Column<string>(maxLength: 64, nullable: false),
            OriginalName = t.Column<string>(maxLength: 260, nullable: false),
            MediaType = t.Column<string>(maxLength: 50, nullable: false),
            Size = t.Column<long>(nullable: false),
            KeepUntil = t.Column<DateOnly>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ScopeAttachments", x => x.Id);
            t.ForeignKey("FK_ScopeAttachments_ScopeApplications_ScopeApplicationId", x => x.ScopeApplicationId, "ScopeApplications", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ScopeAttachments_ScopeApplicationId", "ScopeAttachments", "ScopeApplicationId");
        m.CreateIndex("IX_ScopeAttachments_Sha256", "ScopeAttachments", "Sha256");
    }

    /// <summary>SQLite (3.35 and later) drops a plain column in place; EF's SQLite generator would need the target model to rebuild the table.</summary>
    private void DropLevel(MigrationBuilder m)
    {
        if (IsPostgres) m.DropColumn("Level", "ScopeApplications");
        else m.Sql("ALTER TABLE \"ScopeApplications\" DROP COLUMN \"Level\";");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("ScopeAttachments");
        foreach (var c in new[] { "DecisionReason", "DecidedAt", "DecidedBy", "State", "Explanation" }) DropColumn(m, c);
        m.AddColumn<int>("Level", "ScopeApplications", nullable: true);
        // A single level comes back; an application for several keeps its highest-numbered (lowest) one.
        m.Sql(IsPostgres
            ? "UPDATE \"ScopeApplications\" SET \"Level\" = CAST(split_part(\"Levels\", ',', 1) AS integer) WHERE \"Levels\" <> '';"
            : "UPDATE \"ScopeApplications\" SET \"Level\" = CAST(CASE WHEN instr(\"Levels\", ',') > 0 THEN substr(\"Levels\", 1, instr(\"Levels\", ',') - 1) ELSE \"Levels\" END AS INTEGER) WHERE \"Levels\" <> '';");
        DropColumn(m, "Levels");
    }

    private void DropColumn(MigrationBuilder m, string column)
    {
        if (IsPostgres) m.DropColumn(column, "ScopeApplications");
        else m.Sql($"ALTER TABLE \"ScopeApplications\" DROP COLUMN \"{column}\";");
    }
}
