using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkillsAudit.Data;
using SkillsAudit.Data.Demo;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Data.Features.Rubrics;
using SkillsAudit.Data.Features.Statistics;

namespace SkillsAudit.Cli;

/// <summary>The same services the web app uses, with the OS user as the actor for history and the audit log.</summary>
public static class CliServices
{
    /// <param name="actingAs">A user the command acts for (review self|panel --as): recorded beside the OS user.</param>
    public static ServiceProvider Build(CliContext ctx, string? actingAs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSkillsAuditData(ctx.ConnectionString is { Length: > 0 } cs ? cs : DbSetup.DefaultConnectionString());
        services.AddSingleton<IActor>(new FixedActor("cli:" + Environment.UserName + (actingAs is { Length: > 0 } a ? " as " + a : "")));
        services.AddIdentityCore<AppUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AppDb>();
        services.AddScoped<FilingSearch>();
        services.AddScoped<FilingHandlers>();
        services.AddScoped<FilingImport>();
        services.AddScoped<DemoLoader>();
        services.AddScoped<SkillsAudit.Data.Features.Publication.NoticeAuditService>();
        var fonts = new SkillsAudit.Data.Features.Publication.NoticeFonts();
        if (Environment.GetEnvironmentVariable("Publication__TitleFont") is { Length: > 0 } tf) fonts.TitleFont = tf;
        if (Environment.GetEnvironmentVariable("Publication__BodyFont") is { Length: > 0 } bf) fonts.BodyFont = bf;
        services.AddNotices(fonts, Environment.GetEnvironmentVariable("Publication__Chromium"));
        services.AddRubricLibrary(ctx.RubricsDirectory);
        services.AddStatistics(long.TryParse(Environment.GetEnvironmentVariable("Statistics__MaxImportBytes"), out var max) ? max : null);
        services.AddReviews(Environment.GetEnvironmentVariable("Evidence__Directory"), long.TryParse(Environment.GetEnvironmentVariable("Evidence__MaxBytes"), out var ev) ? ev : null);
        // The same key ring as the web app (App:DataDirectory, default <repo>/data), so the CLI's roster imports are readable there.
        var dataDirectory = Environment.GetEnvironmentVariable("App__DataDirectory") is { Length: > 0 } dd ? dd : Path.Combine(DbSetup.FindRepositoryRoot() ?? AppContext.BaseDirectory, "data");
        services.AddDataProtection().PersistKeysToFileSystem(Directory.CreateDirectory(Path.Combine(dataDirectory, "keys"))).SetApplicationName("SkillsAudit");
        services.AddRules(CertificateOptions.Load(Environment.GetEnvironmentVariable("Certificates__IdHashKey"), dataDirectory));
        return services.BuildServiceProvider();
    }
}
