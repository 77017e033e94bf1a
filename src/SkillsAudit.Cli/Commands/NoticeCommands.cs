using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Cli.Commands;

/// <summary>
/// `skillsaudit notice generate --year Y --region R [--campaign ID] --format docx|xlsx|pdf|html --out FILE`: the results
/// notice of seed 000's shape computed from the data (not stored). PDF needs Chromium (SKILLSAUDIT_CHROMIUM or
/// Publication__Chromium); without it the command says so and exits 1, writing nothing. Fonts: Publication__TitleFont,
/// Publication__BodyFont. Exit 0 written, 1 refused (bad region, unknown campaign, no Chromium), 2 usage error.
/// </summary>
public static class NoticeCommands
{
    public static Command Build(CliContext ctx)
    {
        var year = new Option<int>("--year") { Description = "年度", Required = true };
        var region = new Option<string>("--region") { Description = "地区（名称或代码，如 忻州市）", Required = true };
        var campaign = new Option<int?>("--campaign") { Description = "考核编号：加入“三、绩效考核基本情况”（等级分布）与附件中的自评、考核得分" };
        var format = new Option<string>("--format") { Description = "docx、xlsx（附件表格）、pdf 或 html", DefaultValueFactory = _ => "docx" };
        format.AcceptOnlyFromAmong("docx", "xlsx", "pdf", "html");
        var output = new Option<FileInfo>("--out") { Description = "输出文件", Required = true };
        var date = new Option<string?>("--date") { Description = "成文日期 yyyy-MM-dd（默认今天）" };
        var docNumber = new Option<string?>("--doc-number") { Description = "发文字号，如 忻人社函〔2024〕5号" };
        var generate = new Command("generate", "按《忻州市2023年度职业技能等级评价年度绩效考核工作情况》的格式生成结果公告（正文数字取自统计与考核结果）") { year, region, campaign, format, output, date, docNumber };
        generate.SetAction(async (p, ct) =>
        {
            var target = p.GetValue(output)!;
            if (target.Directory is { Exists: false } missingDir)
            {
                ctx.Error.WriteLine($"无法写入 {target.FullName}：目录 {missingDir.FullName} 不存在。");
                return 2;
            }
            DateOnly dated = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            if (p.GetValue(date) is { Length: > 0 } ds && !DateOnly.TryParseExact(ds.Trim(), "yyyy-MM-dd", out dated))
            {
                ctx.Error.WriteLine($"--date “{ds}” 应写作 yyyy-MM-dd。");
                return 2;
            }
            await using var sp = CliServices.Build(ctx);
            using var scope = sp.CreateScope();
            await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
            var content = await scope.ServiceProvider.GetRequiredService<NoticeGenerator>()
                .GenerateAsync(p.GetValue(year), p.GetValue(region)!, p.GetValue(campaign), dated, ct);
            if (p.GetValue(docNumber)?.Trim() is { Length: > 0 } dn) content = content with { DocumentNumber = dn };
            var fonts = scope.ServiceProvider.GetRequiredService<NoticeFonts>();
            byte[] bytes;
            try
            {
                var ms = new MemoryStream();
                switch (p.GetValue(format))
                {
                    case "xlsx": NoticeXlsx.Write(ms, content); bytes = ms.ToArray(); break;
                    case "html": bytes = System.Text.Encoding.UTF8.GetBytes(NoticeHtml.Document(content, fonts)); break;
                    case "pdf":
                        var started = System.Diagnostics.Stopwatch.StartNew();
                        var progress = new Progress<string>(step => ctx.Error.WriteLine($"PDF：{step}（{started.Elapsed.TotalSeconds:0.0} 秒）"));
                        bytes = await scope.ServiceProvider.GetRequiredService<NoticePdf>().RenderAsync(NoticeHtml.Document(content, fonts), progress, ct);
                        break;
                    default: NoticeDocx.Write(ms, content, fonts); bytes = ms.ToArray(); break;
                }
            }
            catch (UnavailableException e)
            {
                ctx.Error.WriteLine(e.Message);
                return 1;
            }
            await File.WriteAllBytesAsync(target.FullName, bytes, ct);
            foreach (var m in content.Missing) ctx.Error.WriteLine($"注意：缺少 {m}（文中以“待补”标出，发布前须补齐）");
            ctx.Out.WriteLine($"已生成 {content.FilledTitle}（{p.GetValue(format)}，附件 {content.Annexes.Count} 个）到 {target.FullName}");
            return 0;
        });
        return new Command("notice", "结果公告") { generate };
    }
}
