using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Data.Features.Rubrics;

/// <summary>"xinzhou-2023" (latest) or "xinzhou-2023@2" (that version).</summary>
public readonly record struct RubricRef(string Id, int? Version)
{
    public static bool TryParse(string? text, out RubricRef value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        var at = t.LastIndexOf('@');
        int? version = null;
        if (at >= 0)
        {
            if (!int.TryParse(t[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < 1) return false;
            version = v;
            t = t[..at];
        }
        if (!RubricFormat.IsValidId(t)) return false;
        value = new RubricRef(t, version);
        return true;
    }

    public override string ToString() => Version is { } v ? $"{Id}@{v}" : Id;
}

/// <summary>Where a rubric version comes from: a shipped file in rubrics/ or an import kept in the database.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<RubricOrigin>))]
public enum RubricOrigin
{
    File,
    Imported,
}

/// <summary>One rubric version as listed.</summary>
public sealed record RubricEntry(
    string Id,
    int Version,
    string Title,
    int? Year,
    RubricOrigin Origin,
    int IndicatorCount,
    decimal BaseMaxPoints,
    decimal BonusMaxPoints,
    int WarningCount,
    string? ImportedBy,
    DateTimeOffset? ImportedAt,
    string? SourceFileName,
    IReadOnlyList<int> Versions)
{
    public string Label => $"{Id}@{Version}";
}

/// <summary>A loaded rubric with where it came from and which versions of its id exist.</summary>
public sealed record LibraryRubric(Rubric Rubric, int Version, RubricOrigin Origin, string? ImportedBy, DateTimeOffset? ImportedAt,
    string? SourceFileName, IReadOnlyList<int> Versions)
{
    public string Label => $"{Rubric.Id}@{Version}";
    public bool IsLatest => Versions.Count == 0 || Version == Versions[^1];
}

/// <summary>
/// The shipped rubric files (rubrics/*.yaml beside the program), loaded once, and a cache of stored rubrics parsed
/// from YAML. Stored rows never change, so caching them by (id, version) is safe.
/// </summary>
public sealed class RubricFiles(string directory)
{
    private readonly Lazy<RubricCatalog?> _catalog = new(() => System.IO.Directory.Exists(directory) ? RubricCatalog.Load(directory) : null);
    internal ConcurrentDictionary<(string Id, int Version), Rubric> Stored { get; } = new();

    public string Directory { get; } = directory;
    public IReadOnlyList<Rubric> Rubrics => _catalog.Value?.Rubrics ?? [];
    /// <summary>Files refused when loading (shown on the list page, never hidden).</summary>
    public IReadOnlyList<RubricLoadResult> Failures => _catalog.Value?.Failures ?? [];
    public Rubric? Find(string id) => _catalog.Value?.Find(id);
}

/// <summary>
/// Lists, loads and saves rubrics for pages, API and CLI: the shipped files (version 1 of their id) and the imported
/// ones in RubricDefinitions (the next version of their id). Saving is one insert, audited by <see cref="AppDb"/>.
/// </summary>
public sealed class RubricLibrary(AppDb db, RubricFiles files)
{
    private sealed record StoredRow(string RubricId, int Version, string ImportedBy, DateTimeOffset ImportedAt, string SourceFileName);

    private async Task<List<StoredRow>> StoredRowsAsync(string? id, CancellationToken ct)
    {
        var q = db.RubricDefinitions.AsNoTracking();
        if (id is not null) q = q.Where(r => r.RubricId == id);
        var rows = await q.Select(r => new StoredRow(r.RubricId, r.Version, r.ImportedBy, r.ImportedAt, r.SourceFileName)).ToListAsync(ct);
        return rows.OrderBy(r => r.RubricId, StringComparer.Ordinal).ThenBy(r => r.Version).ToList();
    }

    /// <summary>Every rubric id with its latest version (allVersions: every version), ordered by id then version.</summary>
    public async Task<IReadOnlyList<RubricEntry>> ListAsync(bool allVersions = false, CancellationToken ct = default)
    {
        var stored = await StoredRowsAsync(null, ct);
        var ids = files.Rubrics.Select(r => r.Id).Concat(stored.Select(s => s.RubricId)).Distinct().Order(StringComparer.Ordinal);
        var list = new List<RubricEntry>();
        foreach (var id in ids)
        {
            var versions = Versions(id, stored);
            foreach (var v in allVersions ? versions : [versions[^1]])
            {
                var found = await LoadAsync(id, v, stored, ct);
                if (found is null) continue;
                var r = found.Rubric;
                list.Add(new RubricEntry(r.Id, v, r.Title, r.Year, found.Origin, r.Indicators.Count, r.BaseMaxPoints, r.BonusMaxPoints,
                    r.Warnings.Count, found.ImportedBy, found.ImportedAt, found.SourceFileName, versions));
            }
        }
        return list;
    }

    private List<int> Versions(string id, List<StoredRow> stored)
    {
        var versions = stored.Where(s => s.RubricId == id).Select(s => s.Version).ToList();
        if (files.Find(id) is not null) versions.Insert(0, 1);
        return versions.Distinct().Order().ToList();
    }

    /// <summary>The rubric <paramref name="id"/>, latest version or the one asked for; null when there is none.</summary>
    public async Task<LibraryRubric?> FindAsync(string id, int? version = null, CancellationToken ct = default)
    {
        var stored = await StoredRowsAsync(id, ct);
        var versions = Versions(id, stored);
        if (versions.Count == 0) return null;
        var v = version ?? versions[^1];
        return versions.Contains(v) ? await LoadAsync(id, v, stored, ct) : null;
    }

    public Task<LibraryRubric?> FindAsync(RubricRef r, CancellationToken ct = default) => FindAsync(r.Id, r.Version, ct);

    private async Task<LibraryRubric?> LoadAsync(string id, int version, List<StoredRow> stored, CancellationToken ct)
    {
        var versions = Versions(id, stored);
        var row = stored.FirstOrDefault(s => s.RubricId == id && s.Version == version);
        if (row is null)
        {
            return version == 1 && files.Find(id) is { } file ? new LibraryRubric(file, 1, RubricOrigin.File, null, null, null, versions) : null;
        }
        if (!files.Stored.TryGetValue((id, version), out var rubric))
        {
            var yaml = await db.RubricDefinitions.AsNoTracking().Where(r => r.RubricId == id && r.Version == version).Select(r => r.Yaml).SingleAsync(ct);
            // Checked on save; a row that no longer loads (a format change) is reported, not hidden.
            var loaded = RubricLoader.TryLoadText(yaml, $"{id}@{version}");
            rubric = loaded.Rubric ?? throw new RubricLoadException(loaded.Errors);
            files.Stored.TryAdd((id, version), rubric);
        }
        return new LibraryRubric(rubric, version, RubricOrigin.Imported, row.ImportedBy, row.ImportedAt, row.SourceFileName, versions);
    }

    /// <summary>The version the next save of <paramref name="id"/> will get.</summary>
    public async Task<int> NextVersionAsync(string id, CancellationToken ct = default)
    {
        var max = await db.RubricDefinitions.Where(r => r.RubricId == id).Select(r => (int?)r.Version).MaxAsync(ct);
        return Math.Max(max ?? 0, files.Find(id) is null ? 0 : 1) + 1;
    }

    /// <summary>
    /// Saves rubric YAML as the next version of its id, in one transaction (AppDb writes the audit entry with it).
    /// Throws <see cref="RubricLoadException"/> when the YAML does not load; nothing is written then.
    /// </summary>
    public async Task<int> SaveAsync(string yaml, string sourceFileName, CancellationToken ct = default)
    {
        var loaded = RubricLoader.TryLoadText(yaml, sourceFileName);
        var rubric = loaded.Rubric ?? throw new RubricLoadException(loaded.Errors);
        for (var attempt = 1; ; attempt++)
        {
            var version = await NextVersionAsync(rubric.Id, ct);
            var row = new RubricDefinition
            {
                RubricId = rubric.Id,
                Version = version,
                Title = rubric.Title.Length > 300 ? rubric.Title[..300] : rubric.Title,
                Yaml = yaml,
                ImportedBy = db.ActorName,
                ImportedAt = db.Now,
                SourceFileName = sourceFileName.Length > 260 ? sourceFileName[^260..] : sourceFileName,
            };
            db.RubricDefinitions.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                return version;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Someone saved the same id at the same moment and took this version: try the next one.
                db.Entry(row).State = EntityState.Detached;
            }
        }
    }
}

public static class RubricServices
{
    /// <summary>The rubric library for the web app and the CLI; <paramref name="directory"/> holds the shipped rubrics.</summary>
    public static IServiceCollection AddRubricLibrary(this IServiceCollection services, string directory)
    {
        services.AddSingleton(new RubricFiles(directory));
        services.AddScoped<RubricLibrary>();
        services.AddScoped<RubricXlsxImport>();
        return services;
    }
}
