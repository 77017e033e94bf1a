namespace SkillsAudit.Tests;

/// <summary>
/// The five published documents the project is built from, kept in the repository as test fixtures
/// (tests/fixtures/seeds, described in its README.md), and the repository root for other checked-in files.
/// Compiled into every test project (tests/Directory.Build.props).
/// </summary>
internal static class Seeds
{
    /// <summary>The folder holding SkillsAudit.slnx, found upwards from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Directory { get; } = Path.Combine(RepositoryRoot, "tests", "fixtures", "seeds");

    /// <summary>The path of the seed whose file name starts with the prefix, e.g. "000_".</summary>
    public static string PathOf(string prefix)
    {
        var files = System.IO.Directory.GetFiles(Directory, prefix + "*.txt");
        return files.Length == 1 ? files[0]
            : throw new FileNotFoundException($"expected one seed document {prefix}*.txt in {Directory}, found {files.Length}");
    }

    /// <summary>The text of the seed whose file name starts with the prefix, e.g. "000_".</summary>
    public static string Read(string prefix) => File.ReadAllText(PathOf(prefix));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SkillsAudit.slnx"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("SkillsAudit.slnx not found above " + AppContext.BaseDirectory);
    }
}
