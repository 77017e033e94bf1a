using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// Hand-written (EF Core Design is not available here; see docs/decisions/0001-storage-and-migrations.md).
/// Column types are left to the provider so that one migration serves SQLite and PostgreSQL; the schema test
/// (MigrationSchemaTests) proves the result equals what the model would create on both.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261121000001_Registry")]
public sealed class M0001_Registry : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("AspNetRoles", t => new
        {
            Id = t.Column<string>(nullable: false),
            Name = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedName = t.Column<string>(maxLength: 256, nullable: true),
            ConcurrencyStamp = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_AspNetRoles", x => x.Id));

        m.CreateTable("AspNetUsers", t => new
        {
            Id = t.Column<string>(nullable: false),
            DisplayName = t.Column<string>(maxLength: 100, nullable: false),
            RegionCode = t.Column<string>(maxLength: 6, nullable: true),
            UserName = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedUserName = t.Column<string>(maxLength: 256, nullable: true),
            Email = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedEmail = t.Column<string>(maxLength: 256, nullable: true),
            EmailConfirmed = t.Column<bool>(nullable: false),
            PasswordHash = t.Column<string>(nullable: true),
            SecurityStamp = t.Column<string>(nullable: true),
            ConcurrencyStamp = t.Column<string>(nullable: true),
            PhoneNumber = t.Column<string>(nullable: true),
            PhoneNumberConfirmed = t.Column<bool>(nullable: false),
            TwoFactorEnabled = t.Column<bool>(nullable: false),
            LockoutEnd = t.Column<DateTime>(nullable: true),
            LockoutEnabled = t.Column<bool>(nullable: false),
            AccessFailedCount = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_AspNetUsers", x => x.Id));

        m.CreateTable("AspNetRoleClaims", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            RoleId = t.Column<string>(nullable: false),
            ClaimType = t.Column<string>(nullable: true),
            ClaimValue = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
            t.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("AspNetUserClaims", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            UserId = t.Column<string>(nullable: false),
            ClaimType = t.Column<string>(nullable: true),
            ClaimValue = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
            t.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("AspNetUserLogins", t => new
        {
            LoginProvider = t.Column<string>(maxLength: 128, nullable: false),
            ProviderKey = t.Column<string>(maxLength: 128, nullable: false),
            ProviderDisplayName = t.Column<string>(nullable: true),
            UserId = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
            t.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("AspNetUserRoles", t => new
        {
            UserId = t.Column<string>(nullable: false),
            RoleId = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
            t.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("AspNetUserTokens", t => new
        {
            UserId = t.Column<string>(nullable: false),
            LoginProvider = t.Column<string>(maxLength: 128, nullable: false),
            Name = t.Column<string>(maxLength: 128, nullable: false),
            Value = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
            t.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateIndex("RoleNameIndex", "AspNetRoles", "NormalizedName", unique: true);
        m.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        m.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);
        m.CreateIndex("IX_AspNetRoleClaims_RoleId", "AspNetRoleClaims", "RoleId");
        m.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");
        m.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");
        m.CreateIndex("IX_AspNetUserRoles_RoleId", "AspNetUserRoles", "RoleId");

        m.CreateTable("Regions", t => new
        {
            Code = t.Column<string>(maxLength: 6, nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            Level = t.Column<string>(maxLength: 10, nullable: false),
            ParentCode = t.Column<string>(maxLength: 6, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_Regions", x => x.Code));

        m.CreateTable("Occupations", t => new
        {
            Code = t.Column<string>(maxLength: 32, nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            Kind = t.Column<string>(maxLength: 20, nullable: false),
            Levels = t.Column<string>(maxLength: 20, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Occupations", x => x.Code));
        m.CreateIndex("IX_Occupations_Name", "Occupations", "Name");

        m.CreateTable("LegalEntities", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            CreditCode = t.Column<string>(maxLength: 18, nullable: true),
            Address = t.Column<string>(maxLength: 200, nullable: true),
            LegalRepresentative = t.Column<string>(maxLength: 50, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_LegalEntities", x => x.Id));
        m.CreateIndex("IX_LegalEntities_Name", "LegalEntities", "Name");
        m.CreateIndex("IX_LegalEntities_CreditCode", "LegalEntities", "CreditCode", unique: true);

        m.CreateTable("EntityAliases", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            LegalEntityId = t.Column<int>(nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            Kind = t.Column<string>(maxLength: 10, nullable: false),
            Source = t.Column<string>(maxLength: 200, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_EntityAliases", x => x.Id);
            t.ForeignKey("FK_EntityAliases_LegalEntities_LegalEntityId", x => x.LegalEntityId, "LegalEntities", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_EntityAliases_Name", "EntityAliases", "Name");
        m.CreateIndex("IX_EntityAliases_LegalEntityId", "EntityAliases", "LegalEntityId");

        m.CreateTable("Filings", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            LegalEntityId = t.Column<int>(nullable: false),
            Number = t.Column<string>(maxLength: 13, nullable: true),
            Type = t.Column<string>(maxLength: 20, nullable: true),
            Supervision = t.Column<string>(maxLength: 10, nullable: true),
            RegionCode = t.Column<string>(maxLength: 6, nullable: false),
            FiledOn = t.Column<string>(maxLength: 10, nullable: true),
            PeriodEnd = t.Column<string>(maxLength: 10, nullable: true),
            Status = t.Column<string>(maxLength: 20, nullable: false),
            Notes = t.Column<string>(maxLength: 1000, nullable: true),
            Source = t.Column<string>(maxLength: 200, nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Filings", x => x.Id);
            t.ForeignKey("FK_Filings_LegalEntities_LegalEntityId", x => x.LegalEntityId, "LegalEntities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Filings_Regions_RegionCode", x => x.RegionCode, "Regions", "Code", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Filings_Number", "Filings", "Number", unique: true);
        m.CreateIndex("IX_Filings_RegionCode", "Filings", "RegionCode");
        m.CreateIndex("IX_Filings_LegalEntityId", "Filings", "LegalEntityId");

        m.CreateTable("FilingScopeItems", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FilingId = t.Column<int>(nullable: false),
            OccupationCode = t.Column<string>(maxLength: 32, nullable: false),
            Level = t.Column<string>(maxLength: 10, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_FilingScopeItems", x => x.Id);
            t.ForeignKey("FK_FilingScopeItems_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_FilingScopeItems_Occupations_OccupationCode", x => x.OccupationCode, "Occupations", "Code", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_FilingScopeItems_FilingId_OccupationCode_Level", "FilingScopeItems", ["FilingId", "OccupationCode", "Level"], unique: true);
        m.CreateIndex("IX_FilingScopeItems_OccupationCode", "FilingScopeItems", "OccupationCode");

        m.CreateTable("FilingHistory", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FilingId = t.Column<int>(nullable: false),
            At = t.Column<DateTime>(nullable: false),
            Actor = t.Column<string>(maxLength: 100, nullable: false),
            Action = t.Column<string>(maxLength: 50, nullable: false),
            Field = t.Column<string>(maxLength: 50, nullable: false),
            Before = t.Column<string>(maxLength: 2000, nullable: true),
            After = t.Column<string>(maxLength: 2000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_FilingHistory", x => x.Id);
            t.ForeignKey("FK_FilingHistory_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_FilingHistory_FilingId", "FilingHistory", "FilingId");

        m.CreateTable("UserFilings", t => new
        {
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            FilingId = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_UserFilings", x => new { x.UserId, x.FilingId });
            t.ForeignKey("FK_UserFilings_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_UserFilings_Filings_FilingId", x => x.FilingId, "Filings", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_UserFilings_FilingId", "UserFilings", "FilingId");

        m.CreateTable("AuditLog", t => new
        {
            Id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            At = t.Column<DateTime>(nullable: false),
            Actor = t.Column<string>(maxLength: 100, nullable: false),
            EntityType = t.Column<string>(maxLength: 100, nullable: false),
            EntityKey = t.Column<string>(maxLength: 100, nullable: false),
            Action = t.Column<string>(maxLength: 10, nullable: false),
            Before = t.Column<string>(nullable: true),
            After = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_AuditLog", x => x.Id));
        m.CreateIndex("IX_AuditLog_At", "AuditLog", "At");
        m.CreateIndex("IX_AuditLog_EntityType_EntityKey", "AuditLog", ["EntityType", "EntityKey"]);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[]
        {
            "AuditLog", "UserFilings", "FilingHistory", "FilingScopeItems", "Filings", "EntityAliases", "LegalEntities",
            "Occupations", "Regions", "AspNetUserTokens", "AspNetUserRoles", "AspNetUserLogins", "AspNetUserClaims",
            "AspNetRoleClaims", "AspNetUsers", "AspNetRoles",
        })
        {
            m.DropTable(table);
        }
    }
}
