using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Publication;
using SkillsAudit.Domain.Common;
using SkillsAudit.Data.Files;

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

    /// <summary>Audits a notice file; throws <see cref="FileReadException"/> when the file cannot be read at all.</summary>
    public async Task<NoticeAuditReport> AuditAsync(Stream stream, string fileName, bool withRegistry = true, CancellationToken ct = default) =>
        await AuditAsync(stream, fileName, withRegistry, null, ct);

    /// <summary>
    /// Audits a notice file, and against <paramref name="reference"/> (another document of the same campaign, e.g. its plan)
    /// when one is given; throws <see cref="FileReadException"/> when either file cannot be read at all.
    /// </summary>
    public async Task<NoticeAuditReport> AuditAsync(Stream stream, string fileName, bool withRegistry, ReferenceFile? reference, CancellationToken ct = default)
    {
        var text = NoticeDocument.ReadText(stream, fileName);
        var against = reference is null ? null : new NoticeReference(reference.Title, NoticeDocument.ReadText(reference.Stream, reference.FileName));
        var registry = withRegistry ? await RegistryNamesAsync(ct) : null;
        return NoticeAudit.Run(text, registry, against);
    }
}

/// <summary>The document a notice is audited against: its file and the title to cite it by (the file name without extension when none is given).</summary>
public sealed record ReferenceFile(Stream Stream, string FileName, string? GivenTitle = null)
{
    public string Title => GivenTitle is { Length: > 0 } t ? t.Trim() : Path.GetFileNameWithoutExtension(FileName);
}

/// <summary>
/// The JSON shape of a report (docs/notice-audit.md): an object with <c>findings</c> — each exactly kind, severity,
/// location {line, table, row, column}, stated, computed, message — and a <c>summary</c>.
/// </summary>
public static class NoticeAuditJson
{
    public sealed record LocationView(int? Line, string? Table, string? Row, string? Column);
    public sealed record FindingView(string Kind, string Severity, LocationView Location, string? Stated, string? Computed, string Message);
    public sealed record SummaryView(int Errors, int Warnings, int Infos, int TablesAudited, int ListsAudited, int StatementsChecked, bool RegistryChecked, string? ComparedWith);
    public sealed record ReportView(string? File, IReadOnlyList<FindingView> Findings, SummaryView Summary);

    public static ReportView ToView(this NoticeAuditReport report, string? file) => new(
        file,
        report.Findings.Select(f => new FindingView(f.Kind, f.Severity.ToString().ToLowerInvariant(),
            new LocationView(f.Location.Line, f.Location.Table, f.Location.Row, f.Location.Column), f.Stated, f.Computed, f.Message)).ToList(),
        new SummaryView(report.Errors, report.Warnings, report.Infos, report.TablesAudited, report.ListsAudited, report.StatementsChecked, report.RegistryChecked, report.ComparedWith));

    /// <summary>camelCase, Chinese unescaped, nulls written (every finding has all six fields).</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    /// <summary>Each kind in Chinese, for the page and the CLI (the codes stay stable in JSON).</summary>
    public static string KindLabel(string kind) => kind switch
    {
        "stat.levels-sum" => "各等级人数之和不符",
        "stat.passed-exceeds-assessed" => "合格多于评价",
        "stat.certified-exceeds-assessed" => "发证多于评价",
        "stat.rate-mismatch" => "合格率与人数不符",
        "stat.rate-without-assessed" => "无评价人数却有合格率",
        "stat.totals-mismatch" => "合计与各行之和不符",
        "stat.negative-count" => "人数为负",
        "stat.non-numeric" => "数字无法识别",
        "stat.missing-cell" => "缺少数据",
        "stat.row-number-sequence" => "序号不连续",
        "stat.row-number-missing" => "缺少序号",
        "stat.totals-row-numbered" => "合计行编了序号",
        "stat.header-misaligned" => "表头与数据错位",
        "stat.statement-mismatch" => "正文数字与表格不符",
        NoticeKinds.PercentMismatch => "百分比与数量不符",
        NoticeKinds.CountMismatch => "数量与所列名单不符",
        NoticeKinds.PartsSum => "总数与分项之和不符",
        NoticeKinds.Distribution => "等级/星级分布与表格不符",
        NoticeKinds.StatementArithmetic => "正文数字自相矛盾",
        NoticeKinds.NameMismatch => "名称写法不一致",
        NoticeKinds.Duplicate => "重复列出",
        NoticeKinds.NotInRegistry => "不在备案登记中",
        NoticeKinds.RegistryAlias => "备案登记中的别名",
        NoticeKinds.FilingNumber => "备案号有误",
        NoticeKinds.ListNumbering => "名单编号不连续",
        NoticeKinds.CrossCount => "与对照文件的数量不符",
        NoticeKinds.CrossState => "与对照文件的开展情况不符",
        NoticeKinds.CrossMissing => "与对照文件的名单不符",
        NoticeKinds.CrossSpelling => "与对照文件的名称写法不同",
        NoticeKinds.NotAudited => "未核查的部分",
        _ => kind,
    };

    /// <summary>The severity in Chinese for pages and the CLI: 错误 / 警告 / 提示.</summary>
    public static string Chinese(string severity) => severity switch
    {
        "error" => "错误",
        "warning" => "警告",
        _ => "提示",
    };
}
