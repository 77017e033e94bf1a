using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Rules;

/// <summary>What an application to add an occupation (or level) declares and what the registry and statistics know.</summary>
public sealed record ScopeApplicationFacts
{
    public required FilingType? FilingType { get; init; }
    /// <summary>Occupation codes currently filed.</summary>
    public required IReadOnlySet<string> FiledOccupations { get; init; }
    /// <summary>Filed occupations with at least one person assessed since filing (from the statistics).</summary>
    public required IReadOnlySet<string> AssessedOccupations { get; init; }
    public required string RequestedOccupation { get; init; }
    /// <summary>For 以旧换新: the filed occupation given up for the new one, if any.</summary>
    public string? Replacing { get; init; }
    public int DeclaredExperts { get; init; }
    public int DeclaredExaminers { get; init; }
    public int DeclaredQuestionBanks { get; init; }
    /// <summary>Filed bodies in the city, and how many of them already cover the requested occupation.</summary>
    public int CityFiledBodies { get; init; }
    public int CityBodiesCoveringOccupation { get; init; }
    /// <summary>Unrectified bad records (违法违规、失信) known to the bureau.</summary>
    public bool HasBadRecord { get; init; }
    /// <summary>The filing's region: the clauses are cited as its own rules in Xinzhou, by reference elsewhere (ManagementRules).</summary>
    public string? RegionCode { get; init; }
}

public sealed record EligibilityCheck(string Rule, string Clause, bool Passed, string Detail);

public sealed record EligibilityResult(IReadOnlyList<EligibilityCheck> Checks)
{
    public bool Eligible => Checks.All(c => c.Passed);
}

/// <summary>
/// Seed 003 第六章 新增职业（工种）、等级, rule by rule. Fractions are compared exactly (a·3 ≥ b·2), never in floating point.
/// How 第二十五条 is read is recorded in docs/decisions/0003-occupation-coverage.md.
/// </summary>
public static class ScopeEligibility
{
    /// <summary>第二十六条: 社会培训评价组织备案的职业（工种）原则上不超过5个.</summary>
    public const int SocialEvaluatorMaxOccupations = 5;

    public static EligibilityResult Check(ScopeApplicationFacts f)
    {
        var checks = new List<EligibilityCheck>();
        string Cite(string clause) => ManagementRules.Cite(f.RegionCode, clause);
        var filed = f.FiledOccupations.Count;
        var assessed = f.FiledOccupations.Count(f.AssessedOccupations.Contains);

        // 第二十四条(一): 开展认定评价的职业（工种）达到备案职业（工种）的三分之二的覆盖面.
        var coverageOk = filed > 0 && assessed * 3 >= filed * 2;
        checks.Add(new("已开展评价的职业达到备案职业的三分之二", Cite("第二十四条（一）"), coverageOk,
            filed == 0 ? "尚无备案职业，无从计算覆盖面" : $"备案职业 {filed} 个，自备案以来已开展评价 {assessed} 个（需 ≥ {Math.Ceiling(filed * 2 / 3m)} 个）"));

        checks.Add(new("社会信用良好，无违法违规、失信等不良行为记录", Cite("第二十四条（一）"), !f.HasBadRecord,
            f.HasBadRecord ? "有未消除的不良行为记录" : "未见不良行为记录"));

        // 第二十四条(二): 相应的专家队伍、考评人员……特别是要具有一定数量的题库资源储备.
        var staffOk = f.DeclaredExperts > 0 && f.DeclaredExaminers > 0 && f.DeclaredQuestionBanks > 0;
        checks.Add(new("具有相应的专家队伍、考评人员和题库资源", Cite("第二十四条（二）"), staffOk,
            $"申报专家 {f.DeclaredExperts} 名、考评人员 {f.DeclaredExaminers} 名、题库 {f.DeclaredQuestionBanks} 套（每项至少 1）"));

        // 第二十五条: 市域内已备案机构中相关职业布局已达到三分之二覆盖面的，不予新增.
        var saturated = f.CityFiledBodies > 0 && f.CityBodiesCoveringOccupation * 3 >= f.CityFiledBodies * 2;
        checks.Add(new("市域内该职业布局未达到三分之二覆盖面", Cite("第二十五条"), !saturated,
            f.CityFiledBodies == 0 ? "市域内暂无备案机构" : $"市域内备案机构 {f.CityFiledBodies} 个，已备案该职业的 {f.CityBodiesCoveringOccupation} 个（达到 {Math.Ceiling(f.CityFiledBodies * 2 / 3m)} 个即不予新增）"));

        // 第二十六条: 社会培训评价组织原则上不超过5个，需要新增的按以旧换新办法调整.
        if (f.FilingType == FilingType.SocialEvaluator)
        {
            var replacing = f.Replacing is { } r && f.FiledOccupations.Contains(r);
            var after = filed + 1 - (replacing ? 1 : 0);
            checks.Add(new("社会培训评价组织备案职业不超过5个（超过时以旧换新）", Cite("第二十六条"), after <= SocialEvaluatorMaxOccupations,
                f.Replacing is { } rr && !replacing ? $"拟替换的职业 {rr} 不在备案范围内"
                    : $"新增后备案职业 {after} 个{(replacing ? $"（以 {f.Replacing} 换 {f.RequestedOccupation}）" : "")}，上限 {SocialEvaluatorMaxOccupations} 个"));
        }

        if (f.FiledOccupations.Contains(f.RequestedOccupation) && f.Replacing is null)
            checks.Add(new("申请的职业尚未备案", Cite("第二十四条"), false, $"职业 {f.RequestedOccupation} 已在备案范围内；新增等级请按等级申请"));
        return new EligibilityResult(checks);
    }
}
