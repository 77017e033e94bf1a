using System.Globalization;
using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Cli.Commands;

/// <summary>`skillsaudit stats import|check|summary|export`: annual statistics (seed 000 附件1/附件2, seed 001 附件2).</summary>
public static class StatisticsCommands
{
    public static Command Build(CliContext ctx)
    {
        var stats = new Command("stats", "年度评价统计");

        var file = new Argument<FileInfo>("FILE") { Description = "xlsx、xls、csv，或含表格的 md/txt/tsv（如《忻州市2023年度职业技能等级评价年度绩效考核工作情况》附件）" };
        var year = new Option<int?>("--year") { Description = "统计年度（表中没有“年度”列、表头也未写年份时必填）" };
        var importJson = new Option<bool>("--json") { Description = "输出导入报告 JSON（错误、提示、行数）" };
        var import = new Command("import", "导入统计：全部检查通过才写入；同一备案同一年度的旧数据被替换") { file, year, importJson };
        import.SetAction((p, ct) => RunImport(ctx, p.GetValue(file)!, p.GetValue(year), dryRun: false, p.GetValue(importJson), ct));
        stats.Subcommands.Add(import);

        var checkFile = new Argument<FileInfo>("FILE") { Description = "要检查的文件" };
        var checkYear = new Option<int?>("--year") { Description = "统计年度" };
        var checkJson = new Option<bool>("--json") { Description = "输出检查报告 JSON（错误、提示、行数）" };
        var check = new Command("check", "只检查统计文件，不写入") { checkFile, checkYear, checkJson };
        check.SetAction((p, ct) => RunImport(ctx, p.GetValue(checkFile)!, p.GetValue(checkYear), dryRun: true, p.GetValue(checkJson), ct));
        stats.Subcommands.Add(check);

        var sYear = new Option<int>("--year") { Description = "统计年度", Required = true };
        var sRegion = new Option<string?>("--region") { Description = "地区名称或代码，含下级，如 忻州市" };
        var json = new Option<bool>("--json") { Description = "输出 JSON" };
        var names = new Option<bool>("--names") { Description = "列出已开展、未开展评价的机构名称" };
        var summary = new Command("summary", "地区年度汇总：组织评价、合格、合格率、各等级、省属/市属、已开展/未开展") { sYear, sRegion, json, names };
        summary.SetAction(async (p, ct) =>
        {
            await using var sp = CliServices.Build(ctx);
            using var scope = sp.CreateScope();
            await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
            var s = await scope.ServiceProvider.GetRequiredService<StatisticsQueries>().SummaryAsync(p.GetValue(sYear), p.GetValue(sRegion), p.GetValue(names), ct);
            if (p.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(s, FilingCommands.Json));
                return 0;
            }
            ctx.Out.WriteLine($"{s.Region} {s.Year} 年：组织评价 {s.Assessed} 人，合格 {s.Passed?.ToString(CultureInfo.InvariantCulture) ?? "未知"} 人，合格率 {Rates.FormatPercent(s.PassRate)}。{Levels(s.ByLevel)}");
            ctx.Out.WriteLine($"  省属：组织评价 {s.BySupervision.Province.Assessed} 人，合格 {s.BySupervision.Province.Passed} 人，合格率 {Rates.FormatPercent(s.BySupervision.Province.PassRate)}。{Levels(s.BySupervision.Province.ByLevel)}");
            ctx.Out.WriteLine($"  市属：组织评价 {s.BySupervision.City.Assessed} 人，合格 {s.BySupervision.City.Passed} 人，合格率 {Rates.FormatPercent(s.BySupervision.City.PassRate)}。{Levels(s.BySupervision.City.ByLevel)}");
            ctx.Out.WriteLine($"  备案机构 {s.Filings} 个：已开展评价 {s.Conducted} 个，未开展 {s.NotConducted} 个。");
            if (s.ConductedNames.Count > 0) ctx.Out.WriteLine($"  已开展：{string.Join("、", s.ConductedNames)}");
            if (s.NotConductedNames.Count > 0) ctx.Out.WriteLine($"  未开展：{string.Join("、", s.NotConductedNames)}");
            if (s.RecordsWithoutPassed > 0) ctx.Out.WriteLine($"  注意：{s.RecordsWithoutPassed} 条记录只填了组织评价人数、未填合格人数，已计入组织评价，未计入合格。");
            return 0;
        });
        stats.Subcommands.Add(summary);

        var eYear = new Option<int>("--year") { Description = "统计年度", Required = true };
        var eRegion = new Option<string?>("--region") { Description = "地区，含下级" };
        var eSupervision = new Option<string?>("--supervision") { Description = "省属 / 市属" };
        var eType = new Option<string?>("--type") { Description = "机构类型" };
        var eOccupation = new Option<string?>("--occupation") { Description = "职业代码或名称" };
        var format = new Option<string>("--format") { Description = "xlsx 或 csv", DefaultValueFactory = _ => "xlsx" };
        format.AcceptOnlyFromAmong("xlsx", "csv");
        var output = new Option<FileInfo>("--out") { Description = "输出文件", Required = true };
        var export = new Command("export", "按《忻州市2023年度职业技能等级评价年度绩效考核工作情况》附件格式导出（省属、市属分表，两行合并表头，合计行）") { eYear, eRegion, eSupervision, eType, eOccupation, format, output };
        export.SetAction(async (p, ct) =>
        {
            await using var sp = CliServices.Build(ctx);
            using var scope = sp.CreateScope();
            await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
            var filter = new StatisticsFilter
            {
                Year = p.GetValue(eYear), Region = p.GetValue(eRegion), Supervision = p.GetValue(eSupervision),
                Type = p.GetValue(eType), Occupation = p.GetValue(eOccupation),
            };
            var rows = await scope.ServiceProvider.GetRequiredService<StatisticsQueries>().RowsAsync(filter, null, ct);
            var tables = StatisticsExport.BuildAnnexTables(rows, filter.Year!.Value, RegionLabel(filter.Region));
            var target = p.GetValue(output)!;
            await using (var fs = target.Create())
            {
                if (p.GetValue(format) == "csv") StatisticsExport.WriteCsv(fs, tables);
                else StatisticsExport.WriteXlsx(fs, tables, StatisticsExport.Maker(filter.Region, DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))));
            }
            ctx.Out.WriteLine($"已导出 {tables.Count} 张表、{tables.Sum(t => t.Lines.Count)} 个机构到 {target.FullName}");
            return 0;
        });
        stats.Subcommands.Add(export);
        return stats;
    }

    /// <summary>"忻州市" → "忻州市" (seed 000 附件2 is "忻州市属"); no region → "市".</summary>
    public static string RegionLabel(string? region) =>
        region is null ? "市" : SkillsAudit.Domain.Registry.Regions.Find(region)?.Name ?? region;

    private static string Levels(IReadOnlyList<LevelFigure> levels) =>
        levels.All(l => l.Passed is null) ? "" : "其中：" + string.Join("、", levels.Where(l => l.Passed is not null).Select(l => $"{l.Name} {l.Passed} 人")) + "。";

    private static async Task<int> RunImport(CliContext ctx, FileInfo path, int? year, bool dryRun, bool json, CancellationToken ct)
    {
        if (!path.Exists)
        {
            ctx.Error.WriteLine($"找不到文件：{path.FullName}");
            return 2;
        }
        await using var sp = CliServices.Build(ctx);
        using var scope = sp.CreateScope();
        await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
        var importer = scope.ServiceProvider.GetRequiredService<StatisticsImport>();
        if (json)
        {
            // Only the report on standard output (no progress bar); the exit code says whether it was accepted.
            StatisticsImportReport result;
            await using (var stream = path.OpenRead()) result = await importer.ImportAsync(stream, path.Name, year, dryRun, null, ct);
            ctx.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(result, FilingCommands.Json));
            return result.Succeeded ? 0 : 1;
        }
        var report = await FileProgress.RunAsync(ctx, path, dryRun ? "检查" : "导入", (stream, tick) =>
            importer.ImportAsync(stream, path.Name, year, dryRun, tick is null ? null : new Progress<long>(_ => tick()), ct));
        foreach (var w in report.Warnings.Take(50)) ctx.Out.WriteLine("  注意：" + w);
        if (report.Warnings.Count > 50) ctx.Out.WriteLine($"  （另有 {report.Warnings.Count - 50} 条提示）");
        if (!report.Succeeded && report.Errors is [{ Row: null, Sheet: null } whole] && report.MoreErrors == 0)
        {
            // The file as a whole was refused (unreadable, too large): one line.
            ctx.Error.WriteLine($"{(whole.Message.StartsWith(report.File, StringComparison.Ordinal) ? "" : report.File + "：")}{whole.Message.TrimEnd('。')}，未写入任何数据。");
            return 1;
        }
        if (!report.Succeeded)
        {
            ctx.Error.WriteLine($"{report.File}：发现 {report.Errors.Count + report.MoreErrors} 处错误，未写入任何数据。");
            foreach (var e in report.Errors) ctx.Error.WriteLine("  " + e);
            if (report.MoreErrors > 0) ctx.Error.WriteLine($"  （另有 {report.MoreErrors} 处错误未列出）");
            return 1;
        }
        ctx.Out.WriteLine(dryRun
            ? $"{report.File}：{report.Tables} 张表、{report.Rows} 行检查通过（未写入）。"
            : $"{report.File}：已导入 {report.Written} 条统计（{string.Join("、", report.Years)} 年），替换旧数据 {report.Replaced} 条。");
        return 0;
    }
}
