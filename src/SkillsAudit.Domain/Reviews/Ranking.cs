namespace SkillsAudit.Domain.Reviews;

/// <summary>
/// Ranks in a results table: equal scores share a rank and the next score's rank counts everyone above it
/// ("1, 2, 2, 4"), so that two bodies on the same total are shown as tied (并列), never one above the other by name.
/// </summary>
public static class Ranking
{
    /// <summary>The rank of each key, for keys already in order from best to worst.</summary>
    public static IReadOnlyList<int> Competition<T>(IReadOnlyList<T> orderedKeys) where T : IEquatable<T>
    {
        var ranks = new int[orderedKeys.Count];
        for (var i = 0; i < orderedKeys.Count; i++)
            ranks[i] = i > 0 && orderedKeys[i].Equals(orderedKeys[i - 1]) ? ranks[i - 1] : i + 1;
        return ranks;
    }
}
