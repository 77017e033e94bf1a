namespace SkillsAudit.Cli;

/// <summary>
/// What every command needs from its surroundings: where to write, and where the project's data files are.
/// Tests build one over StringWriters and run commands in-process.
/// </summary>
public sealed class CliContext
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }

    /// <summary>Where prompts read from (users add-admin's password); null means the console, without echo when it is a terminal.</summary>
    public TextReader? In { get; init; }

    /// <summary>ConnectionStrings:Default, as the web app reads it (environment ConnectionStrings__Default).</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The folder holding rubrics/ and demo/ (the repository root when run from source).</summary>
    public required string ContentRoot { get; init; }

    /// <summary>Files:ReadSeconds, as the web app reads it (environment Files__ReadSeconds): the time one file may take to read; null is the default.</summary>
    public double? ReadSeconds { get; init; }

    public string RubricsDirectory => Path.Combine(ContentRoot, "rubrics");
    public string DemoDirectory => Path.Combine(ContentRoot, "demo");
}
