using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// 撤销证书: a certificate registered in error or obtained by fraud is revoked (when, by whom, why) and the public lookup
/// says so. Certificates registered before this migration are valid (all three columns empty). Hand-written like M0001
/// (docs/decisions/0001); MigrationSchemaTests checks it against the model.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261204000024_CertificateRevocation")]
public sealed class M0024_CertificateRevocation : Migration
{
    private bool IsPostgres => ActiveProvider?.Contains("Npgsql", StringComparison.Ordinal) == true;

    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<DateTime>("RevokedAt", "Certificates", nullable: true);
        m.AddColumn<string>("RevokedBy", "Certificates", maxLength: 100, nullable: true);
        m.AddColumn<string>("RevokeReason", "Certificates", maxLength: 500, nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var c in new[] { "RevokeReason", "RevokedBy", "RevokedAt" })
        {
            // SQLite (3.35 and later) drops a plain column in place; EF's SQLite generator would need the target model to rebuild the table.
            if (IsPostgres) m.DropColumn(c, "Certificates");
            else m.Sql($"ALTER TABLE \"Certificates\" DROP COLUMN \"{c}\";");
        }
    }
}
