using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data.Demo;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Registry;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Features.Rubrics;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Data.Platform;

namespace SkillsAudit.Data;

/// <summary>
/// Every feature handler, registered once for the web app and the CLI alike, with its settings read from one
/// configuration (the web app's; for the CLI, the environment: Publication__TitleFont, Evidence__Directory, …).
/// </summary>
public static class FeatureServices
{
    /// <summary>The daily job that records changes of risk level (see RiskHandlers.RecordAllLevelsAsync).</summary>
    public const string RiskLevelsJob = "risk-levels";

    /// <summary>App:DataDirectory, default &lt;repo&gt;/data: the SQLite file's usual home (keys now live in the database).</summary>
    public static string DataDirectory(IConfiguration config) =>
        config["App:DataDirectory"] is { Length: > 0 } dd ? dd : Path.Combine(DbSetup.FindRepositoryRoot() ?? AppContext.BaseDirectory, "data");

    /// <summary>
    /// The account rules on Identity, for the web app and the CLI alike: the password policy (PasswordPolicy) replaces
    /// Identity's own checks, and a disabled account cannot sign in.
    /// </summary>
    public static Microsoft.AspNetCore.Identity.IdentityBuilder AddAccountRules(this Microsoft.AspNetCore.Identity.IdentityBuilder identity)
    {
        identity.Services.Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(o =>
        {
            o.Password.RequiredLength = 0;
            o.Password.RequiredUniqueChars = 0;
            o.Password.RequireDigit = false;
            o.Password.RequireLowercase = false;
            o.Password.RequireUppercase = false;
            o.Password.RequireNonAlphanumeric = false;
            o.SignIn.RequireConfirmedAccount = true; // "confirmed" = not disabled (EnabledAccountConfirmation)
        });
        identity.AddPasswordValidator<Features.Accounts.PolicyPasswordValidator>();
        identity.Services.AddScoped<Microsoft.AspNetCore.Identity.IUserConfirmation<AppUser>, Features.Accounts.EnabledAccountConfirmation>();
        return identity;
    }

    /// <param name="rubricsDirectory">The shipped rubric files (rubrics/ beside the program).</param>
    public static IServiceCollection AddSkillsAuditFeatures(this IServiceCollection services, IConfiguration config, string rubricsDirectory)
    {
        var dataDirectory = DataDirectory(config);
        // One key ring, in the database, for every instance of the web app and the CLI: sign-in cookies and antiforgery
        // tokens work on any server, and encrypted ID numbers written by any can be read by all (docs/operations.md).
        services.AddSharedKeyRing(config);

        services.AddScoped<Access.AccessGuard>();
        services.AddScoped<Features.Accounts.PersonNames>();
        services.AddScoped<RubricTitles>();
        services.AddScoped<FilingSearch>();
        services.AddScoped<FilingHandlers>();
        services.AddScoped<OccupationHandlers>();
        services.AddScoped<FilingImport>();
        services.AddScoped<DemoLoader>();
        services.AddScoped<Features.Accounts.AccountHandlers>();
        services.AddScoped<Features.Accounts.SignInThrottleStore>();
        services.AddScoped<Features.Accounts.EndedSessionStore>();
        services.AddScoped<Features.People.RosterHandlers>();
        services.AddScoped<Features.Accounts.AuditRetention>();
        services.AddScoped<NoticeAuditService>();
        services.AddScoped<Features.Risk.RiskLoader>();
        services.AddScoped<Features.Risk.RiskHandlers>();
        // Every change of a filing's risk level is kept with its reasons: recorded daily, under the job lock (one instance).
        services.AddScheduledJob(new JobDefinition(RiskLevelsJob, "记录风险等级变化", async (sp, ct) =>
            $"{await sp.GetRequiredService<Features.Risk.RiskHandlers>().RecordAllLevelsAsync(ct)} 个备案的风险等级有变化，已记录变化及原因"));
        services.AddRubricLibrary(rubricsDirectory);
        services.AddStatistics(config.GetValue<long?>("Statistics:MaxImportBytes"));
        services.AddReviews(config["Evidence:Directory"], config.GetValue<long?>("Evidence:MaxBytes"));
        var fonts = new NoticeFonts();
        if (config["Publication:TitleFont"] is { Length: > 0 } tf) fonts.TitleFont = tf;
        if (config["Publication:BodyFont"] is { Length: > 0 } bf) fonts.BodyFont = bf;
        if (config["Publication:HeiFont"] is { Length: > 0 } hf) fonts.HeiFont = hf;
        if (config["Publication:KaiFont"] is { Length: > 0 } kf) fonts.KaiFont = kf;
        if (config["Publication:PageNumberFont"] is { Length: > 0 } pf) fonts.PageNumberFont = pf;
        // 版头 per region: Publication:Letterheads:{region code} = 发文机关标志 (env Publication__Letterheads__140900=…).
        foreach (var lh in config.GetSection("Publication:Letterheads").GetChildren())
            if (lh.Value is { Length: > 0 } mark) fonts.Letterheads[lh.Key] = mark;
        services.AddNotices(fonts, config["Publication:Chromium"]);
        // Seed 003 management rules; the ID-number HMAC key is Certificates:IdHashKey, else one kept in the database (IdHashKeys).
        services.AddRules(new CertificateOptions { ConfiguredKey = config["Certificates:IdHashKey"], LegacyDataDirectory = dataDirectory });
        // Daily jobs (filing expiry, and those other features add), run under a database lock and logged (JobRuns).
        services.AddJobs(config);
        // In-app notifications, the to-do list, e-mail (Mail:Smtp*) and the daily deadline reminders.
        services.AddNotifications(config);
        services.AddSingleton(new BackupOptions(config["Backup:PgDump"], config["Backup:PgRestore"]));
        services.AddScoped<BackupService>();
        return services;
    }
}
