using System.Globalization;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Statistics;

/// <summary>
/// Figures stated in a document's text, to be compared with the figures computed from its tables,
/// e.g. seed 000 一(一) "全市共组织评价 8884 人，合格 7266 人，合格率 81.79%。其中：初级 514 人、中级 4022 人、高级 2730 人".
/// Any part may be left out (null) when the text does not state it.
/// </summary>
public sealed record StatedFigures(long? Assessed = null, long? Passed = null, decimal? PassRate = null, LevelCounts? PassedByLevel = null);

/// <summary>
/// Checks statistics and says where they do not agree. Every rule reports only a real disagreement: figures that agree
/// produce no finding. The DOMAIN notes (published documents contain errors) are the reason this exists: the tables
/// are read as printed and every inconsistency is reported, never silently corrected.
/// </summary>
public static class StatisticsValidator
{
    /// <summary>
    /// All findings for a table: those met while reading (<see cref="StatisticsTable.ReadFindings"/>) and then, row by
    /// row, missing cells, levels adding up, passed ≤ assessed, the printed rate; then totals rows against the sum of
    /// their rows, and the 序号 numbering.
    /// </summary>
    public static IReadOnlyList<StatisticsFinding> Validate(StatisticsTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var findings = new List<StatisticsFinding>(table.ReadFindings);
        var rules = new StatisticsRowRules(table.Columns);
        var figures = new CellFigure[table.Columns.Count];
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < figures.Length; i++) figures[i] = CellFigure.Of(row.Cells[i]);
            var worded = new WordedFaults(rules, row, findings);
            rules.Check(figures, row.IsTotals, ref worded);
        }
        CheckTotals(table, findings);
        CheckNumbering(table, findings);
        return findings;
    }

    /// <summary>
    /// Checks one record's figures (no table location): levels adding up to passed and to certified, passed and
    /// certified not above assessed. <paramref name="scope"/> names the record in messages, e.g. a filing number and year.
    /// </summary>
    public static IReadOnlyList<StatisticsFinding> Validate(StatisticsFigures figures, string scope)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var findings = new List<StatisticsFinding>();
        if (figures.Passed is { } p && !figures.PassedByLevel.IsEmpty && figures.PassedByLevel.Total != p)
            findings.Add(Make(FindingKind.LevelsDoNotAddUp, null, scope, "评价合格", p.ToString(), figures.PassedByLevel.Total.ToString(),
                $"{scope}：各等级合格人数之和 {figures.PassedByLevel.Total}（{figures.PassedByLevel}）与评价合格 {p} 不符。"));
        if (figures.Certified is { } c && !figures.CertifiedByLevel.IsEmpty && figures.CertifiedByLevel.Total != c)
            findings.Add(Make(FindingKind.LevelsDoNotAddUp, null, scope, "已发证人数", c.ToString(), figures.CertifiedByLevel.Total.ToString(),
                $"{scope}：各等级发证人数之和 {figures.CertifiedByLevel.Total}（{figures.CertifiedByLevel}）与已发证小计 {c} 不符。"));
        if (figures.Passed is { } p2 && p2 > figures.Assessed)
            findings.Add(Make(FindingKind.PassedExceedsAssessed, null, scope, "评价合格", p2.ToString(), $"≤ {figures.Assessed}",
                $"{scope}：评价合格 {p2} 人多于组织评价 {figures.Assessed} 人。"));
        if (figures.Certified is { } c2 && c2 > figures.Assessed)
            findings.Add(Make(FindingKind.CertifiedExceedsAssessed, null, scope, "已发证人数", c2.ToString(), $"≤ {figures.Assessed}",
                $"{scope}：已发证 {c2} 人多于评价 {figures.Assessed} 人次。"));
        return findings;
    }

    /// <summary>
    /// Compares figures stated in a document's text with figures computed (e.g. from its annex tables), and the stated
    /// rate with the stated counts. <paramref name="scope"/> names the statement, e.g. "全市基本情况（一(一)）".
    /// </summary>
    public static IReadOnlyList<StatisticsFinding> CheckStatement(StatedFigures stated, StatisticsFigures computed, string scope)
    {
        ArgumentNullException.ThrowIfNull(stated);
        ArgumentNullException.ThrowIfNull(computed);
        var findings = new List<StatisticsFinding>();
        void Compare(string what, string? s, string? c)
        {
            if (s is null || s == c) return;
            findings.Add(Make(FindingKind.StatementMismatch, null, scope, what, s, c ?? "（无）",
                $"{scope}：文中{what}为 {s}，按表计算为 {c ?? "（无）"}。"));
        }
        Compare("组织评价", Str(stated.Assessed), computed.Assessed.ToString());
        Compare("评价合格", Str(stated.Passed), computed.Passed?.ToString());
        Compare("合格率", stated.PassRate is { } r ? Rates.FormatPercent(r) : null, computed.PassRate is { } cr ? Rates.FormatPercent(cr) : null);
        if (stated.PassedByLevel is { } levels)
        {
            foreach (var (level, count) in levels.Entries)
                Compare($"{level.ShortName()}人数", count.ToString(), (computed.PassedByLevel[level] ?? Count.Zero).ToString());
        }
        if (stated is { PassRate: { } sr, Assessed: { } sa, Passed: { } sp } && Rates.Percent(sp, sa) is { } own && own != sr)
            findings.Add(Make(FindingKind.RateMismatch, null, scope, "合格率", Rates.FormatPercent(sr), Rates.FormatPercent(own),
                $"{scope}：文中合格率 {Rates.FormatPercent(sr)} 与文中人数 {sp}/{sa} 算得的 {Rates.FormatPercent(own)} 不符。"));
        return findings;

        static string? Str(long? v) => v?.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Words each fault <see cref="StatisticsRowRules"/> finds in a row as a finding naming line, row and column.</summary>
    private readonly struct WordedFaults(StatisticsRowRules rules, StatisticsRow row, List<StatisticsFinding> findings) : IRowFaults
    {
        public bool Fault(FindingKind kind, int cell)
        {
            var c = row.Cells[cell];
            var col = c.Column;
            findings.Add(kind switch
            {
                FindingKind.MissingCell => Make(kind, row, null, col.Header, "", null,
                    $"第{row.Line}行“{Label(row)}”的“{col.Header}”未填写。", col.Index),
                FindingKind.LevelsDoNotAddUp => LevelsFinding(row, c, rules.LevelsOf(cell)),
                FindingKind.PassedExceedsAssessed or FindingKind.CertifiedExceedsAssessed => AboveFinding(kind, row, c),
                FindingKind.RateWithoutAssessed => Make(kind, row, null, col.Header, c.Text, "—",
                    $"第{row.Line}行“{Label(row)}”：组织评价为 0 人，不应有合格率，却填“{c.Text}”。", col.Index),
                _ => RateFinding(row, c),
            });
            return true;
        }

        private static StatisticsFinding LevelsFinding(StatisticsRow row, StatisticsCell total, IReadOnlyList<int> levelColumns)
        {
            var levels = levelColumns.Select(i => row.Cells[i]).ToList();
            var sum = levels.Select(c => c.AsCount).Sum();
            var parts = string.Join("+", levels.Select(c => c.AsCount.ToString()));
            var what = total.Column.Field == StatisticsField.Passed ? "评价合格" : "已发证小计";
            return Make(FindingKind.LevelsDoNotAddUp, row, null, total.Column.Header, total.AsCount.ToString(), sum.ToString(),
                $"第{row.Line}行“{Label(row)}”：各等级人数之和 {parts}={sum} 与{what} {total.AsCount} 不符。", total.Column.Index);
        }

        private static StatisticsFinding AboveFinding(FindingKind kind, StatisticsRow row, StatisticsCell cell)
        {
            var assessed = row.Cell(StatisticsField.Assessed)!;
            return Make(kind, row, null, cell.Column.Header, cell.AsCount.ToString(), $"≤ {assessed.AsCount}",
                $"第{row.Line}行“{Label(row)}”：“{cell.Column.Header}”{cell.AsCount} 人多于“{assessed.Column.Header}”{assessed.AsCount} 人。", cell.Column.Index);
        }

        private static StatisticsFinding RateFinding(StatisticsRow row, StatisticsCell rate)
        {
            var passed = row.Cell(StatisticsField.Passed)!.AsCount;
            var assessed = row.Cell(StatisticsField.Assessed)!.AsCount;
            var computed = Rates.FormatPercent(Rates.Percent(passed.Value, assessed.Value));
            return Make(FindingKind.RateMismatch, row, null, rate.Column.Header, rate.Text, computed,
                $"第{row.Line}行“{Label(row)}”：合格率填“{rate.Text}”，按 {passed}/{assessed} 计算应为 {computed}。", rate.Column.Index);
        }
    }

    private static void CheckTotals(StatisticsTable table, List<StatisticsFinding> findings)
    {
        var sinceSubtotal = new List<StatisticsRow>();
        foreach (var row in table.Rows)
        {
            if (row.Kind == RowKind.Data) { sinceSubtotal.Add(row); continue; }
            // 合计 totals every data row of the table; 小计 the data rows since the previous 小计 (seed 001 附件4's layout)
            var covered = row.Kind == RowKind.Total ? table.DataRows.ToList() : sinceSubtotal.ToList();
            if (row.Kind == RowKind.Subtotal) sinceSubtotal.Clear();
            foreach (var cell in row.Cells.Where(c => c.Column.IsCount && c.IsStated))
            {
                var parts = covered.Select(r => r.Cells.First(c => c.Column == cell.Column)).ToList();
                if (parts.Any(p => p.State == CellState.Invalid)) continue; // already reported; the sum is unknown
                var sum = parts.Select(p => p.AsCount).Sum(); // blank and "-" count as 0 (seed 000 附件2's totals do so)
                if (sum == cell.AsCount) continue;
                var word = row.Kind == RowKind.Total ? "合计" : "小计";
                findings.Add(Make(FindingKind.TotalsMismatch, row, null, cell.Column.Header, cell.AsCount.ToString(), sum.ToString(),
                    $"第{row.Line}行{word}的“{cell.Column.Header}”为 {cell.AsCount}，{covered.Count} 行之和为 {sum}。", cell.Column.Index));
            }
        }
    }

    private static void CheckNumbering(StatisticsTable table, List<StatisticsFinding> findings)
    {
        var numberColumn = table.Columns.FirstOrDefault(c => c.Field == StatisticsField.RowNumber);
        if (numberColumn is null) return;
        var expected = 1;
        var dataNumbers = new HashSet<string>(StringComparer.Ordinal);
        var afterSubtotal = false;
        foreach (var row in table.Rows)
        {
            var stated = row.Number;
            if (row.IsTotals)
            {
                if (row.Kind == RowKind.Subtotal) afterSubtotal = true;
                if (stated is null || CellText.Normalize(stated) is "合计" or "总计" or "小计") continue;
                var dataCount = table.DataRows.Count();
                var clash = dataNumbers.Contains(CellText.Normalize(stated)) ? $"，与数据行序号“{stated}”重复" : "";
                findings.Add(Make(FindingKind.TotalsRowNumbered, row, null, numberColumn.Header, stated, "",
                    $"第{row.Line}行为合计行，不应编序号，却编为“{stated}”{clash}（数据行共 {dataCount} 行）。", numberColumn.Index));
                continue;
            }
            if (stated is null)
            {
                findings.Add(Make(FindingKind.RowNumberMissing, row, null, numberColumn.Header, "", expected.ToString(CultureInfo.InvariantCulture),
                    $"第{row.Line}行“{Label(row)}”没有序号，应为 {expected}。", numberColumn.Index));
                expected++;
                continue;
            }
            dataNumbers.Add(CellText.Normalize(stated));
            var isInt = CellText.TryParseInteger(stated, out var n);
            if (afterSubtotal && isInt && n == 1) expected = 1; // numbering restarts in each group (seed 001 附件4)
            afterSubtotal = false;
            if (isInt && n == expected) { expected++; continue; }
            findings.Add(Make(FindingKind.RowNumberOutOfSequence, row, null, numberColumn.Header, stated, expected.ToString(CultureInfo.InvariantCulture),
                $"第{row.Line}行“{Label(row)}”序号为“{stated}”，按顺序应为 {expected}。", numberColumn.Index));
            expected = isInt && n >= 0 ? (int)Math.Min(n + 1, int.MaxValue) : expected + 1;
        }
    }

    private static string Label(StatisticsRow row) => row.Name ?? (row.Number is { } n ? $"序号{n}" : "（无名称）");

    private static StatisticsFinding Make(FindingKind kind, StatisticsRow? row, string? scope, string column, string? stated, string? computed, string message, int? columnIndex = null) => new()
    {
        Kind = kind,
        Severity = kind.DefaultSeverity(),
        Line = row?.Line,
        RowNumber = row?.Number,
        RowName = row?.Name ?? scope,
        Column = column,
        ColumnIndex = columnIndex,
        Stated = stated,
        Computed = computed,
        Message = message,
    };
}
