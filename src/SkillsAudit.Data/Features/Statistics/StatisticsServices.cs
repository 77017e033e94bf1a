using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data.Demo;

namespace SkillsAudit.Data.Features.Statistics;

public static class StatisticsServices
{
    /// <summary>The statistics handlers, for the web app and the CLI alike. <paramref name="maxImportBytes"/> is Statistics:MaxImportBytes.</summary>
    public static IServiceCollection AddStatistics(this IServiceCollection services, long? maxImportBytes = null)
    {
        var options = new StatisticsImportOptions();
        if (maxImportBytes is { } max) options.MaxBytes = max;
        services.AddSingleton(options);
        services.AddScoped<StatisticsImport>();
        services.AddScoped<StatisticsQueries>();
        services.AddScoped<StatisticsDemoLoader>();
        services.AddScoped<StatisticsEntry>();
        return services;
    }
}
