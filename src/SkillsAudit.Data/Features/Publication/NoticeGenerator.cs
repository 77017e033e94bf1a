using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Reviews;
using SkillsAudit.Data.Features.Statistics;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Statistics;

namespace SkillsAudit.Data.Features.Publication;

/// <summary>
/// One annex table as seed 000 prints 附件1/附件2: 序号, 机构名称, the group "{year}年职业技能等级认定评价概况" over the
/// figure columns, and (附件2, with a campaign) 评价机构自评得分 (分) and 考核小组打分情况 (分). Cells are text as printed;
/// the last row is 合计.
/// </summary>
public sealed record NoticeAnnex(string Label, string Title, string Maker, string GroupTitle, int GroupColumns,
    IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// A notice: title, authority, document number, the body as template paragraphs with {placeholders}, the figures that
/// fill them and the annex tables. <see cref="Paragraphs"/> is what is printed.
/// </summary>
public sealed record NoticeContent(int Year, string RegionCode, string RegionName, int? CampaignId, string Title, string Authority,
    string? DocumentNumber, DateOnly? DatedOn, IReadOnlyList<string> Template, IReadOnlyDictionary<string, string> Figures,
    IReadOnlyList<NoticeAnnex> Annexes)
{
    public string FilledTitle => NoticeTemplate.Fill(Title, Figures);
    public IReadOnlyList<string> Paragraphs => Template.Select(t => NoticeTemplate.Fill(t, Figures)).ToList();
    public string DateText => DatedOn is { } d ? $"{d.Year}年{d.Month}月{d.Day}日" : "";
    /// <summary>Figures the printed notice would lack (what is missing, in Chinese); issuing is refused while there are any.</summary>
    public IReadOnlyList<string> Missing => NoticeTemplate.MissingFigures([Title, .. Template], Figures);
}

/// <summary>{key} placeholders: the officer edits the words, the figures come from the data.</summary>
public static partial class NoticeTemplate
{
    /// <summary>Figures the data cannot give are stored as "missing.{key}" = what is missing (in Chinese).</summary>
    public const string MissingPrefix = "missing.";

    /// <summary>What the printed notice would lack: each placeholder used in the title or text whose figure is missing.</summary>
    public static IReadOnlyList<string> MissingFigures(IEnumerable<string> templates, IReadOnlyDictionary<string, string> figures) =>
        templates.SelectMany(Keys).Distinct().Where(k => figures.ContainsKey(MissingPrefix + k)).Select(k => figures[MissingPrefix + k]).Distinct().ToList();

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_.]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    public static string Fill(string template, IReadOnlyDictionary<string, string> figures) =>
        Placeholder().Replace(template, m => figures.TryGetValue(MissingPrefix + m.Groups[1].Value, out var missing) ? $"〔待补：{missing}〕"
            : figures.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    public static IReadOnlyList<string> Keys(string template) => Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct().ToList();

    /// <summary>Placeholders the figures do not know: refused when an officer edits the wording.</summary>
    public static IReadOnlyList<string> Unknown(IEnumerable<string> templates, IReadOnlyDictionary<string, string> figures) =>
        templates.SelectMany(Keys).Where(k => !figures.ContainsKey(k) || k.StartsWith(MissingPrefix, StringComparison.Ordinal)).Distinct().ToList();
}

/// <summary>
/// Computes a results notice in the shape of seed 000 (忻州市 2023 年度职业技能等级评价年度绩效考核工作情况) for a year and a
/// region, optionally with a review campaign: 一(一)–(三) from <see cref="StatisticsQueries.SummaryAsync"/> (全市/省属/市属:
/// 组织评价, 合格, 合格率, 其中初级/中级/高级), 二 (已开展/未开展 with the names, split 省属/市属), 三 from the campaign
/// (方案 and its date, the grade distribution with counts and percentages) and the annex tables (StatisticsExport, with the
/// campaign's self and panel totals on the city annex as seed 000 附件2 prints them).
/// </summary>
public sealed class NoticeGenerator(AppDb db, StatisticsQueries statistics, ReviewResults results, CampaignHandlers campaigns, AssessmentHandlers assessments)
{
    private static readonly string[] ScopePrefixes = ["", "prov.", "city."];
    private static readonly string[] StatisticsKeys = ["assessed", "passed", "rate", "levels", .. Levels.All.Select(l => "l" + (int)l)];
    private static readonly string[] BodyKeys = [.. from k in new[] { "conducted", "notConducted" } from p in new[] { "", ".prov", ".city", ".prov.names", ".city.names" } select k + p];
    private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
    private static string D(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    public async Task<NoticeContent> GenerateAsync(int year, string region, int? campaignId = null, DateOnly? datedOn = null, CancellationToken ct = default)
    {
        var errors = new List<DomainException>();
        var r = Regions.Find(region);
        if (string.IsNullOrWhiteSpace(region)) errors.Add(new("region", "须指定地区"));
        else if (r is null) errors.Add(new("region", $"未知的地区“{region.Trim()}”"));
        if (year is < 2000 or > 2100) errors.Add(new("year", $"年度 {year} 不在合理范围内"));
        Campaign? campaign = null;
        if (campaignId is { } cid)
        {
            campaign = await db.Campaigns.AsNoTracking().AnyAsync(c => c.Id == cid, ct) ? await campaigns.LoadAsync(cid, ct, tracking: false) : null;
            if (campaign is null) errors.Add(new("campaign", "没有找到所选的考核：可能已删除，请重新选择"));
            else if (r is not null && (campaign.Year != year || !campaign.RegionCode.StartsWith(r.DescendantPrefix, StringComparison.Ordinal)))
                errors.Add(new("campaign", $"所选考核“{campaign.Title}”不是{r.Name}{year}年度的考核，请选择该年度的考核或改正年度"));
        }
        if (errors.Count > 0) throw new DomainValidationException(errors);
        var regionName = r!.Name;

        var summary = await statistics.SummaryAsync(year, r.Code, includeNames: true, ct);
        if (summary.Filings == 0 && summary.Assessed == 0)
            throw new DomainException("region", $"{regionName}{year}年度没有备案机构，也没有评价统计，无法生成公告");
        var f = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["year"] = N(year),
            ["nextYear"] = N(year + 1),
            ["region"] = regionName,
        };
        // A figure the data cannot give is never printed as "—": it is recorded as missing (with what is missing), the
        // draft shows a gap marker, and issuing is refused until the data or the wording is put right.
        void Missing(string key, string what)
        {
            f[key] = "";
            f[NoticeTemplate.MissingPrefix + key] = what;
        }
        void Figures(string prefix, string scope, long assessed, long? passed, decimal? rate, IReadOnlyList<LevelFigure> levels)
        {
            f[prefix + "assessed"] = N(assessed);
            if (passed is { } p) f[prefix + "passed"] = N(p); else Missing(prefix + "passed", $"{scope}评价合格人数（统计中未填写）");
            if (rate is not null) f[prefix + "rate"] = Rates.FormatPercent(rate); else Missing(prefix + "rate", $"{scope}合格率（无合格人数，无法计算）");
            foreach (var l in Levels.All) f[prefix + "l" + (int)l] = N(levels.FirstOrDefault(x => x.Level == l)?.Passed ?? 0);
            // Seed 000 一: "其中：初级 514 人、中级 4022 人、高级 2730 人" lists the levels with passed persons; 一(三) (市属)
            // prints no 高级 because the city bodies passed none at that level.
            var stated = levels.Where(x => x.Passed > 0).OrderByDescending(x => (int)x.Level).Select(x => $"{x.Name}{N(x.Passed ?? 0)}人").ToList();
            if (stated.Count > 0) f[prefix + "levels"] = string.Join("、", stated);
            else if (passed == 0) f[prefix + "levels"] = "各等级均无合格人员";
            // levels with only 已发证人数 stated (附件2's template) say nothing of the passed persons at each level
            else if (levels.All(x => x.Passed is null)) Missing(prefix + "levels", $"{scope}各等级合格人数（统计中未填写分等级数据）");
            else Missing(prefix + "levels", $"{scope}各等级合格人数（分等级合计为 0，而合格 {(passed is { } pp ? N(pp) : "未知")} 人）");
        }
        var prov = summary.BySupervision.Province;
        var city = summary.BySupervision.City;
        // Seed 000 一 and 二 are read from the year's statistics (组织评价, 合格, 已开展/未开展). A year without a single
        // statistics record says nothing about them: its figures are to be supplied, never printed as 0 (nor every filed
        // body as 未开展). A year with statistics where a body assessed no one still counts that body as 未开展.
        var hasStatistics = prov.Records + city.Records + (summary.BySupervision.Unstated?.Records ?? 0) > 0;
        var noStatistics = $"{year}年度评价统计（尚无该年度数据）";
        Figures("", "全市", summary.Assessed, summary.Passed, summary.PassRate, summary.ByLevel);
        Figures("prov.", "省属机构", prov.Assessed, prov.Passed, prov.PassRate, prov.ByLevel);
        Figures("city.", "市属机构", city.Assessed, city.Passed, city.PassRate, city.ByLevel);
        if (!hasStatistics)
            foreach (var prefix in ScopePrefixes)
            foreach (var key in StatisticsKeys)
                Missing(prefix + key, noStatistics);

        // Seed 000 二: 已开展 / 未开展 bodies, each split 省属 / 市属 with their names.
        var prefixCode = r.DescendantPrefix;
        var supervisionOf = (await db.Filings.AsNoTracking().Where(x => x.RegionCode.StartsWith(prefixCode))
                .Select(x => new { x.LegalEntity.Name, x.Supervision }).ToListAsync(ct))
            .GroupBy(x => x.Name).ToDictionary(g => g.Key, g => g.First().Supervision, StringComparer.Ordinal);
        void Names(string key, IReadOnlyList<string> names)
        {
            f[key] = N(names.Count);
            foreach (var (sup, k) in new[] { (Supervision.Province, "prov"), (Supervision.City, "city") })
            {
                var mine = names.Where(n => supervisionOf.GetValueOrDefault(n) == sup).ToList();
                f[$"{key}.{k}"] = N(mine.Count);
                f[$"{key}.{k}.names"] = mine.Count == 0 ? "无" : string.Join("、", mine);
            }
            // Seed 000 二 splits every body 省属 / 市属: one filed without either would be counted in the total and
            // named in neither list, and the printed figures would not add up. The count is left to be supplied (the
            // draft names the bodies; issuing is refused) until their filings say which.
            var unfiled = names.Where(n => !supervisionOf.ContainsKey(n)).ToList();
            var unstated = names.Where(n => supervisionOf.TryGetValue(n, out var s) && s is not (Supervision.Province or Supervision.City)).ToList();
            var problems = new List<string>();
            if (unstated.Count > 0) problems.Add($"{unstated.Count}个机构的备案未登记监管层级（省属或市属）：{string.Join("、", unstated)}，请先在备案中填写“监管”");
            if (unfiled.Count > 0) problems.Add($"{unfiled.Count}个机构在本地区的备案中找不到同名机构：{string.Join("、", unfiled)}，请核对机构名称");
            if (problems.Count > 0) Missing(key, "无法列入省属或市属名单——" + string.Join("；", problems) + "，再重新生成公告");
        }
        f["filings"] = N(summary.Conducted + summary.NotConducted);
        Names("conducted", summary.ConductedNames);
        Names("notConducted", summary.NotConductedNames);
        if (!hasStatistics)
            foreach (var key in BodyKeys)
                Missing(key, noStatistics);

        // Annexes: seed 000 附件1 (省属机构) and 附件2 ({region}属) with the campaign's totals on the city annex.
        var rows = await statistics.RowsAsync(new StatisticsFilter { Year = year, Region = r.Code }, ct: ct);
        var tables = StatisticsExport.BuildAnnexTables(rows, year, regionName);
        CampaignResults? res = null;
        if (campaign is not null) res = await results.GetAsync(ReviewUser.Operator(db.ActorName), campaign.Id, ct);
        var annexes = tables.Select(t => Annex(t, campaign is not null && t.Title.EndsWith($"（{regionName}属）", StringComparison.Ordinal) ? res : null, campaign is not null, year, regionName)).ToList();
        f["annexes"] = annexes.Count == 0 ? "无" : string.Join("；", annexes.Select((a, i) => $"{i + 1}.{a.Title}"));
        if (!hasStatistics) Missing("annexes", noStatistics); // seed 000 附件1/2 are the year's statistics tables
        string AnnexRef(Supervision s)
        {
            var i = annexes.FindIndex(a => a.Title.EndsWith(s == Supervision.Province ? "（省属机构）" : $"（{regionName}属）", StringComparison.Ordinal));
            return i < 0 ? "" : $"（详情见附件{i + 1}）";
        }
        f["annex.prov"] = AnnexRef(Supervision.Province);
        f["annex.city"] = AnnexRef(Supervision.City);

        // Seed 000 二: the bodies counted are those filed here and published in the year's list (名录); the list's document is
        // the campaign's basis, when it has one.
        var basis = campaign?.ListBasis is { Length: > 0 } lb ? $"并以{lb}公布" : "";
        f["basis"] = basis;
        var template = new List<string>
        {
            "按照{authority}有关要求，{region}职业技能评价考核工作小组办公室认真履职尽责，现将{region}{year}年度职业技能等级评价工作情况公布如下。",
            "一、职业技能等级评价概况",
            "（一）全市基本情况。截至12月底，全市共组织评价{assessed}人，合格{passed}人，合格率{rate}。其中：{levels}。",
            "（二）省属评价机构。截至12月底，年内共组织评价{prov.assessed}人，合格{prov.passed}人，合格率{prov.rate}。其中：{prov.levels}。",
            "（三）市属机构评价。截至12月底，年内共组织评价{city.assessed}人，合格{city.passed}人，合格率{city.rate}，其中：{city.levels}。",
            "二、技能人才评价机构概况",
            "{year}年，在{region}备案{basis}的评价机构共计{filings}个。其中：已开展评价工作的{conducted}个、未开展评价工作的{notConducted}个。",
            "（一）已开展工作的{conducted}个机构",
            "1.省属机构{conducted.prov}个。{conducted.prov.names}。{annex.prov}",
            "2.市属机构{conducted.city}个。{conducted.city.names}。{annex.city}",
            "（二）未开展工作的{notConducted}个机构",
            "1.省属机构{notConducted.prov}个。{notConducted.prov.names}。",
            "2.市属机构{notConducted.city}个。{notConducted.city.names}。",
        };
        f["authority"] = campaign?.Authority ?? $"{regionName}人力资源和社会保障局";
        var title = "关于公布{region}{year}年度职业技能等级评价工作情况的通知";
        if (campaign is not null && res is not null)
        {
            title = "关于公布《{region}{year}年度职业技能等级评价年度绩效考核工作情况》的通知";
            // Seed 000 opens by citing the plan (seed 002) by its own title: 《关于印发…工作方案的通知》.
            template[0] = "按照{authority}《{plan.title}》要求，{region}职业技能评价考核工作小组办公室认真履职尽责，通过机构自评打分，整理分析、查阅报备审核意见、质量督导报告等方式组织考核，现将{region}{year}年度职业技能等级评价年度绩效考核工作情况公布如下。";
            f["campaign.title"] = campaign.Title;
            if (campaign.PlanTitle is { Length: > 0 } pt) f["plan.title"] = pt; else Missing("plan.title", "考核工作方案的标题（在考核页的“考核工作方案”中填写“方案标题”）");
            if (campaign.DocumentNumber is { Length: > 0 } doc) f["plan.doc"] = $"（{doc}）"; else Missing("plan.doc", "考核工作方案的文号（在考核页的“考核工作方案”中填写“文号”）");
            f["campaign.doc"] = f["plan.doc"];
            var schedule = campaign.Schedule;
            if (campaign.PlanIssuedOn is { } issued) f["plan.date"] = D(issued);
            else if (schedule.Window(CampaignStage.Planning) is { } plan) f["plan.date"] = D(plan.From);
            else Missing("plan.date", "考核工作方案的印发日期（在考核页的“考核工作方案”中填写“印发日期”）");
            f["campaign.planned"] = f["plan.date"];
            if (schedule.Window(CampaignStage.Summary) is { } sum) f["campaign.summarised"] = D(sum.To);
            else Missing("campaign.summarised", "材料收集整理完毕的日期（考核日程中没有“汇总”阶段）");
            f["campaign.targets"] = N(res.Targets);
            f["campaign.finalised"] = N(res.Finalised);
            var bands = (await AssessmentBands(campaign, ct)) ?? [];
            var parts = new List<string>();
            foreach (var d in res.DistributionDetail)
            {
                f[$"grade.{d.Label}"] = N(d.Count);
                f[$"grade.{d.Label}.pct"] = Rates.FormatPercent(d.Percent ?? 0m);
                var band = bands.FirstOrDefault(b => b.Label == d.Label);
                // Seed 000 三(三): "A(90分及以上)的0个；B(70-89分)的12个；C(60-69分)的1个；D(60分以下)的0个" — bands are half-open.
                var range = band is null ? "" : $"({BandText(band)})";
                if (band is null && d.Count == 0) continue; // e.g. the veto label when nothing was vetoed
                parts.Add($"{d.Label}{range}的{N(d.Count)}个");
            }
            f["grades"] = string.Join("；", parts);
            // Seed 000 三(三) counts the grades of the bodies whose results are confirmed. A target whose result is not yet
            // confirmed is in none of them: the draft says so where the grades are, and issuing waits for it.
            var unconfirmed = res.Targets - res.Finalised;
            f["campaign.unconfirmed"] = N(unconfirmed);
            if (unconfirmed > 0) Missing("campaign.pending", UnconfirmedText(unconfirmed));
            else f["campaign.pending"] = "";

            // Seed 000 二(三) says the 省属 bodies were not part of the review (its grades, 附件2, are the 市属 bodies'). That
            // is said only when the campaign indeed targets no 省属 body; otherwise the block states what was targeted.
            var targetIds = campaign.TargetFilingIds.ToList();
            var targeted = await db.Filings.AsNoTracking().Where(x => targetIds.Contains(x.Id)).Select(x => x.Supervision).ToListAsync(ct);
            f["campaign.targets.prov"] = N(targeted.Count(s => s == Supervision.Province));
            f["campaign.targets.city"] = N(targeted.Count(s => s == Supervision.City));
            template.Add(targeted.Contains(Supervision.Province)
                ? "（三）其他需说明的情况。本次绩效考核的考核对象共{campaign.targets}个，其中省属评价机构{campaign.targets.prov}个、市属评价机构{campaign.targets.city}个。"
                // Seed 000 二(三): words only the officer can write; an editable block that starts with seed 000's sentence.
                : "（三）其他需说明的情况。省属评价机构日常管理和质量监督在山西省职业技能鉴定中心，因此本次绩效考核未纳入{region}评价考核。");
            template.Add("三、{year}年度绩效考核基本情况");
            template.Add("（一）制定工作方案。{plan.date}，以{authority}印发《{plan.title}》{plan.doc}（以下简称《考核工作方案》）。");
            template.Add("（二）组织绩效考核。考核小组办公室严格按照《考核工作方案》进度安排与步骤执行。截至{campaign.summarised}，{campaign.targets}个评价机构的相关材料已收集、整理完毕。");
            template.Add("（三）绩效考核结果。考核小组办公室严格按照综合考核评估表逐项打分，打分依据机构自评报告及打分、评价报备审核意见、质量督导报告等方式进行。综合考核结果为{grades}{campaign.pending}。{annex.city}");
        }
        template.Add("附件：{annexes}");
        return new NoticeContent(year, r.Code, regionName, campaign?.Id, title, f["authority"], null, datedOn, template, f, annexes);
    }

    /// <summary>What a draft says while some targets' results are not confirmed (their grades are not counted).</summary>
    public static string UnconfirmedText(int unconfirmed) => $"尚有 {unconfirmed} 个考核对象的结果未确认，公告中的等级统计不含这些机构";

    private async Task<IReadOnlyList<Domain.Rubrics.OutcomeBand>?> AssessmentBands(Campaign c, CancellationToken ct)
    {
        try
        {
            return (await assessments.RubricOf(c, ct)).Outcome.Bands;
        }
        catch (DomainException)
        {
            return null; // the rubric is gone: the grades are printed without their bands
        }
    }

    private static string BandText(Domain.Rubrics.OutcomeBand b)
    {
        static string P(decimal v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        return (b.Min, b.Below) switch
        {
            ({ } lo, null) => $"{P(lo)}分及以上",
            (null, { } hi) => $"{P(hi)}分以下",
            ({ } lo, { } hi) when lo == Math.Floor(lo) && hi == Math.Floor(hi) => $"{P(lo)}-{P(hi - 1)}分",
            ({ } lo, { } hi) => $"{P(lo)}分至{P(hi)}分以下",
            _ => "",
        };
    }

    private static NoticeAnnex Annex(AnnexTable t, CampaignResults? res, bool review, int year, string regionName)
    {
        var headers = new List<string> { "序号", "机构名称", "组织评价 (人)", "评价合格 (人)", "评价合格率 (%)" };
        headers.AddRange(t.Levels.Select(l => $"其中：{l.ShortName()} (人)"));
        var groupColumns = headers.Count - 2;
        var scores = res?.Rows.GroupBy(x => x.BodyName).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (scores is not null) headers.AddRange(["评价机构自评得分 (分)", "考核小组打分情况 (分)"]);
        static string Sc(decimal? v) => v is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "";
        List<string> Line(string number, string name, StatisticsFigures fig, ResultRow? score)
        {
            var cells = new List<string>
            {
                number, name, fig.Assessed.ToString(), fig.Passed?.ToString() ?? "", fig.PassRate is { } rate ? Rates.FormatPercent(rate) : "",
            };
            cells.AddRange(t.Levels.Select(l => fig.PassedByLevel[l]?.ToString() ?? ""));
            if (scores is not null) cells.AddRange([Sc(score?.SelfTotal), Sc(score?.PanelTotal)]);
            return cells;
        }
        var rows = new List<IReadOnlyList<string>>();
        var i = 0;
        foreach (var line in t.Lines) rows.Add(Line((++i).ToString(CultureInfo.InvariantCulture), line.Name, line.Figures, scores?.GetValueOrDefault(line.Name)));
        rows.Add(Line("", "合计", t.Totals, null));
        // Seed 000 titles both annexes of a review's notice "…评价机构绩效考核基本情况（省属机构）/（忻州市属）", the 省属 one too
        // though it carries no scores; a notice without a review keeps the statistics export's title.
        var title = res is not null ? $"{year}年度职业技能等级评价机构绩效考核基本情况（{regionName}属）"
            : review ? t.Title.Replace("评价机构基本情况", "评价机构绩效考核基本情况", StringComparison.Ordinal) : t.Title;
        // Seed 000 附件1 and 附件2 (a review's results notice) are both made by "忻州市2023年职业技能等级评价年度绩效考核工作领导小组办公室".
        var maker = review ? $"制表：{regionName}{year}年职业技能等级评价年度绩效考核工作领导小组办公室" : $"制表：{regionName}{year}年职业技能等级评价工作领导小组办公室";
        return new NoticeAnnex(t.Label, title, maker, $"{year}年职业技能等级认定评价概况", groupColumns, headers, rows);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
