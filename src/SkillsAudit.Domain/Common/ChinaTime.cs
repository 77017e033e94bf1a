using System.Globalization;

namespace SkillsAudit.Domain.Common;

/// <summary>
/// Moments are stored in UTC and shown in China Standard Time (UTC+8, no daylight saving), the time of every document
/// and of every user: one home for that, so that no page shows the server's clock (UTC) beside another showing
/// Beijing time.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToChina(this DateTimeOffset at) => at.ToOffset(Offset);

    /// <summary>"2026-12-03 20:14" (Beijing time).</summary>
    public static string ToChinaMinutes(this DateTimeOffset at) =>
        at.ToOffset(Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"2026-12-03 20:14:05" (Beijing time).</summary>
    public static string ToChinaSeconds(this DateTimeOffset at) =>
        at.ToOffset(Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The calendar day in China of <paramref name="at"/>.</summary>
    public static DateOnly ChinaDate(this DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);
}
