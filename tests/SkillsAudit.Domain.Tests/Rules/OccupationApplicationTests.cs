using Shouldly;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rules;
using Xunit;

namespace SkillsAudit.Domain.Tests.Rules;

/// <summary>忻州市管理办法 第六章: what a body's application for a new occupation must say, and the scope it leaves when approved.</summary>
public sealed class OccupationApplicationTests
{
    private static readonly Occupation Welder = new("6-18-02-04", "焊工", AssessmentKind.SkillLevel, [Level.Level5, Level.Level4, Level.Level3]);
    private static readonly Occupation Special = new("Z-01", "电动自行车维修", AssessmentKind.SpecialAbility, []);

    private static OccupationApplicationInput Input(FilingType type = FilingType.Employer, int filed = 2, Occupation? occupation = null, string? code = null,
        IReadOnlyList<Level>? levels = null, string? replacing = null, int experts = 3, string? explanation = "新增理由") =>
        new(code ?? (occupation ?? Welder).Code, occupation ?? Welder, levels ?? [Level.Level5], replacing, experts, 4, 1, explanation, type,
            Enumerable.Range(1, filed).Select(i => $"occ{i}").ToHashSet(), "140900");

    private static Dictionary<string, string> Fields(OccupationApplicationInput a) =>
        OccupationApplicationRules.Problems(a).GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join("；", g.Select(e => e.Message)));

    [Fact]
    public void A_complete_application_has_no_problems() => Fields(Input()).ShouldBeEmpty();

    [Fact]
    public void Application_beyond_five_occupations_needs_a_replaced_one()
    {
        var problems = Fields(Input(FilingType.SocialEvaluator, filed: 5));
        problems.Keys.ShouldBe(["replacing"]);
        problems["replacing"].ShouldContain("《忻州市职业技能等级评价机构管理办法》第二十六条");
        Fields(Input(FilingType.SocialEvaluator, filed: 5, replacing: "occ2")).ShouldBeEmpty();
        // below the limit, or not a 社会培训评价组织: no replacement asked for
        Fields(Input(FilingType.SocialEvaluator, filed: 4)).ShouldBeEmpty();
        Fields(Input(FilingType.Employer, filed: 7)).ShouldBeEmpty();
    }

    [Fact]
    public void The_replaced_occupation_must_be_filed_and_only_a_social_evaluator_swaps()
    {
        Fields(Input(FilingType.SocialEvaluator, filed: 5, replacing: "occ9"))["replacing"].ShouldContain("不在本机构备案范围内");
        Fields(Input(FilingType.School, filed: 3, replacing: "occ1"))["replacing"].ShouldContain("只适用于社会培训评价组织");
    }

    [Fact]
    public void Every_problem_is_said_at_once_on_its_own_field()
    {
        var problems = Fields(Input(occupation: Welder, levels: [], experts: -1, explanation: "  "));
        problems.Keys.ShouldBe(["levels", "experts", "explanation"], ignoreOrder: true);
        problems["experts"].ShouldContain("不能为负数");
    }

    [Fact]
    public void An_occupation_missing_from_the_catalogue_or_already_filed_is_refused()
    {
        Fields(new OccupationApplicationInput("X-99", null, [], null, 1, 1, 1, "说明", FilingType.Employer, new HashSet<string>()))["occupation"].ShouldContain("职业目录中没有职业代码“X-99”");
        Fields(new OccupationApplicationInput(Welder.Code, Welder, [Level.Level5], null, 1, 1, 1, "说明", FilingType.Employer, new HashSet<string> { Welder.Code }))["occupation"]
            .ShouldContain("已在本机构备案范围内");
        Fields(Input(code: "", occupation: null))["occupation"].ShouldContain("请选择");
    }

    [Fact]
    public void Levels_must_be_the_catalogues_and_a_special_ability_has_none()
    {
        Fields(Input(levels: [Level.Level1]))["levels"].ShouldContain("没有高级技师等级");
        Fields(Input(occupation: Special, levels: [])).ShouldBeEmpty();
        Fields(Input(occupation: Special, levels: [Level.Level5]))["levels"].ShouldContain("不设等级");
    }

    [Fact]
    public void An_explanation_longer_than_the_store_keeps_is_refused() =>
        Fields(Input(explanation: new string('说', OccupationApplicationRules.MaxExplanationLength + 1)))["explanation"].ShouldContain("不能超过 2000 个字");

    [Fact]
    public void Approval_adds_each_level_applied_for_and_removes_every_level_of_the_replaced_occupation()
    {
        IReadOnlyList<ScopeEntry> scope = [new("occ1", Level.Level5), new("occ1", Level.Level4), new("occ2", Level.Level5)];
        OccupationApplicationRules.ScopeAfterApproval(scope, "new", [Level.Level5, Level.Level4], "occ1")
            .ShouldBe([new("occ2", Level.Level5), new("new", Level.Level5), new("new", Level.Level4)], ignoreOrder: true);
        OccupationApplicationRules.ScopeAfterApproval(scope, "Z-01", [], null).ShouldContain(new ScopeEntry("Z-01", null));
        OccupationApplicationRules.ScopeAfterApproval(scope, "Z-01", [], null).Count.ShouldBe(4);
    }

    [Fact]
    public void Levels_are_stored_as_the_catalogue_writes_them_and_read_back()
    {
        OccupationApplicationRules.LevelCodes([Level.Level3, Level.Level5, Level.Level5]).ShouldBe("5,3");
        OccupationApplicationRules.ParseLevelCodes("5,3").ShouldBe([Level.Level5, Level.Level3]);
        OccupationApplicationRules.ParseLevelCodes("").ShouldBeEmpty();
    }
}
