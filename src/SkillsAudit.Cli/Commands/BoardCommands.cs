using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SkillsAudit.Data;
using SkillsAudit.Data.Features.Calendar;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Cli.Commands;

/// <summary>
/// `skillsaudit campaign board ID [--status S] [--q TEXT] [--json]`, `skillsaudit campaign finalise ID [--filing N]…`,
/// `skillsaudit review request list|file|answer` and
/// `skillsaudit calendar show|set|remove`: the same handlers as the board, review-request and calendar pages.
/// </summary>
public static class BoardCommands
{
    private static ReviewUser Operator(IServiceProvider sp) => ReviewUser.Operator(sp.GetRequiredService<AppDb>().ActorName);

    private static T Get<T>(IServiceProvider sp) where T : notnull => sp.GetRequiredService<T>();

    /// <summary>The bodies the board would offer for 确认结果 (BoardHandlers.Finalisable).</summary>
    private static async Task<IReadOnlyList<int>> FinalisableAsync(IServiceProvider sp, ReviewUser who, int campaign, CancellationToken ct)
    {
        var board = await Get<BoardHandlers>(sp).GetAsync(who, campaign, ct: ct);
        return board.Rows.Where(r => BoardHandlers.Finalisable(board, r)).Select(r => r.FilingId).ToList();
    }

    public static void Extend(RootCommand root, CliContext ctx)
    {
        var campaign = root.Subcommands.First(c => c.Name == "campaign");
        var review = root.Subcommands.First(c => c.Name == "review");
        var json = new Option<bool>("--json") { Description = "输出 JSON" };

        var bId = new Argument<int>("CAMPAIGN") { Description = "考核编号" };
        var bStatus = new Option<string?>("--status") { Description = "只列某状态：NotStarted 未填写自评、Draft 自评草稿、Submitted 自评已提交、BeingScored 专家评分中、Scored 专家已评分、Finalised 结果已确认、Decided 已作出评估意见、UnderRectification 整改中、Excluded 不列入考核" };
        var bQ = new Option<string?>("--q") { Description = "按机构名称或备案号搜索" };
        var board = new Command("board", "考核看板：每个考核对象的阶段与状态、各状态数量") { bId, bStatus, bQ, json };
        board.SetAction((p, ct) => CliServices.RunAsync(ctx, async sp =>
        {
            var v = await Get<BoardHandlers>(sp).GetAsync(Operator(sp), p.GetValue(bId), p.GetValue(bStatus), p.GetValue(bQ), ct);
            if (p.GetValue(json)) { ctx.Out.WriteLine(JsonSerializer.Serialize(v, FilingCommands.Json)); return 0; }
            ctx.Out.WriteLine($"{v.Title}（{v.StageName}）");
            ctx.Out.WriteLine(string.Join("  ", v.Counts.Where(c => c.Count > 0).Select(c => $"{c.Name} {c.Count}")));
            foreach (var r in v.Rows)
                ctx.Out.WriteLine($"{r.StatusName,-8}\t{r.Name}\t{r.FilingNumber}{(r.Score is { } s ? $"\t{s:0.00} {r.Outcome}" : "")}{(r.DecisionName is { } d ? $"\t{d}" : "")}");
            return 0;
        }, ct));
        campaign.Subcommands.Add(board);

        // `campaign finalise ID [--filing N]…`: 批量确认结果, the board's bulk action (BoardOperations) stepped to its end.
        var fnId = new Argument<int>("CAMPAIGN") { Description = "考核编号" };
        var fnFiling = new Option<int[]>("--filing") { Description = "只确认这些备案的机构（可重复）；不加则为全部专家已评分、尚未确认结果的机构" };
        var finalise = new Command("finalise", "批量确认结果：逐个机构按规则汇总、定等级、锁定并签名（每个机构一个事务）；不能确认的跳过并说明原因") { fnId, fnFiling, json };
        finalise.SetAction((p, ct) => CliServices.RunAsync(ctx, async sp =>
        {
            var who = Operator(sp);
            var id = p.GetValue(fnId);
            IReadOnlyList<int> filings = p.GetValue(fnFiling) is { Length: > 0 } chosen ? chosen : await FinalisableAsync(sp, who, id, ct);
            if (filings.Count == 0) { ctx.Out.WriteLine("没有专家已评分、尚未确认结果的机构"); return 0; }
            var ops = Get<BoardOperations>(sp);
            var op = await BulkProgress.RunAsync(ctx, await ops.StartAsync(who, id, new BulkInput("finalise", filings, null), ct), next => ops.StepAsync(who, next.Id, ct));
            if (p.GetValue(json)) ctx.Out.WriteLine(JsonSerializer.Serialize(op, FilingCommands.Json));
            else
            {
                ctx.Out.WriteLine(op.Error is null ? $"确认结果完成：成功 {op.Succeeded} 个，跳过 {op.Skipped.Count} 个" : $"确认结果未全部完成：已处理 {op.Done} / {op.Total}，成功 {op.Succeeded} 个");
                foreach (var s in op.Skipped) ctx.Out.WriteLine($"  跳过 {s}");
                if (op.Error is not null) ctx.Error.WriteLine("原因：" + op.Error);
            }
            return op.Error is null ? 0 : 1;
        }, ct));
        campaign.Subcommands.Add(finalise);

        var request = new Command("request", "复核申请（结果公布后 15 个工作日内）");
        var rCampaign = new Option<int?>("--campaign") { Description = "只列某考核的" };
        var rList = new Command("list", "列出复核申请") { rCampaign, json };
        rList.SetAction((p, ct) => CliServices.RunAsync(ctx, async sp =>
        {
            var list = await Get<ReviewRequestHandlers>(sp).ListAsync(Operator(sp), p.GetValue(rCampaign), ct);
            if (p.GetValue(json)) { ctx.Out.WriteLine(JsonSerializer.Serialize(list, FilingCommands.Json)); return 0; }
            foreach (var r in list) ctx.Out.WriteLine($"{r.Id}\t{r.BodyName}\t{r.FiledOn:yyyy-MM-dd}（期限 {r.Deadline:yyyy-MM-dd}）\t{r.StateName}\t{r.Grounds}");
            return 0;
        }, ct));
        request.Subcommands.Add(rList);
        var fId = new Argument<int>("ASSESSMENT") { Description = "评审记录编号" };
        var fGrounds = new Option<string>("--grounds") { Description = "申请复核的事项和理由", Required = true };
        var fAs = new Option<string>("--as") { Description = "机构用户名", Required = true };
        var rFile = new Command("file", "机构申请复核") { fId, fGrounds, fAs, json };
        rFile.SetAction((p, ct) => CliServices.RunAsync(ctx, async sp =>
        {
            var who = await ReviewUser.LoadAsync(Get<AppDb>(sp), p.GetValue(fAs)!, ct);
            var r = await Get<ReviewRequestHandlers>(sp).FileAsync(who, p.GetValue(fId), p.GetValue(fGrounds), ct);
            ctx.Out.WriteLine(p.GetValue(json) ? JsonSerializer.Serialize(r, FilingCommands.Json) : $"已提交复核申请 {r.Id}（期限 {r.Deadline:yyyy-MM-dd}）");
            return 0;
        }, ct));
        request.Subcommands.Add(rFile);
        var aId = new Argument<int>("REQUEST") { Description = "复核申请编号" };
        var aText = new Option<string>("--answer") { Description = "答复意见", Required = true };
        var aReopen = new Option<bool>("--reopen") { Description = "重新开放考核小组评审（答复意见即理由）；不加则维持原结果" };
        var rAnswer = new Command("answer", "答复复核申请") { aId, aText, aReopen, json };
        rAnswer.SetAction((p, ct) => CliServices.RunAsync(ctx, async sp =>
        {
            var r = await Get<ReviewRequestHandlers>(sp).AnswerAsync(Operator(sp), p.GetValue(aId), p.GetValue(aText), p.GetValue(aReopen), ct);
            ctx.Out.WriteLine(p.GetValue(json) ? JsonSerializer.Serialize(r, FilingCommands.Json) : $"已答复复核申请 {r.Id}：{r.StateName}");
            return 0;
        }, ct));
        request.Subcommands.Add(rAnswer);
        review.Subcommands.Add(request);

        var calendar = new Command("calendar", "节假日安排（放假日与调休上班日，计算工作日用）");
        var cYear = new Argument<int>("YEAR") { Description = "年份" };
        var show = new Command("show", "列出某年的节假日安排") { cYear, json };
        show.SetAction((p, ct) => CliServices.RunAsync(ctx, async sp =>
        {
            var y = await Get<CalendarHandlers>(sp).YearAsync(p.GetValue(cYear), ct);
            if (p.GetValue(json)) { ctx.Out.WriteLine(JsonSerializer.Serialize(y, FilingCommands.Json)); return 0; }
            if (!y.Listed) ctx.Out.WriteLine($"{y.Year}年尚未录入节假日安排（只按周末计算）");
            foreach (var d in y.Days) ctx.Out.WriteLine($"{d.Date:yyyy-MM-dd} {d.Weekday}\t{d.KindName}\t{d.Name}");
            return 0;
        }, ct));
        calendar.Subcommands.Add(show);
        var sDate = new Argument<string>("DATE") { Description = "日期 yyyy-MM-dd" };
        var sKind = new Option<string>("--kind") { Description = "Holiday（放假）或 Workday（调休上班）", Required = true };
        var sName = new Option<string>("--name") { Description = "节日名称，如 国庆节", Required = true };
        var set = new Command("set", "添加或修改一天") { sDate, sKind, sName };
        set.SetAction((p, ct) => CliServices.RunAsync(ctx, async sp =>
        {
            var d = await Get<CalendarHandlers>(sp).SetAsync(true, Get<AppDb>(sp).ActorName, new CalendarDayInput(p.GetValue(sDate), p.GetValue(sKind), p.GetValue(sName)), ct);
            ctx.Out.WriteLine($"已设置 {d.Date:yyyy-MM-dd} {d.Weekday}：{d.KindName}（{d.Name}）");
            return 0;
        }, ct));
        calendar.Subcommands.Add(set);
        var rDate = new Argument<string>("DATE") { Description = "日期 yyyy-MM-dd" };
        var remove = new Command("remove", "删除一天（恢复为普通工作日或周末）") { rDate };
        remove.SetAction((p, ct) => CliServices.RunAsync(ctx, async sp =>
        {
            await Get<CalendarHandlers>(sp).RemoveAsync(true, p.GetValue(rDate), ct);
            ctx.Out.WriteLine($"已删除 {p.GetValue(rDate)}");
            return 0;
        }, ct));
        calendar.Subcommands.Add(remove);
        root.Subcommands.Add(calendar);
    }
}
