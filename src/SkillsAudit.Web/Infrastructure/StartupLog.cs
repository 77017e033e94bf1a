namespace SkillsAudit.Web.Infrastructure;

/// <summary>The web app's start-up log lines, as source-generated logger messages.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Message}")]
    public static partial void DemoInfo(ILogger logger, string message);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void DemoWarning(ILogger logger, string message);
}
