using SkillsAudit.Domain.Common;
using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data.Features.Notifications;
using SkillsAudit.Data.Platform;

namespace SkillsAudit.Cli.Commands;

/// <summary>`notify list | remind | send`: the notifications, the deadline reminders and the mail outbox.</summary>
public static class NotifyCommands
{
    public static Command Build(CliContext ctx)
    {
        var notify = new Command("notify", "站内通知、截止提醒与邮件");
        var user = new Option<string?>("--user") { Description = "只列此用户的通知（默认全部用户）" };
        var take = new Option<int>("--take") { Description = "最多列出条数（默认 100）", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "以 JSON 输出" };
        var list = new Command("list", "列出通知，最新的在前") { user, take, json };
        list.SetAction((p, ct) => CliServices.RunAsync(ctx, async sp =>
        {
            var rows = await sp.GetRequiredService<NotificationHandlers>().AllAsync(p.GetValue(user), p.GetValue(take), ct);
            if (p.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(rows.Select(r => new
                {
                    r.View.Id, userName = r.UserName, r.View.Kind, r.View.KindName, r.View.Title, r.View.Text, r.View.Link, r.View.CreatedAt, r.View.ReadAt, mailState = r.MailState,
                }), FilingCommands.Json));
                return 0;
            }
            foreach (var (name, v, mail) in rows)
                ctx.Out.WriteLine($"{v.Id,6}  {v.CreatedAt.ToChinaMinutes()}  {name,-16} {(v.Read ? "已读" : "未读")}  {MailName(mail),-6} {v.KindName}：{v.Title}");
            ctx.Out.WriteLine($"共 {rows.Count} 条");
            return 0;
        }, ct));
        notify.Subcommands.Add(list);
        notify.Subcommands.Add(Job(ctx, "remind", "发出截止提醒（同一截止日期、同一提前天数只发一次）", NotificationServices.RemindersJob));
        notify.Subcommands.Add(Job(ctx, "send", "立即发送待发邮件（须配置 Mail:SmtpHost 和 Mail:SmtpFrom）", NotificationServices.OutboxJob));
        return notify;
    }

    private static Command Job(CliContext ctx, string name, string description, string job)
    {
        var c = new Command(name, description);
        c.SetAction((_, ct) => CliServices.RunAsync(ctx, async sp =>
        {
            var r = await sp.GetRequiredService<JobRunner>().RunNowAsync(job, "cli:" + Environment.UserName, ct);
            ctx.Out.WriteLine($"{r.Title}：{r.OutcomeName}。{r.Message}");
            return 0;
        }, ct));
        return c;
    }

    public static string MailName(string state) => state switch
    {
        MailStates.Pending => "待发邮件", MailStates.Sent => "已发邮件", MailStates.NoAddress => "无邮箱", MailStates.Failed => "邮件失败", MailStates.Expired => "未发邮件", _ => state,
    };
}
