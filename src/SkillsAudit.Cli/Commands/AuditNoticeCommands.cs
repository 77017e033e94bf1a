using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Publication;
using SkillsAudit.Domain.Publication;
using SkillsAudit.Domain.Common;
using SkillsAudit.Data.Files;

namespace SkillsAudit.Cli.Commands;

/// <summary>
/// `skillsaudit audit-notice FILE [--json] [--offline] [--against FILE [--against-title T]]`: audits a published notice (.txt/.md with pipe or tab tables,
/// or .docx) and prints every inconsistency (docs/notice-audit.md). Names are also compared with the registry when a
/// database is configured (ConnectionStrings__Default) and --offline is not given. Exit 0 when the notice was audited
/// (whatever it found), 1 when the file cannot be read, 2 on a usage error.
/// </summary>
public static class AuditNoticeCommands
{
    public static Command Build(CliContext ctx)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "公告文件：txt、md（表格为 | 分隔或制表符分隔）或 docx" };
        var json = new Option<bool>("--json") { Description = "输出 JSON：{ findings: [{ kind, severity, location, stated, computed, message }], summary }" };
        var offline = new Option<bool>("--offline") { Description = "不对照备案登记，只核对公告内部" };
        var against = new Option<FileInfo?>("--against") { Description = "对照文件：同一考核的另一份文件（如工作方案），核对机构数、开展情况和名称" };
        var againstTitle = new Option<string?>("--against-title") { Description = "对照文件的标题（默认用文件名）" };
        var command = new Command("audit-notice", "公告核查：表格合计、合格率、百分比、等级/星级分布、数量与名单、名称写法、重复列出；可对照同一考核的另一份文件")
            { file, json, offline, against, againstTitle };
        command.SetAction(async (p, ct) =>
        {
            var info = p.GetValue(file)!;
            if (!info.Exists)
            {
                ctx.Error.WriteLine($"找不到文件：{info.FullName}");
                return 1;
            }
            var referenceInfo = p.GetValue(against);
            if (referenceInfo is { Exists: false })
            {
                ctx.Error.WriteLine($"找不到对照文件：{referenceInfo.FullName}");
                return 1;
            }
            NoticeAuditReport report;
            try
            {
                string text;
                await using (var stream = info.OpenRead()) text = NoticeDocument.ReadText(stream, info.Name);
                NoticeReference? reference = null;
                if (referenceInfo is not null)
                {
                    await using var referenceStream = referenceInfo.OpenRead();
                    var referenceFile = new ReferenceFile(referenceStream, referenceInfo.Name, p.GetValue(againstTitle));
                    reference = new NoticeReference(referenceFile.Title, NoticeDocument.ReadText(referenceStream, referenceInfo.Name));
                }
                IReadOnlyCollection<RegisteredName>? registry = null;
                if (!p.GetValue(offline) && ctx.ConnectionString is { Length: > 0 })
                {
                    await using var sp = CliServices.Build(ctx);
                    using var scope = sp.CreateScope();
                    await DbSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), ct);
                    registry = await scope.ServiceProvider.GetRequiredService<NoticeAuditService>().RegistryNamesAsync(ct);
                }
                report = NoticeAudit.Run(text, registry, reference);
            }
            catch (FileReadException e)
            {
                ctx.Error.WriteLine(e.Message);
                return 1;
            }
            var view = report.ToView(info.Name);
            if (p.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(view, NoticeAuditJson.Options));
                return 0;
            }
            var s = view.Summary;
            ctx.Out.WriteLine($"公告核查 {info.Name}：错误 {s.Errors}，警告 {s.Warnings}，提示 {s.Infos}（核查表格 {s.TablesAudited} 个、名单 {s.ListsAudited} 个、文中数字 {s.StatementsChecked} 处；{(s.RegistryChecked ? "已" : "未")}对照备案登记{(s.ComparedWith is { } cw ? $"；已对照《{cw}》" : "")}）");
            foreach (var f in view.Findings)
            {
                var where = string.Join(" ", new[]
                {
                    f.Location.Line is { } l ? $"第{l}行" : null, f.Location.Table, f.Location.Row is { } r ? $"[{r}]" : null, f.Location.Column,
                }.Where(x => x is not null));
                ctx.Out.WriteLine($"[{NoticeAuditJson.Chinese(f.Severity)}] {where}  {f.Kind}");
                ctx.Out.WriteLine($"    {f.Message}");
            }
            if (view.Findings.Count == 0) ctx.Out.WriteLine("未发现不一致。");
            return 0;
        });
        return command;
    }
}
