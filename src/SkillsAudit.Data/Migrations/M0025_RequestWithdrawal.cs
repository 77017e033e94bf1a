using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SkillsAudit.Data.Migrations;

/// <summary>
/// 撤回: a body takes back its own pending 变更申请 or 新增职业申请 (State 4 = Withdrawn), by whom and when. Requests made
/// before this migration are not withdrawn (both columns empty). One pending request per filing and kind (or occupation)
/// is kept by the handlers under a transaction lock, not by a unique index: requests made before this migration may
/// already hold two pending of a kind, which an index would refuse to build over (the officer decides or the body
/// withdraws them). Hand-written like M0001 (docs/decisions/0001); MigrationSchemaTests checks it against the model.
/// </summary>
[DbContext(typeof(AppDb))]
[Migration("20261205000025_RequestWithdrawal")]
public sealed class M0025_RequestWithdrawal : Migration
{
    private bool IsPostgres => ActiveProvider?.Contains("Npgsql", StringComparison.Ordinal) == true;

    private static readonly string[] Tables = ["ChangeRequests", "ScopeApplications"];

    protected override void Up(MigrationBuilder m)
    {
        foreach (var t in Tables)
        {
            m.AddColumn<string>("WithdrawnBy", t, maxLength: 100, nullable: true);
            m.AddColumn<DateTime>("WithdrawnAt", t, nullable: true);
        }
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var t in Tables)
        {
            // The older schema has no 撤回: a withdrawn request is kept out of the officers' queue (and its body's way
            // open to submit again) as 不予同意 with the withdrawal's who, when and a reason saying so.
            m.Sql($"UPDATE \"{t}\" SET \"State\" = 3, \"DecidedBy\" = \"WithdrawnBy\", \"DecidedAt\" = \"WithdrawnAt\", \"DecisionReason\" = '机构已撤回' WHERE \"State\" = 4;");
            foreach (var c in new[] { "WithdrawnAt", "WithdrawnBy" })
            {
                // SQLite (3.35 and later) drops a plain column in place; EF's SQLite generator would need the target model to rebuild the table.
                if (IsPostgres) m.DropColumn(c, t);
                else m.Sql($"ALTER TABLE \"{t}\" DROP COLUMN \"{c}\";");
            }
        }
    }
}
