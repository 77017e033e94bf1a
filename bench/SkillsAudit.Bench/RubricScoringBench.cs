using BenchmarkDotNet.Attributes;
using SkillsAudit.Domain.Registry;
using SkillsAudit.Domain.Rubrics;

namespace SkillsAudit.Bench;

/// <summary>Scores 30,000 filled Xinzhou answer sheets (every indicator answered, varied deductions). Target: under 1 s on one core.</summary>
[MemoryDiagnoser]
public class RubricScoringBench
{
    public const int Sheets = 30_000;

    private Rubric _rubric = null!;
    private AnswerSheet[] _sheets = null!;

    public Rubric Rubric => _rubric;
    public IReadOnlyList<AnswerSheet> AnswerSheets => _sheets;

    [GlobalSetup]
    public void Setup()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SkillsAudit.slnx"))) dir = dir.Parent;
        var root = dir?.FullName ?? throw new InvalidOperationException("SkillsAudit.slnx not found");
        _rubric = RubricLoader.LoadFile(Path.Combine(root, "rubrics", "xinzhou-2023.yaml"));
        var random = new Random(2023);
        _sheets = new AnswerSheet[Sheets];
        for (var n = 0; n < Sheets; n++)
        {
            var context = new ScoreContext(random.Next(3) == 0 ? [Level.Level2, Level.Level3] : [Level.Level4], random.Next(2) == 0);
            var answers = new Dictionary<string, IndicatorAnswer>(_rubric.Indicators.Count, StringComparer.Ordinal);
            foreach (var indicator in _rubric.Indicators)
            {
                if (!indicator.Applicability.IsApplicable(context)) continue;
                answers[indicator.Code] = Fill(indicator.Rule, indicator.MaxPoints, random);
            }
            _sheets[n] = new AnswerSheet(_rubric.Id, context, answers);
        }
    }

    private static IndicatorAnswer Fill(ScoringRule rule, decimal max, Random random) => rule switch
    {
        AllOrNothingRule => new MetAnswer(random.Next(5) > 0),
        DeductionRule { Deficiencies.Count: 1 } => DeficiencyAnswer.Of(random.Next(4) == 0 ? random.Next(1, 6) : 0),
        DeductionRule d => DeficiencyAnswer.ByKey(d.Deficiencies.ToDictionary(x => x.Key, _ => random.Next(2))),
        TierRule t => new TierAnswer(t.Tiers[random.Next(t.Tiers.Count)].Key),
        CompositeRule c => new CompositeAnswer(c.Parts.ToDictionary(p => p.Key, p => Fill(p.Rule, p.Rule.MaxPoints, random))),
        VetoRule => new VetoAnswer(random.Next(100) == 0),
        _ => new PointsAnswer(max * random.Next(5) / 4),
    };

    [Benchmark(Description = "Score 30,000 Xinzhou sheets (totals, no explanation)")]
    public decimal TotalsAll()
    {
        decimal sum = 0;
        foreach (var sheet in _sheets)
        {
            if (RubricScorer.TryTotal(_rubric, sheet, UnansweredDefault.Full, out var t)) sum += t.Total;
        }
        return sum;
    }

    [Benchmark(Baseline = true, Description = "Hand-written loop over the same answers")]
    public decimal HandAll()
    {
        decimal sum = 0;
        foreach (var sheet in _sheets) sum += HandLoop.Total(_rubric, sheet);
        return sum;
    }

    [Benchmark(Description = "Score 30,000 Xinzhou sheets with explanations")]
    public decimal ScoreAll()
    {
        decimal sum = 0;
        foreach (var sheet in _sheets)
        {
            sum += RubricScorer.Score(_rubric, sheet, UnansweredDefault.Full).GetResultOrThrow().Total;
        }
        return sum;
    }
}
