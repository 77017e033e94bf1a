using Shouldly;
using SkillsAudit.Domain.Rubrics;
using Xunit;
using static SkillsAudit.Domain.Tests.Rubrics.TestRubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

public class ValidationTests
{
    private static ValidationIssue SingleError(string yaml, out string path)
    {
        var file = TempYaml(yaml);
        path = file;
        try
        {
            var report = RubricValidator.ValidateFile(file);
            report.IsValid.ShouldBeFalse();
            var e = report.Errors.ShouldHaveSingleItem();
            e.File.ShouldBe(file);
            e.Line.ShouldNotBeNull();
            Should.Throw<RubricLoadException>(() => RubricLoader.LoadFile(file)).Message.ShouldContain(file);
            return e;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static int LineOf(string yaml, string text) =>
        yaml.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(text)).i + 1;

    [Fact]
    public void The_minimal_rubric_is_valid_without_warnings()
    {
        var report = RubricValidator.ValidateText(Minimal, "mini.yaml");
        report.IsValid.ShouldBeTrue();
        report.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Malformed_yaml_is_refused_with_path_and_line()
    {
        var yaml = Minimal.Replace("title: 测试评估表", "title: [测试评估表");
        var e = SingleError(yaml, out _);
        e.Code.ShouldBe("yaml");
        e.Line!.Value.ShouldBeGreaterThanOrEqualTo(LineOf(yaml, "title:"));
    }

    [Fact]
    public void Unknown_rule_kind_is_refused_with_path_and_line()
    {
        var yaml = Minimal.Replace("rule: { kind: deduction, per: 0.5 }", "rule: { kind: bonusPerItem, per: 0.5 }");
        var e = SingleError(yaml, out var path);
        e.Code.ShouldBe("unknown-rule-kind");
        e.Line.ShouldBe(LineOf(yaml, "bonusPerItem"));
        e.Message.ShouldContain("bonusPerItem");
        e.ToString().ShouldStartWith($"{path}:{e.Line}:");
    }

    [Fact]
    public void Negative_max_is_refused_with_path_and_line()
    {
        var yaml = Minimal.Replace("max: 2", "max: -2");
        var e = SingleError(yaml, out _);
        e.Code.ShouldBe("negative");
        e.Line.ShouldBe(LineOf(yaml, "max: -2"));
    }

    [Fact]
    public void Unknown_keys_are_refused()
    {
        var yaml = Minimal.Replace("content: 甲", "content: 甲\n        maxx: 3");
        SingleError(yaml, out _).Message.ShouldContain("maxx");
    }

    [Fact]
    public void Duplicate_codes_are_refused()
    {
        var yaml = Minimal.Replace("content: 乙", "code: '1.1'\n        content: 乙");
        var e = SingleError(yaml, out _);
        e.Code.ShouldBe("duplicate-code");
    }

    [Fact]
    public void Overlapping_bands_are_refused_with_line()
    {
        var yaml = Minimal.Replace("{ label: 不合格, below: 60 }", "{ label: 不合格, below: 61 }");
        var e = SingleError(yaml, out _);
        e.Code.ShouldBe("bands");
        e.Message.ShouldContain("overlap");
    }

    [Fact]
    public void Bands_leaving_a_gap_are_refused()
    {
        var yaml = Minimal.Replace("{ label: 不合格, below: 60 }", "{ label: 不合格, below: 50 }");
        SingleError(yaml, out _).Message.ShouldContain("gap");
    }

    [Fact]
    public void A_missing_format_version_is_refused()
    {
        var yaml = Minimal.Replace("formatVersion: 1\n", "");
        SingleError(yaml, out _).Message.ShouldContain("formatVersion");
    }

    [Fact]
    public void Several_errors_are_all_reported()
    {
        var yaml = Minimal.Replace("max: 2", "max: -2")
            .Replace("丙\n        max: 1\n        rule: { kind: allOrNothing }", "丙\n        max: 1\n        rule: { kind: nope }");
        var report = RubricValidator.ValidateText(yaml, "x.yaml");
        report.Errors.Select(e => e.Code).ShouldBe(["negative", "unknown-rule-kind"], ignoreOrder: true);
        report.Errors.ShouldAllBe(e => e.File == "x.yaml" && e.Line != null);
    }

    [Fact]
    public void Section_counts_and_points_that_disagree_are_warnings_with_declared_and_computed()
    {
        var yaml = Minimal.Replace("declared: { count: 2, points: 3 }", "declared: { count: 3, points: 3.5 }");
        var report = RubricValidator.ValidateText(yaml, "x.yaml");
        report.IsValid.ShouldBeTrue();
        var count = report.Warnings.Single(w => w.Code == "section-count");
        (count.Declared, count.Computed).ShouldBe((3m, 2m));
        count.Location.ShouldBe("1 基本");
        count.Line.ShouldBe(LineOf(yaml, "- name: 基本"));
        var points = report.Warnings.Single(w => w.Code == "section-points");
        (points.Declared, points.Computed).ShouldBe((3.5m, 3m));
    }

    [Fact]
    public void Declared_totals_that_disagree_are_warnings()
    {
        var yaml = Minimal.Replace("declared: { basePoints: 3, bonusPoints: 1, indicatorCount: 3 }", "declared: { basePoints: 100, bonusPoints: 20, indicatorCount: 140 }");
        var report = RubricValidator.ValidateText(yaml, "x.yaml");
        report.Warnings.Select(w => w.Code).ShouldBe(["total-base", "total-base-declared-sum", "total-bonus", "total-count"], ignoreOrder: true);
        report.Warnings.Single(w => w.Code == "total-count").Computed.ShouldBe(3m);
    }

    [Fact]
    public void An_indicator_max_that_differs_from_its_rule_max_is_a_warning()
    {
        var yaml = Minimal.Replace("rule: { kind: deduction, per: 0.5 }", "rule: { kind: deduction, full: 1.5, per: 0.5 }");
        var w = RubricValidator.ValidateText(yaml, "x.yaml").Warnings.ShouldHaveSingleItem();
        w.Code.ShouldBe("rule-max");
        (w.Declared, w.Computed).ShouldBe((2m, 1.5m));
    }

    [Fact]
    public void Seed_files_validate_with_warnings_only()
    {
        foreach (var id in new[] { "xinzhou-2023", "yangquan-2023", "huainan-2021" })
        {
            var report = RubricValidator.ValidateFile(PathOf(id));
            report.IsValid.ShouldBeTrue(id);
            report.Warnings.ShouldAllBe(w => w.Severity == IssueSeverity.Warning && w.File == PathOf(id));
        }
    }
}
