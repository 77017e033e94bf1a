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
using SkillsAudit.Domain.Common;

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
/// memory at a time, so million-row files stream), with plain prepared INSERTs rather than EF change tracking. The
/// import is one <see cref="ImportBatch"/> (file name, SHA-256, counts, filing-years replaced, who, when) with one audit
/// entry, and every row written carries the batch's id. Re-importing a filing and year replaces all of its earlier
/// records (the batch lists the filing-years replaced): never a duplicate. Before the commit the filing-years written are rolled up again (<see cref="StatisticsRollups"/>; on SQLite the
/// writer sums each filing-year's rows as they go by and writes its rollup row itself).
/// </para>
/// <para>
/// Speed (a million xlsx rows in about 1.5 times a bare XmlReader pass over the same sheet, bench/run-all): the sheet is read on a
/// thread of its own (<see cref="ReadAhead"/>), rows are checked on the calling thread and written on a third
/// (<see cref="StatisticsWriter"/>). A chunk of sheet rows whose every row would draw no finding at all is mapped from
/// the cell values to figures directly (<see cref="FastTable"/>); any other chunk goes through the domain's reader and
/// validator as text, as every chunk did before, so that issues are found and worded by the domain alone.
/// </para>
/// </summary>
public sealed class StatisticsImport(AppDb db, StatisticsImportOptions options, SkillsAudit.Data.Access.AccessGuard access)
{
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
        // Staff import for their own region only: a row of another region's filing is refused, saying whose it is.
        var regionPrefix = await access.StaffPrefixAsync(ct) ?? throw new ForbiddenException("只有工作人员可以导入统计");
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

        // an xlsx's formulas are noted while it is read (XlsxStreamReader) and refuse the import at the end, all listed
        var formulas = new List<FileProblem>();
        var sha256 = ImportBatches.Sha256Of(stream);
        var actorRegion = (await access.ActorAsync(ct)).RegionCode;
        var index = await FilingIndex.LoadAsync(db, regionPrefix, ct, actorRegion is null ? null : Regions.Find(actorRegion)?.Name);
        var run = new ImportRun(fileName, year, index, options, progress, ct) { LatestYear = Reviews.CampaignHandlers.Today(db).Year };
        IDbContextTransaction? tx = null;
        long? cacheSize = null;
        var foreignKeysOff = false;
        ImportBatch? batch = null;
        if (!dryRun)
        {
            await db.Database.OpenConnectionAsync(ct);
            cacheSize = EnlargeSqliteCache(db);
            foreignKeysOff = SuspendSqliteForeignKeys(db);
            tx = await db.Database.BeginTransactionAsync(ct);
            batch = await ImportBatches.OpenAsync(db, tx, nameof(StatisticsRecord), fileName, sha256, ct);
            run.Writer = new StatisticsWriter(db, tx.GetDbTransaction(), batch.Id, run.Records);
        }
        try
        {
            try
            {
                if (StatisticsSources.IsText(fileName)) run.ReadText(StatisticsSources.ReadText(stream));
                else run.ReadSheets(ReadAhead.Of(StatisticsSources.ReadSheets(stream, fileName, formulas: formulas), ct));
            }
            catch (FileReadException e)
            {
                run.Error(new StatisticsIssue(fileName, null, null, null, null, null, e.Message, "import.unreadable"));
            }
            if (formulas.Count > 0)
            {
                // a formula's cached value is not a figure anyone filled in: the file is refused, each formula named first
                var found = formulas.Select(f => new StatisticsIssue(fileName, f.Sheet, f.Row, f.Column, null, null, f.Message, "import.formula")).ToList();
                run.Errors.InsertRange(0, found);
            }
            if (run.Tables == 0 && run.Errors.Count == 0)
                run.Error(new StatisticsIssue(fileName, null, null, null, null, null, "文件中没有可识别的统计表（需要“组织评价”或“人次”等表头）", "import.no-table"));
            else if (run.Rows == 0 && run.Errors.Count == 0)
                run.Error(new StatisticsIssue(fileName, null, null, null, null, null, "表中没有可导入的数据行：各行均未填写数字（未开展评价的请填 0）", "import.no-rows"));

            var ok = run.Errors.Count == 0;
            if (tx is not null)
            {
                if (ok)
                {
                    run.Writer!.Complete();
                    if (foreignKeysOff && await FilingsGoneAsync(db, tx.GetDbTransaction(), run.Writer.Pairs, ct) is > 0 and var gone)
                    {
                        run.Error(new StatisticsIssue(fileName, null, null, null, null, null,
                            $"导入期间有 {gone} 个备案被删除，本次导入未写入任何数据，请重新导入", "import.filing-gone"));
                        ok = false;
                    }
                }
                if (ok)
                {
                    // the filing-years written (and so replaced) are rolled up before the commit, in the same transaction: on
                    // SQLite the writer sums them as it writes, and only those whose rows were scattered are aggregated again
                    await StatisticsRollups.RebuildAsync(db, run.Writer!.PairsToRollUp, ct);
                    batch!.Rows = run.Rows;
                    batch.Written = run.Writer.Written;
                    batch.Replaced = run.Writer.Replaced;
                    await ImportBatches.CloseAsync(db, tx, batch, run.Writer.ReplacedPairs, ct);
                    await tx.CommitAsync(ct);
                }
                else
                {
                    run.Writer!.Stop();
                    await tx.RollbackAsync(ct);
                }
            }
            return new StatisticsImportReport(fileName, dryRun, run.Tables, run.Rows, ok && !dryRun ? run.Writer!.Written : 0,
                ok && !dryRun ? run.Writer!.Replaced : 0, run.Years.Order().ToList(), InFileOrder(run.Errors), run.Warnings, run.MoreErrors);
        }
        finally
        {
            run.Writer?.Dispose();
            if (tx is not null) await tx.DisposeAsync();
            if (cacheSize is { } size) Pragma(db, "PRAGMA cache_size = " + size.ToString(CultureInfo.InvariantCulture));
            if (foreignKeysOff) Pragma(db, "PRAGMA foreign_keys = ON"); // outside the transaction (ended above), where it takes effect
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

    /// <summary>
    /// On SQLite, the foreign-key check of every row written (its filing, its rollup's filing) is left out for the
    /// import's transaction: each row's filing was resolved from the filings read just before, and filings are checked
    /// again, all at once, before the commit (<see cref="FilingsGoneAsync"/>), so the rows checked one by one would only
    /// repeat it a million times (about a tenth of the import's time). Set before the transaction begins, since SQLite
    /// ignores the setting inside one, and set back on the same connection afterwards, before it returns to the pool.
    /// True when it was on and is now off.
    /// </summary>
    private static bool SuspendSqliteForeignKeys(AppDb db)
    {
        if (db.Database.GetDbConnection() is not SqliteConnection) return false;
        if (Convert.ToInt64(Pragma(db, "PRAGMA foreign_keys"), CultureInfo.InvariantCulture) == 0) return false;
        Pragma(db, "PRAGMA foreign_keys = OFF");
        return true;
    }

    /// <summary>
    /// How many of the filings written to no longer exist (deleted after the import read them), asked inside the
    /// import's transaction, which by then holds SQLite's write lock: what the per-row foreign-key check would have refused.
    /// </summary>
    private static async Task<int> FilingsGoneAsync(AppDb db, System.Data.Common.DbTransaction tx, IReadOnlyCollection<(int FilingId, int Year)> pairs, CancellationToken ct)
    {
        if (pairs.Count == 0) return 0;
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT COUNT(*) FROM json_each(@ids) j WHERE NOT EXISTS (SELECT 1 FROM \"Filings\" f WHERE f.\"Id\" = j.value)";
        var ids = cmd.CreateParameter();
        ids.ParameterName = "@ids";
        ids.Value = System.Text.Json.JsonSerializer.Serialize(pairs.Select(p => p.FilingId).Distinct());
        cmd.Parameters.Add(ids);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static object? Pragma(AppDb db, string sql)
    {
        using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    /// <summary>
    /// The problems as the file reads: by file, then sheet (in the workbook's order), then row (problems of the whole file
    /// first), then column (A before B before AA) — not in the order the checks found them (a row's filing is resolved
    /// after the figures of its chunk were checked, a formula when the sheet is done).
    /// </summary>
    internal static IReadOnlyList<StatisticsIssue> InFileOrder(IReadOnlyList<StatisticsIssue> issues)
    {
        var sheets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var i in issues) sheets.TryAdd(i.Sheet ?? "", sheets.Count);
        return issues.OrderBy(i => i.File, StringComparer.Ordinal).ThenBy(i => sheets[i.Sheet ?? ""]).ThenBy(i => i.Row ?? 0)
            .ThenBy(i => ColumnOrder(i.Column)).ToList(); // stable: problems of the same cell keep the order they were found in
    }

    private static readonly Regex LetterColumn = new(@"^(?<letters>[A-Z]{1,3})(\s|$)", RegexOptions.CultureInvariant);
    private static readonly Regex NumberedColumn = new(@"^第(?<n>\d+)列", RegexOptions.CultureInvariant);

    /// <summary>"C 评价合格" → 2, "AA" → 26, "第3列 评价合格" → 2; no column (the row) first, a label without a position last.</summary>
    private static int ColumnOrder(string? column)
    {
        if (string.IsNullOrEmpty(column)) return -1;
        if (LetterColumn.Match(column) is { Success: true } m)
            return m.Groups["letters"].Value.Aggregate(0, (n, c) => n * 26 + (c - 'A' + 1)) - 1;
        if (NumberedColumn.Match(column) is { Success: true } k && int.TryParse(k.Groups["n"].Value, CultureInfo.InvariantCulture, out var n)) return n - 1;
        return int.MaxValue;
    }

    private StatisticsImportReport TooBig(string fileName, long length, bool dryRun) => Refused(fileName, dryRun,
        new StatisticsIssue(fileName, null, null, null, $"{length / 1024.0 / 1024.0:0.0} MB", $"≤ {options.MaxBytes / 1024.0 / 1024.0:0.0} MB",
            $"文件大小 {length} 字节超过上限 {options.MaxBytes} 字节，未读取（上限见配置 Statistics:MaxImportBytes）", "import.too-large"));

    private static StatisticsImportReport Refused(string fileName, bool dryRun, params StatisticsIssue[] errors) =>
        new(fileName, dryRun, 0, 0, 0, 0, [], errors, []);
}
