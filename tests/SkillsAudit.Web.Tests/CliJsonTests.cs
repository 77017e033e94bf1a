using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>Every read or list command of `skillsaudit` takes --json and prints JSON only on standard output.</summary>
public sealed class CliJsonTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>Leaf commands that only read: by their name, or named here when the name does not say so.</summary>
    private static readonly string[] ReadNames = ["list", "show", "lookup", "check", "summary", "results", "proposals", "decisions", "explain", "expiring", "verify", "crosscheck", "board", "compare", "validate", "score", "audit-notice"];

    private static IEnumerable<(string Path, Command Command)> Leaves(Command c, string path)
    {
        if (c.Subcommands.Count == 0) yield return (path, c);
        foreach (var s in c.Subcommands)
        {
            foreach (var leaf in Leaves(s, (path + " " + s.Name).Trim())) yield return leaf;
        }
    }

    [Fact]
    public void Every_read_or_list_command_offers_json()
    {
        var root = SkillsAudit.Cli.SkillsAuditCli.BuildRoot(new SkillsAudit.Cli.CliContext { Out = TextWriter.Null, Error = TextWriter.Null, ConnectionString = "Data Source=:memory:", ContentRoot = AppContext.BaseDirectory });
        var reads = Leaves(root, "").Where(l => ReadNames.Contains(l.Command.Name)).ToList();
        reads.Count.ShouldBeGreaterThan(20);
        var missing = reads.Where(l => !l.Command.Options.Any(o => o.Name == "--json")).Select(l => l.Path).ToList();
        missing.ShouldBeEmpty();
        // Among them the ones that had none before.
        foreach (var path in new[] { "rubric list", "stats check", "retention list", "certs lookup", "jobs list", "risk explain" })
            reads.Select(r => r.Path).ShouldContain(path);
    }

    private static JsonElement Parse((int Exit, string Out, string Error) r, string what)
    {
        r.Exit.ShouldBe(0, what + "\n" + r.Error);
        try
        {
            return JsonDocument.Parse(r.Out).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ShouldAssertException($"{what}: standard output is not JSON ({e.Message}):\n{r.Out}");
        }
    }

    [Fact]
    public async Task The_read_commands_print_JSON_that_parses()
    {
        _ = app.Server;
        var rubrics = Parse(await app.CliAsync("rubric", "list", "--json"), "rubric list");
        rubrics.ValueKind.ShouldBe(JsonValueKind.Array);
        rubrics.GetArrayLength().ShouldBeGreaterThan(0);
        rubrics[0].TryGetProperty("title", out _).ShouldBeTrue(rubrics[0].ToString());

        var retention = Parse(await app.CliAsync("retention", "list", "--on", "2040-01-01", "--json"), "retention list");
        retention.ValueKind.ShouldBe(JsonValueKind.Array);

        var jobs = Parse(await app.CliAsync("jobs", "list", "--json"), "jobs list");
        jobs.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("name").GetString()).ShouldContain("filing-expiry");
        jobs.GetProperty("runs").ValueKind.ShouldBe(JsonValueKind.Array);

        var filings = Parse(await app.CliAsync("filings", "list", "--json"), "filings list");
        filings.GetArrayLength().ShouldBeGreaterThan(0);
        var filing = filings[0].GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture);
        var explain = Parse(await app.CliAsync("risk", "explain", filing, "--year", "2023", "--json"), "risk explain");
        explain.GetProperty("year").GetInt32().ShouldBe(2023);
        explain.GetProperty("signals").GetArrayLength().ShouldBeGreaterThan(0);

        foreach (var args in new[]
        {
            new[] { "risk", "list", "--year", "2023", "--json" }, ["risk", "config", "--json"], ["users", "list", "--json"], ["roster", "list", "--json"],
            ["changes", "list", "--json"], ["filings", "expiring", "--json"], ["campaign", "list", "--json"], ["stats", "summary", "--year", "2023", "--region", "忻州市", "--json"],
        })
        {
            Parse(await app.CliAsync(args), string.Join(' ', args)).ValueKind.ShouldBeOneOf(JsonValueKind.Array, JsonValueKind.Object);
        }
    }

    [Fact]
    public async Task Stats_check_json_gives_the_report_and_the_exit_code_of_the_check()
    {
        _ = app.Server;
        var good = Path.Combine(AppContext.BaseDirectory, "demo", "statistics", "xinzhou-2023-city.md");
        File.Exists(good).ShouldBeTrue(good);
        var report = Parse(await app.CliAsync("stats", "check", good, "--year", "2023", "--json"), "stats check");
        report.GetProperty("succeeded").GetBoolean().ShouldBeTrue();
        report.GetProperty("rows").GetInt32().ShouldBeGreaterThan(0);
        report.GetProperty("written").GetInt32().ShouldBe(0);

        var bad = Path.Combine(Path.GetTempPath(), $"stats-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(bad, "备案号,年度,职业,等级,组织评价,合格\nX,2023,YC-1,5,abc,1\n", new UTF8Encoding(true));
        try
        {
            var r = await app.CliAsync("stats", "check", bad, "--json");
            r.Exit.ShouldBe(1, r.Error);
            var refused = JsonDocument.Parse(r.Out).RootElement;
            refused.GetProperty("succeeded").GetBoolean().ShouldBeFalse();
            refused.GetProperty("errors").GetArrayLength().ShouldBeGreaterThan(0);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public async Task Certs_lookup_json_gives_the_masked_certificate_or_null_with_exit_5()
    {
        _ = app.Server;
        var (id, number) = await app.FilingAsync("140800", "运城证书机构JSON", FilingType.Employer, ["YC-1"]);
        var certificate = $"{number}255000001";
        var file = Path.Combine(Path.GetTempPath(), $"roster-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, $"姓名,身份证号码,职业,等级,证书编号,发证日期\n张三,{RulesKit.Id(41)},YC-1,5,{certificate},2025-06-01\n", new UTF8Encoding(true));
        try
        {
            var imported = await app.CliAsync("certs", "import", file, "--filing", id.ToString(CultureInfo.InvariantCulture), "--year", "2025");
            imported.Exit.ShouldBe(0, imported.Error);
        }
        finally
        {
            File.Delete(file);
        }
        var found = Parse(await app.CliAsync("certs", "lookup", "--number", certificate, "--name", "张三", "--json"), "certs lookup");
        found.GetProperty("number").GetString().ShouldBe(certificate);
        found.GetProperty("personName").GetString().ShouldBe("张三");
        found.GetProperty("idMasked").GetString()!.ShouldContain("*");
        found.ToString().ShouldNotContain(RulesKit.Id(41));

        var none = await app.CliAsync("certs", "lookup", "--number", certificate, "--name", "李四", "--json");
        none.Exit.ShouldBe(5);
        JsonDocument.Parse(none.Out).RootElement.ValueKind.ShouldBe(JsonValueKind.Null);
        none.Error.ShouldContain("未查到");
    }

    [Fact]
    public async Task Campaign_read_commands_print_JSON()
    {
        _ = app.Server;
        var campaign = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Set<Campaign>().Where(c => c.Year == 2023).Select(c => c.Id).SingleAsync());
        var c = campaign.ToString(CultureInfo.InvariantCulture);
        foreach (var args in new[] { new[] { "campaign", "results", c, "--json" }, ["campaign", "proposals", c, "--json"], ["campaign", "decisions", c, "--json"], ["campaign", "board", c, "--json"] })
            Parse(await app.CliAsync(args), string.Join(' ', args)).ValueKind.ShouldBeOneOf(JsonValueKind.Array, JsonValueKind.Object);
    }
}
