using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Rules;

/// <summary>
/// Materials a body attaches to an application for a new occupation. Seed 003 第二十三条 has the service centre check
/// 申报材料 (场地、设备、试题、人员); 第二十四条（二）（三） names what they show. None is required by the clause text.
/// </summary>
public enum OccupationAttachmentKind
{
    /// <summary>专家队伍、考评人员名单 (第二十四条（二）)</summary>
    StaffList = 1,
    /// <summary>题库资源储备说明 (第二十四条（二）)</summary>
    QuestionBanks = 2,
    /// <summary>场地、设施设备材料 (第二十四条（三）)</summary>
    Premises = 3,
    /// <summary>其他材料</summary>
    Other = 4,
}

/// <summary>What a body types when it applies for a new occupation (新增职业（工种）), before the store is asked anything.</summary>
/// <param name="OccupationCode">As typed or chosen.</param>
/// <param name="Occupation">The catalogue's occupation of that code; null when the catalogue has none.</param>
/// <param name="Levels">The levels applied for (none for 专项职业能力).</param>
/// <param name="FiledOccupations">The occupation codes the filing holds now.</param>
public sealed record OccupationApplicationInput(
    string? OccupationCode, Occupation? Occupation, IReadOnlyList<Level> Levels, string? Replacing,
    int Experts, int Examiners, int QuestionBanks, string? Explanation,
    FilingType? FilingType, IReadOnlySet<string> FiledOccupations, string? RegionCode = null);

/// <summary>
/// Seed 003 第六章 新增职业（工种）、等级 from the body's side: what an application must say before it is accepted, and
/// what the filing's scope becomes when it is approved. Whether it may be approved is <see cref="ScopeEligibility.Check"/>.
/// </summary>
public static class OccupationApplicationRules
{
    public const int MaxExplanationLength = 2000;

    /// <summary>
    /// 第二十六条: a 社会培训评价组织 already at the limit of 5 occupations can add one only 以旧换新, giving one filed
    /// occupation back.
    /// </summary>
    public static bool NeedsReplacement(FilingType? type, int filedOccupations) =>
        type == FilingType.SocialEvaluator && filedOccupations >= ScopeEligibility.SocialEvaluatorMaxOccupations;

    public static string Chinese(OccupationAttachmentKind kind) => kind switch
    {
        OccupationAttachmentKind.StaffList => "专家队伍、考评人员名单",
        OccupationAttachmentKind.QuestionBanks => "题库资源储备说明",
        OccupationAttachmentKind.Premises => "理论、实操场地及设施设备材料",
        OccupationAttachmentKind.Other => "其他材料",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The field a problem with one attachment is reported on: "attachments.StaffList".</summary>
    public static string AttachmentField(OccupationAttachmentKind kind) => $"attachments.{kind}";

    /// <summary>Every problem of an application at once, each on its own field (occupation, levels, replacing, experts, examiners, questionBanks, explanation).</summary>
    public static IReadOnlyList<DomainException> Problems(OccupationApplicationInput a)
    {
        var errors = new List<DomainException>();
        string Cite(string clause) => ManagementRules.Cite(a.RegionCode, clause);
        var code = (a.OccupationCode ?? "").Trim();
        if (code.Length == 0) errors.Add(new("occupation", "请选择申请新增的职业（工种）"));
        else if (a.Occupation is null) errors.Add(new("occupation", $"职业目录中没有职业代码“{code}”，请从目录中选择"));
        else if (a.FiledOccupations.Contains(code))
            errors.Add(new("occupation", $"{a.Occupation.Name}（{code}）已在本机构备案范围内，无需新增"));

        if (a.Occupation is { } o)
        {
            // 第八条: 专项职业能力考核不设等级; the others are applied for at the levels the catalogue gives the occupation.
            if (o.Kind == AssessmentKind.SpecialAbility)
            {
                if (a.Levels.Count > 0) errors.Add(new("levels", $"{o.Name}为专项职业能力，不设等级，请不要选择等级"));
            }
            else if (a.Levels.Count == 0) errors.Add(new("levels", "请至少选择一个申请的等级"));
            else if (a.Levels.Where(l => !o.Levels.Contains(l)).ToList() is { Count: > 0 } foreign)
                errors.Add(new("levels", $"{o.Name}在职业目录中没有{string.Join("、", foreign.Select(l => l.ChineseName()))}等级"));
        }

        foreach (var (field, name, value) in new[] { ("experts", "专家", a.Experts), ("examiners", "考评人员", a.Examiners), ("questionBanks", "题库", a.QuestionBanks) })
        {
            if (value < 0) errors.Add(new(field, $"{name}数量不能为负数（现为 {value}）"));
        }

        // 第二十六条: 以旧换新 — the replaced occupation is one the filing holds, and only a 社会培训评价组织 swaps.
        var replacing = string.IsNullOrWhiteSpace(a.Replacing) ? null : a.Replacing.Trim();
        if (replacing is null)
        {
            if (NeedsReplacement(a.FilingType, a.FiledOccupations.Count))
                errors.Add(new("replacing", $"本机构已备案 {a.FiledOccupations.Count} 个职业，社会培训评价组织原则上不超过 {ScopeEligibility.SocialEvaluatorMaxOccupations} 个，请选择以旧换新交回的职业（{Cite("第二十六条")}）"));
        }
        else if (a.FilingType != FilingType.SocialEvaluator)
            errors.Add(new("replacing", $"以旧换新只适用于社会培训评价组织（{Cite("第二十六条")}），请不要选择交回的职业"));
        else if (!a.FiledOccupations.Contains(replacing))
            errors.Add(new("replacing", $"交回的职业“{replacing}”不在本机构备案范围内"));
        else if (replacing == code)
            errors.Add(new("replacing", "交回的职业不能是申请新增的职业"));

        var explanation = (a.Explanation ?? "").Trim();
        if (explanation.Length == 0) errors.Add(new("explanation", "请填写申请说明（新增理由及具备的条件）"));
        else if (explanation.Length > MaxExplanationLength)
            errors.Add(new("explanation", $"申请说明不能超过 {MaxExplanationLength} 个字（现为 {explanation.Length} 个）"));
        return errors;
    }

    /// <summary>
    /// The filing's scope once an application is approved: the replaced occupation (以旧换新, 第二十六条) goes at every
    /// level, the new one comes at each level applied for (or with no level, for 专项职业能力).
    /// </summary>
    public static IReadOnlyList<ScopeEntry> ScopeAfterApproval(IReadOnlyList<ScopeEntry> current, string occupationCode, IReadOnlyList<Level> levels, string? replacing)
    {
        var kept = current.Where(s => s.OccupationCode != replacing).ToList();
        IEnumerable<ScopeEntry> added = levels.Count == 0 ? [new ScopeEntry(occupationCode, null)] : levels.Select(l => new ScopeEntry(occupationCode, l));
        foreach (var s in added) if (!kept.Contains(s)) kept.Add(s);
        return kept;
    }

    /// <summary>Levels as stored with an application: "5,4,3" (the catalogue's own form); "" for none.</summary>
    public static string LevelCodes(IEnumerable<Level> levels) =>
        string.Join(',', levels.Distinct().OrderByDescending(l => (int)l).Select(l => ((int)l).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static IReadOnlyList<Level> ParseLevelCodes(string? codes) =>
        string.IsNullOrEmpty(codes) ? [] : codes.Split(',').Select(s => (Level)int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
