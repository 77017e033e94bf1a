using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Platform;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// On SQLite (the single-server quick start), a new row saved while another connection is reading waits for that read
/// to end, instead of failing with "database is locked" (SqliteBusyTimeout). A SQLite file of its own, whichever
/// database the rest of the suite runs on.
/// </summary>
public sealed class SqliteBusyTests
{
    [Fact]
    public async Task A_new_row_saved_on_SQLite_while_another_connection_reads_waits_for_the_read_instead_of_failing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"skillsaudit-busy-{Guid.NewGuid():N}.db");
        var cs = $"Data Source={file}";
        try
        {
            await using (var setup = AppFactory.OpenDb(cs)) await DbSetup.MigrateAsync(setup);

            // Another connection in the middle of a read: it holds SQLite's shared lock until its statement is done.
            await using var other = new SqliteConnection(cs);
            await other.OpenAsync();
            await using var select = other.CreateCommand();
            select.CommandText = "SELECT \"Code\" FROM \"Regions\"";
            var rows = await select.ExecuteReaderAsync();
            (await rows.ReadAsync()).ShouldBeTrue();
            var readEnds = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                await rows.DisposeAsync();
            });

            // EF Core saves a new row with INSERT … RETURNING; its commit has to wait for the read above.
            await using var db = AppFactory.OpenDb(cs);
            try
            {
                db.JobRuns.Add(new JobRun { Job = "busy-test", Trigger = "manual", Instance = "test", StartedAt = DateTimeOffset.UtcNow, Outcome = "running" });
                await db.SaveChangesAsync();
            }
            finally
            {
                await readEnds; // the read ends before its connection is closed, whether the save failed or not
            }
            (await db.JobRuns.CountAsync(r => r.Job == "busy-test")).ShouldBe(1);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-journal", file + "-wal", file + "-shm" }) File.Delete(f);
        }
    }
}
