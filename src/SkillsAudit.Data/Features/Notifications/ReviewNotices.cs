using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Reviews;
using K = SkillsAudit.Data.Features.Notifications.NotificationKinds;

namespace SkillsAudit.Data.Features.Notifications;

/// <summary>
/// Who is told what at each stage change of the annual review. Each method only adds notifications to the context
/// (<see cref="Notifier"/>): the handler's own SaveChanges writes them with the change.
/// </summary>
public static class ReviewNotices
{
    private static string D(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static string Due(Campaign c, CampaignStage stage) => c.Schedule.Window(stage) is { } w ? $"，截止日期 {D(w.To)}" : "";

    private static IEnumerable<string> Panel(Campaign c) =>
        c.Members.Where(m => m.Role is CampaignMemberRole.Panel or CampaignMemberRole.PanelLead).Select(m => m.UserName);

    private static Task<string> BodyNameAsync(AppDb db, int filingId, CancellationToken ct) =>
        db.Filings.Where(f => f.Id == filingId).Select(f => f.LegalEntity.Name).FirstAsync(ct);

    /// <summary>印发方案: the target bodies may self-assess; the panel has bodies to score.</summary>
    public static async Task CampaignOpenedAsync(AppDb db, Campaign c, CancellationToken ct)
    {
        var targets = c.TargetFilingIds.ToList();
        var bodies = await Notifier.BodyUsersAsync(db, targets, ct);
        Notifier.Add(db, targets.SelectMany(f => bodies[f]), K.SelfAssessmentOpened, $"{c.Title}：请开展自评",
            $"考核已开始，请填写自评表、上传证明材料并提交{Due(c, CampaignStage.SelfAssessment)}。", $"/Reviews/Campaign/{c.Id}");
        Notifier.Add(db, Panel(c), K.AssessmentAssigned, $"{c.Title}：评审任务",
            $"您是考核小组成员，共有 {targets.Count} 个机构待评审{Due(c, CampaignStage.PanelReview)}。", $"/Reviews/Campaign/{c.Id}");
    }

    /// <summary>An expert added to the panel of an open campaign.</summary>
    public static void MemberAdded(AppDb db, Campaign c, string userName, CampaignMemberRole role)
    {
        if (c.State != CampaignState.Open || role == CampaignMemberRole.LeadingGroup) return;
        Notifier.Add(db, userName, K.AssessmentAssigned, $"{c.Title}：评审任务",
            $"您已被列入考核小组，共有 {c.TargetFilingIds.Count()} 个机构待评审{Due(c, CampaignStage.PanelReview)}。", $"/Reviews/Campaign/{c.Id}");
    }

    /// <summary>The body submitted its self-assessment: the panel may see it and score.</summary>
    public static async Task SelfSubmittedAsync(AppDb db, Campaign c, Assessment a, CancellationToken ct)
    {
        var name = await BodyNameAsync(db, a.FilingId, ct);
        Notifier.Add(db, Panel(c), K.SelfAssessmentSubmitted, $"{name} 已提交自评",
            $"{c.Title}：{name} 已提交自评，可以开始评审{Due(c, CampaignStage.PanelReview)}。", $"/Reviews/Assessment/{a.Id}");
    }

    /// <summary>An expert submitted: when every panel member has, the officers may confirm the result.</summary>
    public static async Task ExpertSubmittedAsync(AppDb db, Campaign c, Assessment a, CancellationToken ct)
    {
        var panel = Panel(c).Distinct().ToList();
        var submitted = a.ExpertSheets.Where(s => s.Status == SheetStatus.Submitted).Select(s => s.Expert).ToHashSet();
        if (panel.Count == 0 || !panel.All(submitted.Contains)) return;
        var name = await BodyNameAsync(db, a.FilingId, ct);
        Notifier.Add(db, await Notifier.OfficersAsync(db, c.RegionCode, ct), K.PanelScored, $"{name} 待确认考核结果",
            $"{c.Title}：考核小组 {panel.Count} 名专家均已提交对 {name} 的评分，请确认考核结果。", $"/Reviews/Assessment/{a.Id}");
    }

    /// <summary>A stage reopened for one body: the body (self-assessment) or the panel (scoring) is told until when.</summary>
    public static async Task ReopenedAsync(AppDb db, Campaign c, Assessment a, CampaignStage stage, DateOnly until, string reason, CancellationToken ct)
    {
        var name = await BodyNameAsync(db, a.FilingId, ct);
        var who = stage == CampaignStage.SelfAssessment ? await Notifier.BodyUsersAsync(db, a.FilingId, ct) : Panel(c).ToList();
        Notifier.Add(db, who, K.Reopened, $"{name}：{CampaignSchedule.Chinese(stage)}已重新开放",
            $"{c.Title}：{name} 的{CampaignSchedule.Chinese(stage)}重新开放至 {D(until)}。理由：{reason}", $"/Reviews/Assessment/{a.Id}");
    }

    public static async Task FinalisedAsync(AppDb db, Campaign c, Assessment a, CancellationToken ct)
    {
        // The officers' "待确认考核结果" for this body is done, whoever of them confirmed it (in the same transaction).
        var link = $"/Reviews/Assessment/{a.Id}";
        foreach (var n in await db.Notifications.Where(n => n.Kind == K.PanelScored && n.ReadAt == null && n.Link == link).ToListAsync(ct))
            n.ReadAt = db.Now;
        Notifier.Add(db, await Notifier.BodyUsersAsync(db, a.FilingId, ct), K.Finalised, $"{c.Title}：考核结果已确认",
            $"考核小组的评分已汇总确认：得分 {a.PanelTotal?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—"}，结果 {a.Outcome ?? "—"}。可查看各项扣分及理由。",
            $"/Reviews/Assessment/{a.Id}");
    }

    /// <summary>评估意见 for each body, with the rectification deadline when one is required.</summary>
    public static async Task DecidedAsync(AppDb db, Campaign c, IReadOnlyList<(DecisionRecord Record, string BodyName)> made, CancellationToken ct)
    {
        var bodies = await Notifier.BodyUsersAsync(db, made.Select(m => m.Record.FilingId).ToList(), ct);
        foreach (var (r, name) in made)
        {
            var rect = r.RectificationDue is { } due ? $"须于 {D(due)} 前完成整改并提交整改情况。" : "";
            Notifier.Add(db, bodies[r.FilingId], K.Decided, $"{c.Title}：评估意见",
                $"{name}：{RenewalRules.Chinese(r.Kind)}（决定日期 {D(r.DecidedOn)}）。{rect}", r.RectificationDue is null ? $"/Reviews/Campaign/{c.Id}" : "/Reviews/Rectifications");
        }
    }

    /// <summary>The follow-up decision after a rectification's re-check.</summary>
    public static async Task FollowUpAsync(AppDb db, Campaign c, DecisionRecord r, string bodyName, CancellationToken ct)
    {
        Notifier.Add(db, await Notifier.BodyUsersAsync(db, r.FilingId, ct), K.Decided, $"{c.Title}：整改复查后的决定",
            $"{bodyName}：{RenewalRules.FollowUpChinese(r.Kind)}（决定日期 {D(r.DecidedOn)}）。", "/Reviews/Rectifications");
    }

    public static async Task RectificationAnsweredAsync(AppDb db, Rectification r, string regionCode, CancellationToken ct)
    {
        var name = await BodyNameAsync(db, r.FilingId, ct);
        Notifier.Add(db, await Notifier.OfficersAsync(db, regionCode, ct), K.RectificationAnswered, $"{name} 已提交整改情况",
            $"{name} 已提交整改情况（整改期限 {D(r.Due)}），请复查。", "/Reviews/Rectifications");
    }

    public static async Task RectificationCheckedAsync(AppDb db, Rectification r, CancellationToken ct)
    {
        var passed = r.State == RectificationState.Passed;
        Notifier.Add(db, await Notifier.BodyUsersAsync(db, r.FilingId, ct), K.RectificationChecked, passed ? "整改复查通过" : "整改复查未通过",
            $"整改复查{(passed ? "通过" : "未通过")}。复查意见：{r.CheckNote}", "/Reviews/Rectifications");
    }

    /// <summary>考核结果公布: every target body may read its result.</summary>
    public static async Task ResultsPublishedAsync(AppDb db, Campaign c, CancellationToken ct)
    {
        var targets = c.TargetFilingIds.ToList();
        var bodies = await Notifier.BodyUsersAsync(db, targets, ct);
        Notifier.Add(db, targets.SelectMany(f => bodies[f]), K.ResultsPublished, $"{c.Title}：考核结果已公布",
            "考核结果已公布，可查看本机构的得分、各项扣分及理由。", $"/Reviews/Campaign/{c.Id}");
    }
}
