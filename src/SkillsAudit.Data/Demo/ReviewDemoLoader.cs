using Microsoft.EntityFrameworkCore;
using SkillsAudit.Data.Features.Reviews;

namespace SkillsAudit.Data.Demo;

/// <summary>
/// Xinzhou's 2023 performance review as a historical campaign (totals only): the plan of seed 002 (忻人社函〔2023〕118号,
/// rubric xinzhou-2023 = 附件3, schedule 二(一)–(五)) and the 13 city-administered bodies' self and panel totals of seed 000
/// 附件2 (demo/statistics/xinzhou-2023-city.md, verbatim). Its results give seed 000 三(三): A 0, B 12, C 1, D 0.
/// Runs once, after the registry is loaded, while no campaign is stored.
/// </summary>
public sealed class ReviewDemoLoader(AppDb db, CampaignHandlers campaigns, HistoricalImport import)
{
    public async Task<string?> LoadAsync(string demoDirectory, CancellationToken ct = default)
    {
        var file = Path.Combine(demoDirectory, "statistics", "xinzhou-2023-city.md");
        if (!File.Exists(file) || await db.Campaigns.AnyAsync(ct) || !await db.Filings.AnyAsync(ct)) return null;
        var who = ReviewUser.Operator(db.ActorName);
        var campaign = await campaigns.CreateAsync(who, new CampaignInput
        {
            Title = "忻州市2023年职业技能等级评价机构年度绩效考核",
            DocumentNumber = "忻人社函〔2023〕118号",
            Authority = "忻州市人力资源和社会保障局",
            Year = 2023,
            Region = "忻州市",
            Rubric = "xinzhou-2023",
            Consolidation = "Mean",
            Historical = true,
            PlanTitle = "关于印发忻州市2023年职业技能等级评价机构年度绩效考核工作方案的通知",
            PlanIssuedOn = "2023-12-12",
            ListBasis = "忻州市推进“人人持证、技能社会”建设工作领导小组发文公布（忻州市推进人人持证、技能社会建设工作领导小组办公室《关于公布忻州市2023年第一批承担政府补贴培训机构、评价机构及职业工种目录的通知》（忻人组办〔2023〕4号））",
            // Seed 002 二: (一) 方案 12月15日前 (印发 12月12日); (二) 自评 12月15日-20日; (三) 考核 12月21日-1月10日;
            // (四) 汇总 1月15日前; (五) 公布 1月15日-20日.
            Stages =
            [
                new("Planning", "2023-12-12", "2023-12-15"),
                new("SelfAssessment", "2023-12-15", "2023-12-20"),
                new("PanelReview", "2023-12-21", "2024-01-10"),
                new("Summary", "2024-01-11", "2024-01-15"),
                new("Publication", "2024-01-15", "2024-01-20"),
            ],
        }, ct);
        var rows = await import.ImportAsync(who, campaign.Id, await File.ReadAllTextAsync(file, ct), "《忻州市2023年度职业技能等级评价年度绩效考核工作情况》附件2", ct);
        // Seed 000 is the published notice (2024-01-25): publication is done.
        await campaigns.CloseAsync(who, campaign.Id, ct);
        return $"已加载演示考核：{campaign.Title}（历史总分 {rows.Count} 家，《忻州市2023年度职业技能等级评价年度绩效考核工作情况》附件2）。";
    }
}
