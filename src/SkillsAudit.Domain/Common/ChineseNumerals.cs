using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SkillsAudit.Domain.Common;

/// <summary>
/// Chinese numerals as official documents write them: 第二十一条, "一、" "（二）" headings, and counts in running text
/// ("二十五个", "三家", "十二个"). Whole numbers 0–99 999 in the plain form (一 二 … 十 百 千 万, 零/〇, 两).
/// </summary>
public static partial class ChineseNumerals
{
    private const string Digits = "零一二三四五六七八九";

    /// <summary>0 → 零, 10 → 十, 21 → 二十一, 105 → 一百零五, 1010 → 一千零一十.</summary>
    public static string ToChinese(int n)
    {
        if (n < 0 || n > 99_999) throw new ArgumentOutOfRangeException(nameof(n), n, "只支持 0 至 99999");
        if (n == 0) return "零";
        if (n is >= 10 and < 20) return "十" + (n == 10 ? "" : Digits[n - 10].ToString());
        var units = new[] { (10_000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "") };
        var sb = new StringBuilder();
        var pendingZero = false;
        foreach (var (value, unit) in units)
        {
            var d = n / value % 10;
            if (d == 0)
            {
                if (sb.Length > 0) pendingZero = true;
                continue;
            }
            if (pendingZero) sb.Append('零');
            pendingZero = false;
            sb.Append(Digits[d]).Append(unit);
        }
        return sb.ToString();
    }

    /// <summary>"第二十一条" for 21.</summary>
    public static string Article(int n) => $"第{ToChinese(n)}条";

    /// <summary>The heading number of GB/T 9704 level 1: "一、" for 1.</summary>
    public static string Heading(int n) => ToChinese(n) + "、";

    /// <summary>The heading number of level 2: "（一）" for 1.</summary>
    public static string SubHeading(int n) => $"（{ToChinese(n)}）";

    /// <summary>Reads a Chinese numeral ("二十五", "十二", "一百零五", "两"); false when the text is not one.</summary>
    public static bool TryParse(string? text, out int value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text)) return false;
        int total = 0, section = 0, digit = -1;
        foreach (var ch in text)
        {
            var d = ch switch { '〇' or '零' => 0, '两' => 2, _ => Digits.IndexOf(ch, StringComparison.Ordinal) };
            if (d >= 0)
            {
                if (digit >= 0 && digit != 0 && d != 0) return false; // two digits in a row ("二五") is not this notation
                digit = d;
                continue;
            }
            var unit = ch switch { '十' => 10, '百' => 100, '千' => 1000, '万' => 10_000, _ => 0 };
            if (unit == 0) return false;
            if (unit == 10_000)
            {
                total = (total + section + Math.Max(digit, 0)) * 10_000;
                section = 0;
            }
            else
            {
                if (digit == 0) return false;
                section += (digit < 0 ? 1 : digit) * unit; // 十二: an unwritten 一 before 十
            }
            digit = -1;
        }
        value = total + section + Math.Max(digit, 0);
        return true;
    }

    [GeneratedRegex("(?<![第零〇一二三四五六七八九十百千万两])(?<n>[零〇一二三四五六七八九十百千万两]+)(?=\\s*(?:个|家|名|项|人|所))")]
    private static partial Regex CountBeforeCounter();

    /// <summary>
    /// Counts written in Chinese numerals before a counter ("二十五个", "三家", "十二个") rewritten in Arabic digits
    /// ("25个"), so the audit checks them like Arabic ones. Ordinals ("第三个") and anything that is not a numeral stay.
    /// </summary>
    public static string NormaliseCounts(string text) =>
        CountBeforeCounter().Replace(text, m => TryParse(m.Groups["n"].Value, out var v) ? v.ToString(CultureInfo.InvariantCulture) : m.Value);
}
