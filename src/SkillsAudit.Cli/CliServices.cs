using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkillsAudit.Data;

namespace SkillsAudit.Cli;

/// <summary>The same services the web app uses, with the OS user as the actor for history and the audit log.</summary>
public static class CliServices
{
    /// <param name="actingAs">A user the command acts for (review self|panel --as): recorded beside the OS user.</param>
    /// <param name="withTheirRights">The command has that user's rights (not the operator's): a body's 撤回 (changes|scope withdraw --as).</param>
    public static ServiceProvider Build(CliContext ctx, string? actingAs = null, bool withTheirRights = false)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSkillsAuditData(ctx.ConnectionString is { Length: > 0 } cs ? cs : DbSetup.DefaultConnectionString());
        var actor = new FixedActor("cli:" + Environment.UserName + (actingAs is { Length: > 0 } a ? " as " + a : ""));
        services.AddSingleton<IActor>(actor);
        if (withTheirRights && actingAs is { Length: > 0 } user)
            services.AddScoped<SkillsAudit.Data.Access.ICurrentActor>(sp => new SkillsAudit.Data.Access.NamedUserActor(user, sp.GetRequiredService<AppDb>()));
        else services.AddSingleton<SkillsAudit.Data.Access.ICurrentActor>(new SkillsAudit.Data.Access.OperatorActor(actor.Name));
        services.AddIdentityCore<AppUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AppDb>().AddAccountRules();
        // The web app's settings come from its configuration; the CLI's from the environment (Evidence__Directory, …).
        services.AddSkillsAuditFeatures(new ConfigurationBuilder().AddEnvironmentVariables().Build(), ctx.RubricsDirectory);
        return services.BuildServiceProvider();
    }

    /// <summary>Runs one command in a service scope on a migrated database.</summary>
    public static async Task<int> RunAsync(CliContext ctx, Func<IServiceProvider, Task<int>> action, CancellationToken ct, string? asUser = null)
    {
        await using var sp = Build(ctx, asUser, withTheirRights: asUser is not null);
        using var scope = sp.CreateScope();
        await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
        return await action(scope.ServiceProvider);
    }
}
