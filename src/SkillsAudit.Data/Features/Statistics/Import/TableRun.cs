using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>
/// One table of an import: header rows fixed, data rows read in chunks, each chunk either on the fast path
/// (<see cref="FastTable"/>: every row clean) or through the domain reader and validator as text, which word every
/// issue. Each row read is resolved to its filing (备案号, or name and aliases through <see cref="FilingIndex"/>) and
/// year, checked for a duplicate in the file, and handed to the writer while the import has no errors.
/// </summary>
internal sealed class TableRun
{
    private static readonly Regex YearPattern = new(@"((?:19|20)\d{2})\s*年", RegexOptions.CultureInvariant);
    private static readonly Regex FormFilingNumber = new(@"备案号[^：:]*[：:]\s*([A-Za-z]\d{12})", RegexOptions.CultureInvariant);
    private static readonly Regex FormBodyName = new(@"机构名称[^：:]*[：:]\s*(\S.*)$", RegexOptions.CultureInvariant);
    private static readonly FindingKind[] TableLevelKinds =
        [FindingKind.TotalsMismatch, FindingKind.RowNumberOutOfSequence, FindingKind.RowNumberMissing, FindingKind.TotalsRowNumbered];

    private readonly ImportRun _run;
    private readonly string? _sheet;
    private readonly int[] _kept;
    private readonly int _numberColumn = -1;
    private readonly int _yearColumn = -1;
    private readonly List<string> _headerLines = [];
    private readonly List<int> _headerRowNumbers = [];
    private readonly int? _tableYear;
    private readonly string? _formNumber;
    private readonly string? _formName;
    private List<RawRow> _buffer = [];
    private List<RawRow> _spare = [];
    private FastRow[] _read = [];
    private readonly FastTable? _fast;
    private readonly string _sourcePrefix;
    private int _chunks;
    private bool _failed;
    // Columns that identify a row (序号, names, occupation) rather than carry a figure: a row with nothing else is not a report.
    private readonly List<int> _figureColumns = [];
    private static readonly HashSet<string> IdentityHeaders =
        ["序号", "机构名称", "评价机构名称", "单位名称", "职业名称", "职业代码", "工种", "工种/职业方向", "职业方向", "备注"];
    // running sums over all data rows, to check a totals row in a table read in several chunks
    private long _sumAssessed, _sumPassed;
    private readonly long[] _sumLevels = new long[6];

    public TableRun(ImportRun run, string? sheet, List<RawRow> header, IReadOnlyList<string> preamble)
    {
        _run = run;
        _sheet = sheet;
        run.Tables++;
        var width = header.Max(h => h.Cells.Length);
        var kept = new List<int>();
        var fields = new HashSet<StatisticsField>();
        for (var c = 0; c < width; c++)
        {
            var leaf = "";
            for (var r = header.Count - 1; r >= 0 && leaf.Length == 0; r--) leaf = c < header[r].Cells.Length ? header[r].Cells[c] : "";
            if (leaf.Length > 0 && StatisticsTableReader.Recognise(leaf) is { } role) fields.Add(role.Field);
            var h = StatisticsTableReader.NormalizeHeader(leaf);
            if (h is "备案号" or "机构备案号" or "备案编号") _numberColumn = c;
            else if (h is "年度" or "统计年度" or "年份") _yearColumn = c;
            else kept.Add(c);
            if (h.Length > 0 && !IdentityHeaders.Contains(h) && _numberColumn != c && _yearColumn != c) _figureColumns.Add(c);
        }
        _kept = [.. kept];
        // A table of how many were assessed that does not say how many passed: readable, but every row's 评价合格 and rate
        // are then unknown, which the officer should hear before importing, not find later in the notice.
        if (fields.Contains(StatisticsField.Assessed) && !fields.Contains(StatisticsField.Passed))
            run.Warn(new StatisticsIssue(run.File, sheet, header[^1].Line, null, null, null,
                "表中没有“评价合格”列：各行的评价合格人数将记为未填写，合格率无法计算。如原表有此列，请核对表头后再导入", "import.no-passed-column"));
        foreach (var h in header)
        {
            _headerLines.Add(Project(h));
            _headerRowNumbers.Add(h.Line);
        }
        foreach (var text in header.SelectMany(h => h.Cells).Concat(preamble.AsEnumerable().Reverse()))
        {
            if (YearPattern.Match(text) is { Success: true } m) { _tableYear = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture); break; }
        }
        foreach (var line in preamble)
        {
            if (FormFilingNumber.Match(line) is { Success: true } n) _formNumber = n.Groups[1].Value.ToUpperInvariant();
            else if (FormBodyName.Match(line) is { Success: true } b && b.Groups[1].Value.Trim().Length > 0) _formName = b.Groups[1].Value.Trim();
        }
        _sourcePrefix = $"{_run.File}{(string.IsNullOrEmpty(_sheet) ? "" : $" 工作表“{_sheet}”")} 第";
        if (sheet is not null) _fast = FastTable.TryCreate(_headerLines, _kept);
    }

    private string Project(RawRow row)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _kept.Length; i++)
        {
            if (i > 0) sb.Append('\t');
            var c = _kept[i];
            if (c < row.Cells.Length) sb.Append(row.Cells[c]);
        }
        return sb.ToString();
    }

    public void Add(RawRow row)
    {
        if (_failed) return;
        // A pre-filled line of the template (序号, 备案号, 机构名称, 年度) whose figures were all left blank was not filled in:
        // it is not stored as "0 assessed", and the report says so. A "-" or a 0 is a figure, and is stored.
        if (_figureColumns.Count > 0 && AllBlank(row))
        {
            _run.Warn(new StatisticsIssue(_run.File, _sheet, row.Line, null, null, null,
                "该行只有机构信息，没有填写任何数字，视为未填报，未导入（未开展评价的请填 0）", "import.unfilled-row"));
            return;
        }
        _buffer.Add(row);
        if (_buffer.Count >= _run.Options.ChunkRows) Flush(final: false);
    }

    public void End() => Flush(final: true);

    private bool AllBlank(RawRow row)
    {
        foreach (var c in _figureColumns)
        {
            if (!row.IsBlank(c)) return false;
        }
        return true;
    }

    private string ColumnLabel(int? reducedIndex, string? header)
    {
        if (reducedIndex is not { } i || i < 0 || i >= _kept.Length) return header ?? "";
        var c = _kept[i];
        var name = _sheet is null ? $"第{c + 1}列" : TabularReader.ColumnName(c);
        return header is { Length: > 0 } ? $"{name} {header}" : name;
    }

    private string RawColumnLabel(int c, string header) => (_sheet is null ? $"第{c + 1}列" : TabularReader.ColumnName(c)) + " " + header;

    private void Flush(bool final)
    {
        if (_failed || (_buffer.Count == 0 && (!final || _chunks > 0))) return;
        var whole = final && _chunks == 0;
        _chunks++;
        // the buffers are swapped and reused: a chunk's arrays are large-object-heap sized, and allocating them
        // afresh for every chunk brought a gen2 collection every few chunks
        var rows = _buffer;
        (_buffer, _spare) = (_spare, _buffer);
        try
        {
            if (_fast is not null && rows.Count > 0 && FastChunk(rows, whole)) return;
            ReadChunk(rows, whole);
        }
        finally
        {
            rows.Clear();
        }
    }

    /// <summary>
    /// The fast path: when every row of the chunk reads cleanly (<see cref="FastTable.TryRead"/>: no finding of any
    /// kind, no totals row), the figures are taken straight from the cells and written. Otherwise nothing is done and
    /// false is returned, and the chunk goes through the domain's reader and validator (<see cref="ReadChunk"/>),
    /// which word every issue; a chunk without findings gives the same records either way.
    /// </summary>
    private bool FastChunk(List<RawRow> rows, bool whole)
    {
        if (_read.Length < rows.Count) _read = new FastRow[Math.Max(rows.Count, _run.Options.ChunkRows)];
        var read = _read;
        var expectedNumber = 1;
        for (var i = 0; i < rows.Count; i++)
        {
            if (!_fast!.TryRead(rows[i], whole, ref expectedNumber, _run.Records, out read[i])) return false;
        }
        for (var i = 0; i < rows.Count; i++)
        {
            var r = read[i];
            read[i] = default;
            Accept(r.Raw, r.Raw.Line, true, r.Record, r.Name, _fast!.NameColumn, r.Key, null);
        }
        return true;
    }

    /// <summary>The chunk as text through <see cref="StatisticsTableReader"/> and <see cref="StatisticsValidator"/>.</summary>
    private void ReadChunk(List<RawRow> rows, bool whole)
    {
        var lines = new List<int>(_headerRowNumbers);
        var sb = new StringBuilder();
        foreach (var h in _headerLines) sb.Append(h).Append('\n');
        foreach (var r in rows)
        {
            sb.Append(Project(r)).Append('\n');
            lines.Add(r.Line);
        }
        int Actual(int? line) => line is { } l && l >= 1 && l <= lines.Count ? lines[l - 1] : line ?? 0;

        StatisticsTable table;
        try
        {
            table = StatisticsTableReader.Read(TextTableParser.Parse(sb.ToString(), 1, _headerLines.Count));
        }
        catch (StatisticsTableException e)
        {
            _failed = true;
            _run.Error(new StatisticsIssue(_run.File, _sheet, Actual(e.Line), ColumnLabel(e.ColumnIndex, e.Header), e.Header, null,
                e.Reason + "（可识别的表头：序号、机构名称、备案号、年度、职业名称、职业代码、工种、批次、组织评价/人次、评价合格、评价合格率、其中：初级…高级技师、已发证人数、领取补贴人数、自评得分、考核小组打分、备注）",
                "import.unknown-header"));
            return;
        }
        catch (FormatException e)
        {
            _failed = true;
            _run.Error(new StatisticsIssue(_run.File, _sheet, _headerRowNumbers.FirstOrDefault(), null, null, null, e.Message, "import.no-table"));
            return;
        }

        var findings = StatisticsValidator.Validate(table).Where(f => whole || !TableLevelKinds.Contains(f.Kind)).ToList();
        var warningsByLine = new Dictionary<int, List<string>>();
        var errorLines = new HashSet<int>();
        foreach (var f in findings)
        {
            var issue = new StatisticsIssue(_run.File, _sheet, f.Line is null ? null : Actual(f.Line), ColumnLabel(f.ColumnIndex, f.Column), f.Stated, f.Computed,
                RewriteLines(f.Message, Actual), f.Code);
            if (f.Severity == FindingSeverity.Error)
            {
                _run.Error(issue);
                if (f.Line is { } l) errorLines.Add(l);
            }
            else
            {
                _run.Warn(issue);
                if (f.Line is { } l) (warningsByLine.TryGetValue(l, out var list) ? list : warningsByLine[l] = []).Add($"[{f.Code}] {issue.Column}：{issue.Message}");
            }
        }

        var stored = StatisticsColumns.For(table.Columns, table.Form);
        var figures = new CellFigure[table.Columns.Count];
        var rawByLine = new Dictionary<int, RawRow>();
        for (var i = 0; i < rows.Count; i++) rawByLine[_headerLines.Count + 1 + i] = rows[i];
        foreach (var row in table.Rows)
        {
            var raw = rawByLine[row.Line];
            var line = raw.Line;
            if (row.IsTotals)
            {
                if (!whole && row.Kind == RowKind.Total) CheckRunningTotals(row, line);
                continue;
            }
            for (var i = 0; i < figures.Length; i++) figures[i] = CellFigure.Of(row.Cells[i]);
            var record = StatisticsColumns.Record(stored, figures, i => row.Cells[i].Text, _run.Records);
            var key = FastTable.OccupationKey(record, table.Form);
            var nameCell = row.Cell(StatisticsField.BodyName);
            Accept(raw, line, !errorLines.Contains(row.Line), record, nameCell?.Text is { Length: > 0 } n ? n : null, nameCell?.Column, key,
                warningsByLine.TryGetValue(row.Line, out var w) ? Truncate(string.Join("\n", w), 4000) : null);
        }
    }

    /// <summary>
    /// One data row read (by either path): counted and summed, its filing and year resolved, checked for a duplicate in
    /// the file, and written when the import has no errors so far. <paramref name="record"/> holds its figures.
    /// </summary>
    private void Accept(RawRow raw, int line, bool ok, StatisticsRecord record, string? name, StatisticsColumn? nameColumn, string key, string? findings)
    {
        _run.CountRow();
        Accumulate(record);
        var filingId = ResolveFiling(name, nameColumn, raw, line);
        var year = ResolveYear(raw, line);
        if (filingId is null || year is null) ok = false;
        if (ok && !_run.AddKey(filingId!.Value, year!.Value, key))
        {
            _run.Error(new StatisticsIssue(_run.File, _sheet, line, null, key, null,
                $"“{name ?? record.OccupationName}”{year}年{(key.Length > 0 ? $"职业“{key}”" : "")}的统计在本文件中出现多次", "import.duplicate"));
            ok = false;
        }
        if (!ok) return;
        // Figures for a year before the body was filed: one of the two is likely mistyped. Said, not refused (the filing
        // date in the registry may be the wrong one); the summary counts such a body neither as 已开展 nor 未开展.
        if (_run.Index.ById(filingId!.Value) is { FiledOn: { } filed } entry && filed.Year > year!.Value)
            _run.Warn(new StatisticsIssue(_run.File, _sheet, line, null, filed.ToChinese(), null,
                $"“{entry.Name}”备案于 {filed.ToChinese()}，晚于统计年度 {year} 年：请核对年度或登记册中的备案时间", "import.filed-after-year"));
        _run.Years.Add(year!.Value); // also on a check (no writer): its report names the years the file would write
        if (!_run.CanWrite) return;
        record.FilingId = filingId!.Value;
        record.Year = year.Value;
        record.OccupationKey = key;
        // the text "<prefix>N行" is made only when the row is written (StatisticsRecord.SourcePrefix)
        record.SourcePrefix = _sourcePrefix;
        record.SourceLine = line;
        record.Findings = findings;
        _run.Writer!.Write(record);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>The domain's messages name lines of the chunk ("第9行"); restate them with the file's row numbers.</summary>
    private static string RewriteLines(string message, Func<int?, int> actual) =>
        Regex.Replace(message, @"第(\d+)行", m => $"第{actual(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))}行");

    private void Accumulate(StatisticsRecord r)
    {
        _sumAssessed += r.Assessed;
        _sumPassed += r.Passed ?? 0;
        _sumLevels[(int)Level.Level5] += r.PassedL5 ?? 0;
        _sumLevels[(int)Level.Level4] += r.PassedL4 ?? 0;
        _sumLevels[(int)Level.Level3] += r.PassedL3 ?? 0;
        _sumLevels[(int)Level.Level2] += r.PassedL2 ?? 0;
        _sumLevels[(int)Level.Level1] += r.PassedL1 ?? 0;
    }

    private void CheckRunningTotals(StatisticsRow row, int line)
    {
        void Compare(StatisticsField field, Level? level, long sum)
        {
            if (row.Cell(field, level) is not { State: CellState.Value } cell) return;
            var stated = cell.AsCount.Value;
            if (stated == sum) return;
            _run.Error(new StatisticsIssue(_run.File, _sheet, line, ColumnLabel(cell.Column.Index, cell.Column.Header), stated.ToString(CultureInfo.InvariantCulture),
                sum.ToString(CultureInfo.InvariantCulture), $"合计行的“{cell.Column.Header}”为 {stated}，各行之和为 {sum}", FindingKind.TotalsMismatch.Code()));
        }
        Compare(StatisticsField.Assessed, null, _sumAssessed);
        Compare(StatisticsField.Passed, null, _sumPassed);
        foreach (var l in Levels.All) Compare(StatisticsField.PassedAtLevel, l, _sumLevels[(int)l]);
    }

    private int? ResolveYear(RawRow raw, int line)
    {
        var year = StatedYear(raw, line);
        if (year > _run.LatestYear)
        {
            // A year that has not come yet (2035 for 2025): refused at the cell, or at the row when the year came from the form or title.
            _run.Error(new StatisticsIssue(_run.File, _sheet, line, _yearColumn >= 0 && raw.Text(_yearColumn) is { Length: > 0 } ? RawColumnLabel(_yearColumn, "年度") : null,
                year.Value.ToString(CultureInfo.InvariantCulture), null, $"年度 {year} 晚于今年（{_run.LatestYear} 年），尚无该年度的统计：请核对年度", "import.year"));
            return null;
        }
        return year;
    }

    private int? StatedYear(RawRow raw, int line)
    {
        if (_yearColumn >= 0 && raw.IsNumber(_yearColumn, out var d) && d is >= 1949 and <= 2200 && Math.Floor(d) == d) return (int)d; // its text is the digits
        if (_yearColumn >= 0 && raw.Text(_yearColumn) is { Length: > 0 } stated)
        {
            var text = stated.Replace("年", "", StringComparison.Ordinal).Trim();
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1949 and <= 2200) return y;
            _run.Error(new StatisticsIssue(_run.File, _sheet, line, RawColumnLabel(_yearColumn, "年度"), stated, null, "年度应为四位年份，如 2023", "import.year"));
            return null;
        }
        var year = _run.Year ?? _tableYear;
        if (year is null)
            _run.Error(new StatisticsIssue(_run.File, _sheet, line, null, null, null, "无法确定统计年度：表中没有“年度”列，表头和标题未写年份，也未指定 --year", "import.year"));
        return year;
    }

    /// <summary>A body of another region named by its 备案号 or name: why its row is refused (null when it is unknown everywhere).</summary>
    private string? OtherRegion(string? number, string? name)
    {
        if (_run.Index.Outside is not { } outside) return null;
        var found = number is not null
            ? outside.ByNumber(number) is { } id ? outside.ById(id) : null
            : outside.ByName(name!) is { Count: > 0 } named ? named[0] : null;
        return found is null ? null : _run.Index.NotOurs(found);
    }

    private int? ResolveFiling(string? name, StatisticsColumn? nameColumn, RawRow raw, int line)
    {
        var number = _numberColumn >= 0 && raw.Text(_numberColumn) is { Length: > 0 } text ? text.Trim() : null;
        if (number is not null)
        {
            if (_run.Index.ByNumber(number) is { } id) return id;
            if (OtherRegion(number, null) is { } elsewhere)
                _run.Error(new StatisticsIssue(_run.File, _sheet, line, RawColumnLabel(_numberColumn, "备案号"), number, null, elsewhere, "import.other-region"));
            else _run.Error(new StatisticsIssue(_run.File, _sheet, line, RawColumnLabel(_numberColumn, "备案号"), number, null, $"登记册中没有备案号“{number}”", "import.unknown-filing"));
            return null;
        }
        if (name is null && _formNumber is not null)
        {
            if (_run.Index.ByNumber(_formNumber) is { } id) return id;
            if (OtherRegion(_formNumber, null) is { } elsewhere)
                _run.Error(new StatisticsIssue(_run.File, _sheet, line, "机构备案号", _formNumber, null, elsewhere, "import.other-region"));
            else _run.Error(new StatisticsIssue(_run.File, _sheet, line, "机构备案号", _formNumber, null, $"登记册中没有备案号“{_formNumber}”", "import.unknown-filing"));
            return null;
        }
        name ??= _formName;
        var column = nameColumn is null ? "机构名称" : ColumnLabel(nameColumn.Index, nameColumn.Header);
        if (name is null)
        {
            _run.Error(new StatisticsIssue(_run.File, _sheet, line, column, null, null, "无法确定所属备案：没有备案号，也没有机构名称", "import.unknown-filing"));
            return null;
        }
        var match = _run.Index.ByName(name);
        if (match.Count == 1) return match[0].Id;
        if (match.Count > 1)
        {
            _run.Error(new StatisticsIssue(_run.File, _sheet, line, column, name, null,
                $"名称“{name}”对应多个备案，请改用备案号：{string.Join("；", match.Select(m => m.Describe()))}", "import.ambiguous-filing"));
            return null;
        }
        if (OtherRegion(null, name) is { } notOurs)
        {
            _run.Error(new StatisticsIssue(_run.File, _sheet, line, column, name, null, notOurs, "import.other-region"));
            return null;
        }
        var candidates = _run.Index.Similar(name, 5);
        _run.Error(new StatisticsIssue(_run.File, _sheet, line, column, name, null,
            $"登记册中没有名为“{name}”的机构（含曾用名和别名）" + (candidates.Count > 0 ? $"。相近的有：{string.Join("；", candidates.Select(c => c.Describe()))}" : ""),
            "import.unknown-filing"));
        return null;
    }
}
