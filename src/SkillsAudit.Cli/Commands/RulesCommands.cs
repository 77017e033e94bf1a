using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data;
using SkillsAudit.Data.Platform;
using SkillsAudit.Data.Features.Rules;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;

namespace SkillsAudit.Cli.Commands;

/// <summary>Seed 003 management rules on the command line: the same handlers as the pages and the API.</summary>
public static class RulesCommands
{
    private static Task<int> Run(CliContext ctx, Func<IServiceProvider, Task<int>> action, CancellationToken ct) => CliServices.RunAsync(ctx, action, ct);

    private static void Json(CliContext ctx, object value) => ctx.Out.WriteLine(JsonSerializer.Serialize(value, FilingCommands.Json));

    private static T Parse<T>(string? text, string field) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var v) && Enum.IsDefined(v) ? v
            : throw new DomainException(field, $"“{text}”无效，可选：{string.Join(" / ", Enum.GetNames<T>())}");

    public static IEnumerable<Command> Build(CliContext ctx) => [Changes(ctx), Scope(ctx), Retention(ctx), Inspect(ctx), Certs(ctx)];

    /// <summary>filings expiring | expire — added to the existing `filings` command.</summary>
    public static IEnumerable<Command> FilingSubcommands(CliContext ctx)
    {
        var on = new Option<DateOnly?>("--on") { Description = "按此日期计算（默认今天，北京时间）" };
        var json = new Option<bool>("--json");
        var expiring = new Command("expiring", $"备案期限在 {FilingExpiry.WarningDays} 天内届满的备案") { on, json };
        expiring.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var rows = await sp.GetRequiredService<ExpiryHandlers>().ExpiringAsync(p.GetValue(on), ct);
            if (p.GetValue(json)) { Json(ctx, rows); return 0; }
            foreach (var r in rows) ctx.Out.WriteLine($"{r.FilingId,5}  {r.Number ?? "未注明",-13}  {r.PeriodEnd,-10}  剩 {r.DaysLeft,3} 天  {r.BodyName}");
            ctx.Out.WriteLine($"共 {rows.Count} 条");
            return 0;
        }, ct));
        var on2 = new Option<DateOnly?>("--on") { Description = "按此日期计算（默认今天，北京时间）" };
        var expire = new Command("expire", "将期限已届满的备案标为“备案期满”（记入备案历史；重复运行不再改变）") { on2 };
        expire.SetAction((p, ct) => Run(ctx, async sp =>
        {
            // Under the job's database lock and logged as a run (JobRuns), like the daily job in the web app.
            var (run, _) = await sp.GetRequiredService<JobRunner>().RunNowAsync(JobServices.FilingExpiry, "cli:" + Environment.UserName, async (s, t) =>
            {
                var r = await s.GetRequiredService<ExpiryHandlers>().ExpireAsync(p.GetValue(on2), t);
                return (r, JobServices.ExpiryMessage(r));
            }, ct);
            foreach (var r in run.Expired) ctx.Out.WriteLine($"备案期满：{r.FilingId} {r.Number ?? "未注明"} {r.BodyName}（期限截止 {r.PeriodEnd}）");
            ctx.Out.WriteLine($"{run.Today:yyyy-MM-dd}：{run.Expired.Count} 个备案标为备案期满；{run.SkippedUnderEvaluation} 个评估中暂不处理");
            return 0;
        }, ct));
        return [expiring, expire];
    }

    private static Command Changes(CliContext ctx)
    {
        var changes = new Command("changes", "法人及备案信息变更（《忻州市职业技能等级评价机构管理办法》第五章）");

        var state = new Option<string?>("--state") { Description = "Submitted / Approved / Rejected / Withdrawn" };
        var json = new Option<bool>("--json");
        var list = new Command("list", "列出变更申请") { state, json };
        list.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var rows = await sp.GetRequiredService<ChangeHandlers>().ListAsync(p.GetValue(state) is { } s ? Parse<ChangeState>(s, "state") : null, null, ct);
            if (p.GetValue(json)) { Json(ctx, rows); return 0; }
            foreach (var r in rows) ctx.Out.WriteLine($"#{r.Id,-4} {r.StateName,-5} {r.KindName,-7} {r.BodyName}：{r.CurrentValue ?? "（空）"} → {r.RequestedValue}");
            ctx.Out.WriteLine($"共 {rows.Count} 条");
            return 0;
        }, ct));

        var filing = new Option<int>("--filing") { Required = true, Description = "备案 ID" };
        var kind = new Option<string>("--kind") { Required = true, Description = "LegalPerson / Name / Address" };
        var value = new Option<string>("--value") { Required = true, Description = "变更后的内容" };
        var reason = new Option<string?>("--reason") { Description = "变更原因（法人变更必填）" };
        var attach = new Option<string[]>("--attach") { Description = "附件 KIND=路径，KIND 为 WrittenApplication / NewLegalPersonId / AppointmentDocument / ChangeBasis / NewQualification", AllowMultipleArgumentsPerToken = true };
        var submit = new Command("submit", "提交变更申请：缺少第二十二条要求的材料则拒绝并说明缺少哪一项") { filing, kind, value, reason, attach };
        submit.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var uploads = new List<ChangeUpload>();
            foreach (var a in p.GetValue(attach) ?? [])
            {
                var eq = a.IndexOf('=');
                if (eq <= 0) throw new DomainException("attach", $"附件“{a}”应写成 KIND=路径");
                var path = a[(eq + 1)..];
                if (!File.Exists(path)) throw new DomainException("attach", $"找不到文件 {path}");
                uploads.Add(new ChangeUpload(Parse<AttachmentKind>(a[..eq], "attach"), Path.GetFileName(path), await File.ReadAllBytesAsync(path, ct)));
            }
            var id = await sp.GetRequiredService<ChangeHandlers>().SubmitAsync(p.GetValue(filing), Parse<ChangeKind>(p.GetValue(kind), "kind"), p.GetValue(value), p.GetValue(reason), uploads, ct);
            ctx.Out.WriteLine($"已提交变更申请 #{id}");
            return 0;
        }, ct));

        var id1 = new Argument<int>("ID");
        var note = new Option<string?>("--note");
        var approve = new Command("approve", "同意变更并更新备案（保留历史与曾用名）") { id1, note };
        approve.SetAction((p, ct) => Run(ctx, async sp =>
        {
            await sp.GetRequiredService<ChangeHandlers>().ApproveAsync(p.GetValue(id1), p.GetValue(note), ct);
            ctx.Out.WriteLine($"变更申请 #{p.GetValue(id1)} 已同意，备案已更新");
            return 0;
        }, ct));
        var id2 = new Argument<int>("ID");
        var why = new Option<string>("--reason") { Required = true };
        var reject = new Command("reject", "不予同意（须写明理由）") { id2, why };
        reject.SetAction((p, ct) => Run(ctx, async sp =>
        {
            await sp.GetRequiredService<ChangeHandlers>().RejectAsync(p.GetValue(id2), p.GetValue(why), ct);
            ctx.Out.WriteLine($"变更申请 #{p.GetValue(id2)} 不予同意");
            return 0;
        }, ct));
        var id3 = new Argument<int>("ID");
        var asBody = new Option<string>("--as") { Required = true, Description = "提交申请的机构用户名（撤回须由本机构办理）" };
        var withdraw = new Command("withdraw", "机构撤回本机构待审核的变更申请（撤回后不再审核，可修改后重新提交）") { id3, asBody };
        withdraw.SetAction((p, ct) => CliServices.RunAsync(ctx, async sp =>
        {
            var what = await sp.GetRequiredService<ChangeHandlers>().WithdrawAsync(p.GetValue(id3), ct);
            ctx.Out.WriteLine($"已撤回{what}");
            return 0;
        }, ct, p.GetValue(asBody)));
        var year = new Option<int>("--year") { Required = true };
        var quarter = new Option<int>("--quarter") { Required = true };
        var output = new Option<FileInfo>("--out") { Required = true };
        var report = new Command("report", "季度报备表 xlsx（第二十一条 按季度报备）") { year, quarter, output };
        report.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var bytes = await sp.GetRequiredService<ChangeHandlers>().QuarterlyReportAsync(p.GetValue(year), p.GetValue(quarter), ct);
            await File.WriteAllBytesAsync(p.GetValue(output)!.FullName, bytes, ct);
            ctx.Out.WriteLine($"已写入 {p.GetValue(output)!.FullName}");
            return 0;
        }, ct));
        foreach (var c in new[] { list, submit, approve, reject, withdraw, report }) changes.Subcommands.Add(c);
        return changes;
    }

    private static Command Scope(CliContext ctx)
    {
        var scope = new Command("scope", "新增职业（工种）申请（《忻州市职业技能等级评价机构管理办法》第六章）");
        Command Make(string name, string description, bool apply)
        {
            var filing = new Option<int>("--filing") { Required = true };
            var occupation = new Option<string>("--occupation") { Required = true, Description = "职业代码" };
            var replacing = new Option<string?>("--replacing") { Description = "以旧换新时交回的职业代码（第二十六条）" };
            var experts = new Option<int>("--experts");
            var examiners = new Option<int>("--examiners");
            var banks = new Option<int>("--question-banks");
            var bad = new Option<bool>("--bad-record");
            var json = new Option<bool>("--json");
            var c = new Command(name, description) { filing, occupation, replacing, experts, examiners, banks, bad, json };
            c.SetAction((p, ct) => Run(ctx, async sp =>
            {
                var req = new ScopeRequest(p.GetValue(filing), p.GetValue(occupation)!, null, p.GetValue(replacing), p.GetValue(experts), p.GetValue(examiners), p.GetValue(banks), p.GetValue(bad));
                var h = sp.GetRequiredService<ScopeHandlers>();
                var v = apply ? await h.ApplyAsync(req, ct) : await h.CheckAsync(req, ct);
                if (p.GetValue(json)) { Json(ctx, v); return v.Eligible ? 0 : 3; }
                ctx.Out.WriteLine($"{v.BodyName} 申请新增 {v.OccupationCode} {v.OccupationName}{(v.ApplicationId is { } a ? $"（申请 #{a}）" : "")}");
                foreach (var check in v.Checks) ctx.Out.WriteLine($"  [{(check.Passed ? "符合" : "不符合")}] {check.Rule}（{check.Clause}）：{check.Detail}");
                ctx.Out.WriteLine(v.Eligible ? "结论：符合新增条件" : "结论：不符合新增条件");
                return v.Eligible ? 0 : 3;
            }, ct));
            return c;
        }
        scope.Subcommands.Add(Make("check", "逐条检查新增职业条件（不保存）；不符合时退出码 3", apply: false));
        scope.Subcommands.Add(Make("apply", "提交新增职业申请并保存检查结果；不符合时退出码 3", apply: true));

        // The body's applications (/Body/Occupations) and their decision, through the same handler as /Rules/Occupations.
        var state = new Option<string?>("--state") { Description = "Submitted / Approved / Rejected / Withdrawn" };
        var ljson = new Option<bool>("--json");
        var list = new Command("list", "列出新增职业申请（待审核的附逐条核验结果）") { state, ljson };
        list.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var rows = await sp.GetRequiredService<OccupationApplicationHandlers>().ListAsync(p.GetValue(state) is { } s ? Parse<ChangeState>(s, "state") : null, null, ct);
            if (p.GetValue(ljson)) { Json(ctx, rows); return 0; }
            foreach (var r in rows)
                ctx.Out.WriteLine($"#{r.Id,-4} {r.StateName,-5} {r.BodyName}：{r.OccupationName ?? r.OccupationCode}（{r.OccupationCode}，{r.LevelNames}）"
                    + (r.Replacing is { } x ? $" 交回 {x}" : "") + (r.State == ChangeState.Submitted ? (r.Eligible ? " 符合新增条件" : " 不符合新增条件") : ""));
            ctx.Out.WriteLine($"共 {rows.Count} 条");
            return 0;
        }, ct));
        var id1 = new Argument<int>("ID");
        var note = new Option<string?>("--note");
        var approve = new Command("approve", "同意新增职业申请（须符合第二十四至二十六条），写入备案职业范围") { id1, note };
        approve.SetAction((p, ct) => Run(ctx, async sp =>
        {
            await sp.GetRequiredService<OccupationApplicationHandlers>().ApproveAsync(p.GetValue(id1), p.GetValue(note), ct);
            ctx.Out.WriteLine($"新增职业申请 #{p.GetValue(id1)} 已同意，备案职业范围已更新");
            return 0;
        }, ct));
        var id2 = new Argument<int>("ID");
        var why = new Option<string>("--reason") { Required = true };
        var reject = new Command("reject", "不予同意新增职业申请（须写明理由）") { id2, why };
        reject.SetAction((p, ct) => Run(ctx, async sp =>
        {
            await sp.GetRequiredService<OccupationApplicationHandlers>().RejectAsync(p.GetValue(id2), p.GetValue(why), ct);
            ctx.Out.WriteLine($"新增职业申请 #{p.GetValue(id2)} 不予同意");
            return 0;
        }, ct));
        var id3 = new Argument<int>("ID");
        var asBody = new Option<string>("--as") { Required = true, Description = "提交申请的机构用户名（撤回须由本机构办理）" };
        var withdraw = new Command("withdraw", "机构撤回本机构待审核的新增职业申请（撤回后不再审核，可修改后重新申请）") { id3, asBody };
        withdraw.SetAction((p, ct) => CliServices.RunAsync(ctx, async sp =>
        {
            var what = await sp.GetRequiredService<OccupationApplicationHandlers>().WithdrawAsync(p.GetValue(id3), ct);
            ctx.Out.WriteLine($"已撤回{what}");
            return 0;
        }, ct, p.GetValue(asBody)));
        foreach (var c in new[] { list, approve, reject, withdraw }) scope.Subcommands.Add(c);
        return scope;
    }

    private static Command Retention(CliContext ctx)
    {
        var retention = new Command("retention", "资料保管期限（《忻州市职业技能等级评价机构管理办法》第二十条：纸质不少于3年，电子不少于5年）");
        var on = new Option<DateOnly?>("--on");
        var ljson = new Option<bool>("--json") { Description = "输出 JSON 数组" };
        var list = new Command("list", "列出保管期已满、可以清理的资料（不删除）") { on, ljson };
        list.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var items = await sp.GetRequiredService<RetentionHandlers>().ListAsync(p.GetValue(on), ct);
            if (p.GetValue(ljson)) { Json(ctx, items); return 0; }
            foreach (var i in items) ctx.Out.WriteLine($"{i.What} #{i.Key}  保管至 {i.KeepUntil:yyyy-MM-dd}  {i.Name}");
            ctx.Out.WriteLine($"共 {items.Count} 项可清理");
            return 0;
        }, ct));
        var on2 = new Option<DateOnly?>("--on");
        var confirm = new Option<bool>("--confirm") { Description = "确认删除；不加此项只列出" };
        var purge = new Command("purge", "清理保管期满的资料（须 --confirm），记入清理日志") { on2, confirm };
        purge.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var r = await sp.GetRequiredService<RetentionHandlers>().PurgeAsync(p.GetValue(confirm), p.GetValue(on2), ct);
            foreach (var i in r.Items) ctx.Out.WriteLine($"{(r.Confirmed ? "已删除" : "可删除")} {i.What} #{i.Key}  保管至 {i.KeepUntil:yyyy-MM-dd}  {i.Name}");
            ctx.Out.WriteLine(r.Confirmed ? $"已清理 {r.Items.Count} 项，删除文件 {r.FilesDeleted} 个，已记入清理日志" : $"{r.Items.Count} 项可清理；未删除（加 --confirm 执行）");
            return 0;
        }, ct));
        retention.Subcommands.Add(list);
        retention.Subcommands.Add(purge);
        return retention;
    }

    private static Command Inspect(CliContext ctx)
    {
        var inspect = new Command("inspect", "双随机、一公开抽查（《忻州市职业技能等级评价机构管理办法》第二十九条）");
        var title = new Option<string>("--title") { Required = true };
        var bodies = new Option<int>("--bodies") { Description = "抽取机构数（按风险分层抽取时由比例确定，不必填）" };
        var riskWeighted = new Option<bool>("--risk-weighted") { Description = "按风险等级分层抽取（差异化监管）" };
        var ratios = new Option<string?>("--ratios") { Description = "各风险等级的抽查比例，如 高=0.5,中=0.2,低=0.05（缺省取风险配置）" };
        var riskYear = new Option<int?>("--risk-year") { Description = "按哪一年度的风险等级分层（缺省为最近有统计的年度）" };
        var inspectors = new Option<int>("--inspectors") { DefaultValueFactory = _ => 2, Description = "每个机构的检查人员数" };
        var county = new Option<bool>("--exclude-same-county") { Description = "回避同县区检查人员" };
        var seed = new Option<string?>("--seed") { Description = "随机种子（公布）；缺省时随机生成" };
        var region = new Option<string?>("--region");
        var type = new Option<string?>("--type") { Description = "Employer / School / SocialEvaluator" };
        var publish = new Option<bool>("--publish");
        var names = new Option<bool>("--publish-inspector-names") { Description = "公布时同时公开检查人员姓名（缺省不公开）" };
        var json = new Option<bool>("--json");
        var draw = new Command("draw", "从备案中抽取机构并随机指派检查人员") { title, bodies, inspectors, county, seed, region, type, publish, names, riskWeighted, ratios, riskYear, json };
        draw.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var h = sp.GetRequiredService<DrawHandlers>();
            RiskRatios? weighted = null;
            if (p.GetValue(riskWeighted))
            {
                var config = await sp.GetRequiredService<SkillsAudit.Data.Features.Risk.RiskHandlers>().ConfigAsync(ct);
                var given = RiskCommands.ParseRatios(p.GetValue(ratios));
                weighted = new RiskRatios(given.GetValueOrDefault("高", config.DrawRatioHigh), given.GetValueOrDefault("中", config.DrawRatioMedium), given.GetValueOrDefault("低", config.DrawRatioLow), p.GetValue(riskYear));
            }
            var v = await h.DrawAsync(new DrawRequest(p.GetValue(title)!, p.GetValue(bodies), p.GetValue(inspectors), p.GetValue(county), p.GetValue(seed),
                p.GetValue(region), p.GetValue(type) is { } t ? Parse<FilingType>(t, "type") : null, PublishInspectorNames: p.GetValue(names), RiskWeighted: weighted), ct);
            if (p.GetValue(publish)) { await h.PublishAsync(v.Id, ct); v = (await h.GetAsync(v.Id, ct))!; }
            if (p.GetValue(json)) { Json(ctx, v); return 0; }
            ctx.Out.WriteLine($"抽查 #{v.Id} {v.Title}：种子 {v.Seed}，范围 {v.PoolSize} 个机构、{v.RosterSize} 名检查人员{(v.Published ? "，已公布" : "")}");
            foreach (var st in v.Strata ?? []) ctx.Out.WriteLine($"  {st.Name}风险：{st.Pool.Count} 个中抽 {st.Drawn} 个（比例 {Rates.FormatPercent(Rates.Round2(st.Ratio * 100))}）");
            foreach (var a in v.Assignments) ctx.Out.WriteLine($"  {a.BodyKey} {a.BodyName} ← {string.Join("、", a.InspectorNames)}");
            return 0;
        }, ct));
        var id = new Argument<int>("ID");
        var pub = new Command("publish", "公布抽查（种子、范围与结果）") { id };
        pub.SetAction((p, ct) => Run(ctx, async sp =>
        {
            await sp.GetRequiredService<DrawHandlers>().PublishAsync(p.GetValue(id), ct);
            ctx.Out.WriteLine($"抽查 #{p.GetValue(id)} 已公布");
            return 0;
        }, ct));
        var vid = new Argument<int>("ID");
        var vjson = new Option<bool>("--json");
        var verify = new Command("verify", "按公布的种子和范围重新抽取，核对结果（不一致时退出码 4）") { vid, vjson };
        verify.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var v = await sp.GetRequiredService<DrawHandlers>().VerifyAsync(p.GetValue(vid), ct);
            if (p.GetValue(vjson)) Json(ctx, v);
            else
            {
                ctx.Out.WriteLine(v.Message);
                if (!v.Matches) for (var i = 0; i < Math.Max(v.Stored.Count, v.Recomputed.Count); i++)
                    ctx.Out.WriteLine($"  公布：{v.Stored.ElementAtOrDefault(i)}    重算：{v.Recomputed.ElementAtOrDefault(i)}");
            }
            return v.Matches ? 0 : 4;
        }, ct));
        var fid = new Argument<int>("ID");
        var body = new Option<string>("--body") { Required = true };
        var text = new Option<string>("--text") { Required = true };
        var finding = new Command("finding", "记录对抽中机构的检查结果") { fid, body, text };
        finding.SetAction((p, ct) => Run(ctx, async sp =>
        {
            await sp.GetRequiredService<DrawHandlers>().RecordFindingAsync(p.GetValue(fid), p.GetValue(body)!, p.GetValue(text), ct);
            ctx.Out.WriteLine("已记录");
            return 0;
        }, ct));
        foreach (var c in new[] { draw, pub, verify, finding }) inspect.Subcommands.Add(c);
        return inspect;
    }

    private static Command Certs(CliContext ctx)
    {
        var certs = new Command("certs", "职业技能等级证书名册（《忻州市职业技能等级评价机构管理办法》第十九条、第二十条）");
        var file = new Argument<FileInfo>("FILE") { Description = "xlsx / xls / csv：姓名、身份证号码、职业（代码）、等级、证书编号、发证日期" };
        var filing = new Option<int>("--filing") { Required = true };
        var year = new Option<int>("--year") { Required = true };
        var batch = new Option<string?>("--batch");
        var generate = new Option<bool>("--generate-numbers") { Description = "证书编号为空的行自动编号" };
        var check = new Option<bool>("--check") { Description = "只检查，不写入" };
        var import = new Command("import", "导入证书名册：任何一行有误则全部不写入") { file, filing, year, batch, generate, check };
        import.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var path = p.GetValue(file)!;
            if (!path.Exists) throw new DomainException("file", $"找不到文件 {path.FullName}");
            IReadOnlyList<RosterLine> lines;
            await using (var s = path.OpenRead()) lines = CertificateHandlers.ReadRoster(s, path.Name);
            var r = await sp.GetRequiredService<CertificateHandlers>().ImportAsync(p.GetValue(filing), p.GetValue(year), p.GetValue(batch), lines, p.GetValue(generate), p.GetValue(check), ct);
            ctx.Out.WriteLine(p.GetValue(check) ? $"检查通过：{r.Numbers.Count} 行可导入（未写入）" : $"已导入 {r.Written} 张证书，其中自动编号 {r.Generated} 张");
            return 0;
        }, ct));
        var number = new Option<string>("--number") { Required = true };
        var name = new Option<string>("--name") { Required = true };
        var kjson = new Option<bool>("--json") { Description = "输出 JSON；未查到时输出 null（退出码 5）" };
        var lookup = new Command("lookup", "按证书编号和姓名查询（身份证号码脱敏显示）；未查到时退出码 5") { number, name, kjson };
        lookup.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var v = await sp.GetRequiredService<CertificateHandlers>().LookupAsync(p.GetValue(number), p.GetValue(name), ct);
            if (p.GetValue(kjson))
            {
                if (v is null) { ctx.Out.WriteLine("null"); ctx.Error.WriteLine("未查到该证书（证书编号与姓名须一致）"); return 5; }
                Json(ctx, v);
                return 0;
            }
            if (v is null) { ctx.Out.WriteLine("未查到该证书（证书编号与姓名须一致）"); return 5; }
            ctx.Out.WriteLine($"{v.Number}  {v.PersonName}  {v.IdMasked}  {v.OccupationCode} {v.OccupationName}  {v.Level}  {v.BodyName}  {v.IssuedOn:yyyy-MM-dd}  {v.Status}");
            return 0;
        }, ct));
        var rnumber = new Option<string>("--number") { Required = true, Description = "证书编号" };
        var reason = new Option<string>("--reason") { Required = true, Description = "撤销原因，如 登记错误、弄虚作假取得" };
        var rconfirm = new Option<bool>("--confirm") { Description = "确认撤销（撤销后公众查询显示“已撤销”，不能恢复）；不加此项只说明将撤销哪张证书" };
        var revoke = new Command("revoke", "撤销证书（登记错误或弄虚作假取得）：须 --reason 和 --confirm；撤销后公众查询显示“已撤销”，不能恢复") { rnumber, reason, rconfirm };
        revoke.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var h = sp.GetRequiredService<CertificateHandlers>();
            if (!p.GetValue(rconfirm))
            {
                var n = (p.GetValue(rnumber) ?? "").Trim().ToUpperInvariant();
                var found = (await h.SearchAsync(n, null, ct: ct)).FirstOrDefault(c => c.Number == n)
                    ?? throw new NotFoundException($"没有证书编号为 {n} 的证书");
                ctx.Error.WriteLine(found.RevokedAt is { } at
                    ? $"证书 {found.Number}（{found.PersonName}）已于 {at.ChinaDate():yyyy-MM-dd} 撤销，不能再次撤销"
                    : $"将撤销证书 {found.Number}（{found.PersonName}，{found.OccupationCode} {found.OccupationName} {found.Level}，{found.BodyName}）。撤销后公众查询显示“已撤销”，不能恢复。未撤销：确认请加 --confirm");
                return 1;
            }
            var v = await h.RevokeAsync(p.GetValue(rnumber), p.GetValue(reason), ct);
            ctx.Out.WriteLine($"已撤销证书 {v.Number}（{v.PersonName}），撤销原因：{v.RevokeReason}；公众查询显示“已于 {v.RevokedAt!.Value.ChinaDate():yyyy-MM-dd} 撤销”");
            return 0;
        }, ct));
        var cyear = new Option<int>("--year") { Required = true };
        var cfiling = new Option<int?>("--filing");
        var diffOnly = new Option<bool>("--differences-only");
        var cjson = new Option<bool>("--json");
        var cross = new Command("crosscheck", "名册人数与统计上报的发证人数逐备案、逐等级核对") { cyear, cfiling, diffOnly, cjson };
        cross.SetAction((p, ct) => Run(ctx, async sp =>
        {
            var rows = await sp.GetRequiredService<CertificateHandlers>().CrossCheckAsync(p.GetValue(cyear), p.GetValue(cfiling), p.GetValue(diffOnly), ct);
            if (p.GetValue(cjson)) { Json(ctx, rows); return 0; }
            foreach (var r in rows) ctx.Out.WriteLine($"{r.FilingNumber ?? "未注明",-13} {r.Level,-4} 名册 {r.Roster,5}  统计 {(r.Reported?.ToString(CultureInfo.InvariantCulture) ?? "未报"),5}  {r.Note}  {r.BodyName}");
            ctx.Out.WriteLine($"共 {rows.Count} 行，其中不一致 {rows.Count(r => r.Difference != 0)} 行");
            return 0;
        }, ct));
        foreach (var c in new[] { import, lookup, cross, revoke }) certs.Subcommands.Add(c);
        return certs;
    }
}
