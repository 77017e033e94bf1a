namespace SkillsAudit.Domain.Rules;

/// <summary>
/// Whose management rules these are. The rules of changes, new occupations, random inspections and retention come from
/// Xinzhou's 管理办法 (seed 003, 2024 revision), the one such document among the seeds. For Xinzhou and its counties it
/// is their own document; an officer of another city or of the province applies it by reference, and the pages say so
/// ("参照…"), as the renewal rules do for Yangquan's document (RenewalRules.DocFor).
/// </summary>
public static class ManagementRules
{
    public const string Doc = "《忻州市职业技能等级评价机构管理办法》";

    private const string XinzhouPrefix = "1409";

    /// <summary>Is the document the own rules of a region (a code, or the prefix of the codes a staff member covers): Xinzhou and its counties.</summary>
    public static bool AreOwnRulesOf(string regionCode) => regionCode.StartsWith(XinzhouPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The citation of <paramref name="clause"/> (e.g. "第二十九条") in a region: "《…》第二十九条" for Xinzhou, "参照《…》第二十九条"
    /// elsewhere. Null or "" (no one region: an administrator, a filing of unknown region) names the document as it is.
    /// </summary>
    public static string Cite(string? region, string clause) =>
        (region is { Length: > 0 } r && !AreOwnRulesOf(r) ? "参照" : "") + Doc + clause;
}
