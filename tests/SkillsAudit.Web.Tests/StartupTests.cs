using Shouldly;
using SkillsAudit.Cli;
using Xunit;

namespace SkillsAudit.Web.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task A_corrupt_database_file_gives_one_clear_line()
    {
        var file = Path.Combine(Path.GetTempPath(), "corrupt-" + Guid.NewGuid().ToString("N") + ".db");
        await File.WriteAllTextAsync(file, "this is not a database, just text that fills the header and more of it ......................................");
        var err = new StringWriter();
        var ctx = new CliContext { Out = new StringWriter(), Error = err, ConnectionString = $"Data Source={file}", ContentRoot = AppContext.BaseDirectory };
        (await SkillsAuditCli.RunAsync(["db", "migrate"], ctx)).ShouldBe(1);
        var text = err.ToString().Trim();
        text.ShouldContain("已损坏");
        text.ShouldContain(file);
        text.Split('\n').Length.ShouldBe(1);
        File.Delete(file);
    }

    [Fact]
    public async Task An_unreachable_postgres_gives_one_clear_line()
    {
        var err = new StringWriter();
        var ctx = new CliContext { Out = new StringWriter(), Error = err, ConnectionString = "Host=127.0.0.1;Port=1;Database=nope;Username=x;Timeout=2", ContentRoot = AppContext.BaseDirectory };
        (await SkillsAuditCli.RunAsync(["db", "migrate"], ctx)).ShouldBe(1);
        err.ToString().ShouldContain("无法连接 PostgreSQL 127.0.0.1:1/nope");
        err.ToString().Trim().Split('\n').Length.ShouldBe(1);
    }
}
