using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Publication;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>
/// The notice audit with the registry: reads the file (<see cref="NoticeDocument"/>), loads every legal entity's name
/// and aliases, and runs <see cref="NoticeAudit"/>. Shared by the upload page, POST /api/audit-notice and the CLI.
/// </summary>
public sealed class NoticeAuditService(AppDb db)
{
    public async Task<IReadOnlyList<RegisteredName>> RegistryNamesAsync(CancellationToken ct = default)
    {
        var entities = await db.LegalEntities.AsNoTracking().Include(e => e.Aliases).ToListAsync(ct);
        return entities.Select(e => new RegisteredName(e.Name, e.Aliases.Select(a => a.Name).ToList())).ToList();
    }

    /// <summary>Audits a notice file; throws <see cref="NoticeReadException"/> when the file cannot be read at all.</summary>
    public async Task<NoticeAuditReport> AuditAsync(Stream stream, string fileName, bool withRegistry = true, CancellationToken ct = default)
    {
        var text = NoticeDocument.ReadText(stream, fileName);
        var registry = withRegistry ? await RegistryNamesAsync(ct) : null;
        return NoticeAudit.Run(text, registry);
    }
}

/// <summary>
/// The JSON shape of a report (docs/notice-audit.md): an object with <c>findings</c> — each exactly kind, severity,
/// location {line, table, row, column}, stated, computed, message — and a <c>summary</c>.
/// </summary>
public static class NoticeAuditJson
{
    public sealed record LocationView(int? Line, string? Table, string? Row, string? Column);
    public sealed record FindingView(string Kind, string Severity, LocationView Location, string? Stated, string? Computed, string Message);
    public sealed record SummaryView(int Errors, int Warnings, int Infos, int TablesAudited, int ListsAudited, int StatementsChecked, bool RegistryChecked);
    public sealed record ReportView(string? File, IReadOnlyList<FindingView> Findings, SummaryView Summary);

    public static ReportView ToView(this NoticeAuditReport report, string? file) => new(
        file,
        report.Findings.Select(f => new FindingView(f.Kind, f.Severity.ToString().ToLowerInvariant(),
            new LocationView(f.Location.Line, f.Location.Table, f.Location.Row, f.Location.Column), f.Stated, f.Computed, f.Message)).ToList(),
        new SummaryView(report.Errors, report.Warnings, report.Infos, report.TablesAudited, report.ListsAudited, report.StatementsChecked, report.RegistryChecked));

    /// <summary>camelCase, Chinese unescaped, nulls written (every finding has all six fields).</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    /// <summary>The severity in Chinese for pages and the CLI: 错误 / 警告 / 提示.</summary>
    public static string Chinese(string severity) => severity switch
    {
        "error" => "错误",
        "warning" => "警告",
        _ => "提示",
    };
}
