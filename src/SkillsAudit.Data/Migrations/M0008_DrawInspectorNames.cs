using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// 一公开 (seed 003 第二十九条): whether a published draw shows the inspectors' names (default no: withheld).
/// Hand-written like M0001 (docs/decisions/0001); MigrationSchemaTests checks it against the model.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261121000008_DrawInspectorNames")]
public sealed class M0008_DrawInspectorNames : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.AddColumn<bool>("PublishInspectorNames", "InspectionDraws", nullable: false, defaultValue: false);

    protected override void Down(MigrationBuilder m) => m.DropColumn("PublishInspectorNames", "InspectionDraws");
}
