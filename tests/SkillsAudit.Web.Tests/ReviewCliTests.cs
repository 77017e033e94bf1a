using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Cli;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>The whole campaign flow from the command line, against the same store as the web app.</summary>
public sealed class ReviewCliTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<string> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await SkillsAuditCli.RunAsync(args, new CliContext { Out = o, Error = e, ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory });
        exit.ShouldBe(0, $"{string.Join(' ', args)}\n{e}");
        return o.ToString();
    }

    private async Task<T> Db<T>(Func<AppDb, Task<T>> read)
    {
        using var scope = app.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDb>());
    }

    [Fact]
    public async Task A_campaign_runs_from_creation_to_a_termination_decision_on_the_command_line()
    {
        _ = app.Server;
        // The CLI runs on the real clock, and the bureau's day is China Standard Time (CampaignHandlers.Today):
        // self-assessment ends today and the panel starts today (a shared boundary day).
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        string D(int n) => today.AddDays(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var created = JsonDocument.Parse(await Run("campaign", "create", "--title", "忻州市命令行考核", "--authority", "忻州市人力资源和社会保障局",
            "--year", today.Year.ToString(CultureInfo.InvariantCulture), "--region", "忻州市", "--rubric", "xinzhou-2023",
            "--stage", $"SelfAssessment={D(-1)}..{D(0)}", "--stage", $"PanelReview={D(0)}..{D(5)}", "--json")).RootElement;
        var id = created.GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture);
        await Run("campaign", "targets", id);
        await Run("campaign", "member", id, "--user", "expert", "--role", "PanelLead");
        await Run("campaign", "open", id);

        var filing = await Db(db => db.Filings.Where(f => f.LegalEntity.Name == "忻州市高级技工学校").Select(f => f.Id).FirstAsync());
        var assessment = (await Db(db => db.Assessments.Where(a => a.CampaignId == int.Parse(id) && a.FilingId == filing).Select(a => a.Id).FirstAsync()))
            .ToString(CultureInfo.InvariantCulture);
        var answers = Path.Combine(Path.GetTempPath(), "answers-" + Guid.NewGuid().ToString("N") + ".json");
        // Every applicable indicator answered (blank is not full marks; submitting needs all answered).
        await File.WriteAllTextAsync(answers, ReviewTestKit.Complete("""{ "formatVersion": 1, "rubric": "xinzhou-2023", "context": { "levelsAssessed": ["中级工"], "computerExams": false }, "answers": { "1.1.1": { "points": 0, "reason": "未制定年度工作计划" } } }"""));

        (await Run("review", "self", assessment, answers, "--as", "body", "--submit")).ShouldContain("已提交");
        (await Run("review", "panel", assessment, answers, "--as", "expert", "--submit")).ShouldContain("已提交");
        (await Run("review", "finalise", assessment)).ShouldContain("等级");

        // The audit log says who acted for whom.
        (await Db(db => db.AuditLog.AnyAsync(a => a.Actor.EndsWith(" as body")))).ShouldBeTrue();

        // A serious finding terminates whatever the points (seed 001 四(一)5), and the filing's status follows.
        await Run("campaign", "finding", id, "--filing", filing.ToString(CultureInfo.InvariantCulture), "--kind", "OrganisedCheating", "--note", "某批次考场有组织舞弊，已查实");
        var decided = JsonDocument.Parse(await Run("campaign", "decide", id, "--filing", filing.ToString(CultureInfo.InvariantCulture), "--json")).RootElement;
        var d = decided.GetProperty("decided").EnumerateArray().Single();
        d.GetProperty("kindName").GetString().ShouldBe("终止备案");
        d.GetProperty("reasons").EnumerateArray().ShouldContain(r => r.GetProperty("clause").GetString() == "阳人社函〔2023〕221号 四(一)5");
        (await Db(db => db.Filings.Where(f => f.Id == filing).Select(f => f.Status).FirstAsync())).ShouldBe(SkillsAudit.Domain.Registry.FilingStatus.Terminated);

        var annex = Path.Combine(Path.GetTempPath(), "annex4-" + Guid.NewGuid().ToString("N") + ".xlsx");
        await Run("campaign", "annex4", id, "--out", annex);
        new FileInfo(annex).Length.ShouldBeGreaterThan(0);
        File.Delete(annex);
        File.Delete(answers);
    }
}
