using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using ExcelDataReader;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Data.Files;

namespace SkillsAudit.Bench;

/// <summary>
/// Timed commands for the statistics targets, on generated data (30,000 filings in 忻州市 × 10 years × 5 occupations),
/// each step a separate process so that the peak working set is the step's own:
/// <code>
///   dotnet run -c Release --project bench/SkillsAudit.Bench -- stats gen DIR        # DIR/stats-1m.xlsx (1,000,000 rows)
///   dotnet run -c Release --project bench/SkillsAudit.Bench -- stats read DIR       # ExcelDataReader alone over the file
///   dotnet run -c Release --project bench/SkillsAudit.Bench -- stats import DIR     # StatisticsImport into DIR/import.db
///   dotnet run -c Release --project bench/SkillsAudit.Bench -- stats summary DIR    # 1,500,000 rows in DIR/summary.db, city summary
///   dotnet run -c Release --project bench/SkillsAudit.Bench -- stats phases DIR     # formula scan, rows as read, dry run, each timed
/// </code>
///   dotnet run -c Release --project bench/SkillsAudit.Bench -- stats scan DIR       # raw XmlReader pass over the sheet (baseline)
///   dotnet run -c Release --project bench/SkillsAudit.Bench -- stats score DIR      # scoring totals vs a hand-written loop
/// Targets (issue: import at the speed of the file): import ≤ 1.5 × scan, peak working set &lt; 300 MB, database
/// ≤ 400 MB; summary &lt; 200 ms. bench/run-all runs them and prints the ratios. Generated files stay in DIR (not in git).
/// </summary>
public static class StatisticsTimed
{
    public const int Filings = 30_000, Years = 10, Occupations = 5, ImportRows = 1_000_000;
    private static readonly string[] Counties = ["140902", "140921", "140922", "140923", "140924", "140925", "140926", "140927", "140928", "140929", "140930", "140931", "140932", "140981"];

    public static int Run(string[] args)
    {
        if (args.Length < 3) { Console.Error.WriteLine("usage: stats gen|read|import|summary DIR"); return 2; }
        var dir = Directory.CreateDirectory(args[2]).FullName;
        var xlsx = Path.Combine(dir, "stats-1m.xlsx");
        switch (args[1])
        {
            case "gen": Generate(xlsx); break;
            case "read": Read(xlsx); break;
            case "scan": Scan(xlsx); break;
            case "score": ScoringTimed.Run(); break;
            case "import": Import(xlsx, Path.Combine(dir, "import.db")).GetAwaiter().GetResult(); break;
            case "summary": Summary(args.Length > 3 ? args[3] : Path.Combine(dir, "summary.db")).GetAwaiter().GetResult(); break; // args[3]: a PostgreSQL server instead
            case "phases": Phases(xlsx, Path.Combine(dir, "import.db")).GetAwaiter().GetResult(); break;
            default: Console.Error.WriteLine($"unknown step {args[1]}"); return 2;
        }
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MB");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@{args[1]}.peak.mb {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0}"));
        return 0;
    }

    private static string Number(int i) => $"S000014{i + 1:D6}";

    private static void Generate(string path)
    {
        var sw = Stopwatch.StartNew();
        var random = new Random(2023);
        IEnumerable<IReadOnlyList<XCell>> Rows()
        {
            yield return new XCell[] { "备案号", "年度", "职业代码", "职业名称", "批次", "组织评价", "评价合格", "评价合格率", "其中：初级", "其中：中级", "其中：高级", "其中：技师", "其中：高级技师", "领取补贴人数" };
            var n = 0;
            for (var y = 0; y < Years; y++)
                for (var f = 0; f < Filings; f++)
                    for (var o = 0; o < Occupations; o++)
                    {
                        if (n++ >= ImportRows) yield break;
                        var assessed = random.Next(0, 400);
                        var passed = assessed == 0 ? 0 : random.Next(0, assessed + 1);
                        var l5 = passed / 3; var l4 = passed / 3; var l3 = passed - l5 - l4;
                        var rate = SkillsAudit.Domain.Common.Rates.Percent(passed, assessed);
                        yield return new XCell[]
                        {
                            Number(f), 2014 + y, $"4-01-0{o + 1}-00", $"职业{o + 1}", random.Next(1, 6), assessed, passed,
                            rate is { } r ? SkillsAudit.Domain.Common.Rates.FormatPercent(r) : "", l5, l4, l3, 0, 0, random.Next(0, passed + 1),
                        };
                    }
        }
        using (var fs = File.Create(path))
        using (var w = new XlsxWriter(fs)) w.AddSheet("统计", Rows());
        Console.WriteLine($"generated {path} ({new FileInfo(path).Length / 1024.0 / 1024.0:0.0} MB) in {sw.Elapsed.TotalSeconds:0.0} s");
    }

    private static void Read(string path)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var sw = Stopwatch.StartNew();
        using var fs = File.OpenRead(path);
        using var reader = ExcelReaderFactory.CreateReader(fs);
        long rows = 0, cells = 0;
        while (reader.Read())
        {
            rows++;
            for (var c = 0; c < reader.FieldCount; c++) if (reader.GetValue(c) is not null) cells++;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@read.s {sw.Elapsed.TotalSeconds:0.00}"));
        Console.WriteLine($"ExcelDataReader alone: {rows} rows, {cells} cells in {sw.Elapsed.TotalSeconds:0.00} s ({GC.GetTotalAllocatedBytes() / 1048576} MB allocated, GC pauses {GC.GetTotalPauseDuration().TotalSeconds:0.00} s)");
    }

    /// <summary>
    /// The baseline for the import: a raw XmlReader pass over the same sheet (every node read, every value's characters
    /// copied out, nothing interpreted), the least any reader of the file must do.
    /// </summary>
    private static void Scan(string path)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        using var fs = File.OpenRead(path);
        using var zip = new System.IO.Compression.ZipArchive(fs, System.IO.Compression.ZipArchiveMode.Read);
        long rows = 0, cells = 0, chars = 0;
        var buffer = new char[4096];
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) || e.FullName == "xl/sharedStrings.xml"))
        {
            using var s = entry.Open();
            using var xml = System.Xml.XmlReader.Create(s, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit });
            while (xml.Read())
            {
                switch (xml.NodeType)
                {
                    case System.Xml.XmlNodeType.Element when xml.LocalName == "row": rows++; break;
                    case System.Xml.XmlNodeType.Element when xml.LocalName == "c": cells++; break;
                    case System.Xml.XmlNodeType.Text:
                        int n;
                        while ((n = xml.ReadValueChunk(buffer, 0, buffer.Length)) > 0) chars += n;
                        break;
                }
            }
        }
        sw.Stop();
        Console.WriteLine($"raw XmlReader scan: {rows} rows, {cells} cells, {chars} characters in {sw.Elapsed.TotalSeconds:0.00} s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@scan.cpu.s {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@scan.s {sw.Elapsed.TotalSeconds:0.00}"));
    }

    /// <summary>
    /// Where an import's time goes, each part timed alone: the formula scan, the rows as the import reads them
    /// (ExcelDataReader plus cell formatting), and a dry run (reading, recognising and validating, nothing written).
    /// Uses DIR/import.db as left by `stats import` (its filings).
    /// </summary>
    private static async Task Phases(string xlsx, string dbFile)
    {
        var sw = Stopwatch.StartNew();
        using (var fs = File.OpenRead(xlsx)) Console.WriteLine($"formula scan: {StatisticsSources.FindFormulas(fs).Count} formulas in {sw.Elapsed.TotalSeconds:0.00} s");
        sw.Restart();
        long n = 0;
        using (var fs = File.OpenRead(xlsx)) foreach (var _ in StatisticsSources.ReadSheets(fs, xlsx)) n++;
        Console.WriteLine($"rows as read by the import: {n} in {sw.Elapsed.TotalSeconds:0.00} s");
        await using var db = await Database(dbFile, fresh: false);
        sw.Restart();
        var report = await new StatisticsImport(db, new StatisticsImportOptions { MaxBytes = 1L << 30 }, new SkillsAudit.Data.Access.AccessGuard(db, new SkillsAudit.Data.Access.OperatorActor("bench"))).ImportAsync(xlsx, null, dryRun: true);
        Console.WriteLine($"dry run: {report.Rows} rows, {report.Errors.Count} errors in {sw.Elapsed.TotalSeconds:0.00} s");
    }

    private static async Task<AppDb> Database(string file, bool fresh)
    {
        if (fresh) foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        var options = new DbContextOptionsBuilder<AppDb>();
        DbSetup.Configure(options, $"Data Source={file}");
        var db = new AppDb(options.Options, new FixedActor("bench"));
        await DbSetup.MigrateAsync(db);
        return db;
    }

    /// <summary>30,000 legal entities and filings in 忻州市's counties, written with plain INSERTs.</summary>
    private static async Task SeedFilings(AppDb db)
    {
        await db.Database.OpenConnectionAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var conn = db.Database.GetDbConnection();
        await using var entity = conn.CreateCommand();
        entity.CommandText = "INSERT INTO \"LegalEntities\" (\"Id\", \"Name\") VALUES (@id, @name)";
        var eid = Param(entity, "@id"); var ename = Param(entity, "@name");
        await using var filing = conn.CreateCommand();
        filing.CommandText = "INSERT INTO \"Filings\" (\"Id\", \"LegalEntityId\", \"Number\", \"Type\", \"Supervision\", \"RegionCode\", \"FiledOn\", \"Status\", \"Version\") VALUES (@id, @id, @num, 'SocialEvaluator', @sup, @region, '2013', 'Active', 0)";
        var fid = Param(filing, "@id"); var fnum = Param(filing, "@num"); var fsup = Param(filing, "@sup"); var freg = Param(filing, "@region");
        for (var i = 0; i < Filings; i++)
        {
            eid.Value = i + 1; ename.Value = $"测试评价机构{i + 1:D5}";
            await entity.ExecuteNonQueryAsync();
            fid.Value = i + 1; fnum.Value = Number(i); fsup.Value = i % 2 == 0 ? "Province" : "City"; freg.Value = Counties[i % Counties.Length];
            await filing.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        await db.Database.CloseConnectionAsync();
    }

    private static DbParameter Param(DbCommand cmd, string name)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        cmd.Parameters.Add(p);
        return p;
    }

    private static async Task Import(string xlsx, string dbFile)
    {
        await using var db = await Database(dbFile, fresh: true);
        await SeedFilings(db);
        var status = await db.Filings.Select(f => f.Status).FirstAsync(); // the seeded rows read back through the model
        _ = status;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var report = await new StatisticsImport(db, new StatisticsImportOptions { MaxBytes = 1L << 30 }, new SkillsAudit.Data.Access.AccessGuard(db, new SkillsAudit.Data.Access.OperatorActor("bench"))).ImportAsync(xlsx, null, dryRun: false);
        sw.Stop();
        // processor time of all its threads: on a busy machine the scheduler shares the processors between sessions, so
        // that the import's threads together get about what the scan's one thread gets, and this is what decides the ratio
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@import.cpu.s {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00}"));
        // the collector's share (whole process, seeding included): its pauses stop every thread of the pipeline at once
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@import.gc gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)} allocated {GC.GetTotalAllocatedBytes() / 1048576} MB paused {GC.GetTotalPauseDuration().TotalSeconds:0.00} s"));
        if (!report.Succeeded) { foreach (var e in report.Errors.Take(20)) Console.WriteLine(e); throw new InvalidOperationException("import failed"); }
        Console.WriteLine($"StatisticsImport: {report.Written} rows written (one import batch, one audit entry), {report.Warnings.Count} warnings, in {sw.Elapsed.TotalSeconds:0.00} s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@import.s {sw.Elapsed.TotalSeconds:0.00}"));
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        var size = new[] { dbFile, dbFile + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@import.db.mb {size / 1048576.0:0}"));
    }

    /// <summary>The summary's database: DIR/summary.db, or on a PostgreSQL server (a connection string without a database) the
    /// database skillsaudit_bench_summary, created and seeded at the first run and kept, as the SQLite file is.</summary>
    private static async Task<AppDb> SummaryDatabase(string target)
    {
        if (!target.Contains("Host=", StringComparison.OrdinalIgnoreCase)) return await Database(target, !File.Exists(target));
        const string name = "skillsaudit_bench_summary";
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{name}'", admin);
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                await create.ExecuteNonQueryAsync();
            }
        }
        // no retrying execution strategy here: the seeding runs in a transaction of its own
        var options = new DbContextOptionsBuilder<AppDb>().UseNpgsql(new NpgsqlConnectionStringBuilder(target) { Database = name }.ConnectionString);
        var db = new AppDb(options.Options, new FixedActor("bench"));
        await DbSetup.MigrateAsync(db);
        return db;
    }

    private static async Task Summary(string target)
    {
        await using var db = await SummaryDatabase(target);
        if (!await db.StatisticsRecords.AnyAsync())
        {
            await SeedFilings(db);
            var sw0 = Stopwatch.StartNew();
            await db.Database.OpenConnectionAsync();
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                var random = new Random(2023);
                IEnumerable<(int Filing, int Year, string Occupation, int Assessed, int Passed, int L5, int L4, int L3)> Rows()
                {
                    for (var yi = 0; yi < Years; yi++)
                        for (var fi = 0; fi < Filings; fi++)
                            for (var oi = 0; oi < Occupations; oi++)
                            {
                                var assessed = random.Next(0, 400);
                                var passed = assessed == 0 ? 0 : random.Next(0, assessed + 1);
                                yield return (fi + 1, 2014 + yi, $"4-01-0{oi + 1}-00", assessed, passed, passed / 3, passed / 3, passed - 2 * (passed / 3));
                            }
                }
                const string columns = "\"FilingId\", \"Year\", \"OccupationKey\", \"Assessed\", \"Passed\", \"PassedL5\", \"PassedL4\", \"PassedL3\"";
                if (db.Database.GetDbConnection() is NpgsqlConnection pg)
                {
                    // PostgreSQL: COPY (1.5 M single INSERTs would take minutes over the socket)
                    await using var copy = await pg.BeginBinaryImportAsync($"COPY \"StatisticsRecords\" ({columns}) FROM STDIN (FORMAT BINARY)");
                    foreach (var r in Rows())
                    {
                        await copy.StartRowAsync();
                        await copy.WriteAsync(r.Filing); await copy.WriteAsync(r.Year); await copy.WriteAsync(r.Occupation);
                        await copy.WriteAsync((long)r.Assessed); await copy.WriteAsync((long)r.Passed); await copy.WriteAsync((long)r.L5); await copy.WriteAsync((long)r.L4); await copy.WriteAsync((long)r.L3); // bigint columns
                    }
                    await copy.CompleteAsync();
                }
                else
                {
                    await using var cmd = db.Database.GetDbConnection().CreateCommand();
                    cmd.CommandText = $"INSERT INTO \"StatisticsRecords\" ({columns}) VALUES (@f, @y, @o, @a, @p, @l5, @l4, @l3)";
                    var f = Param(cmd, "@f"); var y = Param(cmd, "@y"); var o = Param(cmd, "@o"); var a = Param(cmd, "@a"); var p = Param(cmd, "@p");
                    var l5 = Param(cmd, "@l5"); var l4 = Param(cmd, "@l4"); var l3 = Param(cmd, "@l3");
                    foreach (var r in Rows())
                    {
                        f.Value = r.Filing; y.Value = r.Year; o.Value = r.Occupation; a.Value = r.Assessed; p.Value = r.Passed;
                        l5.Value = r.L5; l4.Value = r.L4; l3.Value = r.L3;
                        await cmd.ExecuteNonQueryAsync();
                    }
                }
                // raw rows bypass the import, so roll them up the way the import does (one INSERT … SELECT … GROUP BY)
                await StatisticsRollups.RebuildAsync(db, null);
                await tx.CommitAsync();
            }
            await db.Database.CloseConnectionAsync();
            var seeded = await db.StatisticsRecords.CountAsync();
            Console.WriteLine($"seeded {seeded} rows in {sw0.Elapsed.TotalSeconds:0.0} s");
        }
        var queries = new StatisticsQueries(db);
        // The baseline: the same grouping written by hand in SQL (filings of the city left-joined to the year's rollups,
        // grouped by supervision and filing date), read with a plain data reader. Handler and hand SQL alternate, round by
        // round on one open connection, so that both meet the same load; the medians of the warm rounds are compared.
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var sql = conn.CreateCommand();
        sql.CommandText = """
            SELECT f."Supervision", f."FiledOn", COUNT(*), SUM(CASE WHEN r."Assessed" > 0 THEN 1 ELSE 0 END), SUM(r."Records"), SUM(r."Assessed"),
                   SUM(r."WithoutPassed"), SUM(r."Passed"), SUM(r."PassedKnown"), SUM(r."PassedL5"), SUM(r."PassedL5Known"), SUM(r."PassedL4"),
                   SUM(r."PassedL4Known"), SUM(r."PassedL3"), SUM(r."PassedL3Known"), SUM(r."PassedL2"), SUM(r."PassedL2Known"), SUM(r."PassedL1"), SUM(r."PassedL1Known")
            FROM "Filings" f LEFT JOIN "StatisticsRollups" r ON r."FilingId" = f."Id" AND r."Year" = @year
            WHERE f."RegionCode" LIKE '1409%'
            GROUP BY f."Supervision", f."FiledOn"
            """;
        var year = Param(sql, "@year");
        var times = new List<double>();
        var hand = new List<double>();
        StatisticsSummary? s = null;
        var handAssessed = 0L;
        const int rounds = 30;
        for (var i = 0; i < rounds; i++)
        {
            var sw = Stopwatch.StartNew();
            s = await queries.SummaryAsync(2020 + i % 3, "忻州市");
            times.Add(sw.Elapsed.TotalMilliseconds);

            sw.Restart();
            year.Value = 2020 + i % 3;
            handAssessed = 0;
            await using (var reader = await sql.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                    for (var c = 2; c < reader.FieldCount; c++)
                        if (!await reader.IsDBNullAsync(c) && c == 5) handAssessed += reader.GetInt64(c);
            hand.Add(sw.Elapsed.TotalMilliseconds);
        }
        await db.Database.CloseConnectionAsync();
        var warm = times.Skip(3).Order().ToList();
        var handWarm = hand.Skip(3).Order().ToList();
        var total = await db.StatisticsRecords.CountAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"city summary over {total} rows: first {times[0]:0} ms, warm median {warm[warm.Count / 2]:0} ms, warm max {warm[^1]:0} ms ({s!.Assessed} assessed, {s.Conducted} conducted)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hand SQL: warm median {handWarm[handWarm.Count / 2]:0.0} ms ({handAssessed} assessed in {2020 + (rounds - 1) % 3})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@summary.handler.ms {warm[warm.Count / 2]:0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@summary.hand.ms {handWarm[handWarm.Count / 2]:0.0}"));
    }
}
