using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// Results notices (seed 000 关于公布…绩效考核工作情况的通知): the stored notice with its template wording, bound figures
/// and annex tables, its 公示期, and the complaints (投诉举报) filed against it. Hand-written like M0001
/// (docs/decisions/0001); MigrationSchemaTests checks it against the model on SQLite and PostgreSQL.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261121000007_Notices")]
public sealed class M0007_Notices : Migration
{
    private static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder t) =>
        t.Column<int>(nullable: false)
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Notices", t => new
        {
            Id = Identity(t),
            Slug = t.Column<string>(maxLength: 60, nullable: true),
            Year = t.Column<int>(nullable: false),
            RegionCode = t.Column<string>(maxLength: 6, nullable: false),
            CampaignId = t.Column<int>(nullable: true),
            Title = t.Column<string>(maxLength: 300, nullable: false),
            Authority = t.Column<string>(maxLength: 200, nullable: false),
            DocumentNumber = t.Column<string>(maxLength: 100, nullable: true),
            TemplateText = t.Column<string>(nullable: false),
            FiguresJson = t.Column<string>(nullable: false),
            AnnexesJson = t.Column<string>(nullable: false),
            State = t.Column<string>(maxLength: 10, nullable: false),
            DatedOn = t.Column<DateOnly>(nullable: true),
            PublicFrom = t.Column<DateOnly>(nullable: true),
            PublicTo = t.Column<DateOnly>(nullable: true),
            CreatedBy = t.Column<string>(maxLength: 100, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            IssuedBy = t.Column<string>(maxLength: 100, nullable: true),
            IssuedAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Notices", x => x.Id);
            t.ForeignKey("FK_Notices_Regions_RegionCode", x => x.RegionCode, "Regions", "Code", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Notices_Campaigns_CampaignId", x => x.CampaignId, "Campaigns", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Notices_Slug", "Notices", "Slug", unique: true);
        m.CreateIndex("IX_Notices_RegionCode_Year", "Notices", ["RegionCode", "Year"]);
        m.CreateIndex("IX_Notices_CampaignId", "Notices", "CampaignId");

        m.CreateTable("NoticeComplaints", t => new
        {
            Id = Identity(t),
            NoticeId = t.Column<int>(nullable: false),
            TrackingNumber = t.Column<string>(maxLength: 30, nullable: false),
            Subject = t.Column<string>(maxLength: 200, nullable: true),
            Text = t.Column<string>(maxLength: 4000, nullable: false),
            Contact = t.Column<string>(maxLength: 200, nullable: true),
            FiledAt = t.Column<DateTime>(nullable: false),
            State = t.Column<string>(maxLength: 10, nullable: false),
            Outcome = t.Column<string>(maxLength: 4000, nullable: true),
            OutcomeBy = t.Column<string>(maxLength: 100, nullable: true),
            OutcomeAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_NoticeComplaints", x => x.Id);
            t.ForeignKey("FK_NoticeComplaints_Notices_NoticeId", x => x.NoticeId, "Notices", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_NoticeComplaints_NoticeId", "NoticeComplaints", "NoticeId");
        m.CreateIndex("IX_NoticeComplaints_TrackingNumber", "NoticeComplaints", "TrackingNumber", unique: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("NoticeComplaints");
        m.DropTable("Notices");
    }
}
