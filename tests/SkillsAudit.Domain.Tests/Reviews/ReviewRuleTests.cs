using Shouldly;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Reviews;
using SkillsAudit.Domain.Rubrics;
using Xunit;

namespace SkillsAudit.Domain.Tests.Reviews;

public sealed class RenewalRuleTests
{
    private static readonly DateOnly Day = new(2023, 9, 30);

    [Fact]
    public void A_filing_of_unknown_date_is_proposed_as_not_ending_saying_so_and_flagged_for_the_officer()
    {
        var d = RenewalRules.Decide(new DecisionFacts { PeriodUnknown = true }, Day);
        d.Kind.ShouldBe(RenewalDecisionKind.Continue);
        d.Reasons.Single().Rule.ShouldBe("评估合格，正常评价（备案时间未注明，按备案期未满处理）");
        d.Flags.ShouldContain(f => f.StartsWith("备案时间未注明", StringComparison.Ordinal));
        var known = RenewalRules.Decide(new DecisionFacts(), Day);
        known.Reasons.Single().Rule.ShouldBe("评估合格，备案期未满，正常评价");
        known.Flags.ShouldBeEmpty();
        RenewalRules.Decide(new DecisionFacts { PeriodUnknown = true, RectifiableFindings = new HashSet<RectifiableFinding> { RectifiableFinding.UnrectifiedAuditFindings } }, Day)
            .Reasons.ShouldContain(r => r.Rule.StartsWith("备案时间未注明，按备案期未满处理：暂停评价活动", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_inactive_years_terminate_even_with_a_passing_result()
    {
        var d = RenewalRules.Decide(new DecisionFacts { InactiveTwoConsecutiveYears = true, PeriodEnds = true }, Day);
        d.Kind.ShouldBe(RenewalDecisionKind.Terminate);
        d.Reasons.ShouldContain(r => r.Clause == "阳人社函〔2023〕221号 四(一)1");
        d.RectificationDue.ShouldBeNull();
    }

    [Theory]
    [InlineData(SeriousFinding.FalseMaterials, "阳人社函〔2023〕221号 四(一)2")]
    [InlineData(SeriousFinding.OrganisedCheating, "阳人社函〔2023〕221号 四(一)5")]
    [InlineData(SeriousFinding.RefusedEvaluation, "阳人社函〔2023〕221号 六(一)")]
    public void Each_serious_finding_terminates_and_names_its_clause(SeriousFinding finding, string clause)
    {
        var d = RenewalRules.Decide(new DecisionFacts { SeriousFindings = new HashSet<SeriousFinding> { finding } }, Day);
        d.Kind.ShouldBe(RenewalDecisionKind.Terminate);
        d.Reasons.Single().Clause.ShouldBe(clause);
    }

    [Fact]
    public void A_failed_result_terminates()
    {
        RenewalRules.Decide(new DecisionFacts { Result = ResultStanding.Fail }, Day).Kind.ShouldBe(RenewalDecisionKind.Terminate);
    }

    [Theory]
    [InlineData(true, RenewalDecisionKind.DeferRenewal)]
    [InlineData(false, RenewalDecisionKind.Suspend)]
    public void Rectifiable_findings_defer_renewal_or_suspend_with_a_two_month_deadline(bool periodEnds, RenewalDecisionKind expected)
    {
        var d = RenewalRules.Decide(new DecisionFacts { PeriodEnds = periodEnds, RectifiableFindings = new HashSet<RectifiableFinding> { RectifiableFinding.UnrectifiedAuditFindings } }, Day);
        d.Kind.ShouldBe(expected);
        d.RectificationDue.ShouldBe(new DateOnly(2023, 11, 30));
        d.Reasons.ShouldContain(r => r.Clause == "阳人社函〔2023〕221号 四(二)1");
    }

    [Fact]
    public void Termination_wins_over_rectification()
    {
        var d = RenewalRules.Decide(new DecisionFacts
        {
            InactiveTwoConsecutiveYears = true,
            RectifiableFindings = new HashSet<RectifiableFinding> { RectifiableFinding.LegalPersonRegistrationInvalid },
        }, Day);
        d.Kind.ShouldBe(RenewalDecisionKind.Terminate);
    }

    [Theory]
    [InlineData(true, RenewalDecisionKind.Renew)]
    [InlineData(false, RenewalDecisionKind.Continue)]
    public void A_clean_pass_renews_when_the_period_ends_and_continues_otherwise(bool periodEnds, RenewalDecisionKind expected) =>
        RenewalRules.Decide(new DecisionFacts { PeriodEnds = periodEnds }, Day).Kind.ShouldBe(expected);

    [Fact]
    public void Missing_statistics_are_a_flag_never_a_termination()
    {
        var d = RenewalRules.Decide(new DecisionFacts { StatisticsMissing = true, PeriodEnds = true }, Day);
        d.Kind.ShouldBe(RenewalDecisionKind.Renew);
        d.Flags.ShouldHaveSingleItem().ShouldContain("不作为终止备案的依据");
        d.Reasons.ShouldNotContain(r => r.Clause.EndsWith("四(一)1"));
    }

    [Theory]
    [InlineData(2020, 2023, true)]   // seed 001 附件4 (二)(三): 只涉及2020年备案的
    [InlineData(2021, 2023, false)]  // (四)(五): 只涉及2021年备案的
    [InlineData(2019, 2023, true)]
    public void Annex_4_columns_follow_the_filing_year(int filed, int evaluation, bool renewal) =>
        RenewalRules.IsRenewalYear(filed, new DateOnly(filed + 3, 12, 31), evaluation).ShouldBe(renewal);

    [Fact]
    public void Without_a_filing_year_the_period_end_decides() =>
        (RenewalRules.IsRenewalYear(null, new DateOnly(2023, 3, 31), 2023), RenewalRules.IsRenewalYear(null, new DateOnly(2024, 3, 31), 2023), RenewalRules.IsRenewalYear(null, null, 2023))
            .ShouldBe((true, false, false));

    [Fact]
    public void An_override_needs_a_reason_and_stays_within_the_filings_annex_4_columns()
    {
        var proposed = RenewalRules.Decide(new DecisionFacts { PeriodEnds = false }, Day);
        Should.Throw<DomainException>(() => RenewalRules.Override(proposed, RenewalDecisionKind.Suspend, " ", false, Day)).Message.ShouldContain("须说明理由");
        Should.Throw<DomainException>(() => RenewalRules.Override(proposed, RenewalDecisionKind.Renew, "x", false, Day)).Message.ShouldContain("本年度未到期");
        var o = RenewalRules.Override(proposed, RenewalDecisionKind.Suspend, "考评员不足", false, Day);
        o.Kind.ShouldBe(RenewalDecisionKind.Suspend);
        o.RectificationDue.ShouldBe(new DateOnly(2023, 11, 30));
        o.Reasons[0].Rule.ShouldContain("考评员不足");
        RenewalRules.Override(proposed, RenewalDecisionKind.Continue, null, false, Day).ShouldBeSameAs(proposed);
    }

    [Fact]
    public void A_vetoed_body_is_terminated_for_the_veto_not_for_points_below_60()
    {
        var d = RenewalRules.Decide(new DecisionFacts { Result = ResultStanding.Fail, Vetoed = true }, Day);
        d.Kind.ShouldBe(RenewalDecisionKind.Terminate);
        d.Reasons.Single().Rule.ShouldContain("否决项");
        d.Reasons.Single().Rule.ShouldNotContain("低于60分");
        RenewalRules.Decide(new DecisionFacts { Result = ResultStanding.Fail }, Day).Reasons.Single().Rule.ShouldContain("低于60分");
    }

    [Fact]
    public void The_rectification_an_override_opens_gives_the_officers_reason_not_the_proposal_it_replaced_and_the_limit_once()
    {
        var proposed = RenewalRules.Decide(new DecisionFacts { PeriodEnds = false }, Day);
        var o = RenewalRules.Override(proposed, RenewalDecisionKind.Suspend, "考场管理不规范，须整改", false, Day);
        var text = RenewalRules.RectificationRequirement(o, "考场管理不规范，须整改");
        text.ShouldStartWith("限期2个月内完成整改（");
        text.ShouldContain("考场管理不规范，须整改");
        text.ShouldNotContain("建议为");
        text.ShouldNotContain("工作人员改为");
        text.Split("限期2个月").Length.ShouldBe(2);
    }

    [Fact]
    public void The_rectification_a_rule_opens_names_the_finding_it_rests_on()
    {
        var d = RenewalRules.Decide(new DecisionFacts { PeriodEnds = false, RectifiableFindings = new HashSet<RectifiableFinding> { RectifiableFinding.UnrectifiedAuditFindings } }, Day);
        d.RectificationDue.ShouldNotBeNull();
        RenewalRules.RectificationRequirement(d, null).ShouldContain("审计提出问题整改不到位");
    }

    [Theory]
    [InlineData(RenewalDecisionKind.DeferRenewal, true, RenewalDecisionKind.Renew)]
    [InlineData(RenewalDecisionKind.Suspend, true, RenewalDecisionKind.Continue)]
    [InlineData(RenewalDecisionKind.DeferRenewal, false, RenewalDecisionKind.Terminate)]
    [InlineData(RenewalDecisionKind.Suspend, false, RenewalDecisionKind.Terminate)]
    public void After_a_re_check_the_officer_renews_restores_or_terminates(RenewalDecisionKind original, bool passed, RenewalDecisionKind chosen)
    {
        var d = RenewalRules.FollowUp(original, passed, chosen, null);
        d.Kind.ShouldBe(chosen);
        d.Reasons.Single().Clause.ShouldEndWith("四(二)");
    }

    [Fact]
    public void A_follow_up_cannot_renew_after_a_failed_re_check_nor_restore_after_a_deferral()
    {
        Should.Throw<DomainException>(() => RenewalRules.FollowUp(RenewalDecisionKind.DeferRenewal, false, RenewalDecisionKind.Renew, null)).Message.ShouldContain("未通过");
        Should.Throw<DomainException>(() => RenewalRules.FollowUp(RenewalDecisionKind.DeferRenewal, true, RenewalDecisionKind.Continue, null));
        Should.Throw<DomainException>(() => RenewalRules.FollowUp(RenewalDecisionKind.Renew, true, RenewalDecisionKind.Renew, null));
        Should.Throw<DomainException>(() => RenewalRules.FollowUp(RenewalDecisionKind.Suspend, true, RenewalDecisionKind.Terminate, "")).Message.ShouldContain("须说明理由");
    }

    [Fact]
    public void A_back_dated_rectification_counts_its_deadline_from_the_decision_date()
    {
        var r = new Rectification(1, null, "整改", new DateOnly(2023, 11, 30), "officer", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateOnly(2023, 9, 30));
        r.Due.ShouldBe(new DateOnly(2023, 11, 30));
        Should.Throw<DomainException>(() => new Rectification(1, null, "整改", new DateOnly(2023, 9, 29), "officer", DateTimeOffset.UtcNow, new DateOnly(2023, 9, 30)));
    }

    [Fact]
    public void A_response_longer_than_can_be_kept_or_with_too_many_files_is_refused_saying_how_much()
    {
        var r = new Rectification(1, null, "整改", new DateOnly(2023, 11, 30), "officer", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateOnly(2023, 9, 30));
        var at = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        Should.Throw<DomainException>(() => r.Respond(new string('整', 4001), [], at)).Message.ShouldContain("4001");
        var hashes = Enumerable.Range(0, 31).Select(i => i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Should.Throw<DomainException>(() => r.Respond("已整改", hashes, at)).Field.ShouldBe("evidence");
        r.Respond("已整改", [.. hashes.Take(30), hashes[0]], at); // the same file named twice counts once
        r.State.ShouldBe(RectificationState.Responded);
        Should.Throw<DomainException>(() => r.Check(true, new string('查', 2001), "officer", at)).Field.ShouldBe("checkNote");
    }

    [Fact]
    public void A_filing_whose_period_ends_under_evaluation_may_assess_two_more_months() =>
        RenewalRules.AssessingAllowedUntil(new DateOnly(2023, 3, 31)).ShouldBe(new DateOnly(2023, 5, 31));
}

public sealed class PanelConsolidationTests
{
    private static ExpertSheet Sheet(string who, bool lead, decimal a, decimal? b, bool veto = false) =>
        new(who, lead, new Dictionary<string, decimal?> { ["1.1.1"] = a, ["1.1.2"] = b }, a + (b ?? 0), 0, veto);

    [Fact]
    public void Mean_rule_averages_each_indicator_and_the_total_rounded_to_two_decimals()
    {
        var p = PanelConsolidation.Consolidate([Sheet("甲", false, 1, 0.5m), Sheet("乙", false, 0, 0.25m), Sheet("丙", false, 1, 0.25m)], ConsolidationRule.Mean);
        p.Points["1.1.1"].ShouldBe(0.67m);
        p.Points["1.1.2"].ShouldBe(0.33m);
        p.BaseTotal.ShouldBe(1m);
    }

    [Fact]
    public void Lead_consensus_takes_the_lead_sheet_and_needs_exactly_one_lead()
    {
        PanelConsolidation.Consolidate([Sheet("甲", true, 1, 1), Sheet("乙", false, 0, 0)], ConsolidationRule.LeadConsensus).BaseTotal.ShouldBe(2m);
        Should.Throw<DomainException>(() => PanelConsolidation.Consolidate([Sheet("甲", false, 1, 1)], ConsolidationRule.LeadConsensus));
    }

    [Fact]
    public void A_veto_found_by_any_expert_stands_and_the_split_is_flagged()
    {
        var sheets = new[] { Sheet("甲", false, 1, 1, veto: true), Sheet("乙", false, 1, 1) };
        PanelConsolidation.Consolidate(sheets, ConsolidationRule.Mean).Vetoed.ShouldBeTrue();
        PanelConsolidation.Disagreements(sheets, 1, 5).ShouldContain(d => d.Message.Contains("否决项"));
    }

    [Fact]
    public void Disagreements_above_the_thresholds_are_flagged_and_those_within_are_not()
    {
        var sheets = new[] { Sheet("甲", false, 1, 1), Sheet("乙", false, 0, 1) };
        var flags = PanelConsolidation.Disagreements(sheets, indicatorThreshold: 0.5m, totalThreshold: 5m);
        flags.Single().IndicatorCode.ShouldBe("1.1.1");
        PanelConsolidation.Disagreements(sheets, indicatorThreshold: 1m, totalThreshold: 5m).ShouldBeEmpty();
        PanelConsolidation.Disagreements(sheets, indicatorThreshold: 1m, totalThreshold: 0.5m).Single().IndicatorCode.ShouldBeNull();
    }

    [Fact]
    public void Not_applicable_for_one_expert_and_scored_by_another_is_flagged() =>
        PanelConsolidation.Disagreements([Sheet("甲", false, 1, null), Sheet("乙", false, 1, 1)], 5, 5)
            .ShouldContain(d => d.IndicatorCode == "1.1.2");
}

public sealed class CampaignScheduleTests
{
    // seed 002 二: 自评 12月15日-20日, 考核 12月21日-1月10日, 汇总 1月15日前, 公布 1月15日-20日.
    private static CampaignSchedule Xinzhou2023() => new([
        new(CampaignStage.Planning, new(2023, 12, 12), new(2023, 12, 14)),
        new(CampaignStage.SelfAssessment, new(2023, 12, 15), new(2023, 12, 20)),
        new(CampaignStage.PanelReview, new(2023, 12, 21), new(2024, 1, 10)),
        new(CampaignStage.Summary, new(2024, 1, 11), new(2024, 1, 15)),
        new(CampaignStage.Publication, new(2024, 1, 15), new(2024, 1, 20)),
    ]);

    [Theory]
    [InlineData(2023, 12, 1, CampaignStage.Planning)]
    [InlineData(2023, 12, 15, CampaignStage.SelfAssessment)]
    [InlineData(2023, 12, 20, CampaignStage.SelfAssessment)]
    [InlineData(2023, 12, 21, CampaignStage.PanelReview)]
    [InlineData(2024, 1, 15, CampaignStage.Publication)]
    [InlineData(2024, 1, 21, CampaignStage.Closed)]
    public void The_stage_in_force_follows_the_seed_002_dates(int y, int m, int d, CampaignStage expected) =>
        Xinzhou2023().StageOn(new DateOnly(y, m, d)).ShouldBe(expected);

    [Fact]
    public void Self_assessment_is_not_open_after_its_window() =>
        Xinzhou2023().IsOpen(CampaignStage.SelfAssessment, new DateOnly(2023, 12, 21)).ShouldBeFalse();

    [Fact]
    public void Overlapping_or_reversed_windows_are_refused() =>
        Should.Throw<DomainValidationException>(() => new CampaignSchedule([
            new(CampaignStage.SelfAssessment, new(2023, 12, 15), new(2023, 12, 25)),
            new(CampaignStage.PanelReview, new(2023, 12, 21), new(2023, 12, 20)),
        ])).Errors.Count.ShouldBe(2);
}

public sealed class OutcomeDistributionTests
{
    [Fact]
    public void Seed_000_panel_scores_give_the_published_distribution_A0_B12_C1_D0()
    {
        var rubric = RubricLoader.LoadFile(Path.Combine(SkillsAudit.Domain.Tests.Rubrics.TestRubrics.Folder, "xinzhou-2023.yaml"));
        // seed 000 附件2, 考核小组打分情况 column.
        decimal[] panel = [79.75m, 80.85m, 76.3m, 73.25m, 68.00m, 75.35m, 77.30m, 75.70m, 80.40m, 80.10m, 80.60m, 78.30m, 76.35m];
        var dist = OutcomeDistribution.Of(panel.Select(p => (p, false)), rubric.Outcome).ToDictionary(e => e.Label);
        dist["A"].Count.ShouldBe(0);
        dist["B"].Count.ShouldBe(12);
        dist["C"].Count.ShouldBe(1);
        dist["D"].Count.ShouldBe(0);
        dist["B"].Percent.ShouldBe(92.31m);
    }
}
