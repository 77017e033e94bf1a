namespace SkillsAudit.Domain.Rubrics;

/// <summary>
/// The rubrics of a folder (rubrics/*.yaml), loaded once. Files that fail to load are kept in <see cref="Failures"/>
/// rather than hiding the others; <see cref="Find"/> looks up by rubric id.
/// </summary>
public sealed class RubricCatalog
{
    private readonly Dictionary<string, Rubric> _byId;

    private RubricCatalog(string directory, IReadOnlyList<Rubric> rubrics, IReadOnlyList<RubricLoadResult> failures)
    {
        Directory = directory;
        Rubrics = rubrics;
        Failures = failures;
        _byId = rubrics.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    public string Directory { get; }
    /// <summary>Loaded rubrics, ordered by id.</summary>
    public IReadOnlyList<Rubric> Rubrics { get; }
    /// <summary>Files refused (with their errors), and files whose id repeats an earlier file's.</summary>
    public IReadOnlyList<RubricLoadResult> Failures { get; }

    public Rubric? Find(string id) => _byId.GetValueOrDefault(id);

    public static RubricCatalog Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"rubrics folder not found: {directory}");
        var rubrics = new List<Rubric>();
        var failures = new List<RubricLoadResult>();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*" + RubricLoader.FileExtension).Order(StringComparer.Ordinal))
        {
            var result = RubricLoader.TryLoadFile(file);
            if (result.Rubric is not { } rubric)
            {
                failures.Add(result);
            }
            else if (rubrics.Any(r => r.Id == rubric.Id))
            {
                failures.Add(new RubricLoadResult(file, null,
                    [new ValidationIssue(IssueSeverity.Error, "duplicate-id", rubric.Id, $"rubric id '{rubric.Id}' is already used by another file", file: file)]));
            }
            else
            {
                rubrics.Add(rubric);
            }
        }
        return new RubricCatalog(directory, rubrics.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray(), failures);
    }
}
