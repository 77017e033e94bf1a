using System.Globalization;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Registry;

/// <summary>
/// A date known to the precision the source gives: seed 001 附件1 gives filing years only ("2020年"),
/// seed 004 gives months ("2020.4-2023.3"). Stored as ISO text ("2020", "2020-04", "2020-04-15"),
/// which sorts correctly. Never pads unknown parts with invented ones.
/// </summary>
public readonly record struct PartialDate : IComparable<PartialDate>
{
    public int Year { get; }
    public int? Month { get; }
    public int? Day { get; }

    public PartialDate(int year, int? month = null, int? day = null)
    {
        if (year is < 1949 or > 2200) throw new DomainException("date", $"年份 {year} 不在合理范围内");
        if (month is { } m && (m < 1 || m > 12)) throw new DomainException("date", $"月份 {m} 无效");
        if (day is not null && month is null) throw new DomainException("date", "给出日时必须给出月");
        if (day is { } d && (d < 1 || d > DateTime.DaysInMonth(year, month!.Value))) throw new DomainException("date", $"日期 {year}-{month}-{d} 无效");
        Year = year;
        Month = month;
        Day = day;
    }

    /// <summary>The first day the date could mean.</summary>
    public DateOnly Earliest => new(Year, Month ?? 1, Day ?? 1);

    /// <summary>The last day the date could mean (end of month for "2023.3").</summary>
    public DateOnly Latest => Day is { } d ? new DateOnly(Year, Month!.Value, d)
        : Month is { } m ? new DateOnly(Year, m, DateTime.DaysInMonth(Year, m))
        : new DateOnly(Year, 12, 31);

    public string ToIso() => Day is { } d ? $"{Year:D4}-{Month:D2}-{d:D2}" : Month is { } m ? $"{Year:D4}-{m:D2}" : $"{Year:D4}";

    public override string ToString() => ToIso();

    /// <summary>As the seeds write it: 2020年, 2020年4月, 2020年4月15日.</summary>
    public string ToChinese() => Day is { } d ? $"{Year}年{Month}月{d}日" : Month is { } m ? $"{Year}年{m}月" : $"{Year}年";

    public int CompareTo(PartialDate other) => string.CompareOrdinal(ToIso(), other.ToIso());

    public static bool operator <(PartialDate left, PartialDate right) => left.CompareTo(right) < 0;
    public static bool operator <=(PartialDate left, PartialDate right) => left.CompareTo(right) <= 0;
    public static bool operator >(PartialDate left, PartialDate right) => left.CompareTo(right) > 0;
    public static bool operator >=(PartialDate left, PartialDate right) => left.CompareTo(right) >= 0;

    /// <summary>Reads 2020, 2020年, 2020.4, 2020-04, 2020/4/15, 2020年4月15日, 2020-04-15.</summary>
    public static bool TryParse(string? text, out PartialDate date)
    {
        date = default;
        var t = (text ?? "").Trim().TrimEnd('日').Replace('年', '-').Replace('月', '-').Replace('.', '-').Replace('/', '-').Trim('-');
        if (t.Length == 0) return false;
        var parts = t.Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 3) return false;
        var nums = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out nums[i])) return false;
        }
        try
        {
            date = nums.Length switch
            {
                1 => new PartialDate(nums[0]),
                2 => new PartialDate(nums[0], nums[1]),
                _ => new PartialDate(nums[0], nums[1], nums[2]),
            };
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    public static PartialDate Parse(string text, string field = "date") =>
        TryParse(text, out var d) ? d : throw new DomainException(field, $"无法识别的日期“{text}”（可写作 2020、2020.4、2020-04-15）");

}
