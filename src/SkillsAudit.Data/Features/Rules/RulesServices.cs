using Microsoft.Extensions.DependencyInjection;

namespace SkillsAudit.Data.Features.Rules;

public static class RulesServices
{
    /// <summary>The seed 003 management-rule handlers, for the web app and the CLI alike. Needs Data Protection and the evidence store.</summary>
    public static IServiceCollection AddRules(this IServiceCollection services, CertificateOptions certificates)
    {
        services.AddSingleton(certificates);
        services.AddSingleton<ResidentIdProtector>();
        services.AddScoped<ChangeHandlers>();
        services.AddScoped<ScopeHandlers>();
        services.AddScoped<OccupationApplicationHandlers>();
        services.AddScoped<ExpiryHandlers>();
        services.AddScoped<RetentionHandlers>();
        services.AddScoped<DrawHandlers>();
        services.AddScoped<CertificateHandlers>();
        return services;
    }
}
