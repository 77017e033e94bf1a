using Shouldly;
using SkillsAudit.Domain.Calendar;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Domain.Tests.Reviews;

/// <summary>Working days on the State Council's 2025 and 2026 schedules, around 国庆 and 春节, and the 15-working-day review request.</summary>
public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Official = new(OfficialSchedules.Days);

    [Theory]
    [InlineData("2026-02-14", true)]  // Saturday, worked for 春节 (调休)
    [InlineData("2026-02-28", true)]  // Saturday, worked for 春节
    [InlineData("2026-02-16", false)] // Monday inside 春节
    [InlineData("2026-02-23", false)] // Monday, 正月初七, still off
    [InlineData("2026-02-24", true)]  // back to work
    [InlineData("2026-01-04", true)]  // Sunday, worked for 元旦
    [InlineData("2026-09-20", true)]  // Sunday, worked for 国庆
    [InlineData("2026-10-07", false)] // Wednesday inside 国庆
    [InlineData("2026-10-10", true)]  // Saturday, worked for 国庆
    [InlineData("2026-10-11", false)] // plain Sunday
    [InlineData("2025-10-08", false)] // 国庆、中秋 2025 end on Wednesday the 8th
    [InlineData("2025-10-11", true)]  // Saturday, worked
    [InlineData("2025-09-28", true)]  // Sunday, worked
    public void Holidays_and_adjusted_weekends_follow_the_published_schedule(string day, bool working) =>
        Official.IsWorkingDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(working);

    [Theory]
    // Published the day before 国庆 2026: the 8th, 9th and the worked Saturday 10th count first.
    [InlineData("2026-09-30", "2026-10-27")]
    // Published the Friday before 春节 2026: the worked Saturdays of 14 and 28 February count, the nine days off do not.
    [InlineData("2026-02-13", "2026-03-12")]
    // 中秋 (25–27 Sep) and 国庆 2026 both inside the period; the worked Sunday of 20 September counts.
    [InlineData("2026-09-18", "2026-10-15")]
    // 国庆、中秋 2025 (eight days) with the worked Sunday 28 September and Saturday 11 October.
    [InlineData("2025-09-26", "2025-10-23")]
    // A plain stretch: three weeks of Mondays to Fridays.
    [InlineData("2026-11-02", "2026-11-23")]
    public void A_review_request_may_be_filed_until_the_fifteenth_working_day_after_publication(string published, string deadline) =>
        ReviewRequest.DeadlineFor(Official, DateOnly.Parse(published, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(DateOnly.Parse(deadline, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void The_publication_day_itself_is_not_counted()
    {
        Official.WorkingDaysAfter(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 2)).ShouldBe(0);
        Official.WorkingDaysAfter(new DateOnly(2026, 9, 30), new DateOnly(2026, 10, 27)).ShouldBe(15);
    }

    [Fact]
    public void A_year_not_listed_is_known_as_not_listed_and_counts_weekends_only()
    {
        Official.Knows(2026).ShouldBeTrue();
        Official.Knows(2027).ShouldBeFalse();
        Official.IsWorkingDay(new DateOnly(2027, 10, 1)).ShouldBeTrue(); // not listed: a Friday like any other
    }

    [Fact]
    public void A_day_listed_twice_is_refused() =>
        Should.Throw<DomainException>(() => new WorkingDayCalendar([new(new DateOnly(2026, 1, 1), CalendarDayKind.Holiday, "元旦"), new(new DateOnly(2026, 1, 1), CalendarDayKind.Holiday, "元旦")]));

    [Fact]
    public void A_request_after_the_deadline_or_before_publication_is_refused_in_Chinese()
    {
        var published = new DateOnly(2026, 9, 30);
        var late = Should.Throw<DomainException>(() => new ReviewRequest(1, 2, 3, "对3.13扣分有异议", "body", DateTimeOffset.UtcNow, new DateOnly(2026, 10, 28), published, Official));
        late.Message.ShouldContain("已超过复核申请期限");
        late.Message.ShouldContain("2026-10-27");
        Should.Throw<DomainException>(() => new ReviewRequest(1, 2, 3, "x", "body", DateTimeOffset.UtcNow, new DateOnly(2026, 9, 29), published, Official)).Message.ShouldContain("尚未公布");
        Should.Throw<DomainException>(() => new ReviewRequest(1, 2, 3, "x", "body", DateTimeOffset.UtcNow, new DateOnly(2026, 9, 29), null, Official));
        Should.Throw<DomainException>(() => new ReviewRequest(1, 2, 3, " ", "body", DateTimeOffset.UtcNow, new DateOnly(2026, 10, 27), published, Official)).Field.ShouldBe("grounds");
        new ReviewRequest(1, 2, 3, "对3.13扣分有异议", "body", DateTimeOffset.UtcNow, new DateOnly(2026, 10, 27), published, Official).Deadline.ShouldBe(new DateOnly(2026, 10, 27));
    }

    [Fact]
    public void A_request_is_answered_once_and_an_answer_needs_text()
    {
        var r = new ReviewRequest(1, 2, 3, "对3.13扣分有异议", "body", DateTimeOffset.UtcNow, new DateOnly(2026, 10, 8), new DateOnly(2026, 9, 30), Official);
        Should.Throw<DomainException>(() => r.AnswerWith(" ", false, "officer", DateTimeOffset.UtcNow));
        r.AnswerWith("经复核，重新评审3.13", true, "officer", DateTimeOffset.UtcNow);
        r.State.ShouldBe(ReviewRequestState.Reopened);
        Should.Throw<ConflictException>(() => r.AnswerWith("维持", false, "officer2", DateTimeOffset.UtcNow));
    }
}
