using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// The results notice cites the plan by its own title, 文号 and date (seed 000 三(一)) and the list's basis (seed 000 二):
/// Campaigns.PlanTitle, PlanIssuedOn, ListBasis. An issued notice can be withdrawn (撤回: WithdrawnBy/At/Reason) or
/// corrected by a later notice (更正: CorrectsNoticeId). Hand-written like M0001 (docs/decisions/0001).
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261202000012_NoticePlanAndCorrections")]
public sealed class M0012_NoticePlanAndCorrections : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("PlanTitle", "Campaigns", maxLength: 300, nullable: true);
        m.AddColumn<DateOnly>("PlanIssuedOn", "Campaigns", nullable: true);
        m.AddColumn<string>("ListBasis", "Campaigns", maxLength: 500, nullable: true);
        m.AddColumn<string>("WithdrawnBy", "Notices", maxLength: 100, nullable: true);
        m.AddColumn<DateTime>("WithdrawnAt", "Notices", nullable: true);
        m.AddColumn<string>("WithdrawReason", "Notices", maxLength: 500, nullable: true);
        m.AddColumn<int>("CorrectsNoticeId", "Notices", nullable: true);
        m.CreateIndex("IX_Notices_CorrectsNoticeId", "Notices", "CorrectsNoticeId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex("IX_Notices_CorrectsNoticeId", "Notices");
        foreach (var c in new[] { "WithdrawnBy", "WithdrawnAt", "WithdrawReason", "CorrectsNoticeId" }) m.DropColumn(c, "Notices");
        foreach (var c in new[] { "PlanTitle", "PlanIssuedOn", "ListBasis" }) m.DropColumn(c, "Campaigns");
    }
}
