using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Registry;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters =
/// 1 registration authority + 1 entity category + 6 administrative division (GB/T 2260)
/// + 9 organisation code (GB 11714, whose 9th character is its own check) + 1 check character.
/// </summary>
public readonly record struct CreditCode
{
    // GB 32100 §4: the 31 characters allowed (no I, O, Z, S, V).
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrgCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    public string Value { get; }

    private CreditCode(string value) => Value = value;

    public override string ToString() => Value;

    public static CreditCode Parse(string text) =>
        TryParse(text, out var code, out var error) ? code : throw new DomainException("creditCode", error!);

    public static bool TryParse(string? text, out CreditCode code, out string? error)
    {
        code = default;
        var t = (text ?? "").Trim().ToUpperInvariant();
        if (t.Length != 18)
        {
            error = $"统一社会信用代码应为18位，实际为{t.Length}位";
            return false;
        }
        for (var i = 0; i < t.Length; i++)
        {
            if (Alphabet.IndexOf(t[i]) < 0)
            {
                error = $"统一社会信用代码第{i + 1}位“{t[i]}”不是允许的字符（不含 I、O、Z、S、V）";
                return false;
            }
        }
        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(t[i]))
            {
                error = $"统一社会信用代码第3-8位应为行政区划代码（数字），第{i + 1}位为“{t[i]}”";
                return false;
            }
        }
        var expected = CheckCharacter(t.AsSpan(0, 17));
        if (t[17] != expected)
        {
            error = $"统一社会信用代码校验位错误：第18位应为“{expected}”，实际为“{t[17]}”";
            return false;
        }
        var orgCheck = OrganisationCodeCheck(t.AsSpan(8, 8));
        if (orgCheck is { } oc && t[16] != oc)
        {
            error = $"统一社会信用代码中的组织机构代码校验位错误：第17位应为“{oc}”，实际为“{t[16]}”";
            return false;
        }
        code = new CreditCode(t);
        error = null;
        return true;
    }

    /// <summary>GB 32100 §5: C18 = 31 − (Σ Ci·Wi mod 31), with 31 written as 0.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(char.ToUpperInvariant(first17[i])) * Weights[i];
        var c = 31 - sum % 31;
        return Alphabet[c == 31 ? 0 : c];
    }

    /// <summary>
    /// GB 11714 check of the embedded organisation code: C9 = 11 − (Σ Ci·Wi mod 11), 10 → X, 11 → 0.
    /// Only defined when the 8 body characters are digits or capital letters A–Z valued 10–35;
    /// returns null for characters outside that scheme (the GB 32100 check above still applies).
    /// </summary>
    private static char? OrganisationCodeCheck(ReadOnlySpan<char> body8)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var ch = body8[i];
            int v;
            if (char.IsAsciiDigit(ch)) v = ch - '0';
            else if (ch is >= 'A' and <= 'Z') v = ch - 'A' + 10;
            else return null;
            sum += v * OrgCodeWeights[i];
        }
        var c = 11 - sum % 11;
        return c switch { 10 => 'X', 11 => '0', _ => (char)('0' + c) };
    }
}
