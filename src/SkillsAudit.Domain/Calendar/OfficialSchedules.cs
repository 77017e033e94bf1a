namespace SkillsAudit.Domain.Calendar;

/// <summary>
/// The State Council's published holiday schedules the system ships with; an administrator edits the calendar for later
/// years (or corrections). Only schedules as published are listed: 2025 (国办发明电〔2024〕12号, 2024-11-12) and 2026
/// (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04).
/// </summary>
public static class OfficialSchedules
{
    public static readonly IReadOnlyDictionary<int, string> Sources = new Dictionary<int, string>
    {
        [2025] = "《国务院办公厅关于2025年部分节假日安排的通知》（国办发明电〔2024〕12号）",
        [2026] = "《国务院办公厅关于2026年部分节假日安排的通知》（2025年11月4日）",
    };

    public static IReadOnlyList<CalendarDay> Days { get; } = Build();

    private static List<CalendarDay> Build()
    {
        var days = new List<CalendarDay>();
        void Off(string name, int y, int m1, int d1, int m2, int d2)
        {
            for (var d = new DateOnly(y, m1, d1); d <= new DateOnly(y, m2, d2); d = d.AddDays(1)) days.Add(new CalendarDay(d, CalendarDayKind.Holiday, name));
        }
        void Work(string name, int y, int m, int d) => days.Add(new CalendarDay(new DateOnly(y, m, d), CalendarDayKind.Workday, name + "调休上班"));
        // 2025
        Off("元旦", 2025, 1, 1, 1, 1);
        Off("春节", 2025, 1, 28, 2, 4); Work("春节", 2025, 1, 26); Work("春节", 2025, 2, 8);
        Off("清明节", 2025, 4, 4, 4, 6);
        Off("劳动节", 2025, 5, 1, 5, 5); Work("劳动节", 2025, 4, 27);
        Off("端午节", 2025, 5, 31, 6, 2);
        Off("国庆节、中秋节", 2025, 10, 1, 10, 8); Work("国庆节", 2025, 9, 28); Work("国庆节", 2025, 10, 11);
        // 2026
        Off("元旦", 2026, 1, 1, 1, 3); Work("元旦", 2026, 1, 4);
        Off("春节", 2026, 2, 15, 2, 23); Work("春节", 2026, 2, 14); Work("春节", 2026, 2, 28);
        Off("清明节", 2026, 4, 4, 4, 6);
        Off("劳动节", 2026, 5, 1, 5, 5); Work("劳动节", 2026, 5, 9);
        Off("端午节", 2026, 6, 19, 6, 21);
        Off("中秋节", 2026, 9, 25, 9, 27);
        Off("国庆节", 2026, 10, 1, 10, 7); Work("国庆节", 2026, 9, 20); Work("国庆节", 2026, 10, 10);
        return days;
    }
}
