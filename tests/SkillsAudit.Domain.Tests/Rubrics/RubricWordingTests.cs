using System.Globalization;
using Shouldly;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Domain.Tests.Rubrics.TestRubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

/// <summary>
/// A built-in rubric's source, notes and per-section/indicator notes are shown to officers and experts (rubric page,
/// API, scoring sheets): they must be Chinese, cite documents by title and clause, and never use internal wording.
/// </summary>
public class RubricWordingTests
{
    public static TheoryData<string> BuiltInRubricIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
            data.Add(id!);
        return data;
    }

    [Theory]
    [MemberData(nameof(BuiltInRubricIds))]
    public void Every_text_shown_to_users_is_Chinese_without_internal_wording(string id)
    {
        var rubric = RubricLoader.LoadFile(PathOf(id));
        var texts = new List<(string Where, string Text)>();
        rubric.Source.ShouldNotBeNullOrWhiteSpace();
        texts.Add(("source", rubric.Source!));
        texts.AddRange(rubric.Notes.Select((n, i) => ($"notes[{i}]", n)));
        foreach (var s in rubric.Sections.SelectMany(s => s.SelfAndDescendants()))
        {
            if (s.Note is not null) texts.Add(($"section {s.Code}", s.Note));
            foreach (var ind in s.Indicators.Where(i => i.Note is not null)) texts.Add(($"indicator {ind.Code}", ind.Note!));
        }
        foreach (var ind in rubric.Indicators.Where(i => i.Note is not null)) texts.Add(($"indicator {ind.Code}", ind.Note!));

        var problems = texts.Select(t => (t.Where, Problem: WordingProblem(t.Text))).Where(p => p.Problem is not null)
            .Select(p => $"{id} {p.Where}: {p.Problem}").Distinct().ToList();
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void The_built_in_rubrics_carry_notes_to_check()
    {
        Xinzhou.Notes.Count.ShouldBeGreaterThan(0);
        Xinzhou.Indicators.Count(i => i.Note is not null).ShouldBeGreaterThan(10);
        Yangquan.Indicators.Count(i => i.Note is not null).ShouldBeGreaterThan(3);
        Huainan.Notes.Count.ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("seed 002 附件3", "seed")]
    [InlineData("据《忻州市…工作方案》附件3（SEED 002）整理", "seed")]
    [InlineData("格式见 docs/rubric-format.md 说明", "docs/")]
    [InlineData("Only the star bands are published: 五星级, 四星级, 三星级.", "Latin")]
    [InlineData("Not applicable (excluded, not 0) where computer exams are not used.", "CJK")]
    public void Old_style_developer_wording_is_refused(string text, string expected)
    {
        WordingProblem(text).ShouldNotBeNull().ShouldContain(expected);
    }

    [Theory]
    [InlineData("《忻州市2023年职业技能等级评价机构年度绩效考核工作方案》（忻人社函〔2023〕118号）附件3")]
    [InlineData("备注4：A（90分及以上）、B（70-89分）、C（60-69分）、D（60分以下）。")]
    public void Chinese_wording_with_codes_and_grade_letters_is_accepted(string text)
    {
        WordingProblem(text).ShouldBeNull();
    }

    /// <summary>Null when the text is fit to show; otherwise what is wrong with it.</summary>
    private static string? WordingProblem(string text)
    {
        if (text.Contains("seed", StringComparison.OrdinalIgnoreCase)) return "contains \"seed\"";
        if (text.Contains("docs/", StringComparison.OrdinalIgnoreCase)) return "contains \"docs/\"";
        if (!text.Any(IsCjk)) return "no CJK character";
        var visible = text.Count(c => !char.IsWhiteSpace(c));
        var latin = text.Count(char.IsAsciiLetter);
        if (latin * 5 > visible)
            return string.Create(CultureInfo.InvariantCulture, $"Latin letters are {latin} of {visible} non-space characters: {text}");
        return null;
    }

    private static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';
}
