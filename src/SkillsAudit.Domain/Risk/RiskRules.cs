namespace SkillsAudit.Domain.Risk;

/// <summary>How recorded texts are read by the outcome signal.</summary>
public static class RiskRules
{
    private static readonly string[] CleanFindings = ["未发现问题", "未发现明显问题", "未发现违规", "无问题", "没有问题", "符合要求", "符合规定", "正常"];

    /// <summary>An inspection finding is adverse unless it says nothing was found (未发现问题、符合要求…).</summary>
    public static bool IsAdverseFinding(string? text)
    {
        var t = (text ?? "").Trim().TrimEnd('。', '.', '；', ';');
        return t.Length > 0 && !CleanFindings.Any(c => t == c || t.StartsWith(c, StringComparison.Ordinal) && t.Length <= c.Length + 4);
    }

    /// <summary>A complaint's outcome upholds it when it says 属实 or 成立 (including 部分属实), not 不属实 / 不成立.</summary>
    public static bool IsUpheld(string? outcome)
    {
        var t = outcome ?? "";
        return (t.Contains("属实", StringComparison.Ordinal) && !t.Contains("不属实", StringComparison.Ordinal))
            || (t.Contains("成立", StringComparison.Ordinal) && !t.Contains("不成立", StringComparison.Ordinal));
    }

    /// <summary>C or D grade (seed 002 等级), or a failed result (不合格/不通过, seed 001).</summary>
    public static bool IsPoorOutcome(string? outcome)
    {
        var t = (outcome ?? "").Trim();
        if (t.Length == 0) return false;
        if (t.Contains("不合格", StringComparison.Ordinal) || t.Contains("不通过", StringComparison.Ordinal)) return true;
        var first = char.ToUpperInvariant(t[0]);
        return (first is 'C' or 'D') && (t.Length == 1 || !char.IsAsciiLetter(t[1]));
    }
}
