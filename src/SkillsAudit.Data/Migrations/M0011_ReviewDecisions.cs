using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// Decisions per body (seed 001 四): the proposal kept beside the decision, the officer's logged reason when choosing
/// another, the missing-statistics flag, and rounds — a decision after a rectification re-check (四(二)) is round 1…
/// One decision per campaign, filing and round (unique), one follow-up per rectification.
/// Hand-written like M0001 (docs/decisions/0001); MigrationSchemaTests checks it against the model.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261202000011_ReviewDecisions")]
public sealed class M0011_ReviewDecisions : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("ProposedKind", "ReviewDecisions", maxLength: 20, nullable: true);
        m.AddColumn<string>("OverrideReason", "ReviewDecisions", maxLength: 1000, nullable: true);
        m.AddColumn<bool>("StatisticsMissing", "ReviewDecisions", nullable: false, defaultValue: false);
        m.AddColumn<int>("Round", "ReviewDecisions", nullable: false, defaultValue: 0);
        m.AddColumn<int>("FollowsRectificationId", "ReviewDecisions", nullable: true);
        m.DropIndex("IX_ReviewDecisions_CampaignId_FilingId", "ReviewDecisions");
        m.CreateIndex("IX_ReviewDecisions_CampaignId_FilingId_Round", "ReviewDecisions", ["CampaignId", "FilingId", "Round"], unique: true);
        m.CreateIndex("IX_ReviewDecisions_FollowsRectificationId", "ReviewDecisions", "FollowsRectificationId", unique: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex("IX_ReviewDecisions_FollowsRectificationId", "ReviewDecisions");
        m.DropIndex("IX_ReviewDecisions_CampaignId_FilingId_Round", "ReviewDecisions");
        m.CreateIndex("IX_ReviewDecisions_CampaignId_FilingId", "ReviewDecisions", ["CampaignId", "FilingId"], unique: true);
        m.DropColumn("FollowsRectificationId", "ReviewDecisions");
        m.DropColumn("Round", "ReviewDecisions");
        m.DropColumn("StatisticsMissing", "ReviewDecisions");
        m.DropColumn("OverrideReason", "ReviewDecisions");
        m.DropColumn("ProposedKind", "ReviewDecisions");
    }
}
