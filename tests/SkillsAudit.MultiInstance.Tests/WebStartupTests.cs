using System.Net;
using Shouldly;
using Xunit;

namespace SkillsAudit.MultiInstance.Tests;

/// <summary>
/// The web app's own start-up, as a process on the SQLite quick start: the database start-up runs while the endpoints
/// are built, the server listens only once it succeeded, and the demo accounts are named once it listens.
/// </summary>
public sealed class WebStartupTests
{
    [Fact]
    public async Task A_server_on_a_corrupt_database_file_stops_with_one_clear_line_and_never_listens()
    {
        var file = Path.Combine(Path.GetTempPath(), "sa-corrupt-" + Guid.NewGuid().ToString("N") + ".db");
        await File.WriteAllTextAsync(file, "this is not a database, just text that fills the header and more of it ......................................");
        try
        {
            await using var app = AppInstance.Start("corrupt", $"Data Source={file}");
            var until = DateTime.UtcNow.AddSeconds(60);
            while (!app.Exited && DateTime.UtcNow < until) await Task.Delay(100);
            app.Exited.ShouldBeTrue(app.Log);
            app.ExitCode.ShouldBe(1, app.Log);
            app.Log.ShouldContain("数据库文件已损坏或不是 SQLite 数据库");
            app.Log.ShouldContain(file);
            app.Log.ShouldNotContain("Now listening");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_quick_start_on_an_empty_file_serves_the_demo_and_names_its_accounts_once_listening()
    {
        var dir = Directory.CreateTempSubdirectory("sa-quick-").FullName;
        try
        {
            await using var app = AppInstance.Start("quick", $"Data Source={Path.Combine(dir, "skillsaudit.db")}");
            await app.WaitReadyAsync(TimeSpan.FromMinutes(2));
            using var http = app.Client();
            var home = await http.GetAsync(new Uri("/", UriKind.Relative));
            home.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await home.Content.ReadAsStringAsync()).ShouldContain("演示");
            var until = DateTime.UtcNow.AddSeconds(30);
            // The block is written after a delay, and the log is read as it arrives: wait for its last account too.
            while (!(app.Log.Contains("演示账号（初始密码）", StringComparison.Ordinal) && app.Log.Contains("Body#2026", StringComparison.Ordinal)) && DateTime.UtcNow < until) await Task.Delay(100);
            app.Log.ShouldContain("演示账号（初始密码）");
            app.Log.ShouldContain("officer");
            app.Log.IndexOf("演示账号（初始密码）", StringComparison.Ordinal).ShouldBeGreaterThan(app.Log.IndexOf("Now listening", StringComparison.Ordinal));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
