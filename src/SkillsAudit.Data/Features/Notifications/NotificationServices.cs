using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data.Platform;

namespace SkillsAudit.Data.Features.Notifications;

public static class NotificationServices
{
    public const string RemindersJob = "deadline-reminders";
    public const string OutboxJob = "mail-outbox";

    /// <summary>Notifications, the home page's to-do list, the mail outbox (Mail:Smtp*) and the daily deadline reminders (web app and CLI).</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(MailOptions.Read(config));
        services.AddScoped<NotificationHandlers>();
        services.AddSingleton<BellCounts>();
        services.AddScoped<MailOutbox>();
        services.AddScoped<DeadlineReminders>();
        services.AddScoped<TodoList>();
        services.AddScheduledJob(new JobDefinition(RemindersJob, "截止提醒（自评、评审、整改截止前 3 天和 1 天）", async (sp, ct) =>
            (await sp.GetRequiredService<DeadlineReminders>().RunAsync(ct)).Message));
        services.AddScheduledJob(new JobDefinition(OutboxJob, "发送待发邮件", async (sp, ct) =>
            sp.GetRequiredService<MailOptions>().Enabled
                ? (await sp.GetRequiredService<MailOutbox>().DrainAsync(ct)).Message
                : throw new JobNotConfiguredException("未配置邮件服务器（Mail:SmtpHost、Mail:SmtpFrom），待发邮件未发送；配置后会自动发送")));
        return services;
    }

    /// <summary>The web app: each instance sends pending mail every Mail:DrainSeconds when mail is configured.</summary>
    public static IServiceCollection AddMailWorker(this IServiceCollection services)
    {
        services.AddHostedService<MailOutboxWorker>();
        return services;
    }
}
