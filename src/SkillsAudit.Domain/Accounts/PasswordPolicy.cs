using System.Security.Cryptography;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Accounts;

/// <summary>
/// The password rule every new password must satisfy (MLPS 2.0 level 2 identity authentication):
/// at least 10 characters from at least 3 of 4 classes (upper case, lower case, digits, symbols), not the user name,
/// and not one of the user's last 5 passwords (the history check needs the hashes, so the caller supplies it).
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MinClasses = 3;
    public const int History = 5;

    public const string Description = "密码至少 10 位，须包含大写字母、小写字母、数字、符号中的至少 3 类，不能与用户名相同，不能与最近 5 次使用过的密码相同。";

    public static int Classes(string password)
    {
        var upper = password.Any(char.IsAsciiLetterUpper);
        var lower = password.Any(char.IsAsciiLetterLower);
        var digit = password.Any(char.IsAsciiDigit);
        var other = password.Any(c => !char.IsAsciiLetterOrDigit(c));
        return (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    /// <summary>The rules that need nothing but the password and the user name; each broken rule is one error on "password".</summary>
    public static IReadOnlyList<DomainException> Check(string? password, string? userName, bool usedRecently = false)
    {
        var p = password ?? "";
        var errors = new List<DomainException>();
        if (p.Length < MinLength) errors.Add(new("password", $"密码至少 {MinLength} 位（当前 {p.Length} 位）"));
        if (Classes(p) < MinClasses) errors.Add(new("password", $"密码须包含大写字母、小写字母、数字、符号中的至少 {MinClasses} 类（当前 {Classes(p)} 类）"));
        if (userName is { Length: > 0 } u && string.Equals(p, u, StringComparison.OrdinalIgnoreCase)) errors.Add(new("password", "密码不能与用户名相同"));
        if (usedRecently) errors.Add(new("password", $"不能使用最近 {History} 次用过的密码"));
        return errors;
    }

    public static void Require(string? password, string? userName, bool usedRecently = false)
    {
        var errors = Check(password, userName, usedRecently);
        if (errors.Count > 0) throw new DomainValidationException(errors);
    }

    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnpqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "#%+=@";

    /// <summary>A one-time password that satisfies the policy: 12 characters, all four classes, no look-alike characters.</summary>
    public static string OneTimePassword()
    {
        var all = Upper + Lower + Digits + Symbols;
        var chars = new List<char>
        {
            Upper[RandomNumberGenerator.GetInt32(Upper.Length)], Lower[RandomNumberGenerator.GetInt32(Lower.Length)],
            Digits[RandomNumberGenerator.GetInt32(Digits.Length)], Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)],
        };
        while (chars.Count < 12) chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        for (var i = chars.Count - 1; i > 0; i--)
        {
            var j = RandomNumberGenerator.GetInt32(i + 1);
            (chars[i], chars[j]) = (chars[j], chars[i]);
        }
        return new string(chars.ToArray());
    }
}
