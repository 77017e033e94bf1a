using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkillsAudit.Data;
using SkillsAudit.Data.Access;

namespace SkillsAudit.Bench;

/// <summary>
/// The app's data services and feature handlers on one connection string, acting as the operator "bench" (as the CLI
/// does), for the timed commands that drive the real handlers (decide, todo, risk).
/// </summary>
internal static class BenchHost
{
    public static string Root { get; } = DbSetup.FindRepositoryRoot() ?? throw new InvalidOperationException("repository root not found");

    public static ServiceProvider Services(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSkillsAuditData(connectionString);
        services.AddSingleton<IActor>(new FixedActor("bench"));
        services.AddSingleton<ICurrentActor>(new OperatorActor("bench"));
        services.AddIdentityCore<AppUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AppDb>();
        services.AddSkillsAuditFeatures(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["App:DataDirectory"] = Path.Combine(Path.GetTempPath(), "sa-bench-data") }).Build(),
            Path.Combine(Root, "rubrics"));
        return services.BuildServiceProvider();
    }

    /// <summary>Drops the database and creates it again, empty (SQLite: a new file; PostgreSQL: CREATE DATABASE), then migrates it.</summary>
    public static async Task RecreateAsync(AppDb db)
    {
        await db.Database.EnsureDeletedAsync();
        await db.GetService<IRelationalDatabaseCreator>().CreateAsync();
        await DbSetup.MigrateAsync(db);
    }
}
