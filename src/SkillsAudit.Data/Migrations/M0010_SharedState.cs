using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// Everything N servers must share lives in the database (docs/operations.md): the Data Protection key ring, the
/// ID-hash key and its fingerprint (AppSecrets), stored evidence content (StoredBlobs), the runs of the scheduled jobs;
/// and one certificate per person, occupation and level enforced by a unique index. Hand-written like M0001;
/// MigrationSchemaTests checks it against the model on SQLite and PostgreSQL.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261202000010_SharedState")]
public sealed class M0010_SharedState : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("DataProtectionKeys", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FriendlyName = t.Column<string>(nullable: true),
            Xml = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

        m.CreateTable("AppSecrets", t => new
        {
            Name = t.Column<string>(maxLength: 100, nullable: false),
            Value = t.Column<string>(maxLength: 4000, nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_AppSecrets", x => x.Name));

        m.CreateTable("StoredBlobs", t => new
        {
            Sha256 = t.Column<string>(maxLength: 64, nullable: false),
            MediaType = t.Column<string>(maxLength: 100, nullable: false),
            Size = t.Column<long>(nullable: false),
            Content = t.Column<byte[]>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_StoredBlobs", x => x.Sha256));

        m.CreateTable("JobRuns", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Job = t.Column<string>(maxLength: 50, nullable: false),
            Trigger = t.Column<string>(maxLength: 20, nullable: false),
            Instance = t.Column<string>(maxLength: 200, nullable: false),
            Actor = t.Column<string>(maxLength: 100, nullable: true),
            StartedAt = t.Column<DateTime>(nullable: false),
            FinishedAt = t.Column<DateTime>(nullable: true),
            Outcome = t.Column<string>(maxLength: 20, nullable: false),
            Message = t.Column<string>(maxLength: 4000, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_JobRuns", x => x.Id));
        m.CreateIndex("IX_JobRuns_Job_StartedAt", "JobRuns", ["Job", "StartedAt"]);

        m.DropIndex("IX_Certificates_IdHash", "Certificates");
        m.CreateIndex("IX_Certificates_IdHash_OccupationCode_Level", "Certificates", ["IdHash", "OccupationCode", "Level"], unique: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex("IX_Certificates_IdHash_OccupationCode_Level", "Certificates");
        m.CreateIndex("IX_Certificates_IdHash", "Certificates", "IdHash");
        m.DropTable("JobRuns");
        m.DropTable("StoredBlobs");
        m.DropTable("AppSecrets");
        m.DropTable("DataProtectionKeys");
    }
}
