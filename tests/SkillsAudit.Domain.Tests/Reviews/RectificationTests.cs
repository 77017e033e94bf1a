using Shouldly;
using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Reviews;
using Xunit;

namespace SkillsAudit.Domain.Tests.Reviews;

public sealed class RectificationTests
{
    private static readonly DateTimeOffset Issued = new(2023, 9, 30, 9, 0, 0, TimeSpan.Zero);

    private static Rectification New() => new(1, null, "补齐考评员名册与督导记录", Rectification.DefaultDue(new DateOnly(2023, 9, 30)), "officer", Issued);

    [Fact]
    public void The_default_deadline_is_two_months_after_the_decision() =>
        New().Due.ShouldBe(new DateOnly(2023, 11, 30));

    [Fact]
    public void Overdue_only_when_open_past_the_deadline()
    {
        var r = New();
        r.IsOverdue(new DateOnly(2023, 11, 30)).ShouldBeFalse();
        r.IsOverdue(new DateOnly(2023, 12, 1)).ShouldBeTrue();
        r.Respond("已补齐", ["abc"], Issued.AddDays(70));
        r.IsOverdue(new DateOnly(2023, 12, 1)).ShouldBeFalse();
    }

    [Fact]
    public void The_recheck_needs_a_response_first_and_a_note()
    {
        var r = New();
        Should.Throw<DomainException>(() => r.Check(true, "通过", "officer", Issued.AddDays(10)));
        r.Respond("已补齐", [], Issued.AddDays(5));
        Should.Throw<DomainException>(() => r.Check(true, " ", "officer", Issued.AddDays(10)));
        r.Check(true, "材料齐全，同意恢复", "officer", Issued.AddDays(10));
        r.State.ShouldBe(RectificationState.Passed);
        Should.Throw<DomainException>(() => r.Respond("再次提交", [], Issued.AddDays(11)));
    }
}
