using Microsoft.Extensions.DependencyInjection;

namespace SkillsAudit.Data.Features.Reviews;

public static class ReviewServices
{
    /// <summary>The review handlers for the web app and the CLI alike (Evidence:Directory, Evidence:MaxBytes).</summary>
    public static IServiceCollection AddReviews(this IServiceCollection services, string? evidenceDirectory = null, long? maxEvidenceBytes = null)
    {
        var options = new EvidenceOptions();
        if (!string.IsNullOrWhiteSpace(evidenceDirectory)) options.Directory = evidenceDirectory;
        if (maxEvidenceBytes is { } max) options.MaxBytes = max;
        services.AddSingleton(options);
        services.AddScoped<EvidenceStore>();
        services.AddScoped<CampaignHandlers>();
        services.AddScoped<AssessmentHandlers>();
        services.AddScoped<DecisionHandlers>();
        services.AddScoped<SheetHandlers>();
        services.AddScoped<RectificationHandlers>();
        services.AddScoped<HistoricalImport>();
        services.AddScoped<ReviewResults>();
        services.AddScoped<BoardHandlers>();
        services.AddScoped<BoardOperations>();
        services.AddScoped<ReviewRequestHandlers>();
        services.AddScoped<Notifications.ITodoSource, ReviewRequestTodo>();
        services.AddScoped<Calendar.CalendarHandlers>();
        services.AddScoped<Demo.ReviewDemoLoader>();
        return services;
    }
}
