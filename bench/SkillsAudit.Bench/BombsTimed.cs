using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Data.Features.Rubrics;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Data.Files;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Bench;

/// <summary>
/// `bombs DIR`: generates hostile files (each well under 300 MB on disk; they unpack to gigabytes) into DIR and feeds
/// each, in a process of its own, to the importer that reads that kind of upload, printing the time to refusal, the
/// process's peak working set and the refusal. Target (issue 12): refused, and peak memory below 300 MB.
/// </summary>
public static class BombsTimed
{
    private static readonly (string Kind, string File, string Importer)[] Cases =
    [
        ("rows-rubric", "empty-rows.xlsx", "rubric import, dry run (RubricXlsxImport.Read)"),
        ("rows-stats", "empty-rows.xlsx", "statistics import, dry run (StatisticsImport)"),
        ("cell", "giant-cell.xlsx", "certificate / roster import (TabularReader)"),
        ("docx", "bomb.docx", "notice audit (NoticeDocument.ReadText)"),
        ("strings", "shared-strings.xlsx", "statistics import, dry run (StatisticsImport)"),
        ("yaml", "laughs.yaml", "rubric YAML (RubricLoader)"),
        ("csv", "one-line.csv", "roster / certificate import (TabularReader, csv)"),
    ];

    public static int Run(string[] args)
    {
        var dir = args.Length > 2 ? args[2] : args.Length > 1 ? args[1] : "/tmp/skillsaudit-bombs";
        if (args[0] == "bomb") return One(args[1], dir);
        Directory.CreateDirectory(dir);
        Generate(dir);
        var self = typeof(BombsTimed).Assembly.Location;
        Console.WriteLine("| file (on disk → unpacked) | importer | outcome | time | peak memory |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (kind, file, importer) in Cases)
        {
            var psi = new ProcessStartInfo("dotnet", [self, "bomb", kind, dir]) { RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            string Value(string key) => output.Split('\n').FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?[key.Length..].Trim() ?? "?";
            var size = new FileInfo(Path.Combine(dir, file)).Length;
            Console.WriteLine($"| {file} ({size / 1048576.0:0.0} MB) | {importer} | {Value("outcome:")} | {Value("@s")} s | {Value("@mb")} MB |");
        }
        return 0;
    }

    private static int One(string kind, string dir)
    {
        var sw = Stopwatch.StartNew();
        string outcome;
        try
        {
            outcome = kind switch
            {
                "rows-rubric" => Rubric(Path.Combine(dir, "empty-rows.xlsx")),
                "rows-stats" => Statistics(Path.Combine(dir, "empty-rows.xlsx"), dir).GetAwaiter().GetResult(),
                "strings" => Statistics(Path.Combine(dir, "shared-strings.xlsx"), dir).GetAwaiter().GetResult(),
                "cell" => Tabular(Path.Combine(dir, "giant-cell.xlsx")),
                "csv" => Tabular(Path.Combine(dir, "one-line.csv")),
                "docx" => Docx(Path.Combine(dir, "bomb.docx")),
                "yaml" => Yaml(Path.Combine(dir, "laughs.yaml")),
                _ => throw new ArgumentException(kind),
            };
        }
        catch (FileReadException e)
        {
            outcome = "refused: " + e.Message;
        }
        sw.Stop();
        Console.WriteLine("outcome: " + outcome.Replace('|', '/').Replace('\n', ' '));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@s {sw.Elapsed.TotalSeconds:0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"@mb {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0}"));
        return 0;
    }

    private static string Rubric(string path)
    {
        using var fs = File.OpenRead(path);
        var result = RubricXlsxImport.Read(fs, Path.GetFileName(path), new RubricImportMetadata("bomb", "bomb", 2026, "grades", "", ""));
        return result.Succeeded ? "ACCEPTED" : "refused: " + string.Join("；", result.ToReport(Path.GetFileName(path)).Errors.Take(2).Select(e => e.Message));
    }

    private static async Task<string> Statistics(string path, string dir)
    {
        var dbFile = Path.Combine(dir, "bombs.db");
        var options = new DbContextOptionsBuilder<AppDb>();
        DbSetup.Configure(options, $"Data Source={dbFile}");
        await using var db = new AppDb(options.Options, new FixedActor("bench"));
        await DbSetup.MigrateAsync(db);
        var report = await new StatisticsImport(db, new StatisticsImportOptions(), new SkillsAudit.Data.Access.AccessGuard(db, new SkillsAudit.Data.Access.OperatorActor("bench")))
            .ImportAsync(path, null, dryRun: true);
        return report.Succeeded && report.Rows > 0 ? $"ACCEPTED ({report.Rows} rows)" : "refused: " + string.Join("；", report.Errors.Take(2).Select(e => e.Message));
    }

    private static string Tabular(string path)
    {
        using var fs = File.OpenRead(path);
        var rows = TabularReader.ReadRows(fs, Path.GetFileName(path)).Where(r => !r.IsEmpty).ToList();
        return $"ACCEPTED ({rows.Count} rows)";
    }

    private static string Docx(string path)
    {
        using var fs = File.OpenRead(path);
        return $"ACCEPTED ({NoticeDocument.ReadText(fs, Path.GetFileName(path)).Length} chars)";
    }

    private static string Yaml(string path)
    {
        var result = RubricLoader.TryLoadFile(path);
        return result.Succeeded ? "ACCEPTED" : "refused: " + result.Errors[0].Message;
    }

    private static void Generate(string dir)
    {
        void Once(string name, Action<string> make)
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path)) make(path);
        }
        // 1,048,576 rows that hold nothing, in a sheet that claims 1,024 columns (the issue's "2 MB xlsx of empty rows").
        Once("empty-rows.xlsx", p => Xlsx(p, sheet: w =>
        {
            w.Write("<dimension ref=\"A1:AMJ1048576\"/><sheetData>");
            for (var r = 1; r <= 1_048_576; r++) w.Write($"<row r=\"{r}\"/>");
            w.Write("</sheetData>");
        }));
        // One cell of 1 GiB of text (the issue's "1 MB xlsx holding one 1 GiB cell").
        Once("giant-cell.xlsx", p => Xlsx(p, sheet: w =>
        {
            w.Write("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>");
            Repeat(w, 'A', 1L << 30);
            w.Write("</t></is></c></row></sheetData>");
        }));
        // 2 GiB of shared strings, a few characters each.
        Once("shared-strings.xlsx", p => Xlsx(p, sheet: w => w.Write("<sheetData/>"), strings: w =>
        {
            w.Write("<sst>");
            for (long i = 0; i < 120_000_000; i++) w.Write("<si><t>x</t></si>");
            w.Write("</sst>");
        }));
        // A Word document whose body unpacks to 1 GiB of paragraphs (the issue's "3 MB docx").
        Once("bomb.docx", p =>
        {
            using var zip = ZipFile.Open(p, ZipArchiveMode.Create);
            Part(zip, "[Content_Types].xml", w => w.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"));
            Part(zip, "_rels/.rels", w => w.Write("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"));
            Part(zip, "word/document.xml", w =>
            {
                w.Write("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
                const string para = "<w:p><w:r><w:t>忻州市职业技能等级评价机构年度评估结果公示</w:t></w:r></w:p>";
                for (long n = 0; n < (1L << 30) / para.Length; n++) w.Write(para);
                w.Write("</w:body></w:document>");
            });
        });
        // The "billion laughs": ten levels of aliases, each ten times the one before.
        Once("laughs.yaml", p =>
        {
            var sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
            for (var i = 1; i < 10; i++)
            {
                var prev = (char)('a' + i - 1);
                sb.Append(CultureInfo.InvariantCulture, $"{(char)('a' + i)}: &{(char)('a' + i)} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n");
            }
            File.WriteAllText(p, sb.ToString());
        });
        // 40 MB of csv without a line break.
        Once("one-line.csv", p =>
        {
            using var w = new StreamWriter(p);
            w.Write("姓名,");
            Repeat(w, 'x', 40L << 20);
        });
    }

    private static void Repeat(TextWriter w, char c, long count)
    {
        var chunk = new string(c, 1 << 16);
        for (long done = 0; done < count; done += chunk.Length) w.Write(chunk);
    }

    private static void Xlsx(string path, Action<TextWriter> sheet, Action<TextWriter>? strings = null)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Part(zip, "[Content_Types].xml", w => w.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"));
        Part(zip, "_rels/.rels", w => w.Write("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
        Part(zip, "xl/workbook.xml", w => w.Write("<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
        Part(zip, "xl/_rels/workbook.xml.rels", w => w.Write("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"));
        if (strings is not null) Part(zip, "xl/sharedStrings.xml", strings);
        Part(zip, "xl/worksheets/sheet1.xml", w =>
        {
            w.Write("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
            sheet(w);
            w.Write("</worksheet>");
        });
    }

    private static void Part(ZipArchive zip, string name, Action<TextWriter> write)
    {
        using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false), 1 << 16);
        write(w);
    }
}
