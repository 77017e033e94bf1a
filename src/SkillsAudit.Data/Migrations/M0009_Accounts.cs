using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// Accounts managed by the admin (disabled accounts, one-time passwords, the password history the policy needs),
/// a readable audit trail (the operation's Chinese name and the client address) and the expert/inspector roster
/// (专家库/检查人员库) with its conflicts of interest. Hand-written like M0001 (docs/decisions/0001);
/// MigrationSchemaTests checks it against the model.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261202000009_Accounts")]
public sealed class M0009_Accounts : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<bool>("Disabled", "AspNetUsers", nullable: false, defaultValue: false);
        m.AddColumn<bool>("MustChangePassword", "AspNetUsers", nullable: false, defaultValue: false);
        m.AddColumn<DateTime>("PasswordChangedAt", "AspNetUsers", nullable: true);

        m.AddColumn<string>("Operation", "AuditLog", maxLength: 100, nullable: true);
        m.AddColumn<string>("ClientAddress", "AuditLog", maxLength: 64, nullable: true);
        m.CreateIndex("IX_AuditLog_Actor", "AuditLog", "Actor");

        m.CreateTable("PasswordHistory", t => new
        {
            Id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            UserId = t.Column<string>(nullable: false),
            PasswordHash = t.Column<string>(nullable: false),
            At = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PasswordHistory", x => x.Id);
            t.ForeignKey("FK_PasswordHistory_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_PasswordHistory_UserId", "PasswordHistory", "UserId");

        m.CreateTable("RosterPeople", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            Organisation = t.Column<string>(maxLength: 200, nullable: false),
            EmployerEntityId = t.Column<int>(nullable: true),
            RegionCode = t.Column<string>(maxLength: 6, nullable: false),
            Specialities = t.Column<string>(maxLength: 1000, nullable: false),
            IsExpert = t.Column<bool>(nullable: false),
            IsInspector = t.Column<bool>(nullable: false),
            UserName = t.Column<string>(maxLength: 256, nullable: true),
            Phone = t.Column<string>(maxLength: 30, nullable: true),
            Active = t.Column<bool>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_RosterPeople", x => x.Id);
            t.ForeignKey("FK_RosterPeople_LegalEntities_EmployerEntityId", x => x.EmployerEntityId, "LegalEntities", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_RosterPeople_EmployerEntityId", "RosterPeople", "EmployerEntityId");
        m.CreateIndex("IX_RosterPeople_Name_Organisation", "RosterPeople", ["Name", "Organisation"], unique: true);

        m.CreateTable("RosterConflicts", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            RosterPersonId = t.Column<int>(nullable: false),
            FilingId = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_RosterConflicts", x => x.Id);
            t.ForeignKey("FK_RosterConflicts_RosterPeople_RosterPersonId", x => x.RosterPersonId, "RosterPeople", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_RosterConflicts_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_RosterConflicts_FilingId", "RosterConflicts", "FilingId");
        m.CreateIndex("IX_RosterConflicts_RosterPersonId_FilingId", "RosterConflicts", ["RosterPersonId", "FilingId"], unique: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("RosterConflicts");
        m.DropTable("RosterPeople");
        m.DropTable("PasswordHistory");
        m.DropIndex("IX_AuditLog_Actor", "AuditLog");
        m.DropColumn("ClientAddress", "AuditLog");
        m.DropColumn("Operation", "AuditLog");
        m.DropColumn("PasswordChangedAt", "AspNetUsers");
        m.DropColumn("MustChangePassword", "AspNetUsers");
        m.DropColumn("Disabled", "AspNetUsers");
    }
}
