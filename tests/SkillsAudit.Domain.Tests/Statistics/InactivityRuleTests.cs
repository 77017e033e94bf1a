using SkillsAudit.Domain.Statistics;
using Shouldly;
using Xunit;

namespace SkillsAudit.Domain.Tests.Statistics;

/// <summary>Seed 001 四(一)1 (连续两年未开展 ⇒ 终止备案) and 一 (不满一年不列入评估).</summary>
public class InactivityRuleTests
{
    private static Dictionary<int, Count> Years(params (int Year, long Assessed)[] ys) => ys.ToDictionary(y => y.Year, y => Count.Of(y.Assessed));

    private static readonly DateOnly Evaluation = new(2023, 8, 31); // seed 001 is dated 2023-08-31

    [Fact]
    public void Filing_younger_than_one_year_is_not_evaluated()
    {
        // seed 001 一: "2022年9月份备案的4家机构因备案时间不满一年，不列入本次评估对象"
        var r = InactivityRule.Evaluate(new DateOnly(2022, 9, 1), Evaluation, Years());
        r.Outcome.ShouldBe(InactivityOutcome.NotEvaluatedFiledUnderOneYear);
        r.Message.ShouldContain("不满一年");
    }

    [Fact]
    public void Filing_exactly_one_year_old_is_evaluated()
    {
        InactivityRule.Evaluate(new DateOnly(2022, 8, 31), Evaluation, Years((2022, 0), (2023, 10)))
            .Outcome.ShouldBe(InactivityOutcome.NotCandidate);
    }

    [Fact]
    public void Two_whole_idle_calendar_years_after_filing_make_a_termination_candidate()
    {
        var r = InactivityRule.Evaluate(new DateOnly(2020, 4, 15), Evaluation, Years((2020, 30), (2021, 0), (2022, 0), (2023, 12)));
        r.Outcome.ShouldBe(InactivityOutcome.TerminationCandidate);
        r.IdleFrom.ShouldBe(new DateOnly(2021, 1, 1));
        r.IdleUntil.ShouldBe(new DateOnly(2023, 1, 1));
        r.Message.ShouldContain("连续两年");
    }

    [Fact]
    public void One_idle_year_between_active_years_is_not_a_candidate()
    {
        InactivityRule.Evaluate(new DateOnly(2020, 4, 15), Evaluation, Years((2020, 30), (2021, 0), (2022, 5), (2023, 0)))
            .Outcome.ShouldBe(InactivityOutcome.NotCandidate);
    }

    [Fact]
    public void Idle_filing_year_counts_from_the_filing_date_exactly_two_years_is_a_candidate()
    {
        var r = InactivityRule.Evaluate(new DateOnly(2020, 1, 1), Evaluation, Years((2020, 0), (2021, 0), (2022, 8), (2023, 8)));
        r.Outcome.ShouldBe(InactivityOutcome.TerminationCandidate);
        (r.IdleFrom, r.IdleUntil).ShouldBe((new DateOnly(2020, 1, 1), new DateOnly(2022, 1, 1)));
    }

    [Fact]
    public void Idle_filing_year_counts_from_the_filing_date_one_day_short_is_not_a_candidate()
    {
        var r = InactivityRule.Evaluate(new DateOnly(2020, 1, 2), Evaluation, Years((2020, 0), (2021, 0), (2022, 8), (2023, 8)));
        r.Outcome.ShouldBe(InactivityOutcome.NotCandidate);
        r.IdleFrom.ShouldBe(new DateOnly(2020, 1, 2));
    }

    [Fact]
    public void Filing_idle_from_filing_to_evaluation_for_two_years_is_a_candidate_and_one_day_less_is_not()
    {
        var filed = new DateOnly(2021, 9, 1);
        var idle = Years((2021, 0), (2022, 0), (2023, 0));
        InactivityRule.Evaluate(filed, new DateOnly(2023, 9, 1), idle).Outcome.ShouldBe(InactivityOutcome.TerminationCandidate);
        InactivityRule.Evaluate(filed, new DateOnly(2023, 8, 31), idle).Outcome.ShouldBe(InactivityOutcome.NotCandidate);
    }

    [Fact]
    public void Years_without_a_record_are_a_flag_for_the_officer_never_a_termination()
    {
        // Missing statistics are unknown, not idle: seed 001 四(一)1 needs two years with no assessments.
        var r = InactivityRule.Evaluate(new DateOnly(2020, 6, 1), Evaluation, Years((2020, 12), (2023, 4)));
        r.Outcome.ShouldBe(InactivityOutcome.StatisticsMissing);
        r.YearsWithoutRecord.ShouldBe([2021, 2022]);
        r.Message.ShouldContain("缺少 2021年、2022年 的评价统计");
    }

    [Fact]
    public void A_filing_with_no_statistics_at_all_is_flagged_not_a_candidate()
    {
        var r = InactivityRule.Evaluate(new DateOnly(2020, 6, 1), Evaluation, Years());
        r.Outcome.ShouldBe(InactivityOutcome.StatisticsMissing);
        r.IdleFrom.ShouldBeNull();
    }

    [Fact]
    public void A_missing_year_next_to_one_recorded_zero_year_is_still_only_a_flag()
    {
        InactivityRule.Evaluate(new DateOnly(2020, 6, 1), Evaluation, Years((2020, 12), (2021, 0), (2023, 4)))
            .Outcome.ShouldBe(InactivityOutcome.StatisticsMissing);
    }

    [Fact]
    public void Recorded_zero_years_make_a_candidate_even_when_other_years_are_missing()
    {
        var r = InactivityRule.Evaluate(new DateOnly(2020, 6, 1), Evaluation, Years((2021, 0), (2022, 0)));
        r.Outcome.ShouldBe(InactivityOutcome.TerminationCandidate);
        r.YearsWithoutRecord.ShouldBe([2020, 2023]);
    }

    [Fact]
    public void A_missing_year_that_cannot_complete_two_idle_years_changes_nothing()
    {
        InactivityRule.Evaluate(new DateOnly(2020, 6, 1), Evaluation, Years((2020, 5), (2021, 3), (2023, 4)))
            .Outcome.ShouldBe(InactivityOutcome.NotCandidate);
    }

    [Fact]
    public void Years_before_filing_do_not_count()
    {
        InactivityRule.Evaluate(new DateOnly(2021, 12, 1), new DateOnly(2023, 8, 31), Years((2019, 0), (2020, 0), (2021, 0), (2022, 3), (2023, 0)))
            .Outcome.ShouldBe(InactivityOutcome.NotCandidate);
    }

    [Fact]
    public void Active_every_year_is_not_a_candidate()
    {
        var r = InactivityRule.Evaluate(new DateOnly(2020, 4, 15), Evaluation, Years((2020, 1), (2021, 1), (2022, 1), (2023, 1)));
        r.Outcome.ShouldBe(InactivityOutcome.NotCandidate);
        r.IdleFrom.ShouldBeNull();
    }

    [Fact]
    public void Annual_records_of_one_filing_are_accepted_and_of_two_filings_refused()
    {
        var records = new[]
        {
            new AnnualStatistics("Y000014000001", 2021, StatisticsFigures.Of(0)),
            new AnnualStatistics("Y000014000001", 2022, StatisticsFigures.Of(0)),
        };
        InactivityRule.Evaluate(new DateOnly(2020, 5, 1), Evaluation, records).Outcome.ShouldBe(InactivityOutcome.TerminationCandidate);
        Should.Throw<ArgumentException>(() => InactivityRule.Evaluate(new DateOnly(2020, 5, 1), Evaluation,
            [.. records, new AnnualStatistics("Y000014000002", 2022, StatisticsFigures.Of(3))]));
    }

    [Fact]
    public void Evaluation_before_filing_is_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => InactivityRule.Evaluate(new DateOnly(2023, 1, 1), new DateOnly(2022, 1, 1), Years()));
    }
}
