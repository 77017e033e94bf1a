using Shouldly;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Domain.Tests.Reviews;

public sealed class CampaignTests
{
    private static Campaign Xinzhou() => new("忻州市2023年职业技能等级评价机构年度绩效考核", "忻人社函〔2023〕118号", "忻州市人力资源和社会保障局", 2023, "140900", "xinzhou-2023",
        [new(CampaignStage.SelfAssessment, new(2023, 12, 15), new(2023, 12, 20)), new(CampaignStage.PanelReview, new(2023, 12, 21), new(2024, 1, 10))],
        ConsolidationRule.Mean);

    [Fact]
    public void Once_issued_a_begun_stage_can_be_extended_but_keeps_its_start_and_stages_not_begun_move_but_not_into_the_past()
    {
        var c = Xinzhou(); // 自评 2023-12-15…12-20, 考核 12-21…2024-01-10
        var today = new DateOnly(2023, 12, 18);
        // Before 印发 the schedule is a draft: even a stage whose dates have come may be moved.
        c.Reschedule([new(CampaignStage.SelfAssessment, new(2023, 12, 16), new(2023, 12, 20)), new(CampaignStage.PanelReview, new(2023, 12, 21), new(2024, 1, 10))], today);
        c.Reschedule([new(CampaignStage.SelfAssessment, new(2023, 12, 15), new(2023, 12, 20)), new(CampaignStage.PanelReview, new(2023, 12, 21), new(2024, 1, 10))], today);
        c.SetTarget(1, true, "市属机构");
        c.Open("officer", DateTimeOffset.UnixEpoch);
        StageWindow Self(DateOnly from, DateOnly to) => new(CampaignStage.SelfAssessment, from, to);
        StageWindow Panel(DateOnly from, DateOnly to) => new(CampaignStage.PanelReview, from, to);
        // Self-assessment extended by three days, the panel moved after it, a summary stage added: accepted.
        c.Reschedule([Self(new(2023, 12, 15), new(2023, 12, 23)), Panel(new(2023, 12, 24), new(2024, 1, 12)), new(CampaignStage.Summary, new(2024, 1, 13), new(2024, 1, 15))], today);
        c.Schedule.Window(CampaignStage.SelfAssessment)!.To.ShouldBe(new DateOnly(2023, 12, 23));
        c.Schedule.Window(CampaignStage.Summary).ShouldNotBeNull();
        var version = c.Version;

        string Refused(params StageWindow[] stages) => string.Join("；", Should.Throw<DomainValidationException>(() => c.Reschedule(stages, today)).Errors.Select(e => e.Message));
        Refused(Self(new(2023, 12, 16), new(2023, 12, 23)), Panel(new(2023, 12, 24), new(2024, 1, 12))).ShouldContain("开始日期不能再改");
        Refused(Self(new(2023, 12, 15), new(2023, 12, 17)), Panel(new(2023, 12, 24), new(2024, 1, 12))).ShouldContain("结束日期不能早于今天");
        Refused(Panel(new(2023, 12, 24), new(2024, 1, 12))).ShouldContain("机构自评阶段已于 2023-12-15 开始，不能删除");
        Refused(Self(new(2023, 12, 15), new(2023, 12, 23)), Panel(new(2023, 12, 17), new(2024, 1, 12))).ShouldContain("开始日期不能早于今天");
        c.Version.ShouldBe(version); // nothing changed by a refusal
    }

    [Fact]
    public void Filings_younger_than_one_year_are_left_out_and_year_only_dates_are_flagged()
    {
        var asOf = new DateOnly(2023, 8, 31);
        var choices = TargetRule.Apply([
            new(1, "2020年备案", "140300", FilingStatus.Active, new PartialDate(2020)),
            new(2, "2022年9月备案", "140300", FilingStatus.Active, new PartialDate(2022, 9)),   // seed 001 一
            new(3, "2022年只知年份", "140300", FilingStatus.Active, new PartialDate(2022)),
            new(4, "已终止", "140300", FilingStatus.Terminated, new PartialDate(2020)),
            new(5, "外市", "140900", FilingStatus.Active, new PartialDate(2020)),
            new(6, "未注明", "140311", FilingStatus.Active, null),
        ], Regions.Find("阳泉市")!, asOf).ToDictionary(c => c.FilingId);
        choices[1].Verdict.ShouldBe(TargetVerdict.Included);
        choices[2].Verdict.ShouldBe(TargetVerdict.Excluded);
        choices[2].Reason.ShouldContain("不满一年");
        choices[3].Verdict.ShouldBe(TargetVerdict.IncludedToConfirm);
        choices[4].Verdict.ShouldBe(TargetVerdict.Excluded);
        choices.ContainsKey(5).ShouldBeFalse();
        choices[6].Verdict.ShouldBe(TargetVerdict.IncludedToConfirm);
    }

    [Fact]
    public void A_province_supervised_body_is_flagged_for_confirmation_in_a_city_campaign_but_not_in_the_province_s()
    {
        // seed 000 三(三): 省属评价机构…本次绩效考核未纳入忻州市评价考核
        TargetCandidate[] filings =
        [
            new(1, "市属", "140900", FilingStatus.Active, new PartialDate(2020), Supervision.City),
            new(2, "省属", "140900", FilingStatus.Active, new PartialDate(2020), Supervision.Province),
            new(3, "未注明层级", "140900", FilingStatus.Active, new PartialDate(2020)),
        ];
        var city = TargetRule.Apply(filings, Regions.Find("忻州市")!, new DateOnly(2024, 1, 1)).ToDictionary(c => c.FilingId);
        city[1].Verdict.ShouldBe(TargetVerdict.Included);
        city[2].Verdict.ShouldBe(TargetVerdict.IncludedToConfirm);
        city[2].Reason.ShouldContain("省属评价机构");
        city[2].Reason.ShouldContain("请确认是否纳入本次考核");
        city[3].Verdict.ShouldBe(TargetVerdict.Included);
        TargetRule.Apply(filings, Regions.Find("山西省")!, new DateOnly(2024, 1, 1)).Single(c => c.FilingId == 2).Verdict.ShouldBe(TargetVerdict.Included);
    }

    [Fact]
    public void A_filing_made_after_the_reviewed_year_is_left_out_whatever_the_day_the_targets_are_computed()
    {
        // a review of 2024's work, computed late (December 2026): a body filed in March 2025 did no work in 2024
        var choices = TargetRule.Apply([
            new(1, "2023年备案", "140900", FilingStatus.Active, new PartialDate(2023, 5)),
            new(2, "2025年3月备案", "140900", FilingStatus.Active, new PartialDate(2025, 3)),
        ], Regions.Find("忻州市")!, new DateOnly(2026, 12, 3), reviewYear: 2024).ToDictionary(c => c.FilingId);
        choices[1].Verdict.ShouldBe(TargetVerdict.Included);
        choices[2].Verdict.ShouldBe(TargetVerdict.Excluded);
        choices[2].Reason.ShouldBe("备案时间 2025年3月，晚于考核年度 2024 年，该年度尚未开展评价");
    }

    [Fact]
    public void Yangquan_s_rule_is_cited_as_its_own_in_Yangquan_and_by_reference_elsewhere()
    {
        RenewalRules.DocFor("140300").ShouldBe("阳人社函〔2023〕221号");
        RenewalRules.DocFor("140311").ShouldBe("阳人社函〔2023〕221号");
        RenewalRules.DocFor("140900").ShouldBe("参照阳人社函〔2023〕221号");
        RenewalRules.DocFor("140000").ShouldBe("参照阳人社函〔2023〕221号");
        var xinzhou = TargetRule.Apply([new(1, "未注明", "140900", FilingStatus.Active, null)], Regions.Find("忻州市")!, new DateOnly(2024, 1, 1));
        xinzhou[0].Reason.ShouldContain("（参照阳人社函〔2023〕221号第一部分）");
    }

    [Fact]
    public void Hand_adjustments_need_a_reason_and_survive_recomputing_the_targets()
    {
        var c = Xinzhou();
        c.ApplyTargets([new(1, "甲", TargetVerdict.Included, "rule"), new(2, "乙", TargetVerdict.Included, "rule")]);
        Should.Throw<DomainException>(() => c.SetTarget(2, false, ""));
        c.SetTarget(2, false, "省属机构由省中心考核（seed 000 二(三)）");
        c.ApplyTargets([new(1, "甲", TargetVerdict.Included, "rule"), new(2, "乙", TargetVerdict.Included, "rule")]);
        c.TargetFilingIds.ShouldBe([1]);
    }

    [Fact]
    public void Next_year_keeps_the_rubric_members_and_rules_but_no_targets()
    {
        var c = Xinzhou();
        c.AddMember("expert", CampaignMemberRole.PanelLead);
        c.ApplyTargets([new(1, "甲", TargetVerdict.Included, "rule")]);
        var next = c.NextYear("忻州市2024年考核", null, "xinzhou-2024");
        next.Year.ShouldBe(2024);
        next.RubricId.ShouldBe("xinzhou-2024");
        next.Targets.ShouldBeEmpty();
        next.IsPanelLead("expert").ShouldBeTrue();
        next.Schedule.Window(CampaignStage.SelfAssessment)!.From.ShouldBe(new DateOnly(2024, 12, 15));
    }

    [Fact]
    public void A_campaign_with_bad_facts_reports_every_field() =>
        Should.Throw<DomainValidationException>(() => new Campaign("", null, "", 1900, "999999", "", [], ConsolidationRule.Mean))
            .Errors.Select(e => e.Field).ShouldBe(["title", "authority", "year", "region", "rubric"], ignoreOrder: true);

    [Fact]
    public void Only_one_panel_lead()
    {
        var c = Xinzhou();
        c.AddMember("a", CampaignMemberRole.PanelLead);
        Should.Throw<DomainException>(() => c.AddMember("b", CampaignMemberRole.PanelLead));
    }
}
