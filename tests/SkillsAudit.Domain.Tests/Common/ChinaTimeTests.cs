using Shouldly;
using SkillsAudit.Domain.Common;
using Xunit;

namespace SkillsAudit.Domain.Tests.Common;

public sealed class ChinaTimeTests
{
    [Fact]
    public void A_moment_stored_in_UTC_is_shown_in_Beijing_time()
    {
        var at = new DateTimeOffset(2026, 12, 3, 12, 14, 5, TimeSpan.Zero);
        at.ToChinaMinutes().ShouldBe("2026-12-03 20:14");
        at.ToChinaSeconds().ShouldBe("2026-12-03 20:14:05");
    }

    [Fact]
    public void The_China_date_turns_at_midnight_Beijing_time_not_UTC()
    {
        new DateTimeOffset(2026, 12, 3, 15, 59, 0, TimeSpan.Zero).ChinaDate().ShouldBe(new DateOnly(2026, 12, 3));
        new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero).ChinaDate().ShouldBe(new DateOnly(2026, 12, 4));
    }

    [Fact]
    public void A_moment_given_with_another_offset_is_shown_at_the_same_instant_in_Beijing()
    {
        new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.FromHours(-5)).ToChinaMinutes().ShouldBe("2026-12-03 21:00");
    }
}
