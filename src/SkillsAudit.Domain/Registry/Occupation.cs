using System.Globalization;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Registry;

/// <summary>The three kinds of assessment (seed 003 第二条).</summary>
public enum AssessmentKind
{
    /// <summary>职业资格评价 — 准入类 occupations (seed 003 第四条).</summary>
    Qualification = 1,
    /// <summary>职业技能等级评价 — 水平评价类 occupations (seed 003 第五条).</summary>
    SkillLevel = 2,
    /// <summary>专项职业能力考核 — no levels (seed 003 第八条).</summary>
    SpecialAbility = 3,
}

/// <summary>An occupation (职业/工种) from the national classification, with the levels it can be assessed at.</summary>
public sealed class Occupation
{
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public AssessmentKind Kind { get; private set; }

    /// <summary>Stored as "5,4,3"; empty for 专项职业能力.</summary>
    private string _levelCodes = "";

    public IReadOnlyList<Level> Levels =>
        _levelCodes.Length == 0 ? [] : _levelCodes.Split(',').Select(s => (Level)int.Parse(s, CultureInfo.InvariantCulture)).ToList();

    private Occupation() { }

    public Occupation(string code, string name, AssessmentKind kind, IEnumerable<Level> levels)
    {
        var errors = new List<DomainException>();
        code = (code ?? "").Trim();
        name = (name ?? "").Trim();
        if (code.Length is 0 or > 32) errors.Add(new("code", "职业代码不能为空，且不超过32个字符"));
        if (name.Length is 0 or > 100) errors.Add(new("name", "职业名称不能为空，且不超过100个字符"));
        if (!Enum.IsDefined(kind)) errors.Add(new("kind", "评价类别无效"));
        var list = levels.Distinct().OrderByDescending(l => (int)l).ToList();
        // seed 003 第八条: 专项职业能力考核不设等级.
        if (kind == AssessmentKind.SpecialAbility && list.Count > 0) errors.Add(new("levels", "专项职业能力考核不设等级"));
        if (kind != AssessmentKind.SpecialAbility && list.Count == 0) errors.Add(new("levels", "职业资格和职业技能等级须至少有一个等级"));
        if (errors.Count > 0) throw new DomainValidationException(errors);
        Code = code;
        Name = name;
        Kind = kind;
        _levelCodes = string.Join(',', list.Select(l => ((int)l).ToString(CultureInfo.InvariantCulture)));
    }

    public bool HasLevel(Level? level) => level is null ? Kind == AssessmentKind.SpecialAbility : Levels.Contains(level.Value);
}
