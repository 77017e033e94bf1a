using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Domain.Tests.Rubrics;

/// <summary>Finds the repository's rubrics/ folder and loads each seed rubric once.</summary>
internal static class TestRubrics
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SkillsAudit.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SkillsAudit.slnx not found above " + AppContext.BaseDirectory);
    });

    public static string RepositoryRoot => Root.Value;
    public static string Folder => Path.Combine(Root.Value, "rubrics");
    public static string PathOf(string id) => Path.Combine(Folder, id + ".yaml");

    private static readonly Lazy<Rubric> LazyXinzhou = new(() => RubricLoader.LoadFile(PathOf("xinzhou-2023")));
    private static readonly Lazy<Rubric> LazyYangquan = new(() => RubricLoader.LoadFile(PathOf("yangquan-2023")));
    private static readonly Lazy<Rubric> LazyHuainan = new(() => RubricLoader.LoadFile(PathOf("huainan-2021")));

    public static Rubric Xinzhou => LazyXinzhou.Value;
    public static Rubric Yangquan => LazyYangquan.Value;
    public static Rubric Huainan => LazyHuainan.Value;

    public static readonly ScoreContext AllLevelsWithComputer = new(Levels.All, computerExamsUsed: true);
    public static readonly ScoreContext MiddleLevelsNoComputer = new([Level.Level4, Level.Level3], computerExamsUsed: false);

    public static AnswerSheet Sheet(Rubric rubric, ScoreContext context, params (string Code, IndicatorAnswer Answer)[] answers) =>
        new(rubric.Id, context, answers.ToDictionary(a => a.Code, a => a.Answer));

    public static ScoreResult Score(Rubric rubric, ScoreContext context, UnansweredDefault d, params (string Code, IndicatorAnswer Answer)[] answers) =>
        RubricScorer.Score(rubric, Sheet(rubric, context, answers), d).GetResultOrThrow();

    public static IndicatorScore For(this ScoreResult result, string code) => result.Indicators.Single(i => i.Code == code);

    /// <summary>Writes YAML to a temp file and returns its path.</summary>
    public static string TempYaml(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), "rubric-test-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>A small valid rubric; tests replace pieces of it to break it.</summary>
    public const string Minimal = """
        formatVersion: 1
        id: mini
        title: 测试评估表
        declared: { basePoints: 3, bonusPoints: 1, indicatorCount: 3 }
        outcome:
          kind: passFail
          veto: 不合格
          bands:
            - { label: 合格, min: 60 }
            - { label: 不合格, below: 60 }
        sections:
          - name: 基本
            declared: { count: 2, points: 3 }
            indicators:
              - content: 甲
                max: 1
                rule: { kind: allOrNothing }
              - content: 乙
                max: 2
                rule: { kind: deduction, per: 0.5 }
          - name: 加分
            kind: bonus
            indicators:
              - content: 丙
                max: 1
                rule: { kind: allOrNothing }
        """;
}
