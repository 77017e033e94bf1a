using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Cli.Commands;

/// <summary>
/// `skillsaudit campaign create|targets|open|close|list|results|import-totals` and `skillsaudit review self|panel|finalise`.
/// Campaign commands act with the operator's full rights; `review self|panel` act as the user named by --as (a body user,
/// an expert on the panel), since a sheet belongs to someone.
/// </summary>
public static class ReviewCommands
{
    private sealed class Scope : IAsyncDisposable
    {
        public required ServiceProvider Provider { get; init; }
        public required IServiceScope Inner { get; init; }
        public T Get<T>() where T : notnull => Inner.ServiceProvider.GetRequiredService<T>();
        public AppDb Db => Get<AppDb>();

        public async ValueTask DisposeAsync()
        {
            Inner.Dispose();
            await Provider.DisposeAsync();
        }
    }

    private static async Task<Scope> OpenAsync(CliContext ctx, CancellationToken ct, string? actingAs = null)
    {
        var sp = CliServices.Build(ctx, actingAs);
        var scope = new Scope { Provider = sp, Inner = sp.CreateScope() };
        await DbSetup.MigrateAsync(scope.Db, ct);
        return scope;
    }

    private static async Task<ReviewUser> Who(Scope s, string? asUser, CancellationToken ct) =>
        asUser is { Length: > 0 } name ? await ReviewUser.LoadAsync(s.Db, name, ct) : ReviewUser.Operator(s.Db.ActorName);

    /// <summary>Runs an action; refusals become one line and exit 1 (SkillsAuditCli).</summary>
    private static Task<int> Run(CliContext ctx, Func<Task<int>> action) => action();

    /// <summary>The --stage values (阶段=开始..结束) as stages; null, after saying which value is malformed, when one is.</summary>
    private static List<StageInput>? StageOptions(CliContext ctx, string[]? values)
    {
        var stages = new List<StageInput>();
        foreach (var s in values ?? [])
        {
            var eq = s.IndexOf('=');
            var range = eq < 0 ? [] : s[(eq + 1)..].Split("..");
            if (eq < 0 || range.Length != 2) { ctx.Error.WriteLine($"--stage “{s}” 应写作 阶段=开始..结束"); return null; }
            stages.Add(new StageInput(s[..eq], range[0], range[1]));
        }
        return stages;
    }

    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var campaign = new Command("campaign", "绩效考核 / 评估（考核方案）");

        var title = new Option<string>("--title") { Description = "考核名称", Required = true };
        var doc = new Option<string?>("--document") { Description = "文号，如 忻人社函〔2023〕118号" };
        var authority = new Option<string>("--authority") { Description = "发文机关", Required = true };
        var year = new Option<int>("--year") { Description = "考核年度", Required = true };
        var region = new Option<string>("--region") { Description = "地区名称或代码", Required = true };
        var rubric = new Option<string>("--rubric") { Description = "评估表编号[@版本]", Required = true };
        var stage = new Option<string[]>("--stage") { Description = "阶段=开始..结束，如 SelfAssessment=2023-12-15..2023-12-20（可重复）", AllowMultipleArgumentsPerToken = false };
        var rule = new Option<string?>("--consolidation") { Description = "Mean（专家平均，默认）或 LeadConsensus（组长合议）" };
        var historical = new Option<bool>("--historical") { Description = "历史考核：只导入总分" };
        var json = new Option<bool>("--json") { Description = "输出 JSON" };
        var create = new Command("create", "新建考核") { title, doc, authority, year, region, rubric, stage, rule, historical, json };
        create.SetAction((p, ct) => Run(ctx, async () =>
        {
            if (StageOptions(ctx, p.GetValue(stage)) is not { } stages) return 2;
            await using var sc = await OpenAsync(ctx, ct);
            var v = await sc.Get<CampaignHandlers>().CreateAsync(ReviewUser.Operator(sc.Db.ActorName), new CampaignInput
            {
                Title = p.GetValue(title), DocumentNumber = p.GetValue(doc), Authority = p.GetValue(authority), Year = p.GetValue(year),
                Region = p.GetValue(region), Rubric = p.GetValue(rubric), Stages = stages, Consolidation = p.GetValue(rule), Historical = p.GetValue(historical),
            }, ct);
            ctx.Out.WriteLine(p.GetValue(json) ? JsonSerializer.Serialize(v, FilingCommands.Json) : $"已新建考核 {v.Id}：{v.Title}（评估表 {v.RubricId}）");
            return 0;
        }));
        campaign.Subcommands.Add(create);

        var tId = new Argument<int>("ID") { Description = "考核编号" };
        var asOf = new Option<string?>("--as-of") { Description = "判断备案是否满一年的日期（yyyy-MM-dd，默认今天）" };
        var targets = new Command("targets", "按规则确定考核对象（阳人社函〔2023〕221号第一部分：备案不满一年的不列入；手工调整的保留）") { tId, asOf, json };
        targets.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            var day = p.GetValue(asOf) is { } t ? DateOnly.ParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DateOnly.FromDateTime(DateTime.Today);
            var choices = await sc.Get<CampaignHandlers>().ApplyTargetsAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(tId), day, ct);
            if (p.GetValue(json)) ctx.Out.WriteLine(JsonSerializer.Serialize(choices, FilingCommands.Json));
            else foreach (var c in choices) ctx.Out.WriteLine($"{c.Verdict,-18} {c.Name}  {c.Reason}");
            return 0;
        }));
        campaign.Subcommands.Add(targets);

        var mId = new Argument<int>("ID") { Description = "考核编号" };
        var mUser = new Option<string>("--user") { Description = "用户名（专家或工作人员）", Required = true };
        var mRole = new Option<string>("--role") { Description = "Panel（考核小组成员）、PanelLead（组长）或 LeadingGroup（领导小组）", Required = true };
        var mTitle = new Option<string?>("--title") { Description = "职务，如 市人社局职业能力建设科" };
        var member = new Command("member", "添加考核小组或领导小组成员") { mId, mUser, mRole, mTitle };
        member.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            await sc.Get<CampaignHandlers>().AddMemberAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(mId), p.GetValue(mUser), p.GetValue(mRole), p.GetValue(mTitle), ct);
            ctx.Out.WriteLine($"已添加 {p.GetValue(mUser)}（{p.GetValue(mRole)}）");
            return 0;
        }));
        campaign.Subcommands.Add(member);

        var plId = new Argument<int>("ID") { Description = "考核编号" };
        var plTitle = new Option<string?>("--plan-title") { Description = "方案标题，如 忻州市2023年职业技能等级评价机构年度绩效考核工作方案" };
        var plDoc = new Option<string?>("--doc-number") { Description = "文号，如 忻人社函〔2023〕118号" };
        var plIssued = new Option<string?>("--issued-on") { Description = "印发日期（yyyy-MM-dd）" };
        var plBasis = new Option<string?>("--list-basis") { Description = "机构名录的依据（公告“以……发文公布”）" };
        var plan = new Command("plan", "填写或更正考核工作方案的标题、文号、印发日期和名录依据（结果公告引用）；未给出的项保持不变") { plId, plTitle, plDoc, plIssued, plBasis, json };
        plan.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            var h = sc.Get<CampaignHandlers>();
            var who = ReviewUser.Operator(sc.Db.ActorName);
            var now = await h.GetForStaffAsync(who, p.GetValue(plId), ct);
            var v = await h.SetPlanAsync(who, p.GetValue(plId), new CampaignPlanInput(
                p.GetValue(plTitle) ?? now.PlanTitle, p.GetValue(plDoc) ?? now.DocumentNumber,
                p.GetValue(plIssued) ?? now.PlanIssuedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.GetValue(plBasis) ?? now.ListBasis), ct);
            ctx.Out.WriteLine(p.GetValue(json)
                ? JsonSerializer.Serialize(new { v.Id, v.PlanTitle, v.DocumentNumber, v.PlanIssuedOn, v.ListBasis }, FilingCommands.Json)
                : $"考核 {v.Id} 的方案：《{v.PlanTitle ?? "（未填写标题）"}》{(v.DocumentNumber is { } d ? $"（{d}）" : "")}{(v.PlanIssuedOn is { } on ? $"，{on:yyyy-MM-dd} 印发" : "")}");
            return 0;
        }));
        campaign.Subcommands.Add(plan);

        var scId = new Argument<int>("id") { Description = "考核编号" };
        var scStage = new Option<string[]>("--stage") { Description = "新的日程，每个阶段一项：阶段=开始..结束（可重复；未列出的阶段取消）", AllowMultipleArgumentsPerToken = false, Required = true };
        var schedule = new Command("schedule", "修改考核日程：已开始的阶段不能改开始日期、可延长；未开始的阶段可调整、增加或取消，但不能早于今天") { scId, scStage, json };
        schedule.SetAction((p, ct) => Run(ctx, async () =>
        {
            if (StageOptions(ctx, p.GetValue(scStage)) is not { } stages) return 2;
            await using var sc = await OpenAsync(ctx, ct);
            var v = await sc.Get<CampaignHandlers>().RescheduleAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(scId), stages, ct);
            ctx.Out.WriteLine(p.GetValue(json)
                ? JsonSerializer.Serialize(new { v.Id, v.Stages }, FilingCommands.Json)
                : $"考核 {v.Id} 的日程：" + string.Join("；", v.Stages.Select(x => $"{x.Name} {x.From:yyyy-MM-dd}至{x.To:yyyy-MM-dd}")));
            return 0;
        }));
        campaign.Subcommands.Add(schedule);

        var oId = new Argument<int>("ID") { Description = "考核编号" };
        var open = new Command("open", "印发（开始）考核：机构与专家可见，按日程进入各阶段") { oId };
        open.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            await sc.Get<CampaignHandlers>().OpenAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(oId), ct);
            ctx.Out.WriteLine($"考核 {p.GetValue(oId)} 已开始。");
            return 0;
        }));
        campaign.Subcommands.Add(open);

        var cId = new Argument<int>("ID") { Description = "考核编号" };
        var close = new Command("close", "结束考核（结果已公布）：全部结果须已确认") { cId };
        close.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            await sc.Get<CampaignHandlers>().CloseAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(cId), ct);
            ctx.Out.WriteLine($"考核 {p.GetValue(cId)} 已结束。");
            return 0;
        }));
        campaign.Subcommands.Add(close);

        var list = new Command("list", "考核列表") { json };
        list.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            var rows = await sc.Get<CampaignHandlers>().ListAsync(ReviewUser.Operator(sc.Db.ActorName), ct);
            if (p.GetValue(json)) ctx.Out.WriteLine(JsonSerializer.Serialize(rows, FilingCommands.Json));
            else foreach (var r in rows) ctx.Out.WriteLine($"{r.Id,4}  {r.Year}  {r.Title}  {r.DocumentNumber}  {r.StageName}  对象 {r.Targets} 个  评估表 {r.RubricId}");
            return 0;
        }));
        campaign.Subcommands.Add(list);

        var rId = new Argument<int>("ID") { Description = "考核编号" };
        var results = new Command("results", "考核结果：自评、考核小组得分、差值、等级、分布、排名") { rId, json };
        results.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            var r = await sc.Get<ReviewResults>().GetAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(rId), ct);
            if (p.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(r, FilingCommands.Json));
                return 0;
            }
            ctx.Out.WriteLine($"{r.Title}：考核对象 {r.Targets} 个，已确认 {r.Finalised} 个");
            ctx.Out.WriteLine("等级分布：" + string.Join("；", r.DistributionDetail.Select(d => $"{d.Label} {d.Count} 个（{Rates.FormatPercent(d.Percent)}）")));
            foreach (var row in r.Rows)
                ctx.Out.WriteLine($"{row.Rank,3}. {row.BodyName}  自评 {row.SelfTotal?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—"}  考核 {row.PanelTotal?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—"}  差值 {row.Gap?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—"}  {row.Outcome}{(row.Decision is null ? "" : "  " + row.Decision)}");
            return 0;
        }));
        campaign.Subcommands.Add(results);

        var iId = new Argument<int>("ID") { Description = "历史考核编号" };
        var iFile = new Argument<FileInfo>("FILE") { Description = "含“自评得分”“考核小组打分”列的表格（md/txt），如《忻州市2023年度职业技能等级评价年度绩效考核工作情况》附件2" };
        var iSource = new Option<string?>("--source") { Description = "出处，如 “《忻州市2023年度职业技能等级评价年度绩效考核工作情况》附件2”" };
        var importTotals = new Command("import-totals", "导入历史考核总分（全部匹配才写入）") { iId, iFile, iSource, json };
        importTotals.SetAction((p, ct) => Run(ctx, async () =>
        {
            var f = p.GetValue(iFile)!;
            if (!f.Exists) { ctx.Error.WriteLine($"找不到文件：{f.FullName}"); return 2; }
            await using var sc = await OpenAsync(ctx, ct);
            var rows = await sc.Get<HistoricalImport>().ImportAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(iId), await File.ReadAllTextAsync(f.FullName, ct), p.GetValue(iSource) ?? f.Name, ct);
            if (p.GetValue(json)) ctx.Out.WriteLine(JsonSerializer.Serialize(rows, FilingCommands.Json));
            else ctx.Out.WriteLine($"已导入 {rows.Count} 家机构的总分。");
            return 0;
        }));
        campaign.Subcommands.Add(importTotals);

        var fcId = new Argument<int>("ID") { Description = "考核编号" };
        var fcFiling = new Option<int>("--filing") { Description = "备案编号", Required = true };
        var fcKind = new Option<string>("--kind") { Description = "情形：" + string.Join("、", SkillsAudit.Domain.Reviews.RecordedFinding.Codes), Required = true };
        var fcNote = new Option<string>("--note") { Description = "事实与依据", Required = true };
        var finding = new Command("finding", "记录情形（阳人社函〔2023〕221号第四部分：直接终止或限期整改的事实）") { fcId, fcFiling, fcKind, fcNote, json };
        finding.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            var f = await sc.Get<DecisionHandlers>().RecordFindingAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(fcId), p.GetValue(fcFiling), p.GetValue(fcKind), p.GetValue(fcNote), null, ct);
            ctx.Out.WriteLine(p.GetValue(json) ? JsonSerializer.Serialize(f, FilingCommands.Json) : $"已记录：{f.Description}");
            return 0;
        }));
        campaign.Subcommands.Add(finding);

        var dId = new Argument<int>("ID") { Description = "考核编号" };
        var dFiling = new Option<int[]>("--filing") { Description = "只对这些备案作出意见（可重复；省略为全部已确认结果的机构）" };
        var dOn = new Option<DateOnly?>("--on") { Description = "决定日期（默认今天；可追溯，整改期限自决定日期起算）" };
        var dKind = new Option<string?>("--kind") { Description = "改定的意见：Terminate、Renew、DeferRenewal、Suspend、Continue（须与 --filing 一个备案及 --reason 同用）" };
        var dReason = new Option<string?>("--reason") { Description = "改定意见的理由（记录在案）" };
        var decide = new Command("decide", "作出评估意见（阳人社函〔2023〕221号第四部分：终止、延续、暂不延续、暂停、正常），需整改的生成两个月期限的整改事项；未完成评审的跳过并列出") { dId, dFiling, dOn, dKind, dReason, json };
        decide.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            var filings = p.GetValue(dFiling) is { Length: > 0 } fs ? fs : null;
            var kind = p.GetValue(dKind);
            if (kind is not null && filings is not { Length: 1 }) { ctx.Error.WriteLine("--kind 须与一个 --filing 同用"); return 2; }
            var result = await sc.Get<DecisionHandlers>().DecideAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(dId), new DecideRequest
            {
                FilingIds = filings, DecidedOn = p.GetValue(dOn), Choices = kind is null ? null : [new DecisionChoice(filings![0], kind, p.GetValue(dReason))],
            }, ct);
            if (p.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(result, FilingCommands.Json));
                return 0;
            }
            WriteDecisions(ctx, result.Decided, false);
            ctx.Out.WriteLine($"作出 {result.Decided.Count} 项评估意见，跳过 {result.Skipped.Count} 个机构");
            foreach (var s in result.Skipped) ctx.Out.WriteLine($"  跳过 {s.BodyName}：{s.Reason}");
            return 0;
        }));
        campaign.Subcommands.Add(decide);

        var pId = new Argument<int>("ID") { Description = "考核编号" };
        var proposals = new Command("proposals", "每个考核对象的建议评估意见、依据与提示") { pId, dOn, json };
        proposals.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            var list = await sc.Get<DecisionHandlers>().ProposeAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(pId), p.GetValue(dOn), ct);
            if (p.GetValue(json)) { ctx.Out.WriteLine(JsonSerializer.Serialize(list, FilingCommands.Json)); return 0; }
            foreach (var x in list)
            {
                ctx.Out.WriteLine(x.State switch { "Ready" => $"{x.BodyName}：建议 {x.KindName}", _ => $"{x.BodyName}：{x.NotReady}" });
                foreach (var r in x.Reasons) ctx.Out.WriteLine($"    {r.Rule}（{r.Clause}）");
                foreach (var f in x.Flags) ctx.Out.WriteLine($"    提示：{f}");
            }
            return 0;
        }));
        campaign.Subcommands.Add(proposals);

        var fuId = new Argument<int>("RECTIFICATION") { Description = "整改编号" };
        var fuKind = new Option<string>("--kind") { Description = "Renew 准予延续备案、Continue 恢复评价活动、Terminate 终止备案", Required = true };
        var followUp = new Command("follow-up", "整改复查后的决定（阳人社函〔2023〕221号第四部分（二））") { fuId, fuKind, dReason, dOn, json };
        followUp.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            var d = await sc.Get<DecisionHandlers>().FollowUpAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(fuId), p.GetValue(fuKind), p.GetValue(dReason), p.GetValue(dOn), ct);
            WriteDecisions(ctx, [d], p.GetValue(json));
            return 0;
        }));
        campaign.Subcommands.Add(followUp);

        var lId = new Argument<int>("ID") { Description = "考核编号" };
        var decisions = new Command("decisions", "列出评估意见及其依据") { lId, json };
        decisions.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            WriteDecisions(ctx, await sc.Get<DecisionHandlers>().ListAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(lId), ct), p.GetValue(json));
            return 0;
        }));
        campaign.Subcommands.Add(decisions);

        var aId = new Argument<int>("ID") { Description = "考核编号" };
        var aOut = new Option<FileInfo>("--out") { Description = "输出 xlsx 文件", Required = true };
        var annex4 = new Command("annex4", "生成附件4《备案机构评估意见汇总表》（阳人社函〔2023〕221号）") { aId, aOut };
        annex4.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            var bytes = await sc.Get<DecisionHandlers>().Annex4Async(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(aId), ct);
            await File.WriteAllBytesAsync(p.GetValue(aOut)!.FullName, bytes, ct);
            ctx.Out.WriteLine($"已生成 {p.GetValue(aOut)!.FullName}");
            return 0;
        }));
        campaign.Subcommands.Add(annex4);

        var review = new Command("review", "评分：自评、专家评分、确认结果（答题文件为 JSON：各指标编号及其得分或发现的情形）");
        review.Subcommands.Add(SheetCommand(ctx, "self", "保存（并可提交）机构自评", expert: false));
        review.Subcommands.Add(SheetCommand(ctx, "panel", "保存（并可提交）专家评分", expert: true));
        var fId = new Argument<int>("ASSESSMENT") { Description = "评审记录编号" };
        var finalise = new Command("finalise", "确认评审结果：按考核规则汇总、定等级、锁定并签名") { fId, json };
        finalise.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            var v = await sc.Get<AssessmentHandlers>().FinaliseAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(fId), null, ct: ct);
            ctx.Out.WriteLine(p.GetValue(json) ? JsonSerializer.Serialize(v, FilingCommands.Json) : $"{v.BodyName}：考核得分 {v.PanelTotal:0.00}，等级 {v.Outcome}（{v.FinalisedBy} 确认）");
            return 0;
        }));
        review.Subcommands.Add(finalise);

        // Offline scoring sheets: `review sheet export ASSESSMENT --out FILE`, `review sheet import ASSESSMENT FILE --as EXPERT`.
        var sheet = new Command("sheet", "离线评分表：导出 xlsx；上传填好的评分表作为专家评分");
        var seId = new Argument<int>("ASSESSMENT") { Description = "评审记录编号" };
        var seOut = new Option<FileInfo>("--out") { Description = "输出 xlsx 文件", Required = true };
        var export = new Command("export", "导出离线评分表（评估表、机构自评得分与原因、空白专家得分列）") { seId, seOut };
        export.SetAction((p, ct) => Run(ctx, async () =>
        {
            await using var sc = await OpenAsync(ctx, ct);
            var bytes = await sc.Get<SheetHandlers>().XlsxAsync(ReviewUser.Operator(sc.Db.ActorName), p.GetValue(seId), ct);
            await File.WriteAllBytesAsync(p.GetValue(seOut)!.FullName, bytes, ct);
            ctx.Out.WriteLine($"已导出 {p.GetValue(seOut)!.FullName}");
            return 0;
        }));
        sheet.Subcommands.Add(export);
        var siId = new Argument<int>("ASSESSMENT") { Description = "评审记录编号" };
        var siFile = new Argument<FileInfo>("FILE") { Description = "填好的评分表（xlsx）" };
        var siAs = new Option<string>("--as") { Description = "专家用户名（须为考核小组成员）", Required = true };
        var import = new Command("import", "上传填好的评分表作为该专家的评分（草稿；逐行校验，有错整表不保存）") { siId, siFile, siAs };
        import.SetAction((p, ct) => Run(ctx, async () =>
        {
            var f = p.GetValue(siFile)!;
            if (!f.Exists) { ctx.Error.WriteLine($"找不到文件：{f.FullName}"); return 2; }
            await using var sc = await OpenAsync(ctx, ct, p.GetValue(siAs));
            var who = await Who(sc, p.GetValue(siAs), ct);
            await using var stream = f.OpenRead();
            var v = await sc.Get<SheetHandlers>().ImportAsync(who, p.GetValue(siId), stream, f.Name, ct);
            ctx.Out.WriteLine($"已保存 {v.Expert} 的评分草稿：基础分 {v.BaseTotal:0.##}，加分 {v.BonusTotal:0.##}，合计 {v.Total:0.##}");
            return 0;
        }));
        sheet.Subcommands.Add(import);
        review.Subcommands.Add(sheet);
        return [campaign, review];
    }

    private static void WriteDecisions(CliContext ctx, IReadOnlyList<DecisionView> list, bool json)
    {
        if (json)
        {
            ctx.Out.WriteLine(JsonSerializer.Serialize(list, FilingCommands.Json));
            return;
        }
        foreach (var d in list)
        {
            ctx.Out.WriteLine($"{d.BodyName}：{d.KindName}{(d.RectificationDue is { } due ? $"，整改期限 {due:yyyy-MM-dd}" : "")}");
            foreach (var r in d.Reasons) ctx.Out.WriteLine($"    {r.Rule}（{r.Clause}）");
        }
    }

    private static Command SheetCommand(CliContext ctx, string name, string description, bool expert)
    {
        var id = new Argument<int>("ASSESSMENT") { Description = "评审记录编号" };
        var file = new Argument<FileInfo>("FILE") { Description = "答题文件（JSON）" };
        var asUser = new Option<string>("--as") { Description = expert ? "专家用户名（须为考核小组成员）" : "机构用户名", Required = true };
        var submit = new Option<bool>("--submit") { Description = "保存后提交（提交后锁定）" };
        var cmd = new Command(name, description) { id, file, asUser, submit };
        cmd.SetAction((p, ct) => Run(ctx, async () =>
        {
            var f = p.GetValue(file)!;
            if (!f.Exists) { ctx.Error.WriteLine($"找不到文件：{f.FullName}"); return 2; }
            await using var sc = await OpenAsync(ctx, ct, p.GetValue(asUser));
            var who = await Who(sc, p.GetValue(asUser), ct);
            var h = sc.Get<AssessmentHandlers>();
            var answers = await File.ReadAllTextAsync(f.FullName, ct);
            var sheet = expert ? await h.SaveExpertAsync(who, p.GetValue(id), answers, null, ct) : await h.SaveSelfAsync(who, p.GetValue(id), answers, null, ct);
            if (p.GetValue(submit)) sheet = expert ? await h.SubmitExpertAsync(who, p.GetValue(id), null, ct) : await h.SubmitSelfAsync(who, p.GetValue(id), null, ct);
            ctx.Out.WriteLine($"已{(p.GetValue(submit) ? "提交" : "保存")}：基础分 {sheet.BaseTotal:0.##}，加分 {sheet.BonusTotal:0.##}，合计 {sheet.Total:0.##}{(sheet.Vetoed ? "（存在否决情形）" : "")}");
            return 0;
        }));
        return cmd;
    }
}
