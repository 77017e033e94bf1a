namespace SkillsAudit.Domain.Rubrics;

/// <summary>How a left indicator was paired with a right one.</summary>
public enum DiffMatch
{
    /// <summary>Same code, and the content still reads alike.</summary>
    Code,
    /// <summary>Codes shifted (a row was inserted or removed above); paired by the similarity of content and standard.</summary>
    Content,
}

/// <summary>One field that differs between the two versions of an indicator.</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>An indicator present in both versions, with the fields that changed (none: unchanged).</summary>
public sealed record IndicatorPair(Indicator Left, Indicator Right, DiffMatch MatchedBy, double Similarity, IReadOnlyList<FieldChange> Changes)
{
    public bool CodeChanged => Left.Code != Right.Code;
    public bool IsChanged => Changes.Count > 0 || CodeChanged;
}

/// <summary>The differences between two rubrics (usually two versions of one).</summary>
public sealed record RubricDiffResult(
    Rubric Left,
    Rubric Right,
    IReadOnlyList<Indicator> Added,
    IReadOnlyList<Indicator> Removed,
    IReadOnlyList<IndicatorPair> Pairs)
{
    public IEnumerable<IndicatorPair> Changed => Pairs.Where(p => p.IsChanged);
    public int UnchangedCount => Pairs.Count(p => !p.IsChanged);
    public bool Identical => Added.Count == 0 && Removed.Count == 0 && Pairs.All(p => !p.IsChanged);
}

/// <summary>
/// Compares the indicators of two rubrics. Pairs by code first, as long as the content still reads alike; where a
/// row was inserted or removed and the codes behind it shifted, the rest are paired by the similarity of their
/// content and standard (character bigrams, Dice coefficient), best pairs first. What remains is added or removed.
/// </summary>
public static class RubricDiff
{
    /// <summary>Same code: pair when the texts are at least this alike (a reworded row stays the same row).</summary>
    public const double SameCodeThreshold = 0.5;
    /// <summary>Different codes: pair only when the texts are at least this alike.</summary>
    public const double ShiftedThreshold = 0.6;

    public static RubricDiffResult Compare(Rubric left, Rubric right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var pairs = new List<IndicatorPair>();
        var leftOpen = new List<Indicator>();
        var rightOpen = right.Indicators.ToList();

        foreach (var l in left.Indicators)
        {
            var r = right.FindIndicator(l.Code);
            if (r is not null)
            {
                var sim = Similarity(l, r);
                if (sim >= SameCodeThreshold)
                {
                    pairs.Add(Pair(l, r, DiffMatch.Code, sim));
                    rightOpen.Remove(r);
                    continue;
                }
            }
            leftOpen.Add(l);
        }

        // Codes shifted: best remaining pairs by similarity.
        var candidates = new List<(Indicator L, Indicator R, double Sim)>();
        foreach (var l in leftOpen)
        {
            foreach (var r in rightOpen)
            {
                var sim = Similarity(l, r);
                if (sim >= ShiftedThreshold) candidates.Add((l, r, sim));
            }
        }
        var takenL = new HashSet<Indicator>(ReferenceEqualityComparer.Instance);
        var takenR = new HashSet<Indicator>(ReferenceEqualityComparer.Instance);
        foreach (var (l, r, sim) in candidates.OrderByDescending(c => c.Sim).ThenBy(c => Math.Abs(IndexOf(left, c.L) - IndexOf(right, c.R))))
        {
            if (takenL.Contains(l) || takenR.Contains(r)) continue;
            takenL.Add(l);
            takenR.Add(r);
            pairs.Add(Pair(l, r, DiffMatch.Content, sim));
        }

        var removed = leftOpen.Where(l => !takenL.Contains(l)).ToArray();
        var added = rightOpen.Where(r => !takenR.Contains(r)).ToArray();
        var ordered = pairs.OrderBy(p => IndexOf(right, p.Right)).ToArray();
        return new RubricDiffResult(left, right, added, removed, ordered);
    }

    private static int IndexOf(Rubric rubric, Indicator indicator)
    {
        for (var i = 0; i < rubric.Indicators.Count; i++)
        {
            if (ReferenceEquals(rubric.Indicators[i], indicator)) return i;
        }
        return -1;
    }

    private static IndicatorPair Pair(Indicator l, Indicator r, DiffMatch by, double sim)
    {
        var changes = new List<FieldChange>();
        void Field(string name, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal)) changes.Add(new FieldChange(name, a, b));
        }
        Field("content", l.Content, r.Content);
        Field("method", l.Method, r.Method);
        Field("standard", l.Standard, r.Standard);
        Field("max", RubricText.Points(l.MaxPoints), RubricText.Points(r.MaxPoints));
        Field("kind", RubricText.KindName(l.Kind), RubricText.KindName(r.Kind));
        Field("rule", RuleText(l.Rule), RuleText(r.Rule));
        Field("applicability", l.Applicability.Describe(), r.Applicability.Describe());
        return new IndicatorPair(l, r, by, Math.Round(sim, 3), changes);
    }

    /// <summary>A rule as compact JSON (its view), so any change of kind, points or deficiencies shows.</summary>
    public static string RuleText(ScoringRule rule) =>
        System.Text.Json.JsonSerializer.Serialize(rule.ToView(), CompactOptions);

    private static readonly System.Text.Json.JsonSerializerOptions CompactOptions = new(RubricJson.Options) { WriteIndented = false };

    /// <summary>Dice coefficient of the character bigrams of content + standard, whitespace and punctuation ignored; 0..1.</summary>
    public static double Similarity(Indicator a, Indicator b) => Similarity(Text(a), Text(b));

    private static string Text(Indicator i) => (i.Content ?? "") + "|" + (i.Standard ?? "");

    public static double Similarity(string a, string b)
    {
        var x = Bigrams(a);
        var y = Bigrams(b);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var g in x) counts[g] = counts.GetValueOrDefault(g) + 1;
        var common = 0;
        foreach (var g in y)
        {
            if (counts.TryGetValue(g, out var n) && n > 0)
            {
                counts[g] = n - 1;
                common++;
            }
        }
        return 2.0 * common / (x.Count + y.Count);
    }

    private static List<string> Bigrams(string text)
    {
        // Start and end marks, so that one-character texts (甲, 乙) still have bigrams to compare.
        var chars = text.Where(c => char.IsLetterOrDigit(c)).Prepend('\u0002').Append('\u0003').ToArray();
        var grams = new List<string>(Math.Max(0, chars.Length - 1));
        for (var i = 0; i + 1 < chars.Length; i++) grams.Add(new string(chars, i, 2));
        return grams;
    }
}

public sealed record RubricDiffView(
    string Left,
    string Right,
    DiffSummaryView Summary,
    IReadOnlyList<DiffIndicatorView> Added,
    IReadOnlyList<DiffIndicatorView> Removed,
    IReadOnlyList<DiffChangeView> Changed);

public sealed record DiffSummaryView(int Added, int Removed, int Changed, int Unchanged, int MatchedByCode, int MatchedByContent);

public sealed record DiffIndicatorView(string Code, string? Content, string? Standard, decimal MaxPoints, string Kind);

public sealed record DiffChangeView(string LeftCode, string RightCode, string MatchedBy, double Similarity, bool CodeChanged, IReadOnlyList<FieldChange> Fields);

public static class RubricDiffProjection
{
    /// <param name="leftLabel">How the caller names the left rubric, e.g. "xinzhou-2023@1".</param>
    public static RubricDiffView ToView(this RubricDiffResult d, string leftLabel, string rightLabel)
    {
        static DiffIndicatorView Brief(Indicator i) => new(i.Code, i.Content, i.Standard, RubricJson.Norm(i.MaxPoints), RubricText.KindName(i.Kind));
        var changed = d.Changed.ToArray();
        return new RubricDiffView(
            leftLabel, rightLabel,
            new DiffSummaryView(d.Added.Count, d.Removed.Count, changed.Length, d.UnchangedCount,
                d.Pairs.Count(p => p.MatchedBy == DiffMatch.Code), d.Pairs.Count(p => p.MatchedBy == DiffMatch.Content)),
            d.Added.Select(Brief).ToArray(),
            d.Removed.Select(Brief).ToArray(),
            changed.Select(p => new DiffChangeView(p.Left.Code, p.Right.Code, p.MatchedBy == DiffMatch.Code ? "code" : "content",
                p.Similarity, p.CodeChanged, p.Changes)).ToArray());
    }
}
