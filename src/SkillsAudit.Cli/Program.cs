namespace SkillsAudit.Cli;

public static class CliProgram
{
    public static Task<int> Main(string[] args) => SkillsAuditCli.RunAsync(args, new CliContext
    {
        Out = Console.Out,
        Error = Console.Error,
        ConnectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Default"),
        ContentRoot = SkillsAuditCli.FindContentRoot(),
        ReadSeconds = double.TryParse(Environment.GetEnvironmentVariable("Files__ReadSeconds"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null,
    });
}
