using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// One import under way: what it has found (errors, warnings, at most 1,000 of each listed), the rows and tables read,
/// the keys seen (for duplicates), and the sheets or text split into tables (<see cref="TableRun"/>).
/// </summary>
internal sealed class ImportRun(string file, int? year, FilingIndex index, StatisticsImportOptions options, IProgress<long>? progress, CancellationToken ct)
{
    private const int MaxListedErrors = 1000;

    public string File { get; } = file;
    public int? Year { get; } = year;
    /// <summary>This year (China): figures for a later year cannot have been reported yet and are refused as a mistyped 年度.</summary>
    public int LatestYear { get; init; } = int.MaxValue;
    public FilingIndex Index { get; } = index;
    public StatisticsImportOptions Options { get; } = options;
    public StatisticsWriter? Writer { get; set; }
    /// <summary>Records reused once written (<see cref="RecordPool"/>).</summary>
    public RecordPool Records { get; } = new();
    public List<StatisticsIssue> Errors { get; } = [];
    public List<StatisticsIssue> Warnings { get; } = [];
    public int MoreErrors { get; private set; }
    public HashSet<int> Years { get; } = [];
    private readonly HashSet<long> _keys = [];
    private readonly Dictionary<string, int> _occupations = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly HashSet<(int, int, string)> _moreKeys = [];

    /// <summary>
    /// Records a filing × year × occupation key read; false when the file already had it. Kept as one long per key
    /// (filing, year, and a number per distinct occupation: a million rows name a handful), not a tuple with a string.
    /// </summary>
    public bool AddKey(int filingId, int year, string occupation)
    {
        if (!_occupations.TryGetValue(occupation, out var id) && _occupations.Count < (1 << 20)) _occupations[occupation] = id = _occupations.Count;
        else if (id == 0 && occupation.Length > 0) return _moreKeys.Add((filingId, year, occupation)); // beyond a million occupations
        if (filingId < 0 || year is < 0 or >= 4096) return _moreKeys.Add((filingId, year, occupation));
        return _keys.Add(((long)filingId << 32) | ((long)year << 20) | (uint)id);
    }
    public int Tables { get; set; }
    public int Rows { get; private set; }

    public void Error(StatisticsIssue issue)
    {
        if (Errors.Count < MaxListedErrors) Errors.Add(issue);
        else MoreErrors++;
    }

    public void Warn(StatisticsIssue issue)
    {
        if (Warnings.Count < MaxListedErrors) Warnings.Add(issue);
    }

    public bool CanWrite => Writer is not null && Errors.Count == 0;

    public void CountRow()
    {
        Rows++;
        if (Rows % 10_000 == 0)
        {
            ct.ThrowIfCancellationRequested();
            progress?.Report(Rows);
        }
    }

    public void ReadText(string document)
    {
        foreach (var (table, rows) in StatisticsSources.ReadTextTables(document))
        {
            var header = rows.Take(table.HeaderRows.Count).ToList();
            var t = new TableRun(this, null, header, table.PrecedingLines);
            foreach (var r in rows.Skip(table.HeaderRows.Count)) t.Add(r);
            t.End();
        }
    }

    /// <summary>
    /// Splits each sheet into tables: lines with at most one filled cell before a header are titles and form lines
    /// ("附件1", the table title, "机构备案号：…"); header rows run until the first row with a figure; data rows run
    /// until a blank or one-cell row (which may start the next table's titles).
    /// </summary>
    public void ReadSheets(IEnumerable<(string Sheet, RawRow Row)> rows)
    {
        string? sheet = null;
        var preamble = new List<string>();
        var header = new List<RawRow>();
        TableRun? current = null;
        foreach (var (s, row) in rows)
        {
            if (s != sheet)
            {
                current?.End();
                current = null;
                preamble.Clear();
                header.Clear();
                sheet = s;
            }
            var filled = row.NonEmpty;
            if (current is not null)
            {
                if (filled > 1) { current.Add(row); continue; }
                current.End();
                current = null;
                preamble.Clear();
                header.Clear();
                if (filled == 1) preamble.Add(string.Join("", row.Cells));
                continue;
            }
            if (filled == 0) continue;
            if (filled == 1 && header.Count == 0) { preamble.Add(string.Join("", row.Cells)); continue; }
            if (header.Count > 0 && row.Cells.Any(CellText.LooksNumeric))
            {
                current = new TableRun(this, s, header.ToList(), preamble.ToList());
                current.Add(row);
                continue;
            }
            header.Add(row);
        }
        current?.End();
    }
}
