using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Rubrics;

/// <summary>What an indicator contributes: base points, bonus points beyond the base, or a veto (否决项) with no points.</summary>
public enum IndicatorKind
{
    Scored,
    Bonus,
    Veto,
}

/// <summary>Where a node came from in its YAML file (1-based line and column), for messages.</summary>
public readonly record struct SourceMark(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>Counts and points a seed prints for a section or a whole rubric ("考务管理 (56项, 49.75分)"). Kept as printed.</summary>
public sealed record Declared
{
    public Declared(int? count, decimal? points)
    {
        if (count is < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "a declared count cannot be negative");
        if (points is < 0) throw new ArgumentOutOfRangeException(nameof(points), points, "declared points cannot be negative");
        Count = count;
        Points = points;
    }

    public static readonly Declared None = new(null, null);

    public int? Count { get; }
    public decimal? Points { get; }
}

/// <summary>Declared totals of a whole rubric: base points (e.g. 100), bonus points (e.g. 20), indicator count (e.g. 140).</summary>
public sealed record DeclaredTotals
{
    public DeclaredTotals(decimal? basePoints, decimal? bonusPoints, int? indicatorCount)
    {
        if (basePoints is < 0) throw new ArgumentOutOfRangeException(nameof(basePoints));
        if (bonusPoints is < 0) throw new ArgumentOutOfRangeException(nameof(bonusPoints));
        if (indicatorCount is < 0) throw new ArgumentOutOfRangeException(nameof(indicatorCount));
        BasePoints = basePoints;
        BonusPoints = bonusPoints;
        IndicatorCount = indicatorCount;
    }

    public decimal? BasePoints { get; }
    public decimal? BonusPoints { get; }
    public int? IndicatorCount { get; }
}

/// <summary>
/// When an indicator (or a whole section) applies. Conditions are ANDed; a null condition does not restrict.
/// Seed 002: the oral-defence (答辩) items only for bodies assessing 技师/高级技师; the computer-exam item only where
/// computer exams are used ("不使用的不计").
/// </summary>
public sealed record Applicability
{
    public static readonly Applicability Always = new(null, null);

    public Applicability(IReadOnlyCollection<Level>? levelsAny, bool? computerExams)
    {
        if (levelsAny is { Count: 0 }) throw new ArgumentException("levelsAny must name at least one level", nameof(levelsAny));
        LevelsAny = levelsAny?.Distinct().OrderByDescending(l => (int)l).ToArray();
        ComputerExams = computerExams;
    }

    /// <summary>Applies only if the body assessed at least one of these levels.</summary>
    public IReadOnlyList<Level>? LevelsAny { get; }

    /// <summary>Applies only if computer exams were (true) / were not (false) used.</summary>
    public bool? ComputerExams { get; }

    public bool IsAlways => LevelsAny is null && ComputerExams is null;

    public bool IsApplicable(ScoreContext context)
    {
        if (LevelsAny is { } levels)
        {
            var any = false;
            for (var i = 0; i < levels.Count; i++)
            {
                if (context.LevelsAssessed.Contains(levels[i])) { any = true; break; }
            }
            if (!any) return false;
        }
        if (ComputerExams is { } ce && ce != context.ComputerExamsUsed) return false;
        return true;
    }

    public Applicability And(Applicability other)
    {
        if (other.IsAlways) return this;
        if (IsAlways) return other;
        IReadOnlyCollection<Level>? levels = (LevelsAny, other.LevelsAny) switch
        {
            (null, var b) => b,
            (var a, null) => a,
            (var a, var b) => a!.Intersect(b!).ToArray() is { Length: > 0 } both ? both
                : throw new ArgumentException("level conditions of a section and its indicator exclude each other"),
        };
        if (ComputerExams is { } x && other.ComputerExams is { } y && x != y)
            throw new ArgumentException("computer-exam conditions of a section and its indicator exclude each other");
        return new Applicability(levels, ComputerExams ?? other.ComputerExams);
    }

    /// <summary>Human-readable condition, e.g. "仅评价技师、高级技师的机构".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (LevelsAny is { } levels) parts.Add("仅评价" + string.Join("、", levels.Select(l => l.ChineseName())) + "的机构");
        if (ComputerExams is { } ce) parts.Add(ce ? "仅使用机考的机构" : "仅不使用机考的机构");
        return parts.Count == 0 ? "总是适用" : string.Join("；", parts);
    }
}

/// <summary>One scored line of a rubric (评估内容 + 评分标准 + 标准分值 + rule).</summary>
public sealed class Indicator
{
    public Indicator(string code, string? content, string? method, string? standard, decimal maxPoints, IndicatorKind kind,
        Applicability applicability, ScoringRule rule, string? note = null, bool reconstructed = false, SourceMark? mark = null)
    {
        if (string.IsNullOrWhiteSpace(code)) throw new ArgumentException("an indicator needs a code", nameof(code));
        if (maxPoints < 0) throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, "max points cannot be negative");
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(applicability);
        if ((kind == IndicatorKind.Veto) != (rule is VetoRule))
            throw new ArgumentException(kind == IndicatorKind.Veto ? "a veto indicator needs a veto rule" : "a veto rule belongs only to a veto indicator");
        if (kind == IndicatorKind.Veto && maxPoints != 0) throw new ArgumentException("a veto indicator carries no points", nameof(maxPoints));
        Code = code;
        Content = content;
        Method = method;
        Standard = standard;
        MaxPoints = maxPoints;
        Kind = kind;
        Applicability = applicability;
        Rule = rule;
        Note = note;
        Reconstructed = reconstructed;
        Mark = mark;
    }

    /// <summary>Position code, e.g. "1.2.3".</summary>
    public string Code { get; }
    /// <summary>评估内容 (verbatim; null where the seed prints none).</summary>
    public string? Content { get; }
    /// <summary>评估办法 (verbatim; null where the seed has no such column).</summary>
    public string? Method { get; }
    /// <summary>评分标准 (verbatim).</summary>
    public string? Standard { get; }
    public decimal MaxPoints { get; }
    public IndicatorKind Kind { get; }
    /// <summary>Own condition combined with every enclosing section's.</summary>
    public Applicability Applicability { get; }
    public ScoringRule Rule { get; }
    public string? Note { get; }
    /// <summary>True where the row was reconstructed from a scrambled or incomplete print (see Note).</summary>
    public bool Reconstructed { get; }
    public SourceMark? Mark { get; }

    public override string ToString() => $"{Code} {Content}";
}

/// <summary>A node of the rubric tree: a part (评估类别/大部分) or an item (评估项目). Holds either sub-sections or indicators.</summary>
public sealed class RubricSection
{
    public RubricSection(string code, string name, Declared declared, IReadOnlyList<RubricSection> sections,
        IReadOnlyList<Indicator> indicators, Applicability applicability, string? note = null, bool reconstructed = false, SourceMark? mark = null)
    {
        if (string.IsNullOrWhiteSpace(code)) throw new ArgumentException("a section needs a code", nameof(code));
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a section needs a name", nameof(name));
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(applicability);
        if (sections.Count > 0 && indicators.Count > 0)
            throw new ArgumentException("a section holds either sub-sections or indicators, not both");
        Code = code;
        Name = name;
        Declared = declared;
        Sections = sections;
        Indicators = indicators;
        Applicability = applicability;
        Note = note;
        Reconstructed = reconstructed;
        Mark = mark;
    }

    public string Code { get; }
    public string Name { get; }
    public Declared Declared { get; }
    public IReadOnlyList<RubricSection> Sections { get; }
    public IReadOnlyList<Indicator> Indicators { get; }
    public Applicability Applicability { get; }
    public string? Note { get; }
    public bool Reconstructed { get; }
    public SourceMark? Mark { get; }

    /// <summary>Every indicator beneath this section, depth first, in printed order.</summary>
    public IEnumerable<Indicator> AllIndicators() =>
        Indicators.Count > 0 ? Indicators : Sections.SelectMany(s => s.AllIndicators());

    public IEnumerable<RubricSection> SelfAndDescendants() => Sections.SelectMany(s => s.SelfAndDescendants()).Prepend(this);

    /// <summary>The sum of the indicators' max points (veto indicators carry none).</summary>
    public decimal ComputedPoints => AllIndicators().Sum(i => i.MaxPoints);
    public int ComputedCount => AllIndicators().Count();

    /// <summary>scored, bonus or veto when all indicators agree, otherwise mixed (empty: none).</summary>
    public string KindName
    {
        get
        {
            var kinds = AllIndicators().Select(i => i.Kind).Distinct().ToArray();
            return kinds.Length switch { 0 => "none", 1 => RubricText.KindName(kinds[0]), _ => "mixed" };
        }
    }

    public override string ToString() => $"{Code} {Name}";
}

/// <summary>A rubric (评估表) with its tree, declared totals, outcome scheme and transcription notes.</summary>
public sealed class Rubric
{
    private readonly Dictionary<string, Indicator> _byCode;

    public Rubric(int formatVersion, string id, string title, string? issuer, string? documentNumber, int? year, string? source,
        DeclaredTotals declared, OutcomeScheme outcome, IReadOnlyList<RubricSection> sections, IReadOnlyList<string> notes,
        string? sourcePath = null)
    {
        if (formatVersion != RubricFormat.CurrentVersion) throw new ArgumentException($"unsupported formatVersion {formatVersion}", nameof(formatVersion));
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("a rubric needs an id", nameof(id));
        if (!RubricFormat.IsValidId(id)) throw new ArgumentException($"rubric id '{id}' must be lower-case letters, digits and dashes", nameof(id));
        if (string.IsNullOrWhiteSpace(title)) throw new ArgumentException("a rubric needs a title", nameof(title));
        if (year is < 1949 or > 2100) throw new ArgumentOutOfRangeException(nameof(year), year, null);
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(outcome);
        FormatVersion = formatVersion;
        Id = id;
        Title = title;
        Issuer = issuer;
        DocumentNumber = documentNumber;
        Year = year;
        Source = source;
        Declared = declared;
        Outcome = outcome;
        Sections = sections;
        Notes = notes;
        SourcePath = sourcePath;
        Indicators = sections.SelectMany(s => s.AllIndicators()).ToArray();
        _byCode = new Dictionary<string, Indicator>(StringComparer.Ordinal);
        foreach (var indicator in Indicators)
        {
            if (!_byCode.TryAdd(indicator.Code, indicator))
                throw new ArgumentException($"duplicate indicator code {indicator.Code}");
        }
        var spans = new List<SectionSpan>();
        var next = 0;
        foreach (var section in sections) next = AddSpans(section, next, spans);
        SectionSpans = spans;
        BaseMaxPoints = Indicators.Where(i => i.Kind == IndicatorKind.Scored).Sum(i => i.MaxPoints);
        BonusMaxPoints = Indicators.Where(i => i.Kind == IndicatorKind.Bonus).Sum(i => i.MaxPoints);
    }

    public int FormatVersion { get; }
    public string Id { get; }
    public string Title { get; }
    public string? Issuer { get; }
    public string? DocumentNumber { get; }
    public int? Year { get; }
    /// <summary>Where the rubric was transcribed from, e.g. "seed 002 附件3".</summary>
    public string? Source { get; }
    public DeclaredTotals Declared { get; }
    public OutcomeScheme Outcome { get; }
    public IReadOnlyList<RubricSection> Sections { get; }
    public IReadOnlyList<string> Notes { get; }
    /// <summary>The file it was loaded from, if any.</summary>
    public string? SourcePath { get; }

    /// <summary>All indicators in printed order.</summary>
    public IReadOnlyList<Indicator> Indicators { get; }

    /// <summary>Sum of the max points of the scored (base) indicators, as transcribed (not the declaration).</summary>
    public decimal BaseMaxPoints { get; }
    /// <summary>Sum of the max points of the bonus indicators, as transcribed.</summary>
    public decimal BonusMaxPoints { get; }

    public Indicator? FindIndicator(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>Every section, depth first, with the range of <see cref="Indicators"/> it covers (indicators are contiguous).</summary>
    internal IReadOnlyList<SectionSpan> SectionSpans { get; }

    private static int AddSpans(RubricSection section, int start, List<SectionSpan> spans)
    {
        var slot = spans.Count;
        spans.Add(default);
        var directEnd = start + section.Indicators.Count;
        var end = directEnd;
        var children = new List<int>();
        foreach (var sub in section.Sections)
        {
            children.Add(spans.Count);
            end = AddSpans(sub, end, spans);
        }
        spans[slot] = new SectionSpan(section, start, directEnd, [.. children], section.ComputedPoints);
        return end;
    }

    public IEnumerable<RubricSection> AllSections() => Sections.SelectMany(s => s.SelfAndDescendants());

    /// <summary>Consistency warnings (declared vs computed); computed on demand by <see cref="RubricValidator"/>.</summary>
    public IReadOnlyList<ValidationIssue> Warnings => _warnings ??= RubricValidator.Check(this);
    private IReadOnlyList<ValidationIssue>? _warnings;

    public override string ToString() => $"{Id} {Title}";
}

/// <summary>A section's direct indicators are Indicators[Start..DirectEnd); its sub-sections are SectionSpans[Children].</summary>
internal readonly record struct SectionSpan(RubricSection Section, int Start, int DirectEnd, int[] Children, decimal MaxPoints);

public static class RubricFormat
{
    /// <summary>The formatVersion this code reads and writes.</summary>
    public const int CurrentVersion = 1;

    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && id[0] != '-';
}

internal static class RubricText
{
    public static string KindName(IndicatorKind kind) => kind switch
    {
        IndicatorKind.Scored => "scored",
        IndicatorKind.Bonus => "bonus",
        IndicatorKind.Veto => "veto",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<decimal, string> PointsCache = new();

    /// <summary>Points as the seeds print them (1.5, 0.25, 2); cached, since scoring formats the same few values over and over.</summary>
    public static string Points(decimal d) =>
        PointsCache.Count < 4096 ? PointsCache.GetOrAdd(d, static x => Format(x)) : Format(d);

    private static string Format(decimal d) => d.ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture);
}
