using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// In-app notifications, which are also the e-mail outbox (MailState, claim and back-off columns). Hand-written like
/// M0001 (docs/decisions/0001); MigrationSchemaTests checks it against the model.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261202000016_Notifications")]
public sealed class M0016_Notifications : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Notifications", t => new
        {
            Id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            UserName = t.Column<string>(maxLength: 256, nullable: false),
            Kind = t.Column<string>(maxLength: 64, nullable: false),
            Title = t.Column<string>(maxLength: 200, nullable: false),
            Text = t.Column<string>(maxLength: 2000, nullable: false),
            Link = t.Column<string>(maxLength: 500, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ReadAt = t.Column<DateTime>(nullable: true),
            DedupKey = t.Column<string>(maxLength: 200, nullable: true),
            MailState = t.Column<string>(maxLength: 16, nullable: false),
            MailAttempts = t.Column<int>(nullable: false),
            MailNextAt = t.Column<DateTime>(nullable: true),
            MailClaimedBy = t.Column<string>(maxLength: 200, nullable: true),
            MailClaimedUntil = t.Column<DateTime>(nullable: true),
            MailSentAt = t.Column<DateTime>(nullable: true),
            MailError = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_Notifications", x => x.Id));
        m.CreateIndex("IX_Notifications_UserName_ReadAt", "Notifications", ["UserName", "ReadAt"]);
        m.CreateIndex("IX_Notifications_DedupKey", "Notifications", "DedupKey", unique: true);
        m.CreateIndex("IX_Notifications_MailState_MailNextAt", "Notifications", ["MailState", "MailNextAt"]);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("Notifications");
}
