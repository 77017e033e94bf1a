namespace SkillsAudit.Data.Features.Rubrics;

/// <summary>A rubric as people know it: by its title (and version), not by its id ("xinzhou-2023@1").</summary>
public sealed class RubricTitles(RubricLibrary library)
{
    private Dictionary<string, (string Title, int Version)>? _titles;

    /// <summary>"《title》" for "id" or "id@version"; a reference that names no stored rubric is shown as 未知评估表.</summary>
    public async Task<string> TitleAsync(string? reference, CancellationToken ct = default)
    {
        _titles ??= (await library.ListAsync(allVersions: true, ct))
            .SelectMany(r => new[] { (Key: $"{r.Id}@{r.Version}", r.Title, r.Version), (Key: r.Id, r.Title, r.Version) })
            .GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Version).Select(r => (r.Title, r.Version)).First());
        if (reference is null || !_titles.TryGetValue(reference.Trim(), out var t)) return "未知评估表";
        return $"《{t.Title}》（第{t.Version}版）";
    }
}

