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
        var generate = new Command("generate", "按 seed 000 格式生成结果公告（正文数字取自统计与考核结果）") { year, region, campaign, format, output };
        generate.SetAction(async (p, ct) =>
        {
            await using var sp = CliServices.Build(ctx);
            using var scope = sp.CreateScope();
            await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
            var content = await scope.ServiceProvider.GetRequiredService<NoticeGenerator>()
                .GenerateAsync(p.GetValue(year), p.GetValue(region)!, p.GetValue(campaign), DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)), ct);
            var fonts = scope.ServiceProvider.GetRequiredService<NoticeFonts>();
            var target = p.GetValue(output)!;
            byte[] bytes;
            try
            {
                var ms = new MemoryStream();
                switch (p.GetValue(format))
                {
                    case "xlsx": NoticeXlsx.Write(ms, content); bytes = ms.ToArray(); break;
                    case "html": bytes = System.Text.Encoding.UTF8.GetBytes(NoticeHtml.Document(content, fonts)); break;
                    case "pdf": bytes = await scope.ServiceProvider.GetRequiredService<NoticePdf>().RenderAsync(NoticeHtml.Document(content, fonts), ct); break;
                    default: NoticeDocx.Write(ms, content, fonts); bytes = ms.ToArray(); break;
                }
            }
            catch (UnavailableException e)
            {
                ctx.Error.WriteLine(e.Message);
                return 1;
            }
            await File.WriteAllBytesAsync(target.FullName, bytes, ct);
            ctx.Out.WriteLine($"已生成 {content.FilledTitle}（{p.GetValue(format)}，附件 {content.Annexes.Count} 个）到 {target.FullName}");
            return 0;
        });
        return new Command("notice", "结果公告（seed 000）") { generate };
    }
}
