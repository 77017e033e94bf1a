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

    private sealed record Target(string Name, string Url, string FileName, byte[] Sample, bool Zip, int Count);

    [Fact]
    public async Task A_thousand_mutated_files_get_a_chinese_refusal_or_success_never_a_500()
    {
        var officer = await app.OfficerAsync();
        var filingsXlsx = await officer.GetByteArrayAsync("/api/filings/export.xlsx");
        var template = await officer.GetByteArrayAsync("/api/statistics/template.xlsx?year=2025");
        var statsCsv = Encoding.UTF8.GetBytes("备案编号,机构名称,职业,等级,评价人数,合格人数\nY000014090001,忻州市高级技工学校,电工,四级,120,96\nY000014090001,忻州市高级技工学校,焊工,五级,80,70\n");
        var certCsv = Encoding.UTF8.GetBytes("姓名,身份证号码,职业,等级,证书编号,发证日期\n张三," + RulesKit.Id(1) + ",电工,4,Y140900000001,2025-08-01\n");
        var docx = await NoticeDocxAsync();
        var filing = await app.WithAsync(sp => sp.GetRequiredService<AppDb>().Filings.Where(f => f.RegionCode.StartsWith("1409")).Select(f => f.Id).FirstAsync());
        Target[] targets =
        [
            new("rubric import (xlsx)", "/api/rubrics/import?dryRun=true", "评估表.xlsx", filingsXlsx, true, 200),
            new("certificate import (xlsx)", $"/api/certificates/import?filingId={filing}&year=2025&dryRun=true", "名册.xlsx", filingsXlsx, true, 150),
            new("statistics import (xlsx)", "/api/statistics/import?dryRun=true&year=2025", "统计.xlsx", template, true, 200),
            new("statistics import (csv)", "/api/statistics/import?dryRun=true&year=2025", "统计.csv", statsCsv, false, 100),
            new("certificate import (csv)", $"/api/certificates/import?filingId={filing}&year=2025&dryRun=true", "名册.csv", certCsv, false, 100),
            new("notice audit (docx)", "/api/audit-notice?offline=true", "公告.docx", docx, true, 200),
        ];
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
                using var form = new MultipartFormDataContent();
                var content = new ByteArrayContent(file);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(content, "file", t.FileName);
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

    /// <summary>
    /// An import that writes (no dry run): the roster. Its unmutated sample is accepted (so that
    /// mutations reach past the header checks); every mutated file that is refused leaves the row count as it was.
    /// </summary>
    [Fact]
    public async Task A_refused_roster_import_writes_nothing()
    {
        var officer = await app.OfficerAsync();
        var rosterCsv = Encoding.UTF8.GetBytes("姓名,工作单位,所在县区,专业（职业代码）,专家,检查人员,账号,电话,回避备案\n赵模糊,忻州市模糊测试单位,忻府区,4-03-02-01,是,否,,,\n钱模糊,忻州市模糊测试单位,忻府区,,否,是,,,\n");
        (string Name, string Url, string FileName, byte[] Sample, Func<AppDb, Task<int>> Rows)[] targets =
        [
            ("roster import (csv)", "/api/roster/import", "专家库.csv", rosterCsv, db => db.Roster.CountAsync()),
        ];
        async Task<(HttpResponseMessage Res, string Body)> PostAsync(string url, string fileName, byte[] file)
        {
            using var form = new MultipartFormDataContent();
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "file", fileName);
            var res = await officer.PostAsync(url, form);
            return (res, await res.Content.ReadAsStringAsync());
        }
        static bool Refused(HttpResponseMessage res, string body) =>
            !res.IsSuccessStatusCode || (body.Contains("\"errors\":[\"", StringComparison.Ordinal));

        var rng = new Random(Seed + 1);
        var failures = new List<string>();
        foreach (var t in targets)
        {
            var (valid, validBody) = await PostAsync(t.Url + (t.Url.Contains('?') ? "&" : "?") + "dryRun=true", t.FileName, t.Sample);
            Refused(valid, validBody).ShouldBeFalse($"{t.Name}: the unmutated sample is refused: {validBody}");
            int refused = 0, accepted = 0;
            for (var i = 0; i < 60; i++)
            {
                var (file, how) = Mutate(t.Sample, rng, zip: false);
                var before = await app.WithAsync(sp => t.Rows(sp.GetRequiredService<AppDb>()));
                var (res, body) = await PostAsync(t.Url, t.FileName, file);
                if ((int)res.StatusCode >= 500) { failures.Add($"{t.Name} #{i} ({how}): {(int)res.StatusCode}"); continue; }
                if (!Refused(res, body)) { accepted++; continue; }
                refused++;
                var after = await app.WithAsync(sp => t.Rows(sp.GetRequiredService<AppDb>()));
                if (after != before) failures.Add($"{t.Name} #{i} ({how}): refused but rows {before} → {after}: {Short(body)}");
            }
            output.WriteLine($"{t.Name}: 60 mutated files written for real, {accepted} accepted, {refused} refused (row counts unchanged on each refusal)");
            refused.ShouldBeGreaterThan(0, $"{t.Name}: no mutation was refused, the check proves nothing");
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
