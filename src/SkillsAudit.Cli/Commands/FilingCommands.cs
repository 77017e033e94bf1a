using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Registry;

namespace SkillsAudit.Cli.Commands;

public static class FilingCommands
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Command Build(CliContext ctx)
    {
        var filings = new Command("filings", "备案登记");

        var region = new Option<string?>("--region") { Description = "地区名称或代码，含下级，如 忻州市" };
        var type = new Option<string?>("--type") { Description = "机构类型：用人单位 / 职业院校 / 社会培训评价组织 / 未注明" };
        var supervision = new Option<string?>("--supervision") { Description = "省属 / 市属" };
        var status = new Option<string?>("--status") { Description = "状态" };
        var occupation = new Option<string?>("--occupation") { Description = "职业代码或名称" };
        var q = new Option<string?>("--q") { Description = "名称、备案号或信用代码" };
        var json = new Option<bool>("--json") { Description = "输出 JSON 数组（全部匹配的备案，不分页）" };
        var list = new Command("list", "列出备案") { region, type, supervision, status, occupation, q, json };
        list.SetAction(async (p, ct) =>
        {
            await using var sp = CliServices.Build(ctx);
            using var scope = sp.CreateScope();
            await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
            var rows = await scope.ServiceProvider.GetRequiredService<FilingSearch>().AllAsync(new FilingQuery
            {
                Region = p.GetValue(region), Type = p.GetValue(type), Supervision = p.GetValue(supervision),
                Status = p.GetValue(status), Occupation = p.GetValue(occupation), Q = p.GetValue(q),
            }, ct);
            if (p.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(rows, Json));
                return 0;
            }
            foreach (var r in rows)
                ctx.Out.WriteLine($"{r.Id,5}  {r.Number ?? "未注明",-13}  {r.SupervisionLabel,-3}  {r.StatusLabel,-6}  {r.RegionName,-12}  {r.EntityName}");
            ctx.Out.WriteLine($"共 {rows.Count} 条");
            return 0;
        });
        filings.Subcommands.Add(list);

        var file = new Argument<FileInfo>("FILE") { Description = "xlsx、xls 或 csv，表头为中文" };
        var defaultRegion = new Option<string?>("--region") { Description = "文件没有“所在地区”列时使用的地区" };
        var dryRun = new Option<bool>("--check") { Description = "只检查，不写入" };
        var import = new Command("import", "从表格导入备案：备案号（或机构与类型）已登记的行修改该备案，其余新增；任何一行有误则全部不写入") { file, defaultRegion, dryRun };
        import.SetAction(async (p, ct) =>
        {
            var path = p.GetValue(file)!;
            if (!path.Exists)
            {
                ctx.Error.WriteLine($"找不到文件：{path.FullName}");
                return 2;
            }
            await using var sp = CliServices.Build(ctx);
            using var scope = sp.CreateScope();
            await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
            var importer = scope.ServiceProvider.GetRequiredService<FilingImport>();
            var report = await FileProgress.RunAsync(ctx, path, p.GetValue(dryRun) ? "检查" : "导入", (stream, tick) =>
                importer.ImportAsync(stream, path.Name, p.GetValue(defaultRegion), tick is null ? null : new Progress<int>(_ => tick()), p.GetValue(dryRun), ct));
            if (!report.Succeeded && report.Errors is [{ Row: 0 } whole])
            {
                // The file as a whole was refused (unreadable): one line.
                ctx.Error.WriteLine($"{(whole.Message.StartsWith(report.File, StringComparison.Ordinal) ? "" : report.File + "：")}{whole.Message.TrimEnd('。')}，未写入任何数据。");
                return 1;
            }
            if (!report.Succeeded)
            {
                ctx.Error.WriteLine($"{report.File}：发现 {report.Errors.Count} 处错误，未写入任何数据。");
                foreach (var e in report.Errors) ctx.Error.WriteLine("  " + e);
                return 1;
            }
            foreach (var item in report.Items) ctx.Out.WriteLine("  " + FilingImportText.Describe(item));
            ctx.Out.WriteLine(p.GetValue(dryRun)
                ? $"{report.File}：{report.Rows} 行检查通过（未写入）：{FilingImportText.Summary(report)}。"
                : $"{report.File}：已导入，{FilingImportText.Summary(report)}。");
            return 0;
        });
        filings.Subcommands.Add(import);

        var output = new Argument<FileInfo>("FILE.xlsx") { Description = "输出文件" };
        var exportRegion = new Option<string?>("--region") { Description = "地区，含下级" };
        var export = new Command("export", "导出备案为 xlsx（表头与导入相同）") { output, exportRegion };
        export.SetAction(async (p, ct) =>
        {
            await using var sp = CliServices.Build(ctx);
            using var scope = sp.CreateScope();
            await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
            var rows = await scope.ServiceProvider.GetRequiredService<FilingSearch>().ExportAsync(new FilingQuery { Region = p.GetValue(exportRegion) }, ct);
            var target = p.GetValue(output)!;
            await using (var fs = target.Create()) FilingExport.WriteXlsx(fs, rows);
            ctx.Out.WriteLine($"已导出 {rows.Count} 条备案到 {target.FullName}");
            return 0;
        });
        filings.Subcommands.Add(export);
        return filings;
    }
}
