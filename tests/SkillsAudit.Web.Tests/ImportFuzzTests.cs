using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using Xunit.Abstractions;

namespace SkillsAudit.Web.Tests;

/// <summary>
/// Fuzzing every importer (issue 12 item 8): 1,100 files mutated with a fixed seed from valid samples — the app's own
/// xlsx exports, a statistics csv, a generated notice .docx and the rubric YAML files — by bit flips, truncation,
/// inserted and overwritten runs, and zip entry mangling (dropped, renamed, corrupted, DTD-injected parts; a broken
/// central directory). The xlsx, csv and docx go through the real endpoints (dry runs); YAML through the rubric loader
/// the CLI and the library use. Never a 500, never an unexpected exception; every refusal is in Chinese and names the
/// file, a row or a field.
/// </summary>
public sealed class ImportFuzzTests(AppFactory app, ITestOutputHelper output) : IClassFixture<AppFactory>
{
    private const int Seed = 20261202;

    private sealed record Target(string Name, string Url, string FileName, byte[] Sample, bool Zip, int Count, (string Name, string Value)[]? Fields = null);

    private static MultipartFormDataContent Form(string fileName, byte[] file, (string Name, string Value)[]? fields = null)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields ?? []) form.Add(new StringContent(value), name);
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        return form;
    }

    /// <summary>Two new 忻州 filings, in the columns the export writes.</summary>
    private static readonly byte[] FilingsCsv = Encoding.UTF8.GetBytes(
        "序号,机构名称,统一社会信用代码,备案号,机构类型,监管,所在地区,备案时间,备案期限截止,状态,地址,法定代表人,职业范围,备注\n"
        + "1,忻州市模糊导入机构甲,,,用人单位,市属,忻州市,2021-03,2024-03,正常,忻州市和平街1号,张三,,\n"
        + "2,忻州市模糊导入机构乙,,,社会培训评价组织,,140902,2022,,暂停评价活动,,,,备注\n");

    private static byte[] XlsxOf(params IReadOnlyList<XCell>[] rows)
    {
        using var ms = new MemoryStream();
        using (var w = new XlsxWriter(ms)) w.AddSheet("Sheet1", rows);
        return ms.ToArray();
    }

    /// <summary>An answer that is an acceptance: 2xx and no row errors listed.</summary>
    private static bool Accepted(HttpResponseMessage res, string body) =>
        res.IsSuccessStatusCode && !body.Contains("\"errors\":[\"", StringComparison.Ordinal) && !body.Contains("\"errors\":[{", StringComparison.Ordinal);

    /// <summary>Valid samples for each importer: every one is accepted unmutated (asserted), so mutations reach past the header checks.</summary>
    private async Task<(Target[] Targets, int CertFiling)> TargetsAsync(HttpClient officer)
    {
        var (certFiling, number) = await app.FilingAsync("140902", "忻州市模糊测试评价机构", SkillsAudit.Domain.Registry.FilingType.Employer, ["FZ-1"]);
        string[] certHeader = ["姓名", "身份证号码", "职业", "等级", "证书编号", "发证日期"];
        var certRows = Enumerable.Range(1, 3).Select(i => new[] { $"模糊{i}", RulesKit.Id(900 + i), "FZ-1", i == 3 ? "4" : "5", "", "2025-08-01" }).ToList();
        var certCsv = Encoding.UTF8.GetBytes(string.Join(",", certHeader) + "\n" + string.Join("\n", certRows.Select(r => string.Join(",", r))) + "\n");
        var certXlsx = XlsxOf([.. new[] { certHeader }.Concat(certRows).Select(r => (IReadOnlyList<XCell>)r.Select(c => (XCell)c).ToList())]);
        var statsCsv = Encoding.UTF8.GetBytes("机构名称,组织评价,评价合格\n山西工程职业学院,673,609\n");
        var statsXlsx = XlsxOf(["机构名称", "组织评价", "评价合格"], ["山西工程职业学院", 673, 609]);
        var docx = await NoticeDocxAsync();
        var cert = $"/api/certificates/import?filingId={certFiling}&year=2025&generateNumbers=true&dryRun=true";
        (string, string)[] rubricFields = [("id", "fuzz-2024"), ("title", "模糊测试评估表"), ("year", "2024"), ("outcome", "grades")];
        Target[] targets =
        [
            new("rubric import (xlsx)", "/api/rubrics/import?dryRun=true", "评估表.xlsx", RubricApiTests.Xlsx(), true, 200, rubricFields),
            new("certificate import (xlsx)", cert, "名册.xlsx", certXlsx, true, 150),
            new("statistics import (xlsx)", "/api/statistics/import?dryRun=true&year=2023", "统计.xlsx", statsXlsx, true, 200),
            new("statistics import (csv)", "/api/statistics/import?dryRun=true&year=2023", "统计.csv", statsCsv, false, 100),
            new("certificate import (csv)", cert, "名册.csv", certCsv, false, 100),
            new("notice audit (docx)", "/api/audit-notice?offline=true", "公告.docx", docx, true, 200),
            new("filing import (csv)", "/api/filings/import?dryRun=true", "备案.csv", FilingsCsv, false, 100),
        ];
        foreach (var t in targets)
        {
            using var form = Form(t.FileName, t.Sample, t.Fields);
            using var res = await officer.PostAsync(t.Url, form);
            var body = await res.Content.ReadAsStringAsync();
            Accepted(res, body).ShouldBeTrue($"{t.Name}: the unmutated sample is not accepted: {(int)res.StatusCode} {Short(body)}");
        }
        return (targets, certFiling);
    }

    [Fact]
    public async Task A_thousand_mutated_files_get_a_chinese_refusal_or_success_never_a_500()
    {
        var officer = await app.OfficerAsync();
        var (targets, _) = await TargetsAsync(officer);
        var rng = new Random(Seed);
        var sw = Stopwatch.StartNew();
        var failures = new List<string>();
        var total = 0;
        foreach (var t in targets)
        {
            int ok = 0, refused = 0;
            for (var i = 0; i < t.Count; i++)
            {
                var (file, how) = Mutate(t.Sample, rng, t.Zip);
                using var form = Form(t.FileName, file, t.Fields);
                using var res = await officer.PostAsync(t.Url, form);
                var body = await res.Content.ReadAsStringAsync();
                total++;
                var what = $"{t.Name} #{i} ({how}): {(int)res.StatusCode}";
                if ((int)res.StatusCode >= 500) failures.Add(what + " " + Short(body));
                else if (res.IsSuccessStatusCode) ok++;
                else
                {
                    refused++;
                    if (!body.Any(c => c is >= '\u4e00' and <= '\u9fff')) failures.Add(what + " refusal not in Chinese: " + Short(body));
                    else if (!body.Contains(t.FileName, StringComparison.Ordinal) && !body.Contains('第') && !body.Contains("\"errors\"", StringComparison.Ordinal))
                        failures.Add(what + " refusal names no file, row or field: " + Short(body));
                }
            }
            output.WriteLine($"{t.Name}: {t.Count} files, {ok} accepted, {refused} refused");
        }

        // Rubric YAML: the loader every path (CLI validate, library, import) goes through.
        var yamls = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "rubrics"), "*.yaml").OrderBy(f => f, StringComparer.Ordinal).ToList();
        yamls.ShouldNotBeEmpty();
        int yamlOk = 0, yamlRefused = 0;
        for (var i = 0; i < 150; i++)
        {
            var (file, how) = Mutate(File.ReadAllBytes(yamls[i % yamls.Count]), rng, zip: false);
            total++;
            try
            {
                var result = RubricLoader.TryLoadText(Encoding.UTF8.GetString(file), "评估表.yaml");
                if (result.Succeeded) yamlOk++;
                else
                {
                    yamlRefused++;
                    if (result.Errors.Any(e => e.File != "评估表.yaml")) failures.Add($"yaml #{i} ({how}): an error names no file");
                }
            }
            catch (Exception e)
            {
                failures.Add($"yaml #{i} ({how}): crashed with {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine($"rubric YAML: 150 files, {yamlOk} accepted, {yamlRefused} refused");
        output.WriteLine($"{total} files in {sw.Elapsed.TotalSeconds:0.0} s, {failures.Count} failures");
        total.ShouldBeGreaterThanOrEqualTo(1000);
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(20)));
    }

    private static string Short(string s) => s.Length > 300 ? s[..300] : s;

    /// <summary>A 1×1 PNG: what a scanned page looks like to the evidence store.</summary>
    private static readonly byte[] Png = Convert.FromHexString(
        "89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D49444154789C6360F8CF00000301010018DD8DB40000000049454E44AE426082");

    /// <summary>
    /// Imports and uploads that write (no dry run): the roster, a certificate roster of a numbered filing (numbers
    /// generated) and evidence images. Each unmutated sample is accepted (so that mutations reach past the header checks);
    /// every mutated file that is refused leaves the row count as it was.
    /// </summary>
    [Fact]
    public async Task A_refused_import_or_upload_writes_nothing()
    {
        var officer = await app.OfficerAsync();
        var rosterCsv = Encoding.UTF8.GetBytes("姓名,工作单位,所在县区,专业（职业代码）,专家,检查人员,账号,电话,回避备案\n赵模糊,忻州市模糊测试单位,忻府区,4-03-02-01,是,否,,,\n钱模糊,忻州市模糊测试单位,忻府区,,否,是,,,\n");
        var (certFiling, _) = await app.FilingAsync("140902", "忻州市模糊写入评价机构", SkillsAudit.Domain.Registry.FilingType.Employer, ["FZ-2"]);
        var certCsv = Encoding.UTF8.GetBytes("姓名,身份证号码,职业,等级,证书编号,发证日期\n"
            + string.Join("\n", Enumerable.Range(1, 4).Select(i => $"写入{i},{RulesKit.Id(950 + i)},FZ-2,{(i % 2 == 0 ? 4 : 5)},,2025-09-01")) + "\n");
        var (campaign, target) = await app.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDb>();
            var c = await db.Set<Campaign>().Include(x => x.Targets).Where(x => x.Year == 2023).SingleAsync();
            return (c.Id, c.Targets.Where(t => t.Included).Select(t => t.FilingId).First());
        });
        (string Name, string Url, string? DryRun, string FileName, byte[] Sample, int Count, Func<AppDb, Task<int>> Rows)[] targets =
        [
            ("roster import (csv)", "/api/roster/import", "/api/roster/import?dryRun=true", "专家库.csv", rosterCsv, 60, db => db.Roster.CountAsync()),
            ("certificate import (csv, numbered filing)", $"/api/certificates/import?filingId={certFiling}&year=2025&generateNumbers=true",
                $"/api/certificates/import?filingId={certFiling}&year=2025&generateNumbers=true&dryRun=true", "证书名册.csv", certCsv, 80, db => db.Certificates.CountAsync()),
            ("evidence upload (png)", $"/api/reviews/campaigns/{campaign}/findings/{target}/evidence", null, "现场照片.png", Png, 60, db => db.EvidenceFiles.CountAsync()),
        ];
        async Task<(HttpResponseMessage Res, string Body)> PostAsync(string url, string fileName, byte[] file)
        {
            using var form = Form(fileName, file);
            var res = await officer.PostAsync(url, form);
            return (res, await res.Content.ReadAsStringAsync());
        }

        var rng = new Random(Seed + 1);
        var failures = new List<string>();
        foreach (var t in targets)
        {
            var (valid, validBody) = await PostAsync(t.DryRun ?? t.Url, t.FileName, t.Sample);
            Accepted(valid, validBody).ShouldBeTrue($"{t.Name}: the unmutated sample is refused: {validBody}");
            int refused = 0, accepted = 0;
            for (var i = 0; i < t.Count; i++)
            {
                var (file, how) = Mutate(t.Sample, rng, zip: false);
                var before = await app.WithAsync(sp => t.Rows(sp.GetRequiredService<AppDb>()));
                var (res, body) = await PostAsync(t.Url, t.FileName, file);
                if ((int)res.StatusCode >= 500) { failures.Add($"{t.Name} #{i} ({how}): {(int)res.StatusCode} {Short(body)}"); continue; }
                if (Accepted(res, body)) { accepted++; continue; }
                refused++;
                if (!body.Any(c => c is >= '\u4e00' and <= '\u9fff')) failures.Add($"{t.Name} #{i} ({how}): refusal not in Chinese: {Short(body)}");
                var after = await app.WithAsync(sp => t.Rows(sp.GetRequiredService<AppDb>()));
                if (after != before) failures.Add($"{t.Name} #{i} ({how}): refused but rows {before} → {after}: {Short(body)}");
            }
            output.WriteLine($"{t.Name}: {t.Count} mutated files written for real, {accepted} accepted, {refused} refused (row counts unchanged on each refusal)");
            refused.ShouldBeGreaterThan(0, $"{t.Name}: no mutation was refused, the check proves nothing");
            accepted.ShouldBeGreaterThan(0, $"{t.Name}: no mutation was accepted, the mutations never got past the checks");
        }
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(20)));
    }

    /// <summary>
    /// The CLI importers on mutated files (filings from the app's own export, certificate rosters, statistics), run
    /// in-process as `skillsaudit` runs: exit 0 or 1 only, a refusal is Chinese text on stderr, never a stack trace or an
    /// exception escaping the command.
    /// </summary>
    [Fact]
    public async Task The_cli_importers_answer_mutated_files_with_exit_0_or_1_and_no_stack_trace()
    {
        var officer = await app.OfficerAsync();
        var folder = Directory.CreateTempSubdirectory("sa-fuzz-cli").FullName;
        // The app's own registry export, as a new registry would send it: a dozen of its rows, under new names and without
        // filing numbers or credit codes (the export's own are taken already: with them a row would name a registered body).
        var export = await officer.GetByteArrayAsync("/api/filings/export.xlsx");
        var rows = TabularReader.ReadRows(new MemoryStream(export), "备案.xlsx").Where(r => !r.IsEmpty).Take(13).ToList();
        var nameAt = Array.IndexOf(rows[0].Cells, "机构名称");
        var numberAt = Array.IndexOf(rows[0].Cells, "备案号");
        var creditAt = Array.IndexOf(rows[0].Cells, "统一社会信用代码");
        var filingsXlsx = XlsxOf([.. rows.Select((r, i) => (IReadOnlyList<XCell>)r.Cells.Select((c, k) =>
            (XCell)(i == 0 ? c : k == numberAt || k == creditAt ? null : k == nameAt ? c + "（模糊）" : c)).ToList())]);
        var (certFiling, _) = await app.FilingAsync("140902", "忻州市模糊命令行评价机构", SkillsAudit.Domain.Registry.FilingType.Employer, ["FZ-3"]);
        var certCsv = Encoding.UTF8.GetBytes("姓名,身份证号码,职业,等级,证书编号,发证日期\n"
            + string.Join("\n", Enumerable.Range(1, 3).Select(i => $"命令{i},{RulesKit.Id(970 + i)},FZ-3,5,,2025-10-01")) + "\n");
        var statsCsv = Encoding.UTF8.GetBytes("机构名称,组织评价,评价合格\n山西工程职业学院,673,609\n");
        var fid = certFiling.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string Name, string FileName, byte[] Sample, bool Zip, int Count, Func<string, string[]> Args)[] targets =
        [
            ("filings import --check (xlsx)", "备案.xlsx", filingsXlsx, true, 60, f => ["filings", "import", f, "--check"]),
            ("certs import --check (csv)", "证书名册.csv", certCsv, false, 40, f => ["certs", "import", f, "--filing", fid, "--year", "2025", "--generate-numbers", "--check"]),
            ("stats import (csv)", "统计.csv", statsCsv, false, 40, f => ["stats", "import", f, "--year", "2023"]),
        ];
        var rng = new Random(Seed + 2);
        var failures = new List<string>();
        foreach (var t in targets)
        {
            var path = Path.Combine(folder, t.FileName);
            await File.WriteAllBytesAsync(path, t.Sample);
            var valid = await app.CliAsync(t.Args(path));
            valid.Exit.ShouldBe(0, $"{t.Name}: the unmutated sample is refused: {valid.Error}");
            int ok = 0, refused = 0, multiLine = 0;
            for (var i = 0; i < t.Count; i++)
            {
                var (file, how) = Mutate(t.Sample, rng, t.Zip);
                await File.WriteAllBytesAsync(path, file);
                (int Exit, string Out, string Error) r;
                try
                {
                    r = await app.CliAsync(t.Args(path));
                }
                catch (Exception e)
                {
                    failures.Add($"{t.Name} #{i} ({how}): crashed with {e.GetType().Name}: {e.Message}");
                    continue;
                }
                var text = r.Out + r.Error;
                if (r.Exit is not (0 or 1)) failures.Add($"{t.Name} #{i} ({how}): exit {r.Exit}: {Short(text)}");
                else if (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal)) failures.Add($"{t.Name} #{i} ({how}): stack trace or exception name: {Short(text)}");
                else if (r.Exit == 1 && !r.Error.Any(c => c is >= '\u4e00' and <= '\u9fff')) failures.Add($"{t.Name} #{i} ({how}): refusal not in Chinese: {Short(r.Error)}");
                if (r.Exit == 0) ok++;
                else
                {
                    refused++;
                    if (r.Error.Trim().Split('\n').Length > 1) multiLine++;
                    if (refused <= 2) output.WriteLine($"  {t.Name} #{i} ({how}): {r.Error.Trim().Split('\n')[0]}");
                }
            }
            output.WriteLine($"{t.Name}: {t.Count} mutated files, {ok} exit 0, {refused} exit 1 ({multiLine} listing several rows, one line each)");
            refused.ShouldBeGreaterThan(0);
        }
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(20)));
    }

    private async Task<byte[]> NoticeDocxAsync()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var id = await db.Set<Campaign>().Where(c => c.Year == 2023).Select(c => c.Id).FirstAsync();
        var n = await scope.ServiceProvider.GetRequiredService<NoticeGenerator>().GenerateAsync(2023, "忻州市", id, new DateOnly(2024, 1, 25));
        using var ms = new MemoryStream();
        NoticeDocx.Write(ms, n, new NoticeFonts());
        return ms.ToArray();
    }

    /// <summary>One deterministic mutation of a sample, and what it was.</summary>
    internal static (byte[] File, string How) Mutate(byte[] src, Random rng, bool zip)
    {
        var op = rng.Next(zip ? 7 : 5);
        var b = src.ToArray();
        switch (op)
        {
            case 0:
                var flips = 1 + rng.Next(16);
                for (var k = 0; k < flips; k++) b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
                return (b, $"{flips} bit flips");
            case 1:
                var cut = rng.Next(b.Length);
                return (b[..cut], $"truncated at {cut}");
            case 2:
                var at = rng.Next(b.Length);
                var junk = new byte[1 + rng.Next(64)];
                rng.NextBytes(junk);
                return ([.. b[..at], .. junk, .. b[at..]], $"{junk.Length} bytes inserted at {at}");
            case 3:
                var from = rng.Next(b.Length);
                var run = Math.Min(b.Length - from, 1 + rng.Next(256));
                rng.NextBytes(b.AsSpan(from, run));
                return (b, $"{run} bytes overwritten at {from}");
            case 4:
                // text-level: a huge number, a control character or an unpaired surrogate byte sequence
                var text = new[] { "99999999999999999999999999999", "\0", "\u001b[31m", "-1e309", "\"", "\uFFFE" }[rng.Next(6)];
                var pos = rng.Next(b.Length);
                return ([.. b[..pos], .. Encoding.UTF8.GetBytes(text), .. b[pos..]], $"\"{text.Replace("\0", "\\0", StringComparison.Ordinal)}\" inserted at {pos}");
            case 5:
                return MangleEntry(src, rng);
            default:
                // the central directory at the end of the file
                var tail = Math.Min(b.Length, 200);
                var flip = b.Length - 1 - rng.Next(tail);
                b[flip] ^= (byte)(1 + rng.Next(255));
                return (b, $"central directory byte {flip} changed");
        }
    }

    private static (byte[], string) MangleEntry(byte[] src, Random rng)
    {
        using var input = new ZipArchive(new MemoryStream(src), ZipArchiveMode.Read);
        var entries = input.Entries.Select(e => (e.FullName, Content: Read(e))).ToList();
        var victim = rng.Next(entries.Count);
        var how = rng.Next(5);
        using var ms = new MemoryStream();
        using (var output = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var (name, content) = entries[i];
                if (i == victim)
                {
                    switch (how)
                    {
                        case 0: continue; // dropped
                        case 1: name += ".bak"; break;
                        case 2: content = content[..rng.Next(content.Length + 1)]; break;
                        case 3:
                            content = [.. Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"), .. content];
                            break;
                        default:
                            content = content.ToArray();
                            for (var k = 0; k < 8 && content.Length > 0; k++) content[rng.Next(content.Length)] = (byte)"<>&\"'/ x9"[rng.Next(9)];
                            break;
                    }
                }
                using var s = output.CreateEntry(name, CompressionLevel.Fastest).Open();
                s.Write(content);
            }
        }
        return (ms.ToArray(), $"entry {entries[victim].FullName} {new[] { "dropped", "renamed", "truncated", "given a DTD", "XML characters changed" }[how]}");
    }

    private static byte[] Read(ZipArchiveEntry e)
    {
        using var s = e.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
