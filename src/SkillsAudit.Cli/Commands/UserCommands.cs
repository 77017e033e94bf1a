using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data;
using SkillsAudit.Data.Demo;
using SkillsAudit.Data.Features.Accounts;
using SkillsAudit.Data.Features.People;
using SkillsAudit.Domain.Accounts;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Cli.Commands;

/// <summary>`skillsaudit users …` and `skillsaudit roster …`: the same handlers as the account and roster pages.</summary>
public static class UserCommands
{
    private static Task<int> Run(CliContext ctx, Func<IServiceProvider, Task<int>> action, CancellationToken ct) => CliServices.RunAsync(ctx, action, ct);

    private static string[]? Split(string? list) =>
        list is null ? null : list.Split([',', '，', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static Command Build(CliContext ctx)
    {
        var users = new Command("users", "账号管理（管理员）：创建、列出、停用、启用、重置密码、修改角色与绑定");

        var name = new Argument<string>("name") { Description = "用户名" };
        var display = new Option<string>("--display-name") { Description = "姓名（显示名）", Required = true };
        var role = new Option<string>("--role") { Description = "Admin / Officer / Expert / BodyUser（或 管理员/工作人员/专家/机构用户）", Required = true };
        var phone = new Option<string?>("--phone") { Description = "电话（可选）" };
        var email = new Option<string?>("--email") { Description = "电子邮箱（可选）" };
        var region = new Option<string?>("--region") { Description = "工作人员的地区：市或省（代码或名称，如 忻州市、山西省）" };
        var filings = new Option<string?>("--filings") { Description = "机构用户绑定的备案：备案号或编号，逗号分隔" };
        var add = new Command("add", "创建账号，并给出一次性密码（首次登录须修改）") { name, display, role, phone, email, region, filings };
        add.SetAction((p, ct) => Run(ctx, ct: ct, action: async sp =>
        {
            var otp = await sp.GetRequiredService<AccountHandlers>().CreateAsync(new AccountInput(p.GetValue(name), p.GetValue(display), p.GetValue(role),
                p.GetValue(phone), p.GetValue(email), p.GetValue(region), Split(p.GetValue(filings))), ct);
            ctx.Out.WriteLine($"已创建账号 {otp.UserName}。一次性密码：{otp.Password}");
            ctx.Out.WriteLine("请当面或经安全渠道交给本人；首次登录时须修改密码。");
            return 0;
        }));

        var json = new Option<bool>("--json");
        var list = new Command("list", "列出账号") { json };
        list.SetAction((p, ct) => Run(ctx, ct: ct, action: async sp =>
        {
            var rows = await sp.GetRequiredService<AccountHandlers>().ListAsync(ct);
            if (p.GetValue(json)) { ctx.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(rows, FilingCommands.Json)); return 0; }
            foreach (var a in rows)
            {
                var binding = a.RegionName ?? (a.Filings.Count > 0 ? string.Join("、", a.Filings.Select(f => f.Number ?? f.Name)) : "");
                ctx.Out.WriteLine($"{a.UserName,-16} {a.RoleName,-6} {(a.Disabled ? "已停用" : "启用"),-4} {(a.MustChangePassword ? "待改密" : ""),-4} {a.DisplayName}  {binding}");
            }
            ctx.Out.WriteLine($"共 {rows.Count} 个账号");
            return 0;
        }));

        var n2 = new Argument<string>("name") { Description = "用户名" };
        var disable = new Command("disable", "停用账号（不删除；其已登录的会话在下一次请求时失效）") { n2 };
        disable.SetAction((p, ct) => Run(ctx, ct: ct, action: async sp =>
        {
            await sp.GetRequiredService<AccountHandlers>().DisableAsync(p.GetValue(n2)!, ct);
            ctx.Out.WriteLine($"已停用账号 {p.GetValue(n2)}");
            return 0;
        }));

        var n3 = new Argument<string>("name") { Description = "用户名" };
        var enable = new Command("enable", "启用账号") { n3 };
        enable.SetAction((p, ct) => Run(ctx, ct: ct, action: async sp =>
        {
            await sp.GetRequiredService<AccountHandlers>().EnableAsync(p.GetValue(n3)!, ct);
            ctx.Out.WriteLine($"已启用账号 {p.GetValue(n3)}");
            return 0;
        }));

        var n4 = new Argument<string>("name") { Description = "用户名" };
        var reset = new Command("reset-password", "重置为一次性密码（下次登录须修改）") { n4 };
        reset.SetAction((p, ct) => Run(ctx, ct: ct, action: async sp =>
        {
            var otp = await sp.GetRequiredService<AccountHandlers>().ResetPasswordAsync(p.GetValue(n4)!, ct);
            ctx.Out.WriteLine($"已重置 {otp.UserName} 的密码。一次性密码：{otp.Password}");
            return 0;
        }));

        var n5 = new Argument<string>("name") { Description = "用户名" };
        var r5 = new Argument<string>("role") { Description = "Admin / Officer / Expert / BodyUser" };
        var setRole = new Command("set-role", "修改角色") { n5, r5 };
        setRole.SetAction((p, ct) => Run(ctx, ct: ct, action: async sp =>
        {
            await sp.GetRequiredService<AccountHandlers>().SetRoleAsync(p.GetValue(n5)!, p.GetValue(r5), ct);
            ctx.Out.WriteLine($"{p.GetValue(n5)} 的角色已改为 {Roles.Chinese(Roles.All.FirstOrDefault(r => string.Equals(r, p.GetValue(r5), StringComparison.OrdinalIgnoreCase)) ?? p.GetValue(r5)!)}");
            return 0;
        }));

        var n6 = new Argument<string>("name") { Description = "用户名" };
        var region6 = new Option<string?>("--region") { Description = "工作人员的地区：市或省" };
        var filings6 = new Option<string?>("--filings") { Description = "机构用户的备案（备案号或编号，逗号分隔；替换原有绑定）" };
        var bind = new Command("bind", "修改账号绑定：工作人员的地区、机构用户的备案") { n6, region6, filings6 };
        bind.SetAction((p, ct) => Run(ctx, ct: ct, action: async sp =>
        {
            await sp.GetRequiredService<AccountHandlers>().SetBindingAsync(p.GetValue(n6)!, p.GetValue(region6), Split(p.GetValue(filings6)), ct);
            ctx.Out.WriteLine($"已修改 {p.GetValue(n6)} 的绑定");
            return 0;
        }));

        var n7 = new Argument<string>("name") { Description = "管理员用户名" };
        var display7 = new Option<string?>("--display-name") { Description = "姓名（默认 系统管理员）" };
        var addAdmin = new Command("add-admin", "在新安装（无演示数据）的数据库上创建首个管理员，交互输入密码") { n7, display7 };
        addAdmin.SetAction((p, ct) => Run(ctx, ct: ct, action: async sp =>
        {
            var db = sp.GetRequiredService<AppDb>();
            if (await DemoAccounts.AnyAsync(db, ct))
                throw new DomainException("userName", "数据库中有演示账号：演示数据库不能用于生产。请换用新的空数据库，并将 Demo:LoadOnEmpty 设为 false");
            ctx.Out.WriteLine(PasswordPolicy.Description);
            var password = Prompt(ctx, "密码：");
            var again = Prompt(ctx, "再次输入密码：");
            if (password != again) throw new DomainException("password", "两次输入的密码不一致，未创建账号");
            await sp.GetRequiredService<AccountHandlers>().AddFirstAdminAsync(p.GetValue(n7), p.GetValue(display7), password, ct);
            ctx.Out.WriteLine($"已创建管理员 {p.GetValue(n7)}。请登录后在“账号管理”中创建其他账号。");
            return 0;
        }));

        foreach (var c in new[] { add, list, disable, enable, reset, setRole, bind, addAdmin }) users.Subcommands.Add(c);
        return users;
    }

    /// <summary>Reads a line; on a terminal without echoing it.</summary>
    private static string Prompt(CliContext ctx, string label)
    {
        ctx.Out.Write(label);
        if (ctx.In is { } reader) return reader.ReadLine() ?? "";
        if (Console.IsInputRedirected) return Console.In.ReadLine() ?? "";
        var sb = new StringBuilder();
        while (true)
        {
            var k = Console.ReadKey(intercept: true);
            if (k.Key == ConsoleKey.Enter) break;
            if (k.Key == ConsoleKey.Backspace) { if (sb.Length > 0) sb.Length--; continue; }
            if (!char.IsControl(k.KeyChar)) sb.Append(k.KeyChar);
        }
        ctx.Out.WriteLine();
        return sb.ToString();
    }

    public static Command Roster(CliContext ctx)
    {
        var roster = new Command("roster", "专家库/检查人员库");
        var file = new Argument<string>("file") { Description = "xlsx 或 csv：姓名、工作单位、所在县区、专业（职业代码）、专家、检查人员、账号、电话、回避备案" };
        var import = new Command("import", "导入名册（全部成功或全部不写入，错误逐行列出）") { file };
        import.SetAction((p, ct) => Run(ctx, ct: ct, action: async sp =>
        {
            var path = p.GetValue(file)!;
            if (!File.Exists(path)) throw new DomainException("file", $"找不到文件 {path}");
            await using var stream = File.OpenRead(path);
            var result = await sp.GetRequiredService<RosterHandlers>().ImportAsync(stream, Path.GetFileName(path), ct);
            if (result.Errors is [var only])
            {
                ctx.Error.WriteLine($"{only.TrimEnd('。')}，未写入任何数据。");
                return 1;
            }
            if (result.Errors.Count > 0)
            {
                foreach (var e in result.Errors) ctx.Error.WriteLine(e);
                ctx.Error.WriteLine($"共 {result.Errors.Count} 处错误，未写入任何数据。");
                return 1;
            }
            ctx.Out.WriteLine($"已导入 {result.Added} 人（新增），{result.Updated} 人（更新）。");
            return 0;
        }));
        var json = new Option<bool>("--json");
        var list = new Command("list", "列出名册") { json };
        list.SetAction((p, ct) => Run(ctx, ct: ct, action: async sp =>
        {
            var rows = await sp.GetRequiredService<RosterHandlers>().ListAsync(ct);
            if (p.GetValue(json)) { ctx.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(rows, FilingCommands.Json)); return 0; }
            foreach (var r in rows) ctx.Out.WriteLine($"{r.Id,4} {r.Name,-6} {r.Kind,-8} {r.RegionName,-12} {r.Organisation}");
            ctx.Out.WriteLine($"共 {rows.Count} 人");
            return 0;
        }));
        roster.Subcommands.Add(import);
        roster.Subcommands.Add(list);
        return roster;
    }
}
