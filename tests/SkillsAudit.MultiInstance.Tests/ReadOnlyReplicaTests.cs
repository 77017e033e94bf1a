using System.Net;
using System.Net.Http.Json;
using Shouldly;
using Xunit;

namespace SkillsAudit.MultiInstance.Tests;

/// <summary>
/// An instance pointed at a read-only copy of the database (a hot standby, or a database set read-only) with
/// Database:MigrateOnStart=false starts without writing, serves the public pages, and refuses writes in Chinese
/// with 503, never a 500. (A part of <see cref="MultiInstanceTests"/>, sharing its PostgreSQL cluster.)
/// </summary>
public sealed partial class MultiInstanceTests
{
    [Fact]
    public async Task An_instance_on_a_read_only_replica_starts_serves_reads_and_refuses_writes_with_a_chinese_503()
    {
        var file = Path.Combine(Path.GetTempPath(), "sa-replica-" + Guid.NewGuid().ToString("N") + ".zip");
        var backup = await Build.RunAsync("dotnet", [Build.CliDll, "db", "backup", file], new Dictionary<string, string> { ["ConnectionStrings__Default"] = env.ConnectionString });
        backup.Exit.ShouldBe(0, backup.Output);
        var replica = await env.Pg.CreateDatabaseAsync("skillsaudit_replica");
        var restore = await Build.RunAsync("dotnet", [Build.CliDll, "db", "restore", file], new Dictionary<string, string> { ["ConnectionStrings__Default"] = replica });
        restore.Exit.ShouldBe(0, restore.Output);
        File.Delete(file);
        await env.Pg.ScalarAsync<int>("postgres", "ALTER DATABASE skillsaudit_replica SET default_transaction_read_only = on; SELECT 1");

        await using var d = AppInstance.Start("D", replica, new Dictionary<string, string> { ["Database__MigrateOnStart"] = "false" });
        await d.WaitReadyAsync(TimeSpan.FromMinutes(3));
        var client = d.Client();
        (await client.GetAsync("/Public")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/Certificates/Lookup")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/Account/Login")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var write = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "Admin#2026" });
        write.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await write.Content.ReadAsStringAsync());
        (await write.Content.ReadAsStringAsync()).ShouldContain("只读数据库副本");
    }
}
