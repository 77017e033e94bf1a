using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Domain.Publication;

public enum NoticeSeverity
{
    /// <summary>Figures or statements that contradict each other.</summary>
    Error,
    /// <summary>Something missing, mis-printed or spelled two ways; the figures may still be usable.</summary>
    Warning,
    /// <summary>Worth a look but not necessarily wrong (a name held twice by one legal entity, a part not audited).</summary>
    Info,
}

/// <summary>
/// Where a finding is: the 1-based line of the audited text, the table ("附件1", or "表3" when unlabelled), the row
/// (序号 as printed, else the row's name) and the column header as printed. Text findings have only a line.
/// </summary>
public sealed record NoticeLocation(int? Line, string? Table = null, string? Row = null, string? Column = null)
{
    public override string ToString() =>
        string.Join(" ", new[] { Line is { } l ? $"第{l}行" : null, Table, Row is { } r ? $"序号/行“{r}”" : null, Column is { } c ? $"列“{c}”" : null }.Where(s => s is not null));
}

/// <summary>One inconsistency in a notice. <see cref="Kind"/> is a stable code (see <see cref="NoticeKinds"/>).</summary>
public sealed record NoticeFinding(string Kind, NoticeSeverity Severity, NoticeLocation Location, string? Stated, string? Computed, string Message)
{
    public override string ToString() => $"[{Severity.ToString().ToLowerInvariant()}] {Kind} {Location}: {Message}";
}

/// <summary>
/// The finding kinds. The statistics-table kinds are <see cref="FindingKinds.Code"/> of <see cref="FindingKind"/>
/// ("stat.*", reported by <see cref="StatisticsValidator"/>); the kinds below ("notice.*") are the notice audit's own.
/// docs/notice-audit.md lists them all.
/// </summary>
public static class NoticeKinds
{
    /// <summary>A percentage stated in the text does not match the counts it describes ("4家，占32%" of 13).</summary>
    public const string PercentMismatch = "notice.percent-mismatch";
    /// <summary>A count stated in the text ("12 个", "27 个评价机构（附件 1）") differs from the names or rows listed.</summary>
    public const string CountMismatch = "notice.count-mismatch";
    /// <summary>A total stated in the text differs from the sum of the parts stated with it ("共计48个。其中：25个、23个").</summary>
    public const string PartsSum = "notice.parts-sum";
    /// <summary>A stated grade or star distribution differs from the scores or stars listed in a table.</summary>
    public const string Distribution = "notice.distribution-mismatch";
    /// <summary>A figure sentence's own arithmetic is wrong (levels "其中" adding up to more or other than the passed).</summary>
    public const string StatementArithmetic = "notice.statement-arithmetic";
    /// <summary>One body spelled differently in the text and in a table or list (likely match given).</summary>
    public const string NameMismatch = "notice.name-mismatch";
    /// <summary>The same body listed twice in one table, list or the text's enumerations.</summary>
    public const string Duplicate = "notice.duplicate";
    /// <summary>A name not found in the registry (names and aliases); the likely registered name when one is close.</summary>
    public const string NotInRegistry = "notice.name-not-in-registry";
    /// <summary>A name found in the registry only as an alias (another spelling or a former name).</summary>
    public const string RegistryAlias = "notice.name-registry-alias";
    /// <summary>A 备案号 that is not a valid filing number, or one given to two rows.</summary>
    public const string FilingNumber = "notice.filing-number";
    /// <summary>A list's numbering does not run 1..n.</summary>
    public const string ListNumbering = "notice.list-numbering";
    /// <summary>A count (bodies in all, conducting, not conducting) stated differently in the notice and in the document it is audited against.</summary>
    public const string CrossCount = "notice.cross-count";
    /// <summary>A body marked 未开展 in one document and listed as conducting, or reporting figures, in the other.</summary>
    public const string CrossState = "notice.cross-state";
    /// <summary>A body named in one of the two documents and not in the other.</summary>
    public const string CrossMissing = "notice.cross-missing";
    /// <summary>A body spelled differently in the two documents (likely match given).</summary>
    public const string CrossSpelling = "notice.cross-spelling";
    /// <summary>A part of the notice that could not be read or audited, and why; the rest is audited.</summary>
    public const string NotAudited = "notice.not-audited";

    public static NoticeSeverity SeverityOf(FindingSeverity s) => s == FindingSeverity.Error ? NoticeSeverity.Error : NoticeSeverity.Warning;
}
