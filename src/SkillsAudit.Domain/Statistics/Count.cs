using System.Globalization;

namespace SkillsAudit.Domain.Statistics;

/// <summary>
/// A count of persons or batches: a whole number that is never negative. <c>default(Count)</c> is zero.
/// Construct with <see cref="Of"/>, which refuses negative values.
/// </summary>
public readonly record struct Count : IComparable<Count>
{
    private Count(long value) => Value = value;

    public long Value { get; }

    public static Count Zero => default;

    /// <summary>A count; throws <see cref="ArgumentOutOfRangeException"/> for a negative value.</summary>
    public static Count Of(long value) => value < 0
        ? throw new ArgumentOutOfRangeException(nameof(value), value, $"人数/批次不能为负数：{value.ToString(CultureInfo.InvariantCulture)} (a count cannot be negative).")
        : new Count(value);

    public static bool TryOf(long value, out Count count)
    {
        count = value < 0 ? default : new Count(value);
        return value >= 0;
    }

    public static Count operator +(Count a, Count b) => new(checked(a.Value + b.Value));

    public static bool operator <(Count a, Count b) => a.Value < b.Value;
    public static bool operator >(Count a, Count b) => a.Value > b.Value;
    public static bool operator <=(Count a, Count b) => a.Value <= b.Value;
    public static bool operator >=(Count a, Count b) => a.Value >= b.Value;

    public static implicit operator long(Count count) => count.Value;

    public int CompareTo(Count other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

public static class CountExtensions
{
    /// <summary>The sum of counts (zero for none).</summary>
    public static Count Sum(this IEnumerable<Count> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = Count.Zero;
        foreach (var c in counts) total += c;
        return total;
    }

    /// <summary>The sum of the known counts; null when none is known.</summary>
    public static Count? SumKnown(this IEnumerable<Count?> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        Count? total = null;
        foreach (var c in counts)
        {
            if (c is { } v) total = (total ?? Count.Zero) + v;
        }
        return total;
    }
}
