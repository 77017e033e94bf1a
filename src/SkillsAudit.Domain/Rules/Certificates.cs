using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Rules;

/// <summary>
/// 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence, 1 check character
/// (ISO 7064 MOD 11-2: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, check "10X98765432").
/// </summary>
public readonly record struct ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string Checks = "10X98765432";

    public string Value { get; }

    private ResidentIdNumber(string value) => Value = value;

    public DateOnly BirthDate => DateOnly.ParseExact(Value.Substring(6, 8), "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>First four and last four characters shown, the rest starred: 1409**********1234 (issue 7 §6).</summary>
    public string Masked => Value[..4] + new string('*', Value.Length - 8) + Value[^4..];

    public override string ToString() => Masked;

    public static bool TryParse(string? text, out ResidentIdNumber id, out string? error)
    {
        id = default;
        var t = (text ?? "").Trim().ToUpperInvariant();
        if (t.Length != 18) { error = $"身份证号码应为18位，实际为{t.Length}位"; return false; }
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(t[i])) { error = $"身份证号码第{i + 1}位应为数字"; return false; }
        }
        if (!char.IsAsciiDigit(t[17]) && t[17] != 'X') { error = "身份证号码第18位应为数字或 X"; return false; }
        if (!DateOnly.TryParseExact(t.Substring(6, 8), "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var birth)
            || birth.Year < 1900)
        {
            error = $"身份证号码中的出生日期“{t.Substring(6, 8)}”无效";
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (t[i] - '0') * Weights[i];
        var expected = Checks[sum % 11];
        if (t[17] != expected) { error = $"身份证号码校验位错误：第18位应为“{expected}”，实际为“{t[17]}”"; return false; }
        id = new ResidentIdNumber(t);
        error = null;
        return true;
    }

    public static ResidentIdNumber Parse(string text) =>
        TryParse(text, out var id, out var error) ? id : throw new DomainException("idNumber", error!);

    /// <summary>Appends the check character to 17 digits (for generating test data).</summary>
    public static string WithCheck(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return first17 + Checks[sum % 11];
    }
}

/// <summary>
/// 职业技能等级证书编号, the national unified rule (docs/domain.md; seed 003 第十九条 "全国统一编码规则"): 22 characters =
/// the 13-character filing code + 2-digit year + 1-digit level (1–5) + 6-digit serial.
/// </summary>
public readonly record struct CertificateNumber
{
    public string Value { get; }

    private CertificateNumber(string value) => Value = value;

    public string FilingCode => Value[..13];
    public int Year => 2000 + int.Parse(Value.AsSpan(13, 2), System.Globalization.CultureInfo.InvariantCulture);
    public Level Level => (Level)(Value[15] - '0');
    public int Serial => int.Parse(Value[16..], System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => Value;

    public static bool TryParse(string? text, out CertificateNumber number, out string? error)
    {
        number = default;
        var t = (text ?? "").Trim().ToUpperInvariant();
        if (t.Length != 22) { error = $"证书编号应为22位，实际为{t.Length}位"; return false; }
        if (!FilingNumber.TryParse(t[..13], out _, out var filingError)) { error = $"证书编号前13位不是有效的备案号：{filingError}"; return false; }
        if (!t[13..].All(char.IsAsciiDigit)) { error = "证书编号第14-22位应为数字"; return false; }
        if (t[15] is < '1' or > '5') { error = $"证书编号第16位（等级）应为1-5，实际为“{t[15]}”"; return false; }
        number = new CertificateNumber(t);
        error = null;
        return true;
    }

    /// <summary>Checks the number against the roster line it stands on: the filing, the year and the level must match.</summary>
    public static IReadOnlyList<string> Mismatches(CertificateNumber n, FilingNumber filing, int year, Level level)
    {
        var problems = new List<string>();
        if (n.FilingCode != filing.Value) problems.Add($"证书编号前13位 {n.FilingCode} 与备案号 {filing} 不符");
        if (n.Year != year) problems.Add($"证书编号中的年份 {n.Year} 与发证年度 {year} 不符");
        if (n.Level != level) problems.Add($"证书编号中的等级 {(int)n.Level}（{n.Level.ChineseName()}）与名册等级 {(int)level}（{level.ChineseName()}）不符");
        return problems;
    }

    /// <summary>Generates the number for a new roster line.</summary>
    public static CertificateNumber Generate(FilingNumber filing, int year, Level level, int serial)
    {
        if (year is < 2000 or > 2099) throw new DomainException("year", $"年份 {year} 超出编码范围（2000-2099）");
        if (serial is < 1 or > 999_999) throw new DomainException("serial", $"流水号 {serial} 超出范围（1-999999）");
        return new CertificateNumber($"{filing.Value}{year % 100:D2}{(int)level}{serial:D6}");
    }
}
