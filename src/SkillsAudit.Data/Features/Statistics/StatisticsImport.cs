using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;
using SQLitePCL;

namespace SkillsAudit.Data.Features.Statistics;

public sealed class StatisticsImportOptions
{
    /// <summary>Files larger than this are refused before a byte is read (Statistics:MaxImportBytes). Default 100 MB.</summary>
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;
    /// <summary>Rows read into one table at a time; a table of at most this many rows is validated as a whole.</summary>
    public int ChunkRows { get; set; } = 5000;
}

/// <summary>
/// One problem, located: file, sheet (xlsx/xls), row (sheet row or text line), column (letter and header), the value
/// as stated and what the figures imply, a message in Chinese and a stable code (stat.*, import.*).
/// </summary>
public sealed record StatisticsIssue(string File, string? Sheet, int? Row, string? Column, string? Stated, string? Computed, string Message, string Code)
{
    public override string ToString()
    {
        var where = new StringBuilder(File);
        if (!string.IsNullOrEmpty(Sheet)) where.Append(" 工作表“").Append(Sheet).Append('”');
        if (Row is { } r) where.Append(" 第").Append(r.ToString(CultureInfo.InvariantCulture)).Append('行');
        if (!string.IsNullOrEmpty(Column)) where.Append(" [").Append(Column).Append(']');
        var values = Stated is null && Computed is null ? "" : $"（填写：{Stated ?? "—"}；计算：{Computed ?? "—"}）";
        return $"{where}：{Message}{values} [{Code}]";
    }
}

public sealed record StatisticsImportReport(
    string File, bool DryRun, int Tables, int Rows, int Written, int Replaced, IReadOnlyList<int> Years,
    IReadOnlyList<StatisticsIssue> Errors, IReadOnlyList<StatisticsIssue> Warnings, int MoreErrors = 0)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Imports annual statistics (see <see cref="StatisticsRecord"/>) from xlsx, xls, csv, or text holding the seeds' own
/// tables (markdown pipe tables as seed 000 prints 附件1/附件2, tab-separated as seed 001 prints 附件2).
/// <para>
/// Headers are recognised by the domain's <see cref="StatisticsTableReader"/> (Chinese headers, two-row merged headers,
/// 其中：初级…, 已发证人数 小计/初级…); two more columns are read here: 备案号 (matching a filing by number) and 年度.
/// Cells: "-" is a stated none (0), a blank is "not stated" (kept as unknown, with a warning), rates may carry "%",
/// a 合计/总计 row is checked against the sum of the rows and not stored. Every rule of
/// <see cref="StatisticsValidator"/> runs; its errors refuse the import, its warnings are kept on the records.
/// </para>
/// <para>
/// All or nothing: the whole file is read and checked in one transaction; any error rolls everything back and every
/// problem is listed (file, sheet, row, column, stated, computed). Rows are written as they are read (a chunk of rows in
/// memory at a time, so million-row files stream), with plain prepared INSERTs rather than EF change tracking; each
/// written or replaced row gets its audit entry in the same transaction, in the same form AppDb writes for tracked
/// changes. Re-importing a filing and year replaces all of its earlier records (each deletion audited): never a
/// duplicate. Before the commit the filing-years written are rolled up again (<see cref="StatisticsRollups"/>).
/// </para>
/// <para>
/// Speed (a million xlsx rows in about twice the time ExcelDataReader alone takes to read them): the sheet is read on a
/// thread of its own (<see cref="ReadAhead"/>), rows are checked on the calling thread and written on a third
/// (<see cref="StatisticsWriter"/>). A chunk of sheet rows whose every row would draw no finding at all is mapped from
/// the cell values to figures directly (<see cref="FastTable"/>); any other chunk goes through the domain's reader and
/// validator as text, as every chunk did before, so that issues are found and worded by the domain alone.
/// </para>
/// </summary>
public sealed class StatisticsImport(AppDb db, StatisticsImportOptions options)
{
    private const int MaxListedErrors = 1000;

    public async Task<StatisticsImportReport> ImportAsync(string path, int? year, bool dryRun, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"找不到文件：{path}", path);
        if (info.Length > options.MaxBytes) return TooBig(info.Name, info.Length, dryRun);
        await using var stream = info.OpenRead();
        return await ImportAsync(stream, info.Name, year, dryRun, progress, ct);
    }

    /// <param name="progress">Rows read so far.</param>
    public async Task<StatisticsImportReport> ImportAsync(Stream stream, string fileName, int? year, bool dryRun, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        // Refused by size before reading: the length is known for files and uploads.
        if (stream.CanSeek && stream.Length > options.MaxBytes) return TooBig(fileName, stream.Length, dryRun);
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            copy.Position = 0;
            stream = copy;
            if (stream.Length > options.MaxBytes) return TooBig(fileName, stream.Length, dryRun);
        }
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        if (!StatisticsSources.IsText(fileName) && !StatisticsSources.SheetExtensions.Contains(ext))
            return Refused(fileName, dryRun, new StatisticsIssue(fileName, null, null, null, ext, null, "不支持的文件类型，应为 xlsx、xls、csv、md、txt 或 tsv", "import.file-type"));

        if (ext == ".xlsx")
        {
            IReadOnlyList<FileProblem> formulas;
            try
            {
                formulas = StatisticsSources.FindFormulas(stream);
            }
            catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or IOException)
            {
                return Refused(fileName, dryRun, new StatisticsIssue(fileName, null, null, null, null, null, $"文件已损坏或不是有效的 xlsx 文件（{e.Message}）", "import.corrupt"));
            }
            if (formulas.Count > 0)
                return Refused(fileName, dryRun, formulas.Select(f => new StatisticsIssue(fileName, f.Sheet, f.Row, f.Column, null, null, f.Message, "import.formula")).ToArray());
        }

        var index = await FilingIndex.LoadAsync(db, ct);
        var run = new ImportRun(fileName, year, index, options, progress, ct);
        IDbContextTransaction? tx = null;
        long? cacheSize = null;
        if (!dryRun)
        {
            await db.Database.OpenConnectionAsync(ct);
            cacheSize = EnlargeSqliteCache(db);
            tx = await db.Database.BeginTransactionAsync(ct);
            run.Writer = new StatisticsWriter(db, tx.GetDbTransaction(), db.ActorName, db.Now);
        }
        try
        {
            try
            {
                if (StatisticsSources.IsText(fileName)) run.ReadText(StatisticsSources.ReadText(stream));
                else run.ReadSheets(ReadAhead.Of(StatisticsSources.ReadSheets(stream, fileName), ct));
            }
            catch (FileReadException e)
            {
                run.Error(new StatisticsIssue(fileName, null, null, null, null, null, e.Message, "import.unreadable"));
            }
            if (run.Tables == 0 && run.Errors.Count == 0)
                run.Error(new StatisticsIssue(fileName, null, null, null, null, null, "文件中没有可识别的统计表（需要“组织评价”或“人次”等表头）", "import.no-table"));

            var ok = run.Errors.Count == 0;
            if (tx is not null)
            {
                if (ok)
                {
                    // the filing-years written (and so replaced) are rolled up again before the commit, in the same transaction
                    run.Writer!.Complete();
                    await StatisticsRollups.RebuildAsync(db, run.Writer.Pairs, ct);
                    await tx.CommitAsync(ct);
                }
                else
                {
                    run.Writer!.Stop();
                    await tx.RollbackAsync(ct);
                }
            }
            return new StatisticsImportReport(fileName, dryRun, run.Tables, run.Rows, ok && !dryRun ? run.Writer!.Written : 0,
                ok && !dryRun ? run.Writer!.Replaced : 0, run.Years.Order().ToList(), run.Errors, run.Warnings, run.MoreErrors);
        }
        finally
        {
            run.Writer?.Dispose();
            if (tx is not null) await tx.DisposeAsync();
            if (cacheSize is { } size) Pragma(db, "PRAGMA cache_size = " + size.ToString(CultureInfo.InvariantCulture));
            if (!dryRun) await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// On SQLite, a 32 MiB page cache for the import's connection (default 2 MiB), so that the primary-key index the rows
    /// go into in filing order stays in memory instead of being evicted and read back page by page. Only memory: no
    /// effect on what is written or when it is durable. Returns the previous setting, restored afterwards.
    /// </summary>
    private static long? EnlargeSqliteCache(AppDb db)
    {
        if (db.Database.GetDbConnection() is not SqliteConnection) return null;
        var previous = Convert.ToInt64(Pragma(db, "PRAGMA cache_size"), CultureInfo.InvariantCulture);
        Pragma(db, "PRAGMA cache_size = -32768");
        return previous;
    }

    private static object? Pragma(AppDb db, string sql)
    {
        using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private StatisticsImportReport TooBig(string fileName, long length, bool dryRun) => Refused(fileName, dryRun,
        new StatisticsIssue(fileName, null, null, null, $"{length / 1024.0 / 1024.0:0.0} MB", $"≤ {options.MaxBytes / 1024.0 / 1024.0:0.0} MB",
            $"文件大小 {length} 字节超过上限 {options.MaxBytes} 字节，未读取（上限见配置 Statistics:MaxImportBytes）", "import.too-large"));

    private static StatisticsImportReport Refused(string fileName, bool dryRun, params StatisticsIssue[] errors) =>
        new(fileName, dryRun, 0, 0, 0, 0, [], errors, []);

    // ------------------------------------------------------------------------------------------------------------

    private sealed class ImportRun(string file, int? year, FilingIndex index, StatisticsImportOptions options, IProgress<long>? progress, CancellationToken ct)
    {
        public string File { get; } = file;
        public int? Year { get; } = year;
        public FilingIndex Index { get; } = index;
        public StatisticsImportOptions Options { get; } = options;
        public StatisticsWriter? Writer { get; set; }
        public List<StatisticsIssue> Errors { get; } = [];
        public List<StatisticsIssue> Warnings { get; } = [];
        public int MoreErrors { get; private set; }
        public HashSet<int> Years { get; } = [];
        public HashSet<(int, int, string)> Keys { get; } = [];
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

    /// <summary>One table: header rows fixed, data rows read in chunks through the domain reader and validator.</summary>
    private sealed class TableRun
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
            for (var c = 0; c < width; c++)
            {
                var leaf = "";
                for (var r = header.Count - 1; r >= 0 && leaf.Length == 0; r--) leaf = c < header[r].Cells.Length ? header[r].Cells[c] : "";
                var h = StatisticsTableReader.NormalizeHeader(leaf);
                if (h is "备案号" or "机构备案号" or "备案编号") _numberColumn = c;
                else if (h is "年度" or "统计年度" or "年份") _yearColumn = c;
                else kept.Add(c);
                if (h.Length > 0 && !IdentityHeaders.Contains(h) && _numberColumn != c && _yearColumn != c) _figureColumns.Add(c);
            }
            _kept = [.. kept];
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
                if (!_fast!.TryRead(rows[i], whole, ref expectedNumber, out read[i])) return false;
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
                    e.Message + "（可识别的表头：序号、机构名称、备案号、年度、职业名称、职业代码、工种、批次、组织评价/人次、评价合格、评价合格率、其中：初级…高级技师、已发证人数、领取补贴人数、自评得分、考核小组打分、备注）",
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
                var record = StatisticsRecord.From(0, 0, "", row.ToFigures());
                var key = "";
                if (table.Form == StatisticsForm.Detailed)
                {
                    key = (row.OccupationCode ?? row.Cell(StatisticsField.OccupationName)?.Text ?? "").Trim();
                    record.OccupationCode = row.OccupationCode;
                    record.OccupationName = row.Cell(StatisticsField.OccupationName)?.Text is { Length: > 0 } on ? on : null;
                    record.Trade = row.Trade;
                }
                record.StatedRate = row.StatedRate;
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
            if (ok && !_run.Keys.Add((filingId!.Value, year!.Value, key)))
            {
                _run.Error(new StatisticsIssue(_run.File, _sheet, line, null, key, null,
                    $"“{name ?? record.OccupationName}”{year}年{(key.Length > 0 ? $"职业“{key}”" : "")}的统计在本文件中出现多次", "import.duplicate"));
                ok = false;
            }
            if (!ok || !_run.CanWrite) return;
            _run.Years.Add(year!.Value);
            record.FilingId = filingId!.Value;
            record.Year = year.Value;
            record.OccupationKey = key;
            record.Source = Truncate(_sourcePrefix + line.ToString(CultureInfo.InvariantCulture) + "行", 300);
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

        private int? ResolveFiling(string? name, StatisticsColumn? nameColumn, RawRow raw, int line)
        {
            var number = _numberColumn >= 0 && raw.Text(_numberColumn) is { Length: > 0 } text ? text.Trim() : null;
            if (number is not null)
            {
                if (_run.Index.ByNumber(number) is { } id) return id;
                _run.Error(new StatisticsIssue(_run.File, _sheet, line, RawColumnLabel(_numberColumn, "备案号"), number, null, $"登记册中没有备案号“{number}”", "import.unknown-filing"));
                return null;
            }
            if (name is null && _formNumber is not null)
            {
                if (_run.Index.ByNumber(_formNumber) is { } id) return id;
                _run.Error(new StatisticsIssue(_run.File, _sheet, line, "机构备案号", _formNumber, null, $"登记册中没有备案号“{_formNumber}”", "import.unknown-filing"));
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
            var candidates = _run.Index.Similar(name, 5);
            _run.Error(new StatisticsIssue(_run.File, _sheet, line, column, name, null,
                $"登记册中没有名为“{name}”的机构（含曾用名和别名）" + (candidates.Count > 0 ? $"。相近的有：{string.Join("；", candidates.Select(c => c.Describe()))}" : ""),
                "import.unknown-filing"));
            return null;
        }
    }
}

/// <summary>A row read on the fast path: its figures (and occupation, stated rate) in a record not yet keyed.</summary>
internal readonly record struct FastRow(RawRow Raw, StatisticsRecord Record, string? Name, string Key);

/// <summary>
/// A sheet table's columns, recognised once from its header rows by the domain's <see cref="StatisticsTableReader"/>,
/// and a reader of data rows straight from the cell values (numbers as doubles, no text round trip).
/// <see cref="TryRead"/> accepts only a row on which the domain's reader and <see cref="StatisticsValidator"/> would
/// find nothing at all (the same rules, as yes/no checks): a data row (no 合计/小计 label), every cell readable, no
/// required cell blank, levels adding up, passed and certified not above assessed, the printed rate right, and, for a
/// table read whole, 序号 in sequence. For anything else it says no, and the caller reads the chunk the ordinary way, so
/// every issue is worded by the domain as before. Tables whose header has a column without a leaf title (which the
/// reader may realign by the data, seed 000 附件2) are never read this way.
/// </summary>
internal sealed class FastTable
{
    private readonly StatisticsColumn[] _columns;
    private readonly int[] _raw;
    private readonly int _firstRaw;
    private readonly StatisticsForm _form;
    private readonly int _assessed = -1, _passed = -1, _certified = -1, _batches = -1, _subsidy = -1, _rate = -1, _number = -1, _body = -1, _occName = -1, _occCode = -1, _trade = -1;
    private readonly int[] _passedLevels, _certifiedLevels;
    private readonly bool[] _isFigure, _isCount, _isRate;
    private readonly CellState[] _state;
    private readonly long[] _count;
    private readonly decimal[] _value;
    private readonly int[] _decimals;
    private readonly string?[] _text;

    public StatisticsColumn? NameColumn => _body >= 0 ? _columns[_body] : null;

    private FastTable(StatisticsTable table, int[] kept)
    {
        _form = table.Form;
        _columns = [.. table.Columns];
        _raw = _columns.Select(c => kept[c.Index]).ToArray();
        _firstRaw = kept[0]; // the reader also looks for 合计 in the first column
        var passedLevels = new List<int>();
        var certifiedLevels = new List<int>();
        for (var i = 0; i < _columns.Length; i++)
        {
            switch (_columns[i].Field)
            {
                case StatisticsField.Assessed: _assessed = i; break;
                case StatisticsField.Passed: _passed = i; break;
                case StatisticsField.Certified: _certified = i; break;
                case StatisticsField.Batches: _batches = i; break;
                case StatisticsField.SubsidyRecipients: _subsidy = i; break;
                case StatisticsField.PassRate: _rate = i; break;
                case StatisticsField.RowNumber: _number = i; break;
                case StatisticsField.BodyName: _body = i; break;
                case StatisticsField.OccupationName: _occName = i; break;
                case StatisticsField.OccupationCode: _occCode = i; break;
                case StatisticsField.Trade: _trade = i; break;
                case StatisticsField.PassedAtLevel when _columns[i].Level is not null: passedLevels.Add(i); break;
                case StatisticsField.CertifiedAtLevel when _columns[i].Level is not null: certifiedLevels.Add(i); break;
            }
        }
        _passedLevels = [.. passedLevels];
        _certifiedLevels = [.. certifiedLevels];
        _isFigure = _columns.Select(c => c.IsFigure).ToArray();
        _isCount = _columns.Select(c => c.IsCount).ToArray();
        _isRate = _columns.Select(c => c.Field == StatisticsField.PassRate).ToArray();
        _state = new CellState[_columns.Length];
        _count = new long[_columns.Length];
        _value = new decimal[_columns.Length];
        _decimals = new int[_columns.Length];
        _text = new string?[_columns.Length];
    }

    /// <param name="headerLines">The header rows as the import projects them (tab-separated, 备案号/年度 left out).</param>
    /// <param name="kept">The sheet column of each projected column.</param>
    public static FastTable? TryCreate(IReadOnlyList<string> headerLines, int[] kept)
    {
        // The text the domain reader would parse must start with these header rows, none blank, and be tab-separated.
        if (headerLines.Count == 0 || kept.Length == 0 || headerLines.Any(h => h.Trim().Length == 0) || headerLines[0].TrimStart().StartsWith('|')) return null;
        StatisticsTable table;
        try
        {
            table = StatisticsTableReader.Read(TextTableParser.Parse(string.Join("\n", headerLines) + "\n", 1, headerLines.Count));
        }
        catch (FormatException)
        {
            return null; // an unknown header, say: the ordinary path reports it
        }
        if (table.Source.ColumnCount != kept.Length || table.Source.Headers.Any(h => !h.HasLeaf) || table.ReadFindings.Count > 0) return null;
        return new FastTable(table, kept);
    }

    public bool TryRead(RawRow raw, bool whole, ref int expectedNumber, out FastRow row)
    {
        row = default;
        var allEmpty = true;
        for (var i = 0; i < _columns.Length; i++)
        {
            var col = _columns[i];
            var isNumber = raw.IsNumber(_raw[i], out var d);
            var s = isNumber ? null : raw.StringAt(_raw[i]);
            _text[i] = null;
            _count[i] = 0;
            if (!_isFigure[i])
            {
                var t = s ?? RawRow.Render(d);
                _text[i] = t;
                _state[i] = t.Length == 0 ? CellState.Empty : CellState.Value;
            }
            else if (!isNumber && s!.Length == 0) _state[i] = CellState.Empty;
            else if (isNumber && _isCount[i])
            {
                // RawRow.Render gives the digits of a whole double below 1e15: the text TryParseInteger reads
                if (!(d >= 0 && d < 1e15 && Math.Floor(d) == d)) return false;
                _state[i] = CellState.Value;
                _count[i] = (long)d;
            }
            else
            {
                var text = s ?? RawRow.Render(d);
                _text[i] = text;
                if (_isCount[i] && PlainDigits(text) is { } plain)
                {
                    _state[i] = CellState.Value;
                    _count[i] = plain;
                }
                else if (_isRate[i] && PlainPercent(text, out var plainRate, out var plainDecimals))
                {
                    _state[i] = CellState.Value;
                    _value[i] = plainRate;
                    _decimals[i] = plainDecimals;
                }
                else if (CellText.IsDash(text)) _state[i] = CellState.Dash;
                else if (_isCount[i])
                {
                    if (!CellText.TryParseInteger(text, out var n) || n < 0) return false;
                    _state[i] = CellState.Value;
                    _count[i] = n;
                }
                else if (_isRate[i])
                {
                    if (!CellText.TryParsePercent(text, out var rate, out var decimals) || rate < 0) return false;
                    _state[i] = CellState.Value;
                    _value[i] = rate;
                    _decimals[i] = decimals;
                }
                else
                {
                    if (!CellText.TryParseDecimal(text, out var score) || score < 0) return false;
                    _state[i] = CellState.Value;
                    _value[i] = score;
                }
            }
            if (_state[i] != CellState.Empty && i != _number) allEmpty = false;
        }
        if (allEmpty) return false; // a template row, skipped by the reader
        // 合计/总计/小计 rows (checked against the rows they total) are for the reader
        if (HasTotalsWord(_number) || HasTotalsWord(_body) || HasTotalsWord(_occName)
            || (raw.StringAt(_firstRaw) is { } first && first.Contains('计', StringComparison.Ordinal))) return false;

        var assessedStated = _assessed >= 0 && _state[_assessed] is CellState.Value or CellState.Dash;
        var assessed = _assessed >= 0 ? _count[_assessed] : 0;
        for (var i = 0; i < _columns.Length; i++)
        {
            if (_state[i] != CellState.Empty) continue;
            var col = _columns[i];
            var required = col.IsFigure || col.Field is StatisticsField.BodyName or StatisticsField.OccupationName;
            if (col.Field == StatisticsField.PassRate && assessedStated && assessed == 0) required = false;
            if (required) return false; // stat.missing-cell
        }
        if (!LevelsAddUp(_passed, _passedLevels) || !LevelsAddUp(_certified, _certifiedLevels)) return false;
        if (_assessed >= 0 && ((_passed >= 0 && _state[_passed] == CellState.Value && _count[_passed] > assessed)
            || (_certified >= 0 && _state[_certified] == CellState.Value && _count[_certified] > assessed))) return false;
        if (_rate >= 0 && _state[_rate] == CellState.Value && _passed >= 0 && _assessed >= 0 && _state[_passed] != CellState.Empty)
        {
            if (assessed == 0) return false; // stat.rate-without-assessed
            var computed = Math.Round(_count[_passed] * 100m / assessed, Math.Min(_decimals[_rate], 10), MidpointRounding.AwayFromZero);
            if (computed != _value[_rate]) return false; // stat.rate-mismatch
        }
        if (whole && _number >= 0)
        {
            // 序号 is checked only when the table is read whole (see TableLevelKinds)
            if (_text[_number] is not { Length: > 0 } stated || !CellText.TryParseInteger(stated, out var n) || n != expectedNumber) return false;
            expectedNumber++;
        }

        var record = new StatisticsRecord
        {
            Assessed = assessed,
            Passed = Known(_passed),
            Certified = Known(_certified),
            Batches = Known(_batches),
            SubsidyRecipients = Known(_subsidy),
            StatedRate = _rate >= 0 && _state[_rate] == CellState.Value ? _value[_rate] : null,
        };
        foreach (var i in _passedLevels)
        {
            var c = Known(i);
            switch (_columns[i].Level)
            {
                case Level.Level5: record.PassedL5 = c; break;
                case Level.Level4: record.PassedL4 = c; break;
                case Level.Level3: record.PassedL3 = c; break;
                case Level.Level2: record.PassedL2 = c; break;
                case Level.Level1: record.PassedL1 = c; break;
            }
        }
        foreach (var i in _certifiedLevels)
        {
            var c = Known(i);
            switch (_columns[i].Level)
            {
                case Level.Level5: record.CertifiedL5 = c; break;
                case Level.Level4: record.CertifiedL4 = c; break;
                case Level.Level3: record.CertifiedL3 = c; break;
                case Level.Level2: record.CertifiedL2 = c; break;
                case Level.Level1: record.CertifiedL1 = c; break;
            }
        }
        var key = "";
        if (_form == StatisticsForm.Detailed)
        {
            var code = NonEmpty(_occCode);
            key = (code ?? (_occName >= 0 ? _text[_occName] : null) ?? "").Trim();
            record.OccupationCode = code;
            record.OccupationName = NonEmpty(_occName);
            record.Trade = NonEmpty(_trade);
        }
        row = new FastRow(raw, record, NonEmpty(_body), key);
        return true;
    }

    /// <summary>
    /// "292": ASCII digits only, which CellText.TryParseInteger reads as the same number (no sign, separator, blank or
    /// full-width digit to normalise); null for anything else, which then goes through CellText.
    /// </summary>
    private static long? PlainDigits(string t)
    {
        if (t.Length is 0 or > 18) return null;
        long n = 0;
        foreach (var ch in t)
        {
            if (ch is < '0' or > '9') return null;
            n = n * 10 + (ch - '0');
        }
        return n;
    }

    /// <summary>"81.79%" or "81.79": digits, an optional fraction, an optional %, read as CellText.TryParsePercent reads them.</summary>
    private static bool PlainPercent(string t, out decimal value, out int decimals)
    {
        value = 0;
        decimals = 0;
        var span = t.AsSpan();
        if (span.Length > 0 && span[^1] == '%') span = span[..^1];
        var dot = span.IndexOf('.');
        var whole = dot < 0 ? span : span[..dot];
        var fraction = dot < 0 ? [] : span[(dot + 1)..];
        if (whole.Length == 0 || whole.ContainsAnyExceptInRange('0', '9') || (dot >= 0 && (fraction.Length == 0 || fraction.ContainsAnyExceptInRange('0', '9')))) return false;
        decimals = fraction.Length;
        return decimal.TryParse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private bool HasTotalsWord(int i) => i >= 0 && _text[i] is { } t && t.Contains('计', StringComparison.Ordinal);

    private string? NonEmpty(int i) => i >= 0 && _text[i] is { Length: > 0 } t ? t : null;

    private long? Known(int i) => i >= 0 && _state[i] is CellState.Value or CellState.Dash ? _count[i] : null;

    /// <summary>StatisticsValidator.CheckLevels as a yes/no: a stated total with any stated level must equal their sum.</summary>
    private bool LevelsAddUp(int total, int[] levels)
    {
        if (total < 0 || levels.Length == 0 || _state[total] is not (CellState.Value or CellState.Dash)) return true;
        var sum = 0L;
        var any = false;
        foreach (var i in levels)
        {
            if (_state[i] != CellState.Empty) any = true;
            sum += _count[i];
        }
        return !any || sum == _count[total];
    }
}

/// <summary>The registry's filings by number and by every name and alias of their legal entity (LegalEntity.IsKnownAs).</summary>
internal sealed class FilingIndex
{
    public sealed record Entry(int Id, string Name, string? Number, FilingType? Type, string RegionCode)
    {
        public string Describe() => $"{Name}（{(Number is null ? "备案号未注明" : "备案号 " + Number)}{(Type is { } t ? "，" + t.Chinese() : "")}，{Regions.FullName(RegionCode)}）";
    }

    private readonly Dictionary<string, int> _byNumber = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<Entry>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>> _cache = new(StringComparer.Ordinal);

    public static async Task<FilingIndex> LoadAsync(AppDb db, CancellationToken ct)
    {
        var filings = await db.Filings.AsNoTracking()
            .Select(f => new { f.Id, f.Number, f.LegalEntityId, f.LegalEntity.Name, f.Type, f.RegionCode }).ToListAsync(ct);
        var aliases = await db.EntityAliases.AsNoTracking().Select(a => new { a.LegalEntityId, a.Name }).ToListAsync(ct);
        var index = new FilingIndex();
        var byEntity = new Dictionary<int, List<Entry>>();
        foreach (var f in filings)
        {
            var e = new Entry(f.Id, f.Name, f.Number?.Value, f.Type, f.RegionCode);
            if (e.Number is not null) index._byNumber[e.Number] = f.Id;
            (byEntity.TryGetValue(f.LegalEntityId, out var l) ? l : byEntity[f.LegalEntityId] = []).Add(e);
            index.AddName(f.Name, e);
        }
        foreach (var a in aliases)
        {
            if (!byEntity.TryGetValue(a.LegalEntityId, out var list)) continue;
            foreach (var e in list) index.AddName(a.Name, e);
        }
        return index;
    }

    private void AddName(string name, Entry e)
    {
        var key = LegalEntity.NormaliseName(name);
        var list = _byName.TryGetValue(key, out var l) ? l : _byName[key] = [];
        if (!list.Contains(e)) list.Add(e);
    }

    public int? ByNumber(string number) => _byNumber.TryGetValue(number.Trim(), out var id) ? id : null;

    public IReadOnlyList<Entry> ByName(string name) =>
        _byName.TryGetValue(LegalEntity.NormaliseName(name), out var l) ? l : [];

    /// <summary>Names sharing the most two-character pieces with the given one (how OCR and retyping differ), best first.</summary>
    public IReadOnlyList<Entry> Similar(string name, int max)
    {
        var key = LegalEntity.NormaliseName(name);
        if (_cache.TryGetValue(key, out var cached)) return cached;
        var grams = Bigrams(key);
        var result = _byName
            .Select(kv => (kv.Value, Score: Bigrams(kv.Key).Count(grams.Contains) / (double)Math.Max(1, Math.Max(grams.Count, kv.Key.Length - 1))))
            .Where(x => x.Score >= 0.4)
            .OrderByDescending(x => x.Score)
            .SelectMany(x => x.Value)
            .Distinct()
            .Take(max)
            .ToList();
        if (_cache.Count < 1000) _cache[key] = result;
        return result;
    }

    private static HashSet<string> Bigrams(string s)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < s.Length; i++) set.Add(s.Substring(i, 2));
        return set;
    }
}

/// <summary>
/// Writes records with prepared INSERTs inside the import's transaction, replacing a filing-year's earlier records the
/// first time that filing-year is met, and writes an AuditEntry per inserted or deleted row (AppDb's format:
/// EntityType StatisticsRecord, key "FilingId,Year,OccupationKey", values as sorted JSON).
/// <para>
/// The two INSERTs are prepared once and only their values change from row to row. On SQLite they are SQLite's own
/// prepared statements on the connection's handle, bound by position (<see cref="SqliteInserts"/>), with the values
/// stored exactly as Microsoft.Data.Sqlite stores them; ADO.NET's per-execution binding by parameter name, boxing and
/// data reader cost several times the insert itself at a million rows. On PostgreSQL they are prepared DbCommands.
/// </para>
/// </summary>
internal sealed class StatisticsWriter : IDisposable
{
    internal static readonly string[] Columns =
    [
        "FilingId", "Year", "OccupationKey", "OccupationName", "OccupationCode", "Trade", "Batches", "Assessed", "Passed",
        "PassedL5", "PassedL4", "PassedL3", "PassedL2", "PassedL1", "Certified", "CertifiedL5", "CertifiedL4", "CertifiedL3",
        "CertifiedL2", "CertifiedL1", "SubsidyRecipients", "StatedRate", "Source", "Findings",
    ];

    internal const string AuditSql = "INSERT INTO \"AuditLog\" (\"At\", \"Actor\", \"EntityType\", \"EntityKey\", \"Action\", \"Before\", \"After\") VALUES (@At, @Actor, @EntityType, @EntityKey, @Action, @Before, @After)";

    internal static string InsertSql => $"INSERT INTO \"StatisticsRecords\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c))})";

    private readonly AppDb _db;
    private readonly SqliteInserts? _sqlite;
    private readonly DbCommand? _insert;
    private readonly DbCommand? _audit;
    private readonly DbCommand _delete;
    private readonly Dictionary<int, HashSet<int>> _existing = [];
    private readonly HashSet<(int, int)> _done = [];
    private readonly AuditJsonWriter _json = new();
    private const int BatchSize = 256;
    private readonly System.Collections.Concurrent.BlockingCollection<List<(StatisticsRecord, byte[])>> _queue = new(boundedCapacity: 4);
    private readonly CancellationTokenSource _failed = new();
    private List<(StatisticsRecord, byte[])> _batch = new(BatchSize);
    private Task? _thread;

    public int Written { get; private set; }
    /// <summary>Records deleted because their filing-year was imported again; complete after <see cref="Complete"/>.</summary>
    public int Replaced { get; private set; }
    /// <summary>The filing-years written (each replaced first if it held records).</summary>
    public IReadOnlyCollection<(int FilingId, int Year)> Pairs => _done;

    public StatisticsWriter(AppDb db, DbTransaction tx, string actor, DateTimeOffset at)
    {
        _db = db;
        var when = at.UtcDateTime;
        var conn = db.Database.GetDbConnection();
        if (conn is SqliteConnection sqlite)
        {
            _sqlite = new SqliteInserts(sqlite, when, actor);
        }
        else
        {
            _insert = conn.CreateCommand();
            _insert.Transaction = tx;
            _insert.CommandText = InsertSql;
            foreach (var c in Columns)
            {
                var p = _insert.CreateParameter();
                p.ParameterName = "@" + c;
                p.DbType = c switch
                {
                    "FilingId" or "Year" => DbType.Int32,
                    "OccupationKey" or "OccupationName" or "OccupationCode" or "Trade" or "Source" or "Findings" => DbType.String,
                    "StatedRate" => DbType.Decimal,
                    _ => DbType.Int64,
                };
                _insert.Parameters.Add(p);
            }
            _audit = conn.CreateCommand();
            _audit.Transaction = tx;
            _audit.CommandText = AuditSql;
            Add(_audit, "@At", DbType.DateTime, when);
            Add(_audit, "@Actor", DbType.String, actor);
            Add(_audit, "@EntityType", DbType.String, nameof(StatisticsRecord));
            Add(_audit, "@EntityKey", DbType.String, "");
            Add(_audit, "@Action", DbType.String, "");
            Add(_audit, "@Before", DbType.String, DBNull.Value);
            Add(_audit, "@After", DbType.String, DBNull.Value);
            _insert.Prepare();
            _audit.Prepare();
        }
        _delete = conn.CreateCommand();
        _delete.Transaction = tx;
        _delete.CommandText = "DELETE FROM \"StatisticsRecords\" WHERE \"FilingId\" = @FilingId AND \"Year\" = @Year";
        Add(_delete, "@FilingId", DbType.Int32, 0);
        Add(_delete, "@Year", DbType.Int32, 0);
    }

    private static void Add(DbCommand cmd, string name, DbType type, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.DbType = type;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    /// <summary>
    /// Queues a record for writing; its audit JSON is made here, on the caller's thread. The rows are written in order
    /// on a writer thread of their own (see <see cref="Complete"/>), so that checking rows and writing them overlap.
    /// </summary>
    public void Write(StatisticsRecord r)
    {
        _batch.Add((r, r.ToAuditJson(_json)));
        Written++;
        if (_batch.Count >= BatchSize) Send();
    }

    private void Send()
    {
        if (_batch.Count == 0) return;
        _thread ??= Task.Factory.StartNew(WriteQueued, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            _queue.Add(_batch, _failed.Token);
        }
        catch (OperationCanceledException)
        {
            _thread.GetAwaiter().GetResult(); // the writer failed: its exception, not the cancellation
            throw;
        }
        _batch = new List<(StatisticsRecord, byte[])>(BatchSize);
    }

    /// <summary>Writes everything queued and waits for it; throws what the writer met (a constraint, a lost connection).</summary>
    public void Complete()
    {
        Send();
        _queue.CompleteAdding();
        _thread?.GetAwaiter().GetResult();
    }

    private void WriteQueued()
    {
        Thread.CurrentThread.Name = "import-write";
        try
        {
            using var deleteJson = new AuditJsonWriter();
            foreach (var batch in _queue.GetConsumingEnumerable())
            {
                foreach (var (r, json) in batch)
                {
                    if (_failed.IsCancellationRequested) return;
                    if (_done.Add((r.FilingId, r.Year))) ReplaceExisting(r.FilingId, r.Year, deleteJson);
                    if (_sqlite is not null) _sqlite.Insert(r);
                    else
                    {
                        object?[] values =
                        [
                            r.FilingId, r.Year, r.OccupationKey, r.OccupationName, r.OccupationCode, r.Trade, r.Batches, r.Assessed, r.Passed,
                            r.PassedL5, r.PassedL4, r.PassedL3, r.PassedL2, r.PassedL1, r.Certified, r.CertifiedL5, r.CertifiedL4, r.CertifiedL3,
                            r.CertifiedL2, r.CertifiedL1, r.SubsidyRecipients, r.StatedRate, r.Source, r.Findings,
                        ];
                        for (var i = 0; i < values.Length; i++) _insert!.Parameters[i].Value = values[i] ?? DBNull.Value;
                        _insert!.ExecuteNonQuery();
                    }
                    Audit(r.AuditKey, "Added", null, json);
                }
            }
        }
        catch
        {
            _failed.Cancel();
            throw;
        }
    }

    private void Audit(string key, string action, byte[]? before, byte[]? after)
    {
        if (_sqlite is not null)
        {
            _sqlite.Audit(key, action, before, after);
            return;
        }
        _audit!.Parameters[3].Value = key;
        _audit.Parameters[4].Value = action;
        _audit.Parameters[5].Value = before is null ? DBNull.Value : System.Text.Encoding.UTF8.GetString(before);
        _audit.Parameters[6].Value = after is null ? DBNull.Value : System.Text.Encoding.UTF8.GetString(after);
        _audit.ExecuteNonQuery();
    }

    private void ReplaceExisting(int filingId, int year, AuditJsonWriter json)
    {
        if (!_existing.TryGetValue(year, out var filings))
        {
            filings = _db.StatisticsRecords.AsNoTracking().Where(x => x.Year == year).Select(x => x.FilingId).Distinct().ToHashSet();
            _existing[year] = filings;
        }
        if (!filings.Contains(filingId)) return;
        var old = _db.StatisticsRecords.AsNoTracking().Where(x => x.FilingId == filingId && x.Year == year).ToList();
        foreach (var o in old) Audit(o.AuditKey, "Deleted", o.ToAuditJson(json), null);
        _delete.Parameters[0].Value = filingId;
        _delete.Parameters[1].Value = year;
        _delete.ExecuteNonQuery();
        Replaced += old.Count;
    }

    /// <summary>Stops the writer thread without waiting for what is queued (the import is rolled back or failed).</summary>
    public void Stop()
    {
        if (_thread is null || _thread.IsCompleted) return;
        _failed.Cancel();
        if (!_queue.IsAddingCompleted) _queue.CompleteAdding();
        try { _thread.Wait(); } catch (AggregateException) { } // rolled back anyway: its exception is of no interest
    }

    public void Dispose()
    {
        Stop();
        _queue.Dispose();
        _failed.Dispose();
        _sqlite?.Dispose();
        _json.Dispose();
        _insert?.Dispose();
        _audit?.Dispose();
        _delete.Dispose();
    }
}

/// <summary>
/// The import's two INSERTs as SQLite prepared statements on the connection's own handle (so inside its transaction),
/// bound by position and reset after each row. Values are stored as Microsoft.Data.Sqlite stores them, so rows read
/// back through EF exactly as before: integers as INTEGER, decimals as TEXT "0.0###…", DateTime as TEXT
/// "yyyy-MM-dd HH:mm:ss.FFFFFFF". The audit entry's time, actor and entity type are bound once.
/// </summary>
internal sealed class SqliteInserts : IDisposable
{
    private readonly SqliteConnection _conn;
    private readonly sqlite3_stmt _insert;
    private readonly sqlite3_stmt _audit;

    public SqliteInserts(SqliteConnection conn, DateTime at, string actor)
    {
        _conn = conn;
        _insert = Prepare(StatisticsWriter.InsertSql);
        _audit = Prepare(StatisticsWriter.AuditSql);
        Check(raw.sqlite3_bind_text(_audit, 1, at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)));
        Check(raw.sqlite3_bind_text(_audit, 2, actor));
        Check(raw.sqlite3_bind_text(_audit, 3, nameof(StatisticsRecord)));
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_conn.Handle, sql, out var stmt));
        return stmt;
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE)) throw new SqliteException(raw.sqlite3_errmsg(_conn.Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_conn.Handle));
    }

    private void Bind(sqlite3_stmt stmt, int i, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(stmt, i, v) : raw.sqlite3_bind_null(stmt, i));

    private void Bind(sqlite3_stmt stmt, int i, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(stmt, i) : raw.sqlite3_bind_text(stmt, i, value));

    private void Step(sqlite3_stmt stmt)
    {
        var rc = raw.sqlite3_step(stmt);
        raw.sqlite3_reset(stmt);
        Check(rc);
    }

    public void Insert(StatisticsRecord r)
    {
        var s = _insert;
        Bind(s, 1, r.FilingId);
        Bind(s, 2, r.Year);
        Bind(s, 3, r.OccupationKey);
        Bind(s, 4, r.OccupationName);
        Bind(s, 5, r.OccupationCode);
        Bind(s, 6, r.Trade);
        Bind(s, 7, r.Batches);
        Bind(s, 8, r.Assessed);
        Bind(s, 9, r.Passed);
        Bind(s, 10, r.PassedL5);
        Bind(s, 11, r.PassedL4);
        Bind(s, 12, r.PassedL3);
        Bind(s, 13, r.PassedL2);
        Bind(s, 14, r.PassedL1);
        Bind(s, 15, r.Certified);
        Bind(s, 16, r.CertifiedL5);
        Bind(s, 17, r.CertifiedL4);
        Bind(s, 18, r.CertifiedL3);
        Bind(s, 19, r.CertifiedL2);
        Bind(s, 20, r.CertifiedL1);
        Bind(s, 21, r.SubsidyRecipients);
        Bind(s, 22, r.StatedRate?.ToString("0.0###########################", CultureInfo.InvariantCulture));
        Bind(s, 23, r.Source);
        Bind(s, 24, r.Findings);
        Step(s);
    }

    public void Audit(string key, string action, byte[]? before, byte[]? after)
    {
        Bind(_audit, 4, key);
        Bind(_audit, 5, action);
        Bind(_audit, 6, before);
        Bind(_audit, 7, after);
        Step(_audit);
    }

    /// <summary>UTF-8 text (not a blob: the column holds TEXT, as when bound from a string).</summary>
    private void Bind(sqlite3_stmt stmt, int i, byte[]? utf8) =>
        Check(utf8 is null ? raw.sqlite3_bind_null(stmt, i) : raw.sqlite3_bind_text(stmt, i, (ReadOnlySpan<byte>)utf8));

    public void Dispose()
    {
        _insert.Dispose();
        _audit.Dispose();
    }
}

/// <summary>
/// Runs an enumeration (ExcelDataReader over a sheet) on a thread of its own, ahead of the consumer, through a bounded
/// queue of batches, so that reading the file and checking and writing its rows overlap. Items and any exception come
/// out in the order the enumeration produced them; when the consumer stops early the reader is stopped and disposed.
/// </summary>
internal static class ReadAhead
{
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, CancellationToken ct, int batchSize = 512, int batches = 16)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var queue = System.Threading.Channels.Channel.CreateBounded<T[]>(new System.Threading.Channels.BoundedChannelOptions(batches) { SingleReader = true, SingleWriter = true });
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var producer = Task.Factory.StartNew(() =>
        {
            Thread.CurrentThread.Name = "import-read";
            try
            {
                var batch = new List<T>(batchSize);
                foreach (var item in source)
                {
                    batch.Add(item);
                    if (batch.Count < batchSize) continue;
                    Put(batch.ToArray());
                    batch.Clear();
                }
                if (batch.Count > 0) Put(batch.ToArray());
            }
            catch (Exception e)
            {
                failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                queue.Writer.TryComplete();
            }

            void Put(T[] batch)
            {
                while (!queue.Writer.TryWrite(batch))
                    if (!queue.Writer.WaitToWriteAsync(stop.Token).AsTask().GetAwaiter().GetResult()) return;
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            while (true)
            {
                if (queue.Reader.TryRead(out var batch))
                {
                    foreach (var item in batch) yield return item;
                    continue;
                }
                if (!queue.Reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult()) break;
            }
            producer.GetAwaiter().GetResult();
            failure?.Throw();
        }
        finally
        {
            stop.Cancel();
            try { producer.Wait(CancellationToken.None); } catch (AggregateException) { } // stopped early: its exception is of no interest
        }
    }
}
