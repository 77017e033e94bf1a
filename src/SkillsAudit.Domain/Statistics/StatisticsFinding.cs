namespace SkillsAudit.Domain.Statistics;

/// <summary>What is wrong. Each kind has a stable code (<see cref="FindingKinds.Code"/>) for storage and filtering.</summary>
public enum FindingKind
{
    /// <summary>其中各等级人数之和 ≠ 评价合格 (or ≠ 已发证小计 on the 附件2 form).</summary>
    LevelsDoNotAddUp,
    /// <summary>评价合格 &gt; 组织评价.</summary>
    PassedExceedsAssessed,
    /// <summary>已发证人数 &gt; 人次.</summary>
    CertifiedExceedsAssessed,
    /// <summary>The printed rate differs from passed/assessed rounded to 2 decimals.</summary>
    RateMismatch,
    /// <summary>A rate is printed where nobody was assessed, so no rate can exist.</summary>
    RateWithoutAssessed,
    /// <summary>A totals (合计/小计) cell differs from the sum of the rows it totals.</summary>
    TotalsMismatch,
    /// <summary>A count cell holds a negative number.</summary>
    NegativeCount,
    /// <summary>A figure cell holds text that is not a number of the expected kind.</summary>
    NonNumericCell,
    /// <summary>A figure cell is blank (a "-" is a stated none and is not flagged).</summary>
    MissingCell,
    /// <summary>序号 does not continue 1..n.</summary>
    RowNumberOutOfSequence,
    /// <summary>A data row has no 序号.</summary>
    RowNumberMissing,
    /// <summary>A totals row carries a data-row number (seed 000 numbers its 合计 rows "11" and "12").</summary>
    TotalsRowNumbered,
    /// <summary>The header cells and the data cells do not line up (seed 000 附件2's score columns).</summary>
    HeaderMisaligned,
    /// <summary>A figure stated in a document's text differs from the figure computed from its tables.</summary>
    StatementMismatch,
}

public enum FindingSeverity
{
    /// <summary>The figures contradict each other or cannot be read.</summary>
    Error,
    /// <summary>Something is missing or mis-printed; the figures may still be usable.</summary>
    Warning,
}

public static class FindingKinds
{
    /// <summary>A stable code, e.g. "stat.rate-mismatch".</summary>
    public static string Code(this FindingKind kind) => kind switch
    {
        FindingKind.LevelsDoNotAddUp => "stat.levels-sum",
        FindingKind.PassedExceedsAssessed => "stat.passed-exceeds-assessed",
        FindingKind.CertifiedExceedsAssessed => "stat.certified-exceeds-assessed",
        FindingKind.RateMismatch => "stat.rate-mismatch",
        FindingKind.RateWithoutAssessed => "stat.rate-without-assessed",
        FindingKind.TotalsMismatch => "stat.totals-mismatch",
        FindingKind.NegativeCount => "stat.negative-count",
        FindingKind.NonNumericCell => "stat.non-numeric",
        FindingKind.MissingCell => "stat.missing-cell",
        FindingKind.RowNumberOutOfSequence => "stat.row-number-sequence",
        FindingKind.RowNumberMissing => "stat.row-number-missing",
        FindingKind.TotalsRowNumbered => "stat.totals-row-numbered",
        FindingKind.HeaderMisaligned => "stat.header-misaligned",
        FindingKind.StatementMismatch => "stat.statement-mismatch",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static FindingSeverity DefaultSeverity(this FindingKind kind) => kind switch
    {
        FindingKind.MissingCell or FindingKind.RowNumberOutOfSequence or FindingKind.RowNumberMissing
            or FindingKind.TotalsRowNumbered or FindingKind.HeaderMisaligned => FindingSeverity.Warning,
        _ => FindingSeverity.Error,
    };
}

/// <summary>
/// One inconsistency, located by source line, printed row number (序号) and column header, with the value as printed
/// (<see cref="Stated"/>) and the value the figures imply (<see cref="Computed"/>), and a message in Chinese.
/// </summary>
public sealed record StatisticsFinding
{
    public required FindingKind Kind { get; init; }
    public FindingSeverity Severity { get; init; }
    /// <summary>1-based source line, when the finding comes from a table.</summary>
    public int? Line { get; init; }
    /// <summary>序号 as printed (may be wrong or empty).</summary>
    public string? RowNumber { get; init; }
    /// <summary>The row's name cell: 机构名称, 职业名称, or 合计.</summary>
    public string? RowName { get; init; }
    /// <summary>The column header as printed.</summary>
    public string? Column { get; init; }
    /// <summary>0-based column index in the source table.</summary>
    public int? ColumnIndex { get; init; }
    public string? Stated { get; init; }
    public string? Computed { get; init; }
    public required string Message { get; init; }

    public string Code => Kind.Code();

    public override string ToString() => $"[{Code}] 第{Line}行 {Column}: {Message}";
}
