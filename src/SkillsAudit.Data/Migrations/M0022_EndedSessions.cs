using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// Sessions ended by 退出, refused by every instance afterwards (EndedSession). Hand-written like M0001
/// (docs/decisions/0001); MigrationSchemaTests checks it against the model.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261203000022_EndedSessions")]
public sealed class M0022_EndedSessions : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("EndedSessions", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            EndedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_EndedSessions", x => x.Id));
        m.CreateIndex("IX_EndedSessions_EndedAt", "EndedSessions", "EndedAt");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("EndedSessions");
}
