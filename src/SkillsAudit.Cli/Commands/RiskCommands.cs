using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data.Features.Risk;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Risk;

namespace SkillsAudit.Cli.Commands;

/// <summary>`skillsaudit risk list|show|explain|config|record|export`: risk-based supervision, the same handlers as the page and the API.</summary>
public static class RiskCommands
{
    private static Task<int> Run(CliContext ctx, Func<IServiceProvider, Task<int>> action, CancellationToken ct) => CliServices.RunAsync(ctx, action, ct);

    private static void Json(CliContext ctx, object value) => ctx.Out.WriteLine(JsonSerializer.Serialize(value, FilingCommands.Json));

    /// <summary>"高=0.5,中=0.2,低=0.05" → level name → ratio.</summary>
    public static Dictionary<string, decimal> ParseRatios(string? text)
    {
        var result = new Dictionary<string, decimal>();
        foreach (var part in (text ?? "").Split([',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            var level = kv.Length == 2 ? RiskNames.ParseLevel(kv[0]) : null;
            if (level is null || !decimal.TryParse(kv[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var ratio))
                throw new DomainException("ratios", $"“{part}”应写成 高=0.5 这样的形式");
            result[level.Value.Chinese()] = ratio;
        }
        return result;
    }

    public static Command Build(CliContext ctx)
    {
        var risk = new Command("risk", "风险监管：风险信号、风险等级及其依据");

        var year = new Option<int?>("--year") { Description = "年度（缺省为最近有统计的年度）" };
        var region = new Option<string?>("--region") { Description = "地区名称或代码" };
        var occupation = new Option<string?>("--occupation") { Description = "职业代码或名称" };
        var level = new Option<int?>("--level") { Description = "等级 1（高级技师）至 5（初级工）" };
        var riskLevel = new Option<string?>("--risk") { Description = "只列出此风险等级：高 / 中 / 低" };
        var json = new Option<bool>("--json");
        var list = new Command("list", "风险名单：按风险等级和风险分排序，附主要风险信号") { year, region, occupation, level, riskLevel, json };
        list.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var l = await sp.GetRequiredService<RiskHandlers>().ListAsync(new RiskFilter(p.GetValue(year), p.GetValue(region), p.GetValue(occupation), p.GetValue(level), p.GetValue(riskLevel)), ct);
            if (p.GetValue(json)) { Json(ctx, l); return 0; }
            ctx.Out.WriteLine($"{l.Region} {l.Year} 年度：高风险 {l.Counts[RiskLevel.High]} 个，中风险 {l.Counts[RiskLevel.Medium]} 个，低风险 {l.Counts[RiskLevel.Low]} 个");
            foreach (var r in l.Rows)
            {
                ctx.Out.WriteLine($"{r.LevelName}  {r.Score,5:0.##}  {r.Number ?? r.FilingId.ToString(CultureInfo.InvariantCulture),-13}  {r.Name}");
                foreach (var s in r.Raised.Take(3)) ctx.Out.WriteLine($"      {s.Name}：{s.Summary}");
            }
            return 0;
        }, ct));

        var filing = new Argument<string>("FILING") { Description = "备案号或编号" };
        var showYear = new Option<int?>("--year");
        var years = new Option<int>("--years") { DefaultValueFactory = _ => 5, Description = "显示最近几年" };
        var showJson = new Option<bool>("--json");
        var show = new Command("show", "一个机构历年的风险等级与各项信号") { filing, showYear, years, showJson };
        show.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var h = sp.GetRequiredService<RiskHandlers>();
            var d = await h.ShowAsync(await h.FilingIdAsync(p.GetValue(filing)!, ct), p.GetValue(showYear), p.GetValue(years), ct);
            if (p.GetValue(showJson)) { Json(ctx, d); return 0; }
            ctx.Out.WriteLine($"{d.Name}（{d.Number ?? "无备案号"}，{d.RegionName}）");
            foreach (var y in d.Timeline)
                ctx.Out.WriteLine($"  {y.Year} 年：{y.Level.Chinese()}风险，风险分 {y.Score:0.##}" + (y.Signals.Any(s => s.Raised) ? "；" + string.Join("、", y.Signals.Where(s => s.Raised).Select(s => s.Name)) : ""));
            foreach (var c in d.Changes) ctx.Out.WriteLine($"  变化记录 {c.Year} 年：{c.PreviousLevel ?? "（首次）"} → {c.Level}，{c.ChangedAt:yyyy-MM-dd}");
            return 0;
        }, ct));

        var efiling = new Argument<string>("FILING") { Description = "备案号或编号" };
        var eyear = new Option<int?>("--year");
        var ejson = new Option<bool>("--json") { Description = "输出 JSON（与 GET /api/risk/{filing}/explain 相同）" };
        var explain = new Command("explain", "逐项说明一个机构某年度的风险等级：每项信号的结果和依据数字") { efiling, eyear, ejson };
        explain.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var h = sp.GetRequiredService<RiskHandlers>();
            var d = await h.ShowAsync(await h.FilingIdAsync(p.GetValue(efiling)!, ct), p.GetValue(eyear), 1, ct);
            var y = d.Timeline[0];
            if (p.GetValue(ejson)) { Json(ctx, y); return 0; }
            ctx.Out.WriteLine($"{d.Name} {y.Year} 年度：{y.Level.Chinese()}风险（风险分 {y.Score:0.##}）");
            foreach (var s in y.Signals)
            {
                ctx.Out.WriteLine($"[{(s.Raised ? "触发" : "未触发")}] {s.Name}：{s.Summary}");
                foreach (var f in s.Figures.Where(f => f != s.Summary)) ctx.Out.WriteLine($"    {f}");
            }
            return 0;
        }, ct));

        var set = new Option<string[]>("--set") { Description = "修改一项，如 --set highFrom=4（可多次）", AllowMultipleArgumentsPerToken = true };
        var note = new Option<string?>("--note") { Description = "修改说明" };
        var cjson = new Option<bool>("--json");
        var config = new Command("config", "查看或修改风险权重、阈值与抽查比例（修改保留历次版本）") { set, note, cjson };
        config.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var h = sp.GetRequiredService<RiskHandlers>();
            var current = await h.ConfigAsync(ct);
            if (p.GetValue(set) is { Length: > 0 } changes)
            {
                var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
                var node = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(current, options))!.AsObject();
                foreach (var c in changes)
                {
                    var kv = c.Split('=', 2, StringSplitOptions.TrimEntries);
                    if (kv.Length != 2 || !node.ContainsKey(kv[0])) throw new DomainException("set", $"未知的设置“{c}”，可选：{string.Join("、", node.Select(x => x.Key))}");
                    if (!decimal.TryParse(kv[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) throw new DomainException(kv[0], $"“{kv[1]}”不是数字");
                    node[kv[0]] = v;
                }
                current = await h.SaveConfigAsync(node.Deserialize<RiskConfig>(options)!, p.GetValue(note), ct);
                ctx.Out.WriteLine("已保存");
            }
            Json(ctx, current);
            return 0;
        }, ct));

        var ryear = new Option<int?>("--year");
        var rregion = new Option<string?>("--region");
        var record = new Command("record", "重新计算并记录风险等级的变化（附理由）") { ryear, rregion };
        record.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var n = await sp.GetRequiredService<RiskHandlers>().RecordLevelsAsync(p.GetValue(rregion), p.GetValue(ryear), ct);
            ctx.Out.WriteLine($"记录了 {n} 个机构的风险等级变化");
            return 0;
        }, ct));

        var file = new Argument<string>("FILE") { Description = "导出的 xlsx 文件" };
        var xyear = new Option<int?>("--year");
        var xregion = new Option<string?>("--region");
        var export = new Command("export", "导出风险名单（xlsx）") { file, xyear, xregion };
        export.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var l = await sp.GetRequiredService<RiskHandlers>().ListAsync(new RiskFilter(p.GetValue(xyear), p.GetValue(xregion)), ct);
            await File.WriteAllBytesAsync(p.GetValue(file)!, RiskExport.Xlsx(l), ct);
            ctx.Out.WriteLine($"已导出 {l.Rows.Count} 个机构到 {p.GetValue(file)}");
            return 0;
        }, ct));

        foreach (var c in new[] { list, show, explain, config, record, export }) risk.Subcommands.Add(c);
        return risk;
    }
}
