using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Platform;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// What every start reads before the server listens, written by hand for speed (issue 16), must agree with what EF Core
/// and the model say: the pending migrations, and the start-up state (reference data, keys, filings, users).
/// </summary>
public sealed class StartupStateTests
{
    [Fact]
    public async Task Pending_migrations_read_by_hand_agree_with_EF_before_after_and_with_one_missing()
    {
        var (cs, _, _) = AppFactory.NewDatabase();
        var provider = DbSetup.DetectProvider(cs);
        await using var db = AppFactory.OpenDb(cs);
        (await DbStartup.AnyPendingMigrationsAsync(db, provider)).ShouldBeTrue("a new database");
        var all = (await db.Database.GetPendingMigrationsAsync()).ToList();
        all.ShouldNotBeEmpty();
        (await DbStartup.PendingMigrationsAsync(db, provider)).ShouldBe(all, "every migration, in EF Core's order");

        await DbSetup.MigrateAsync(db);
        (await DbStartup.AnyPendingMigrationsAsync(db, provider)).ShouldBeFalse("all applied");
        (await DbStartup.PendingMigrationsAsync(db, provider)).ShouldBeEmpty();
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();

        var last = (await db.Database.GetAppliedMigrationsAsync()).Last();
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {last}");
        (await DbStartup.AnyPendingMigrationsAsync(db, provider)).ShouldBeTrue("the last one missing");
        (await DbStartup.PendingMigrationsAsync(db, provider)).ShouldBe([last]);
        (await db.Database.GetPendingMigrationsAsync()).ShouldBe([last]);
    }

    [Fact]
    public async Task A_first_start_on_a_new_database_logs_no_error()
    {
        // Migrations, reference data, keys and the demo, as the app's first start does them. EF Core's migrator alone
        // logs three "Failed executing DbCommand" errors on a new PostgreSQL database (its reads of the history table
        // before it exists), which an operator would take for a fault.
        await using var app = new OpsFactory();
        (await app.CreateClient().GetAsync("/health/live")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        using (var scope = app.Services.CreateScope())
            (await scope.ServiceProvider.GetRequiredService<AppDb>().Filings.AnyAsync()).ShouldBeTrue("the demo was loaded");
        app.Logs.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(l => $"{l.Category}: {l.Message}").ShouldBeEmpty();
    }

    [Fact]
    public async Task Start_up_state_read_by_hand_agrees_with_the_model_as_the_database_fills()
    {
        var (cs, _, _) = AppFactory.NewDatabase();
        await using var db = AppFactory.OpenDb(cs);
        await DbSetup.MigrateAsync(db);

        async Task Agrees()
        {
            var state = await DbStartup.StateAsync(db, CancellationToken.None);
            state.ShouldNotBeNull();
            state.ShouldBe(new DbStartup.State(await db.Regions.CountAsync(), await db.Roles.CountAsync(), await db.DataProtectionKeys.AnyAsync(),
                await db.AppSecrets.AnyAsync(s => s.Name == IdHashKeys.FingerprintName), await db.AppSecrets.AnyAsync(s => s.Name == IdHashKeys.KeyName),
                await db.Filings.AnyAsync(), await db.Users.AnyAsync()));
        }

        await Agrees();
        (await DbStartup.StateAsync(db, CancellationToken.None))!.Filings.ShouldBeFalse();

        db.AppSecrets.Add(new AppSecret { Name = IdHashKeys.FingerprintName, Value = "x", UpdatedAt = DateTimeOffset.UnixEpoch });
        db.DataProtectionKeys.Add(new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey { FriendlyName = "k", Xml = "<key/>" });
        db.Users.Add(new AppUser { UserName = "starter", NormalizedUserName = "STARTER", DisplayName = "启动" });
        await db.SaveChangesAsync();
        await Agrees();
        var filled = (await DbStartup.StateAsync(db, CancellationToken.None))!;
        (filled.Fingerprint, filled.Key, filled.Keys, filled.Users).ShouldBe((true, false, true, true));

        await db.Regions.ExecuteDeleteAsync();
        (await DbStartup.StateAsync(db, CancellationToken.None)).ShouldBeNull("no reference data at all");
    }
}
