using Shouldly;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Domain.Tests.Reviews;

public sealed class AssessmentTests
{
    private static readonly CampaignSchedule Schedule = new([
        new(CampaignStage.SelfAssessment, new(2023, 12, 15), new(2023, 12, 20)),
        new(CampaignStage.PanelReview, new(2023, 12, 21), new(2024, 1, 10)),
    ]);
    private static readonly DateOnly SelfDay = new(2023, 12, 18);
    private static readonly DateOnly PanelDay = new(2023, 12, 28);
    private static DateTimeOffset At(DateOnly d) => new(d.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);

    private static PanelScore Panel(decimal total) => new(new Dictionary<string, decimal?>(), total, 0, false, ConsolidationRule.Mean, 1);

    [Fact]
    public void A_submitted_self_assessment_is_locked()
    {
        var a = new Assessment(1, 1);
        a.SaveSelfAssessment(Schedule, SelfDay, "{}", 95, 10, false, "body", At(SelfDay));
        a.SubmitSelfAssessment(Schedule, SelfDay, At(SelfDay));
        Should.Throw<DomainException>(() => a.SaveSelfAssessment(Schedule, SelfDay, "{}", 99, 10, false, "body", At(SelfDay))).Message.ShouldContain("锁定");
    }

    [Fact]
    public void Saving_after_the_self_assessment_deadline_is_refused_with_the_window()
    {
        var a = new Assessment(1, 1);
        Should.Throw<DomainException>(() => a.SaveSelfAssessment(Schedule, PanelDay, "{}", 95, 10, false, "body", At(PanelDay)))
            .Message.ShouldContain("2023-12-15 至 2023-12-20");
    }

    [Fact]
    public void An_officer_can_reopen_the_self_assessment_for_one_body_with_a_reason()
    {
        var a = new Assessment(1, 1);
        Should.Throw<DomainException>(() => a.Reopen(CampaignStage.SelfAssessment, " ", "officer", At(PanelDay), PanelDay.AddDays(2)));
        a.Reopen(CampaignStage.SelfAssessment, "机构因停电未能按时提交", "officer", At(PanelDay), PanelDay.AddDays(2));
        a.SaveSelfAssessment(Schedule, PanelDay, "{}", 95, 10, false, "body", At(PanelDay)).BaseTotal.ShouldBe(95);
        a.Reopenings.Single().Reason.ShouldBe("机构因停电未能按时提交");
        Should.Throw<DomainException>(() => a.SaveSelfAssessment(Schedule, PanelDay.AddDays(3), "{}", 95, 10, false, "body", At(PanelDay.AddDays(3))));
    }

    [Fact]
    public void Experts_see_others_only_after_submitting_and_the_self_assessment_only_once_submitted()
    {
        var a = new Assessment(1, 1);
        a.SaveSelfAssessment(Schedule, SelfDay, "{}", 95, 10, false, "body", At(SelfDay));
        a.SelfAssessmentVisibleToExperts.ShouldBeFalse();
        a.SubmitSelfAssessment(Schedule, SelfDay, At(SelfDay));
        a.SelfAssessmentVisibleToExperts.ShouldBeTrue();
        a.SaveExpertSheet(Schedule, PanelDay, "expert1", false, "{}", 70, 5, false, At(PanelDay));
        a.ExpertMaySeeOthers("expert1").ShouldBeFalse();
        a.SubmitExpertSheet(Schedule, PanelDay, "expert1", At(PanelDay));
        a.ExpertMaySeeOthers("expert1").ShouldBeTrue();
        a.ExpertMaySeeOthers("expert2").ShouldBeFalse();
    }

    [Fact]
    public void Finalising_needs_every_expert_submitted_and_a_second_finalise_is_refused()
    {
        var a = new Assessment(1, 1);
        Should.Throw<DomainException>(() => a.Finalise(Panel(75), "B", "officer", At(PanelDay)));
        a.SaveExpertSheet(Schedule, PanelDay, "expert1", false, "{}", 70, 5, false, At(PanelDay));
        a.SubmitExpertSheet(Schedule, PanelDay, "expert1", At(PanelDay));
        a.SaveExpertSheet(Schedule, PanelDay, "expert2", false, "{}", 72, 5, false, At(PanelDay));
        Should.Throw<DomainException>(() => a.Finalise(Panel(75), "B", "officer", At(PanelDay))).Message.ShouldContain("expert2");
        a.SubmitExpertSheet(Schedule, PanelDay, "expert2", At(PanelDay));
        a.Finalise(Panel(76), "B", "officer", At(PanelDay));
        a.FinalisedBy.ShouldBe("officer");
        var refused = Should.Throw<DomainException>(() => a.Finalise(Panel(80), "B", "officer", At(PanelDay))).Message;
        refused.ShouldContain("重新开放");
        refused.ShouldContain("2023-12-28 17:00"); // finalised at 09:00 UTC: said in Beijing time
        a.PanelTotal.ShouldBe(76);
    }

    [Fact]
    public void Reopening_the_panel_unlocks_the_result_and_the_expert_sheets()
    {
        var a = new Assessment(1, 1);
        a.SaveExpertSheet(Schedule, PanelDay, "expert1", false, "{}", 70, 5, false, At(PanelDay));
        a.SubmitExpertSheet(Schedule, PanelDay, "expert1", At(PanelDay));
        a.Finalise(Panel(75), "B", "officer", At(PanelDay));
        a.Reopen(CampaignStage.PanelReview, "复核发现统分错误", "officer", At(PanelDay), PanelDay.AddDays(5));
        a.IsFinalised.ShouldBeFalse();
        a.SaveExpertSheet(Schedule, PanelDay, "expert1", false, "{}", 71, 5, false, At(PanelDay)).BaseTotal.ShouldBe(71);
    }

    [Fact]
    public void Historical_totals_are_recorded_as_a_finalised_result()
    {
        var a = new Assessment(1, 1);
        a.RecordHistorical(103.00m, 79.75m, "B", "import", At(PanelDay), "seed 000 附件2 第1行");
        a.IsFinalised.ShouldBeTrue();
        a.SelfSheet!.Total.ShouldBe(103.00m);
        a.PanelTotal.ShouldBe(79.75m);
    }
}
