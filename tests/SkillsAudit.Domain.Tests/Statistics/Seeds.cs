namespace SkillsAudit.Domain.Tests.Statistics;

/// <summary>Locates /work/shared/seeds: the folder holding SkillsAudit.slnx, then ../shared/seeds beside the clone.</summary>
internal static class Seeds
{
    public static string Directory { get; } = Locate();

    /// <summary>The text of the seed whose file name starts with the prefix, e.g. "000_".</summary>
    public static string Read(string prefix)
    {
        var file = System.IO.Directory.GetFiles(Directory, prefix + "*.txt").Single();
        return File.ReadAllText(file);
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SkillsAudit.slnx")))
            {
                var seeds = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "seeds"));
                if (System.IO.Directory.Exists(seeds)) return seeds;
                throw new DirectoryNotFoundException($"Seeds not found beside the repository: {seeds}");
            }
        }
        throw new DirectoryNotFoundException("SkillsAudit.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Repository root (the folder holding SkillsAudit.slnx).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "SkillsAudit.slnx"))) return dir.FullName;
            throw new DirectoryNotFoundException("SkillsAudit.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}
