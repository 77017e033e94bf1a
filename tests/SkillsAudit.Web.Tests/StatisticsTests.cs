using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Cli;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Data.Files;
using CellStyle = SkillsAudit.Data.Files.CellStyle;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Statistics;
using Xunit;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Annual statistics end to end on both providers: seed 000's annex tables (demo/statistics/*.md, verbatim) imported
/// as text and as xlsx must reproduce the notice's text, 一(一)–(三) and 二 — 全市 8884/7266/81.79% (初级 514、中级 4022、
/// 高级 2730), 省属 4691/3831/81.67%, 市属 4193/3435/81.92%, 25 bodies conducted and 23 did not.
/// </summary>
public sealed class StatisticsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string DemoFile(string name) => Path.Combine(AppContext.BaseDirectory, "demo", "statistics", name);

    private async Task<StatisticsImportReport> Import(Stream stream, string fileName, int? year = null, bool dryRun = false, long? maxBytes = null)
    {
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var import = maxBytes is { } max
            ? new StatisticsImport(db, new StatisticsImportOptions { MaxBytes = max }, scope.ServiceProvider.GetRequiredService<SkillsAudit.Data.Access.AccessGuard>())
            : scope.ServiceProvider.GetRequiredService<StatisticsImport>();
        return await import.ImportAsync(stream, fileName, year, dryRun);
    }

    private async Task<(int Records, int Audit)> Counts()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        return (await db.StatisticsRecords.CountAsync() + await db.ImportBatches.CountAsync(),
            await db.AuditLog.CountAsync(a => a.EntityType == nameof(StatisticsRecord) || a.EntityType == nameof(ImportBatch)));
    }

    private static void ShouldBeSeed000(JsonElement s)
    {
        s.GetProperty("assessed").GetInt64().ShouldBe(8884);
        s.GetProperty("passed").GetInt64().ShouldBe(7266);
        s.GetProperty("passRate").GetDecimal().ShouldBe(81.79m);
        Levels(s).ShouldBe(new Dictionary<string, long> { ["初级"] = 514, ["中级"] = 4022, ["高级"] = 2730 });
        var p = s.GetProperty("bySupervision").GetProperty("province");
        (p.GetProperty("assessed").GetInt64(), p.GetProperty("passed").GetInt64(), p.GetProperty("passRate").GetDecimal()).ShouldBe((4691L, 3831L, 81.67m));
        Levels(p).ShouldBe(new Dictionary<string, long> { ["初级"] = 62, ["中级"] = 1039, ["高级"] = 2730 });
        var c = s.GetProperty("bySupervision").GetProperty("city");
        (c.GetProperty("assessed").GetInt64(), c.GetProperty("passed").GetInt64(), c.GetProperty("passRate").GetDecimal()).ShouldBe((4193L, 3435L, 81.92m));
        Levels(c)["初级"].ShouldBe(452);
        Levels(c)["中级"].ShouldBe(2983);
        s.GetProperty("conducted").GetInt32().ShouldBe(25);
        s.GetProperty("notConducted").GetInt32().ShouldBe(23);
    }

    private static Dictionary<string, long> Levels(JsonElement e) =>
        e.GetProperty("byLevel").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("passed").GetInt64());

    private async Task<JsonElement> SummaryApi()
    {
        using var client = app.CreateClient();
        var json = await client.GetStringAsync("/api/statistics/summary?year=2023&region=忻州市");
        return JsonDocument.Parse(json).RootElement;
    }

    private CliContext Cli(StringWriter o, StringWriter e) =>
        new() { Out = o, Error = e, ConnectionString = app.ConnectionString, ContentRoot = AppContext.BaseDirectory };

    [Fact]
    public async Task Demo_statistics_reproduce_seed_000_totals_through_the_summary_api_and_the_cli()
    {
        ShouldBeSeed000(await SummaryApi());
        var o = new StringWriter();
        var e = new StringWriter();
        (await SkillsAuditCli.RunAsync(["stats", "summary", "--year", "2023", "--region", "忻州市", "--json"], Cli(o, e))).ShouldBe(0, e.ToString());
        ShouldBeSeed000(JsonDocument.Parse(o.ToString()).RootElement);
    }

    [Fact]
    public async Task Summary_names_the_bodies_that_did_and_did_not_conduct_only_when_asked()
    {
        using var client = app.CreateClient();
        var plain = JsonDocument.Parse(await client.GetStringAsync("/api/statistics/summary?year=2023&region=忻州市")).RootElement;
        plain.GetProperty("conductedNames").GetArrayLength().ShouldBe(0);
        var named = JsonDocument.Parse(await client.GetStringAsync("/api/statistics/summary?year=2023&region=忻州市&names=true")).RootElement;
        var conducted = named.GetProperty("conductedNames").EnumerateArray().Select(n => n.GetString()).ToList();
        var notConducted = named.GetProperty("notConductedNames").EnumerateArray().Select(n => n.GetString()).ToList();
        conducted.Count.ShouldBe(25);        // seed 000 二(一)
        notConducted.Count.ShouldBe(23);     // seed 000 二(二)
        conducted.ShouldContain("太原聚汇学科技有限公司");
        conducted.ShouldContain("忻州市实用职业技术培训学校"); // 附件2 row 5 spells it 忻州市实用技术职业学校
        notConducted.ShouldContain("偏关县华宇劳务服务派遣有限责任公司");
    }

    [Fact]
    public async Task Reimporting_both_annex_tables_from_markdown_replaces_with_one_audited_batch_per_file_and_keeps_row_5_as_stated()
    {
        _ = app.Server;
        var before = await Counts();
        int Records2023() { using var sc = app.Services.CreateScope(); return sc.ServiceProvider.GetRequiredService<AppDb>().StatisticsRecords.Count(r => r.Year == 2023); }
        Records2023().ShouldBe(25);
        foreach (var f in new[] { "xinzhou-2023-province.md", "xinzhou-2023-city.md" })
        {
            await using var s = File.OpenRead(DemoFile(f));
            var report = await Import(s, f);
            report.Errors.ShouldBeEmpty();
            report.Replaced.ShouldBe(report.Written);
            if (f.Contains("city")) report.Warnings.ShouldContain(w => w.Code == "stat.header-misaligned");
        }
        var after = await Counts();
        after.Records.ShouldBe(before.Records + 2); // the same records, and two import batches
        Records2023().ShouldBe(25);
        after.Audit.ShouldBe(before.Audit + 2); // one entry per file imported, none per record
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        // seed 000 附件2 row 5 (忻州市实用技术职业学校, an alias): only 组织评价 292 stated; passed stays unknown, the finding is kept
        var row5 = await db.StatisticsRecords.SingleAsync(r => r.Assessed == 292);
        // who put this figure here: the row's batch, and the batch's audit entry
        var batch = await db.ImportBatches.SingleAsync(b => b.Id == row5.ImportBatchId);
        batch.FileName.ShouldBe("xinzhou-2023-city.md");
        batch.Sha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(DemoFile("xinzhou-2023-city.md")))));
        (batch.Written, batch.Replaced).ShouldBe((13, 13));
        batch.ReplacedRanges!.ShouldStartWith("2023: ");
        // every row the two files wrote carries its file's batch (the city file's rows the city batch)
        (await db.StatisticsRecords.CountAsync(r => r.Year == 2023 && r.ImportBatchId == null)).ShouldBe(0);
        (await db.StatisticsRecords.CountAsync(r => r.ImportBatchId == batch.Id)).ShouldBe(13);
        var batchKey = batch.Id.ToString(CultureInfo.InvariantCulture);
        var entry = await db.AuditLog.SingleAsync(a => a.EntityType == nameof(ImportBatch) && a.EntityKey == batchKey);
        entry.Actor.ShouldBe(batch.Actor);
        entry.After!.ShouldContain(batch.Sha256);
        row5.Passed.ShouldBeNull();
        row5.PassedL5.ShouldBeNull();
        row5.Findings!.ShouldContain("stat.missing-cell");
        ShouldBeSeed000(await SummaryApi());
    }

    /// <summary>The annex tables as a spreadsheet: two-row merged header, "-" cells, rates as text with %, the 合计 row.</summary>
    private static byte[] AnnexXlsx(string mdFile)
    {
        var table = TextTableParser.FindTables(File.ReadAllText(mdFile)).Single();
        var rows = new List<IReadOnlyList<XCell>> { new XCell[] { "2023年度职业技能等级评价机构绩效考核基本情况" } };
        foreach (var r in table.HeaderRows.Concat(table.DataRows))
            rows.Add(r.Cells.Select(c => long.TryParse(c.Text, out var n) ? new XCell(n, CellStyle.WholeNumber) : new XCell(c.Text)).ToList());
        var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms)) w.AddSheet("附件", rows, merges: ["A2:A3", "B2:B3", "C2:H2"]);
        return ms.ToArray();
    }

    [Fact]
    public async Task Annex_tables_imported_from_generated_xlsx_reproduce_the_totals_and_replace_without_duplicates()
    {
        _ = app.Server;
        var before = await Counts();
        foreach (var f in new[] { "xinzhou-2023-province.md", "xinzhou-2023-city.md" })
        {
            var report = await Import(new MemoryStream(AnnexXlsx(DemoFile(f))), Path.ChangeExtension(f, ".xlsx"));
            report.Errors.ShouldBeEmpty();
            report.Written.ShouldBe(f.Contains("city") ? 13 : 12);
            report.Years.ShouldBe([2023]);
        }
        (await Counts()).Records.ShouldBe(before.Records + 2); // the same records, and two import batches
        ShouldBeSeed000(await SummaryApi());
    }

    private async Task ShouldBeRefusedWithNothingWritten(StatisticsImportReport report, Func<StatisticsIssue, bool> expected, (int, int) before)
    {
        report.Succeeded.ShouldBeFalse();
        report.Written.ShouldBe(0);
        report.Errors.ShouldContain(e => expected(e), string.Join("\n", report.Errors));
        (await Counts()).ShouldBe(before);
    }

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Text_in_a_number_cell_is_refused_naming_row_and_column_and_nothing_is_written()
    {
        var before = await Counts();
        var csv = "序号,机构名称,组织评价 (人),评价合格 (人),评价合格率 (%)\n1,山西工程职业学院,673,609,90.49%\n2,山西国智职业培训学校,七百,538,70.51%\n";
        var report = await Import(Csv(csv), "bad.csv", 2023);
        await ShouldBeRefusedWithNothingWritten(report, e => e.Row == 3 && e.Column!.StartsWith("C ", StringComparison.Ordinal) && e.Stated == "七百" && e.Code == "stat.non-numeric", before);
        report.Errors.ShouldAllBe(e => e.File == "bad.csv");
    }

    [Fact]
    public async Task Validation_failures_list_row_column_stated_and_computed()
    {
        var before = await Counts();
        // passed > assessed, a rate that does not match, levels that do not add up, a negative count, a wrong 合计
        var csv = "序号,机构名称,组织评价,评价合格,评价合格率,其中：初级,其中：中级\n"
                + "1,山西工程职业学院,100,120,120.00%,60,60\n"
                + "2,山西国智职业培训学校,200,100,49.00%,50,40\n"
                + "3,山西省家政协会,5,0,0.00%,-1,0\n"
                + ",合计,999,220,,110,100\n";
        var report = await Import(Csv(csv), "rules.csv", 2023);
        await ShouldBeRefusedWithNothingWritten(report, e => e.Code == "stat.passed-exceeds-assessed" && e.Row == 2, before);
        report.Errors.ShouldContain(e => e.Code == "stat.rate-mismatch" && e.Row == 3 && e.Stated == "49.00%" && e.Computed == "50.00%");
        report.Errors.ShouldContain(e => e.Code == "stat.levels-sum" && e.Row == 3 && e.Computed == "90");
        report.Errors.ShouldContain(e => e.Code == "stat.negative-count" && e.Row == 4);
        report.Errors.ShouldContain(e => e.Code == "stat.totals-mismatch" && e.Row == 5 && e.Stated == "999");
    }

    [Fact]
    public async Task A_table_without_a_passed_column_is_read_with_a_warning_said_before_the_import()
    {
        var report = await Import(Csv("序号,机构名称,组织评价,初级\n1,山西工程职业学院,673,0\n"), "no-passed.csv", 2023, dryRun: true);
        report.Errors.ShouldBeEmpty();
        report.Warnings.ShouldContain(w => w.Code == "import.no-passed-column" && w.Row == 1 && w.Message.Contains("评价合格"));
        (await Import(Csv("序号,机构名称,组织评价,评价合格\n1,山西工程职业学院,673,600\n"), "passed.csv", 2023, dryRun: true)).Warnings
            .ShouldNotContain(w => w.Code == "import.no-passed-column");
    }

    [Fact]
    public async Task A_table_whose_rows_carry_no_figures_does_not_pass_the_check_with_nothing_to_import()
    {
        var report = await Import(Csv("序号,机构名称,组织评价,评价合格\n1,山西工程职业学院,,\n"), "blank.csv", 2023, dryRun: true);
        report.Errors.ShouldContain(e => e.Code == "import.no-rows");
    }

    [Fact]
    public async Task An_unknown_header_is_refused_naming_its_column()
    {
        var before = await Counts();
        // The 备案号 column is read apart from the figures: the column is still named by its own letter (E), and the message
        // gives no second, different position.
        var report = await Import(Csv("序号,备案号,机构名称,组织评价,考生籍贯\n1,,山西工程职业学院,673,山西\n"), "header.csv", 2023);
        await ShouldBeRefusedWithNothingWritten(report, e => e.Code == "import.unknown-header" && e.Column!.StartsWith("E ", StringComparison.Ordinal) && e.Message.Contains("考生籍贯")
            && !e.Message.Contains("（第", StringComparison.Ordinal) && e.Row == 1, before);
    }

    [Fact]
    public async Task A_formula_is_refused_with_sheet_and_cell_reference()
    {
        var before = await Counts();
        var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var ws = wb.AddNewPart<WorksheetPart>();
            static Cell Text(string r, string t) => new() { CellReference = r, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(t)) };
            static Cell Num(string r, long v) => new() { CellReference = r, CellValue = new CellValue(v.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            ws.Worksheet = new Worksheet(new SheetData(
                new Row(Text("A1", "机构名称"), Text("B1", "组织评价"), Text("C1", "评价合格")) { RowIndex = 1 },
                new Row(Text("A2", "山西工程职业学院"), Num("B2", 673), new Cell { CellReference = "C2", CellFormula = new CellFormula("B2-64"), CellValue = new CellValue("609") }) { RowIndex = 2 }));
            wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = "统计表" }));
        }
        ms.Position = 0;
        var report = await Import(ms, "formula.xlsx", 2023);
        await ShouldBeRefusedWithNothingWritten(report, e => e.Code == "import.formula" && e.Sheet == "统计表" && e.Row == 2 && e.Column == "C" && e.Message.Contains("B2-64"), before);
    }

    [Fact]
    public async Task A_corrupt_xlsx_is_refused_naming_the_file()
    {
        var before = await Counts();
        var bytes = Encoding.ASCII.GetBytes("PK\u0003\u0004 this is not really a zip archive at all");
        var report = await Import(new MemoryStream(bytes), "corrupt.xlsx", 2023);
        await ShouldBeRefusedWithNothingWritten(report, e => e.File == "corrupt.xlsx" && e.Message.Contains("损坏"), before);
        var report2 = await Import(new MemoryStream(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }), "garbage.xlsx", 2023);
        await ShouldBeRefusedWithNothingWritten(report2, e => e.File == "garbage.xlsx", before);
    }

    [Fact]
    public async Task A_file_over_the_configured_limit_is_refused_before_reading()
    {
        var before = await Counts();
        await using var s = File.OpenRead(DemoFile("xinzhou-2023-city.md"));
        var report = await Import(s, "xinzhou-2023-city.md", maxBytes: 100);
        await ShouldBeRefusedWithNothingWritten(report, e => e.Code == "import.too-large", before);
        report.Rows.ShouldBe(0);
    }

    [Fact]
    public async Task Unknown_and_ambiguous_names_are_errors_listing_the_candidates()
    {
        var before = await Counts();
        var csv = "机构名称,组织评价\n山西工程职业学校,10\n阳泉市热力有限责任公司,5\n";
        var report = await Import(Csv(csv), "names.csv", 2023);
        await ShouldBeRefusedWithNothingWritten(report, e => e.Code == "import.unknown-filing" && e.Row == 2 && e.Message.Contains("山西工程职业学院"), before);
        var ambiguous = report.Errors.Single(e => e.Code == "import.ambiguous-filing");
        ambiguous.Row.ShouldBe(3);
        ambiguous.Message.ShouldContain("用人单位");
        ambiguous.Message.ShouldContain("社会培训评价组织");
    }

    [Fact]
    public async Task Two_years_without_assessments_since_filing_are_flagged_by_the_handler()
    {
        _ = app.Server;
        // 中煤新集 filed 2020.4 (seed 004): nothing in 2021 and 2022 ⇒ candidate (seed 001 四(一)1).
        // 淮南市饮食服务公司 filed 2020.4: nothing in 2020 and 2021, assessed in 2022 ⇒ idle only 20 months, not a candidate.
        var csv = "备案号,年度,组织评价,评价合格\nY000034040002,2020,40,30\nY000034040002,2021,0,0\nY000034040002,2022,0,0\n"
                + "Y000034040003,2020,0,0\nY000034040003,2021,0,0\nY000034040003,2022,12,10\n";
        var report = await Import(Csv(csv), "years.csv");
        report.Errors.ShouldBeEmpty();
        report.Years.ShouldBe([2020, 2021, 2022]);
        using var scope = app.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<StatisticsQueries>()
            .InactivityAsync(new StatisticsFilter { Region = "淮南市" }, new DateOnly(2023, 1, 1));
        rows.Single(r => r.FilingName == "中煤新集能源股份有限公司").Outcome.ShouldBe(InactivityOutcome.TerminationCandidate);
        rows.Single(r => r.FilingName == "淮南市饮食服务公司").Outcome.ShouldBe(InactivityOutcome.NotCandidate);
    }

    /// <summary>Every rollup row as a fresh aggregation of StatisticsRecords computes it, and the same set of filing-years.</summary>
    private async Task RollupShouldEqualRecords()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var records = await db.StatisticsRecords.AsNoTracking().ToListAsync();
        static (long, int) Opt(IEnumerable<long?> values) => (values.Sum(v => v ?? 0), values.Count(v => v is not null));
        var expected = records.GroupBy(r => (r.FilingId, r.Year)).OrderBy(g => g.Key).Select(g => string.Join(" ",
            g.Key.FilingId, g.Key.Year, g.Count(), g.Sum(r => r.Assessed), g.Count(r => r.Passed is null && r.Assessed > 0),
            Opt(g.Select(r => r.Passed)), Opt(g.Select(r => r.PassedL5)), Opt(g.Select(r => r.PassedL4)), Opt(g.Select(r => r.PassedL3)),
            Opt(g.Select(r => r.PassedL2)), Opt(g.Select(r => r.PassedL1)), Opt(g.Select(r => r.Certified)),
            Opt(g.Select(r => r.CertifiedL5)), Opt(g.Select(r => r.CertifiedL4)), Opt(g.Select(r => r.CertifiedL3)),
            Opt(g.Select(r => r.CertifiedL2)), Opt(g.Select(r => r.CertifiedL1)), Opt(g.Select(r => r.Batches)),
            Opt(g.Select(r => r.SubsidyRecipients)))).ToList();
        var rollups = (await db.StatisticsRollups.AsNoTracking().ToListAsync()).OrderBy(r => (r.FilingId, r.Year)).Select(r => string.Join(" ",
            r.FilingId, r.Year, r.Records, r.Assessed, r.WithoutPassed, (r.Passed, r.PassedKnown), (r.PassedL5, r.PassedL5Known),
            (r.PassedL4, r.PassedL4Known), (r.PassedL3, r.PassedL3Known), (r.PassedL2, r.PassedL2Known), (r.PassedL1, r.PassedL1Known),
            (r.Certified, r.CertifiedKnown), (r.CertifiedL5, r.CertifiedL5Known), (r.CertifiedL4, r.CertifiedL4Known),
            (r.CertifiedL3, r.CertifiedL3Known), (r.CertifiedL2, r.CertifiedL2Known), (r.CertifiedL1, r.CertifiedL1Known),
            (r.Batches, r.BatchesKnown), (r.SubsidyRecipients, r.SubsidyRecipientsKnown))).ToList();
        rollups.Count.ShouldBeGreaterThan(0);
        rollups.ShouldBe(expected);
    }

    [Fact]
    public async Task Rollup_equals_a_fresh_aggregation_after_import_and_after_a_reimport_that_replaces_figures()
    {
        _ = app.Server;
        await RollupShouldEqualRecords(); // the demo statistics went through the import
        var first = "备案号,年度,职业代码,职业名称,批次,组织评价,评价合格,其中：初级,其中：中级,已发证人数,领取补贴人数\n"
                  + "S000034040016,2019,4-01-01-00,职业一,2,50,40,30,10,38,5\n"
                  + "S000034040016,2019,4-01-02-00,职业二,1,20,,,,,\n"
                  + "S000034040016,2019,4-01-03-00,职业三,-,0,0,0,0,0,0\n"
                  + "S000034040017,2019,4-01-01-00,职业一,3,60,30,10,20,30,\n";
        var report = await Import(Csv(first), "rollup-1.csv");
        report.Errors.ShouldBeEmpty(string.Join("\n", report.Errors));
        report.Written.ShouldBe(4);
        await RollupShouldEqualRecords();

        // Re-import: S000034040016 loses an occupation and changes figures; S000034040017 gains one.
        var second = "备案号,年度,职业代码,职业名称,批次,组织评价,评价合格,其中：初级,其中：中级,已发证人数,领取补贴人数\n"
                   + "S000034040016,2019,4-01-01-00,职业一,1,70,35,35,0,30,7\n"
                   + "S000034040016,2019,4-01-03-00,职业三,1,9,9,4,5,9,1\n"
                   + "S000034040017,2019,4-01-01-00,职业一,3,61,30,10,20,30,\n"
                   + "S000034040017,2019,4-01-04-00,职业四,1,5,,,,,\n";
        report = await Import(Csv(second), "rollup-2.csv");
        report.Errors.ShouldBeEmpty(string.Join("\n", report.Errors));
        report.Replaced.ShouldBe(4);
        await RollupShouldEqualRecords();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var r16 = await db.StatisticsRollups.SingleAsync(r => r.Year == 2019 && r.Assessed == 79);
        (r16.Records, r16.Passed, r16.PassedKnown, r16.Batches, r16.SubsidyRecipients).ShouldBe((2, 44L, 2, 2L, 8L));
        var r17 = await db.StatisticsRollups.SingleAsync(r => r.Year == 2019 && r.Assessed == 66);
        (r17.Records, r17.WithoutPassed, r17.PassedKnown, r17.SubsidyRecipientsKnown).ShouldBe((2, 1, 1, 0));

        // A file whose rows of a filing-year are not one after another (S000034040016 2020 before and after
        // S000034040017 2020): its rollups are still those of its records.
        var third = "备案号,年度,职业代码,职业名称,批次,组织评价,评价合格,其中：初级,其中：中级,已发证人数,领取补贴人数\n"
                  + "S000034040016,2020,4-01-01-00,职业一,1,10,8,8,0,8,1\n"
                  + "S000034040017,2020,4-01-01-00,职业一,1,20,,,,,\n"
                  + "S000034040016,2020,4-01-02-00,职业二,2,30,20,10,10,20,2\n"
                  + "S000034040017,2020,4-01-02-00,职业二,1,40,40,40,0,40,\n"
                  + "S000034040016,2021,4-01-01-00,职业一,1,7,7,7,0,7,0\n";
        report = await Import(Csv(third), "rollup-3.csv");
        report.Errors.ShouldBeEmpty(string.Join("\n", report.Errors));
        report.Written.ShouldBe(5);
        await RollupShouldEqualRecords();
        var number16 = SkillsAudit.Domain.Registry.FilingNumber.Parse("S000034040016");
        var id16 = await db.Filings.Where(f => f.Number == number16).Select(f => f.Id).SingleAsync();
        var r16in2020 = await db.StatisticsRollups.AsNoTracking().SingleAsync(r => r.Year == 2020 && r.FilingId == id16);
        r16in2020.Assessed.ShouldBe(40);
        (r16in2020.Records, r16in2020.Passed, r16in2020.Batches).ShouldBe((2, 28L, 3L));
    }

    /// <summary>The year's records as JSON, without what differs from one import to the next (source row, batch).</summary>
    private async Task<List<string>> RecordsOf(int year)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        return (await db.StatisticsRecords.AsNoTracking().Where(r => r.Year == year).ToListAsync())
            .OrderBy(r => (r.FilingId, r.OccupationKey)).Select(r => { r.Source = null; r.ImportBatchId = null; return r.ToAuditJson(); }).ToList();
    }

    /// <summary>
    /// Clean sheet rows are mapped from the cell values directly (numbers as doubles from xlsx, text from csv); text
    /// tables always go through the domain's reader. All three must store the same records.
    /// </summary>
    [Fact]
    public async Task Sheet_rows_read_directly_store_the_same_records_as_the_text_reader()
    {
        _ = app.Server;
        string[] header = ["备案号", "年度", "职业名称", "职业代码", "工种", "批次", "组织评价", "评价合格", "评价合格率", "其中：初级", "其中：中级", "已发证人数", "领取补贴人数"];
        // 2022: after the two filings were filed (2021年3月), so the import has nothing to warn of
        object[][] rows =
        [
            ["S000034040016", 2022, "电工", "6-31-01-03", "维修电工", 2, 50, 40, "80.00%", 30, 10, 38, 5],
            ["S000034040016", 2022, "焊工", "6-18-02-04", "", 1, 20, 10, "50%", "-", 10, "-", 0],
            ["S000034040017", 2022, "电工", "6-31-01-03", "-", 3, 60, 30, "50.00%", 10, 20, 30, 1],
            ["S000034040017", 2022, "保育师", "4-10-01-03", "", "-", 0, 0, "", 0, 0, 0, 0],
        ];
        string Text(object v) => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!;
        var csv = string.Join("\n", new[] { string.Join(",", header) }.Concat(rows.Select(r => string.Join(",", r.Select(Text))))) + "\n";
        var md = string.Join("\n", new[] { "| " + string.Join(" | ", header) + " |", "|" + string.Concat(header.Select(_ => "---|")) }
            .Concat(rows.Select(r => "| " + string.Join(" | ", r.Select(Text)) + " |"))) + "\n";
        var xlsx = new MemoryStream();
        using (var w = new XlsxWriter(xlsx))
            w.AddSheet("统计", new[] { header.Select(h => new XCell(h)).ToList() }
                .Concat(rows.Select(r => r.Select(v => v is int n ? new XCell(n, CellStyle.WholeNumber) : new XCell((string)v)).ToList())).ToList<IReadOnlyList<XCell>>());

        var stored = new List<List<string>>();
        foreach (var (stream, name) in new[] { ((Stream)Csv(csv), "direct.csv"), (new MemoryStream(xlsx.ToArray()), "direct.xlsx"), (Csv(md), "text.md") })
        {
            var report = await Import(stream, name);
            report.Errors.ShouldBeEmpty(string.Join("\n", report.Errors));
            report.Warnings.ShouldBeEmpty(string.Join("\n", report.Warnings));
            report.Written.ShouldBe(4);
            stored.Add(await RecordsOf(2022));
        }
        stored[0].Count.ShouldBe(4);
        stored[0].ShouldBe(stored[2]);
        stored[1].ShouldBe(stored[2]);
    }

    /// <summary>
    /// On SQLite the writer binds rows sixteen at a time into one INSERT and writes what is left one by one: 37 rows (two
    /// groups and five left over) come back exactly as read — Chinese text, a blank 工种, counts, a blank level, rates,
    /// the source row. 5,000 rows go in ten batches, whose records the import reuses once written (RecordPool): each
    /// still comes back as its own row read.
    /// </summary>
    [Theory]
    [InlineData(37)]
    [InlineData(5000)]
    public async Task Rows_written_in_groups_and_one_by_one_come_back_as_read(int count)
    {
        _ = app.Server;
        var csv = new StringBuilder("备案号,年度,职业名称,职业代码,工种,组织评价,评价合格,评价合格率,其中：初级,领取补贴人数\n");
        var expected = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var number = i % 2 == 0 ? "S000034040016" : "S000034040017";
            var year = 1960 + i / 2 % 19;
            var (assessed, passed) = (10 + i, i % 7);
            var rate = SkillsAudit.Domain.Common.Rates.Percent(passed, assessed)!.Value;
            var trade = i % 2 == 0 ? "" : $"工种{i}";
            string? level = i % 3 == 0 ? null : passed.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var code = $"4-{i / 100:00}-{i % 100:00}-00";
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{number},{year},职业{i},{code},{trade},{assessed},{passed},{SkillsAudit.Domain.Common.Rates.FormatPercent(rate)},{level},{i}\n");
            expected.Add(string.Join("|", number, year, $"职业{i}", code, trade, assessed, passed, rate.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), level ?? "null", i, $"groups{count}.csv 第{i + 2}行"));
        }
        var report = await Import(Csv(csv.ToString()), $"groups{count}.csv");
        report.Errors.ShouldBeEmpty(string.Join("\n", report.Errors));
        report.Written.ShouldBe(count);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var stored = await db.StatisticsRecords.AsNoTracking().Where(r => r.Year >= 1960 && r.Year <= 1978)
            .Join(db.Filings, r => r.FilingId, f => f.Id, (r, f) => new { r, f.Number }).ToListAsync();
        stored = stored.Where(x => x.r.Source!.StartsWith($"groups{count}.csv ", StringComparison.Ordinal)).ToList(); // not the other case's rows left in years this one does not replace
        stored.Select(x => string.Join("|", x.Number!.Value, x.r.Year, x.r.OccupationName, x.r.OccupationCode, x.r.Trade ?? "", x.r.Assessed, x.r.Passed,
                x.r.StatedRate!.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), x.r.PassedL5?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null",
                x.r.SubsidyRecipients, x.r.Source))
            .Order(StringComparer.Ordinal).ShouldBe(expected.Order(StringComparer.Ordinal));
        stored.ShouldAllBe(x => x.r.OccupationKey == x.r.OccupationCode);
        await RollupShouldEqualRecords();
    }

    /// <summary>With two rows to a chunk, clean chunks are read directly and the chunk with the 合计 row by the validator: the totals still cover every row.</summary>
    [Fact]
    public async Task A_totals_row_after_chunks_read_directly_is_checked_against_all_rows()
    {
        _ = app.Server;
        async Task<StatisticsImportReport> ImportInSmallChunks(string csv)
        {
            using var scope = app.Services.CreateScope();
            var import = new StatisticsImport(scope.ServiceProvider.GetRequiredService<AppDb>(), new StatisticsImportOptions { ChunkRows = 2 }, scope.ServiceProvider.GetRequiredService<SkillsAudit.Data.Access.AccessGuard>());
            return await import.ImportAsync(Csv(csv), "chunks.csv", null, dryRun: false);
        }
        static string Table(int total) => "序号,备案号,年度,组织评价,评价合格\n"
            + string.Concat(Enumerable.Range(1, 5).Select(i => $"{i},S000034040016,{2010 + i},{i * 10},{i * 5}\n")) + $"合计,,,{total},75\n";
        var before = await Counts();
        var bad = await ImportInSmallChunks(Table(151));
        bad.Written.ShouldBe(0);
        var issue = bad.Errors.ShouldHaveSingleItem();
        (issue.Code, issue.Row, issue.Stated, issue.Computed).ShouldBe(("stat.totals-mismatch", 7, "151", "150"));
        issue.Column.ShouldBe("D 组织评价");
        (await Counts()).ShouldBe(before);

        var good = await ImportInSmallChunks(Table(150));
        good.Errors.ShouldBeEmpty(string.Join("\n", good.Errors));
        (good.Rows, good.Written).ShouldBe((5, 5));
        await RollupShouldEqualRecords();
    }

    /// <summary>Groupings read the rollups; they must equal the records grouped and summed as before (StatisticsAggregation).</summary>
    [Fact]
    public async Task Groupings_from_rollups_equal_the_records_summed_by_the_domain()
    {
        _ = app.Server;
        var occupations = "备案号,年度,职业代码,职业名称,组织评价,评价合格,其中：初级,已发证人数,领取补贴人数\n"
                        + "S000034040016,2016,4-01-01-00,职业一,10,8,8,8,2\n"
                        + "S000034040016,2016,4-01-02-00,职业二,5,,,,\n";
        (await Import(Csv(occupations), "groups.csv")).Errors.ShouldBeEmpty();
        using var scope = app.Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<StatisticsQueries>();
        foreach (var filter in new[] { new StatisticsFilter(), new StatisticsFilter { Year = 2023, Region = "忻州市" }, new StatisticsFilter { Region = "淮南市" } })
        {
            var rows = await queries.RowsAsync(filter);
            foreach (var by in StatisticsQueries.GroupKeys.Where(k => k != "occupation"))
            {
                var actual = JsonSerializer.Serialize(await queries.GroupAsync(filter, by));
                object expected;
                if (by == "level")
                {
                    var total = StatisticsFigures.Sum(rows.Select(r => r.ToFigures()));
                    expected = StatisticsAggregation.ByLevel([total]).Select(l => new StatisticsGroupRow(l.Level.ToString(), l.Level.ShortName(),
                        new FiguresSummary(0, l.Passed.Value, null, [new LevelFigure(l.Level, l.Level.ShortName(), l.Passed.Value, l.Certified.Value)], rows.Count, 0))).ToList();
                }
                else
                {
                    (string, string) Key(StatisticsRecordRow r) => by switch
                    {
                        "province" => Ancestor(r.RegionCode, RegionLevel.Province),
                        "city" => Ancestor(r.RegionCode, RegionLevel.City),
                        "county" => Ancestor(r.RegionCode, RegionLevel.County),
                        "region" => (r.RegionCode, r.RegionName),
                        "supervision" => (r.Supervision?.ToString() ?? "", r.Supervision?.Chinese() ?? "未注明"),
                        "type" => (r.Type?.ToString() ?? "", r.Type?.Chinese() ?? "未注明"),
                        "year" => (r.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) + "年"),
                        _ => (r.FilingId.ToString(System.Globalization.CultureInfo.InvariantCulture), r.FilingName),
                    };
                    expected = StatisticsAggregation.By(rows, Key, r => r.ToFigures())
                        .Select(g => new StatisticsGroupRow(g.Key.Item1, g.Key.Item2, FiguresSummary.From(g.Figures, g.Records, g.RecordsWithoutPassed)))
                        .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
                }
                actual.ShouldBe(JsonSerializer.Serialize(expected), $"{by} over {filter}");
            }
        }
    }

    private static (string, string) Ancestor(string code, RegionLevel level)
    {
        var r = Regions.Path(code).FirstOrDefault(x => x.Level == level);
        return r is null ? ("", "（无）") : (r.Code, r.Name);
    }

    [Fact]
    public void Audit_json_is_what_AppDb_writes_sorted_by_name_with_nulls_and_relaxed_escaping()
    {
        var r = new StatisticsRecord
        {
            FilingId = 7, Year = 2023, OccupationKey = "4-01-01-00", OccupationName = "职业\"一\"<&>", Assessed = 100, Passed = 81,
            PassedL5 = 40, PassedL3 = 41, Certified = 0, CertifiedL1 = 3, StatedRate = 81.00m, Source = "a.xlsx 工作表“统计” 第9行",
            Findings = "[stat.missing-cell] x\ny", SubsidyRecipients = 5,
        };
        var expected = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in typeof(StatisticsRecord).GetProperties().Where(p => p.CanWrite)) expected[p.Name] = p.GetValue(r);
        r.ToAuditJson().ShouldBe(JsonSerializer.Serialize(expected, RelaxedJson));
    }

    [Fact]
    public async Task Export_opens_back_and_converts_in_LibreOffice()
    {
        _ = app.Server;
        var dir = Directory.CreateTempSubdirectory("sa-stats");
        var xlsx = Path.Combine(dir.FullName, "annex.xlsx");
        var csv = Path.Combine(dir.FullName, "annex.csv");
        var o = new StringWriter();
        var e = new StringWriter();
        (await SkillsAuditCli.RunAsync(["stats", "export", "--year", "2023", "--region", "忻州市", "--format", "xlsx", "--out", xlsx], Cli(o, e))).ShouldBe(0, e.ToString());
        (await SkillsAuditCli.RunAsync(["stats", "export", "--year", "2023", "--region", "忻州市", "--format", "csv", "--out", csv], Cli(o, e))).ShouldBe(0, e.ToString());

        await using (var s = File.OpenRead(xlsx))
        {
            var rows = TabularReader.ReadRows(s, "annex.xlsx").ToList();
            rows[0].Cells[0].ShouldBe("2023年度职业技能等级评价机构基本情况（省属机构）");
            rows[1].Cells[0].ShouldStartWith("制表：忻州市人力资源和社会保障局　制表日期："); // the 制表 line, as seed 000's annexes print it
            rows[2].Cells[2].ShouldBe("2023年职业技能等级认定评价概况");
            rows[3].Cells[2].ShouldBe("组织评价 (人)");
            var total = rows.Single(r => r.Cells[1] == "合计");
            (total.Cells[2], total.Cells[3], total.Cells[5], total.Cells[6], total.Cells[7]).ShouldBe(("4691", "3831", "62", "1039", "2730"));
            decimal.Parse(total.Cells[4]!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(0.8167m);
        }
        await using (var s = File.OpenRead(csv))
        {
            var rows = TabularReader.ReadRows(s, "annex.csv").ToList();
            rows.Count(r => r.Cells.Length > 1 && r.Cells[1] == "合计").ShouldBe(2);
            rows.ShouldContain(r => r.Cells.Length > 4 && r.Cells[1] == "合计" && r.Cells[2] == "4193" && r.Cells[3] == "3435" && r.Cells[4] == "81.92%");
        }
        // The exports import back unchanged (replacing the same figures).
        foreach (var f in new[] { xlsx, csv })
        {
            await using var s = File.OpenRead(f);
            (await Import(s, Path.GetFileName(f))).Errors.ShouldBeEmpty();
        }
        ShouldBeSeed000(await SummaryApi());

        // LibreOffice must open the xlsx cleanly; test.sh installs soffice, so a missing soffice is a failure, not a skip.
        var soffice = FindOnPath("soffice") ?? throw new InvalidOperationException("soffice (LibreOffice) is not installed: run the suite through ./test.sh, which installs it");
        var outDir = Path.Combine(dir.FullName, "lo");
        var psi = new ProcessStartInfo(soffice, ["--headless", $"-env:UserInstallation=file://{dir.FullName}/lo-profile", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", outDir, xlsx])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using (var p = Process.Start(psi)!)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            await p.StandardOutput.ReadToEndAsync();
            (await Task.Run(() => p.WaitForExit(180_000))).ShouldBeTrue("soffice did not finish in 3 minutes");
            p.ExitCode.ShouldBe(0, await stderr);
        }
        var converted = await File.ReadAllLinesAsync(Path.Combine(outDir, "annex.csv"));
        converted.ShouldContain(l => l.StartsWith("1,红马甲集团股份有限公司,112,80,71.43%", StringComparison.Ordinal));
        converted.ShouldContain(l => l.StartsWith(",合计,4691,3831,81.67%,62,1039,2730", StringComparison.Ordinal));
    }

    private static string? FindOnPath(string exe) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, exe)).FirstOrDefault(File.Exists);

    [Fact]
    public async Task Api_import_needs_staff_and_dry_run_writes_nothing()
    {
        _ = app.Server;
        var before = await Counts();
        using var anonymous = app.CreateClient();
        (await anonymous.PostAsync("/api/statistics/import", Form("x.csv", "机构名称,组织评价\n山西工程职业学院,1\n"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var officer = await app.OfficerAsync();
        var dry = await officer.PostAsync("/api/statistics/import?dryRun=true&year=2023", Form("x.csv", "机构名称,组织评价,评价合格\n山西工程职业学院,673,609\n"));
        dry.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Counts()).ShouldBe(before);

        var bad = await officer.PostAsync("/api/statistics/import?year=2023", Form("x.csv", "机构名称,组织评价,评价合格\n山西工程职业学院,673,abc\n"));
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var body = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("errors")[0].GetProperty("row").GetInt32().ShouldBe(2);

        var rows = JsonDocument.Parse(await officer.GetStringAsync("/api/statistics?year=2023&region=忻州市&supervision=省属")).RootElement;
        rows.GetArrayLength().ShouldBe(12);
        var groups = JsonDocument.Parse(await officer.GetStringAsync("/api/statistics?year=2023&region=忻州市&groupBy=county")).RootElement;
        groups.EnumerateArray().Sum(g => g.GetProperty("figures").GetProperty("assessed").GetInt64()).ShouldBe(8884);
        var export = await officer.GetAsync("/api/statistics/export?year=2023&region=忻州市&format=xlsx");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await export.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(1000);
    }

    private static MultipartFormDataContent Form(string name, string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { content, "file", name } };
    }
}
