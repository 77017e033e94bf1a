using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>Every CLI command that writes a file refuses a path it cannot write with one Chinese line and exit 2 — no stack trace, nothing written.</summary>
public sealed class CliOutputTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        _ = app.Server;
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = await SkillsAudit.Cli.SkillsAuditCli.RunAsync(args, new SkillsAudit.Cli.CliContext { Out = o, Error = e, ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory });
        return (exit, o.ToString(), e.ToString());
    }

    private async Task<(string Campaign, string Assessment)> IdsAsync()
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var c = await db.Set<Campaign>().Where(x => x.Year == 2023).Select(x => x.Id).SingleAsync();
        var a = await db.Set<Assessment>().Where(x => x.CampaignId == c).Select(x => x.Id).FirstAsync();
        return (c.ToString(System.Globalization.CultureInfo.InvariantCulture), a.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Every_output_command_refuses_a_missing_folder_or_a_folder_with_one_line_and_exit_2()
    {
        var (campaign, assessment) = await IdsAsync();
        var folder = Directory.CreateTempSubdirectory("sa-out").FullName;
        var missing = Path.Combine(folder, "没有这个文件夹", "结果.xlsx");
        Func<string, string[]>[] commands =
        [
            o => ["notice", "generate", "--year", "2023", "--region", "忻州市", "--out", o],
            o => ["stats", "export", "--year", "2023", "--region", "忻州市", "--format", "xlsx", "--out", o],
            o => ["campaign", "annex4", campaign, "--out", o],
            o => ["filings", "export", o],
            o => ["changes", "report", "--year", "2024", "--quarter", "1", "--out", o],
            o => ["review", "sheet", "export", assessment, "--out", o],
        ];
        try
        {
            foreach (var command in commands)
            {
                foreach (var bad in new[] { missing, folder })
                {
                    var args = command(bad);
                    var (exit, _, err) = await Run(args);
                    var what = string.Join(' ', args);
                    exit.ShouldBe(2, what + "\n" + err);
                    err.Trim().Split('\n').Length.ShouldBe(1, what + "\n" + err);
                    err.ShouldContain(bad, Case.Sensitive, what);
                    err.ShouldNotContain("   at ", Case.Sensitive, what);
                    err.ShouldNotContain("Exception", Case.Sensitive, what);
                }
            }
            File.Exists(missing).ShouldBeFalse();
            Directory.GetFiles(folder).ShouldBeEmpty();
            // The same commands write where they can.
            (await Run(commands[3](Path.Combine(folder, "备案.xlsx")))).Exit.ShouldBe(0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
