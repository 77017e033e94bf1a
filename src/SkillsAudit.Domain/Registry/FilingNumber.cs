using System.Text.RegularExpressions;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Registry;

/// <summary>
/// 备案号, 13 characters (docs/domain.md; seed 004 附件 e.g. Y000034040002):
/// Y (employer) or S (social evaluator / school) + 4 digits (0000 when filed with a province)
/// + 2-digit province code (GB/T 2260, 34 Anhui, 14 Shanxi) + 6-digit serial.
/// </summary>
public readonly partial record struct FilingNumber
{
    public string Value { get; }

    private FilingNumber(string value) => Value = value;

    public char Prefix => Value[0];
    public string Authority => Value.Substring(1, 4);
    public string ProvinceCode => Value.Substring(5, 2);
    public string Serial => Value.Substring(7, 6);

    public override string ToString() => Value;

    public static FilingNumber Parse(string text) =>
        TryParse(text, out var n, out var error) ? n : throw new DomainException("filingNumber", error!);

    public static bool TryParse(string? text, out FilingNumber number, out string? error)
    {
        number = default;
        var t = (text ?? "").Trim().ToUpperInvariant();
        if (t.Length != 13)
        {
            error = $"备案号应为13位，实际为{t.Length}位";
            return false;
        }
        if (t[0] is not ('Y' or 'S'))
        {
            error = $"备案号首字母应为 Y（用人单位）或 S（社会培训评价组织/院校），实际为“{t[0]}”";
            return false;
        }
        if (!Shape().IsMatch(t))
        {
            error = "备案号第2-13位应全为数字";
            return false;
        }
        var province = t.Substring(5, 2);
        if (!Regions.IsProvinceCode(province))
        {
            error = $"备案号第6-7位“{province}”不是有效的省级行政区划代码";
            return false;
        }
        number = new FilingNumber(t);
        error = null;
        return true;
    }

    /// <summary>Does this number's prefix fit the filing type? Y is for employers, S for schools and social evaluators.</summary>
    public bool FitsType(FilingType type) => type == FilingType.Employer ? Prefix == 'Y' : Prefix == 'S';

    [GeneratedRegex("^[YS][0-9]{12}$")]
    private static partial Regex Shape();
}
