using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Calendar;

/// <summary>放假 (a public holiday, including the days moved next to it) or 调休上班 (a weekend day worked instead).</summary>
public enum CalendarDayKind
{
    Holiday = 1,
    Workday = 2,
}

/// <summary>One day the State Council's yearly schedule (国务院办公厅关于部分节假日安排的通知) makes different from the plain week.</summary>
public sealed record CalendarDay(DateOnly Date, CalendarDayKind Kind, string Name)
{
    public static string Chinese(CalendarDayKind kind) => kind == CalendarDayKind.Holiday ? "放假" : "调休上班";
}

/// <summary>
/// Working days: Monday to Friday, except the listed holidays, plus the listed adjusted working weekends (调休).
/// Periods counted in working days start the day after the event (《中华人民共和国民法典》第二百零一条：开始的当日不计入).
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly Dictionary<DateOnly, CalendarDay> _days;

    public WorkingDayCalendar(IEnumerable<CalendarDay> days)
    {
        _days = [];
        foreach (var d in days)
        {
            if (!_days.TryAdd(d.Date, d)) throw new DomainException("date", $"{d.Date:yyyy-MM-dd} 重复列出");
        }
    }

    public IReadOnlyCollection<CalendarDay> Days => _days.Values;

    /// <summary>Whether the calendar lists any day of that year (else only weekends are known to be days off).</summary>
    public bool Knows(int year) => _days.Keys.Any(d => d.Year == year);

    public bool IsWorkingDay(DateOnly day)
    {
        if (_days.TryGetValue(day, out var special)) return special.Kind == CalendarDayKind.Workday;
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The <paramref name="count"/>-th working day after <paramref name="from"/> (which is not counted).</summary>
    public DateOnly AddWorkingDays(DateOnly from, int count)
    {
        if (count < 1) throw new DomainException("count", "工作日数须为正数");
        var day = from;
        for (var n = 0; n < count;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) n++;
        }
        return day;
    }

    /// <summary>Working days in (<paramref name="from"/>, <paramref name="to"/>]: 0 when <paramref name="to"/> is not after it.</summary>
    public int WorkingDaysAfter(DateOnly from, DateOnly to)
    {
        var n = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
            if (IsWorkingDay(d)) n++;
        return n;
    }
}
