using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// Sign-in throttling instead of the account lock: recent failures per account name and per client address, shared by
/// every instance. Hand-written like M0001 (docs/decisions/0001); MigrationSchemaTests checks it against the model.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261202000020_SignInThrottles")]
public sealed class M0020_SignInThrottles : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("SignInThrottles", t => new
        {
            Key = t.Column<string>(maxLength: 200, nullable: false),
            Failures = t.Column<int>(nullable: false),
            LastFailureAt = t.Column<DateTime>(nullable: false),
            BlockedUntil = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_SignInThrottles", x => x.Key));
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("SignInThrottles");
}
