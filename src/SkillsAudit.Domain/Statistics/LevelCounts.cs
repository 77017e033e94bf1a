using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.Statistics;

/// <summary>
/// Counts split by skill level (Level5 初级 … Level1 高级技师) for the levels that are known. A level that is not
/// known (seed 000's tables only have 初级/中级/高级 columns) is absent, which is not the same as zero.
/// </summary>
public sealed class LevelCounts : IEquatable<LevelCounts>
{
    private readonly SortedDictionary<Level, Count> _counts;

    private LevelCounts(SortedDictionary<Level, Count> counts) => _counts = counts;

    public static LevelCounts Empty { get; } = new(new SortedDictionary<Level, Count>(LevelOrder.Instance));

    public static LevelCounts Of(IEnumerable<KeyValuePair<Level, Count>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var d = new SortedDictionary<Level, Count>(LevelOrder.Instance);
        foreach (var (level, count) in counts)
        {
            if (!Enum.IsDefined(level)) throw new ArgumentOutOfRangeException(nameof(counts), level, "未知的技能等级 (unknown level).");
            if (!d.TryAdd(level, count)) throw new ArgumentException($"等级“{level.ShortName()}”重复 (level given twice).", nameof(counts));
        }
        return new LevelCounts(d);
    }

    /// <summary>From raw numbers; refuses negative values (see <see cref="Count.Of"/>).</summary>
    public static LevelCounts Of(IEnumerable<KeyValuePair<Level, long>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return Of(counts.Select(kv => KeyValuePair.Create(kv.Key, Count.Of(kv.Value))));
    }

    /// <summary>Convenience: only the non-null arguments become known levels.</summary>
    public static LevelCounts Of(long? level5 = null, long? level4 = null, long? level3 = null, long? level2 = null, long? level1 = null)
    {
        var list = new List<KeyValuePair<Level, long>>();
        if (level5 is { } l5) list.Add(KeyValuePair.Create(Level.Level5, l5));
        if (level4 is { } l4) list.Add(KeyValuePair.Create(Level.Level4, l4));
        if (level3 is { } l3) list.Add(KeyValuePair.Create(Level.Level3, l3));
        if (level2 is { } l2) list.Add(KeyValuePair.Create(Level.Level2, l2));
        if (level1 is { } l1) list.Add(KeyValuePair.Create(Level.Level1, l1));
        return Of(list);
    }

    /// <summary>The count at a level, or null when that level is not known.</summary>
    public Count? this[Level level] => _counts.TryGetValue(level, out var c) ? c : null;

    /// <summary>The known levels, 初级 first.</summary>
    public IReadOnlyCollection<Level> KnownLevels => _counts.Keys;

    public bool IsEmpty => _counts.Count == 0;

    /// <summary>The sum over the known levels.</summary>
    public Count Total => _counts.Values.Sum();

    public IEnumerable<KeyValuePair<Level, Count>> Entries => _counts;

    /// <summary>Level by level sum; a level is known in the result when it is known in either operand.</summary>
    public LevelCounts Add(LevelCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var d = new SortedDictionary<Level, Count>(_counts, LevelOrder.Instance);
        foreach (var (level, count) in other._counts)
        {
            d[level] = d.TryGetValue(level, out var c) ? c + count : count;
        }
        return new LevelCounts(d);
    }

    /// <summary>Equal when the same levels are known with the same counts.</summary>
    public bool Equals(LevelCounts? other) => other is not null && _counts.Count == other._counts.Count
        && _counts.All(kv => other._counts.TryGetValue(kv.Key, out var c) && c == kv.Value);

    public override bool Equals(object? obj) => Equals(obj as LevelCounts);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (level, count) in _counts) { hash.Add(level); hash.Add(count); }
        return hash.ToHashCode();
    }

    public override string ToString() => string.Join("、", _counts.Select(kv => $"{kv.Key.ShortName()} {kv.Value}"));

    /// <summary>Orders 初级 (Level5) first, as the tables print them.</summary>
    private sealed class LevelOrder : IComparer<Level>
    {
        public static readonly LevelOrder Instance = new();
        public int Compare(Level x, Level y) => ((int)y).CompareTo((int)x);
    }
}
