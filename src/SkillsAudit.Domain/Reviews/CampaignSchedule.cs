using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Reviews;

/// <summary>The stages of a review campaign, in order (seed 002 二、进度安排与步骤).</summary>
public enum CampaignStage
{
    /// <summary>(一) 制定工作方案</summary>
    Planning = 1,
    /// <summary>(二) 评价机构自评</summary>
    SelfAssessment = 2,
    /// <summary>(三) 年度业绩考核 — the panel</summary>
    PanelReview = 3,
    /// <summary>(四) 考核结果汇总</summary>
    Summary = 4,
    /// <summary>(五) 考核结果公布</summary>
    Publication = 5,
    /// <summary>After publication.</summary>
    Closed = 6,
}

public sealed record StageWindow(CampaignStage Stage, DateOnly From, DateOnly To);

/// <summary>
/// A campaign's dated stages. Windows must be in stage order and must not overlap; a day between windows belongs
/// to the stage just finished. Seed 002: 自评 12-15…12-20, 考核 12-21…01-10, 汇总 by 01-15, 公布 01-15…01-20.
/// </summary>
public sealed class CampaignSchedule
{
    public IReadOnlyList<StageWindow> Windows { get; }

    public CampaignSchedule(IEnumerable<StageWindow> windows)
    {
        var list = windows.OrderBy(w => w.Stage).ToList();
        var errors = new List<DomainException>();
        if (list.Select(w => w.Stage).Distinct().Count() != list.Count) errors.Add(new("schedule", "同一阶段只能有一个时间段"));
        if (list.Any(w => w.Stage == CampaignStage.Closed)) errors.Add(new("schedule", "“已结束”不是可安排的阶段"));
        foreach (var w in list.Where(w => w.To < w.From)) errors.Add(new("schedule", $"{Chinese(w.Stage)}的结束日期 {w.To:yyyy-MM-dd} 早于开始日期 {w.From:yyyy-MM-dd}"));
        for (var i = 1; i < list.Count; i++)
        {
            // Seed 002 lets 汇总 end on the day 公布 begins (1月15日), so a shared boundary day is allowed.
            if (list[i].From < list[i - 1].To)
                errors.Add(new("schedule", $"{Chinese(list[i].Stage)}（{list[i].From:yyyy-MM-dd} 起）与{Chinese(list[i - 1].Stage)}（至 {list[i - 1].To:yyyy-MM-dd}）重叠或顺序颠倒"));
        }
        if (errors.Count > 0) throw new DomainValidationException(errors);
        Windows = list;
    }

    /// <summary>The stage in force on a day: the latest window that has begun; Closed after the last window ends.</summary>
    public CampaignStage StageOn(DateOnly day)
    {
        var begun = Windows.Where(w => w.From <= day).ToList();
        if (begun.Count == 0) return CampaignStage.Planning;
        var last = begun[^1];
        if (last == Windows[^1] && day > last.To) return CampaignStage.Closed;
        return last.Stage;
    }

    public StageWindow? Window(CampaignStage stage) => Windows.FirstOrDefault(w => w.Stage == stage);

    /// <summary>Is the day inside the stage's own window (not merely after it)?</summary>
    public bool IsOpen(CampaignStage stage, DateOnly day) => Window(stage) is { } w && w.From <= day && day <= w.To;

    public static string Chinese(CampaignStage stage) => stage switch
    {
        CampaignStage.Planning => "制定工作方案",
        CampaignStage.SelfAssessment => "机构自评",
        CampaignStage.PanelReview => "考核小组评审",
        CampaignStage.Summary => "结果汇总",
        CampaignStage.Publication => "结果公布",
        CampaignStage.Closed => "已结束",
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };
}

/// <summary>Counts of outcomes over a set of totals, with every label of the scheme present (zeros included).</summary>
public static class OutcomeDistribution
{
    public sealed record Entry(string Label, int Count, decimal? Percent);

    public static IReadOnlyList<Entry> Of(IEnumerable<(decimal Total, bool Vetoed)> results, Rubrics.OutcomeScheme scheme)
    {
        var labels = scheme.Bands.Select(b => b.Label).Reverse().Append(scheme.VetoLabel).Distinct().ToList();
        var counts = labels.ToDictionary(l => l, _ => 0);
        var n = 0;
        foreach (var (total, vetoed) in results)
        {
            counts[scheme.Classify(total, vetoed)]++;
            n++;
        }
        return labels.Select(l => new Entry(l, counts[l], Rates.Percent(counts[l], n))).ToList();
    }
}
