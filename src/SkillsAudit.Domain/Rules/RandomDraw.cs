using System.Security.Cryptography;
using System.Text;
using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Rules;

public sealed record DrawBody(string Key, string Name, string? CountyCode);

/// <summary>
/// One person of the inspector roster. <paramref name="Organisation"/> is where they work; <paramref name="ConflictBodyKeys"/>
/// the bodies they must not inspect (their employer's filings and the filings they named). Both are absent in draws
/// stored before the roster existed, which keeps those draws verifiable.
/// </summary>
public sealed record DrawInspector(string Key, string Name, string? CountyCode, string? OwnBodyKey, string? Organisation = null, IReadOnlyList<string>? ConflictBodyKeys = null)
{
    /// <summary>回避 (seed 003 第二十九条): never one's own body or organisation, never a named conflict; with county 回避 never one's own county.</summary>
    public bool MayInspect(DrawBody body, bool excludeSameCounty) =>
        OwnBodyKey != body.Key
        && !(ConflictBodyKeys?.Contains(body.Key) ?? false)
        && !(Organisation is { Length: > 0 } o && string.Equals(o.Trim(), body.Name.Trim(), StringComparison.Ordinal))
        && !(excludeSameCounty && body.CountyCode is not null && CountyCode == body.CountyCode);
}

public sealed record DrawAssignment(DrawBody Body, IReadOnlyList<DrawInspector> Inspectors);

public sealed record DrawResult(string Seed, int Version, IReadOnlyList<DrawAssignment> Assignments);

/// <summary>
/// 双随机、一公开 (seed 003 第二十九条): random bodies, random inspectors, published results. The draw is a pure function
/// of a published seed value and the published pools, so anyone can re-run it (docs/random-inspection.md):
/// <list type="number">
/// <item>Sort each pool by key (ordinal), so the input order does not matter.</item>
/// <item>Random integers come from SHA-256 in counter mode: block i = SHA-256(UTF-8("{seed}|{stream}|{i}")); each block
/// gives four unsigned 64-bit little-endian numbers; a number below k is drawn by rejection sampling (discard values
/// ≥ the largest multiple of k), so there is no modulo bias.</item>
/// <item>Bodies: a Fisher–Yates shuffle of the sorted pool with stream "bodies"; the first N are drawn.</item>
/// <item>Inspectors: for each drawn body in draw order, the eligible inspectors (<see cref="DrawInspector.MayInspect"/>: not
/// from that body or organisation, no named conflict; not from its county when that is excluded) are shuffled with stream "inspectors/{body key}", and the first M are assigned.</item>
/// </list>
/// </summary>
public static class RandomDraw
{
    public const int AlgorithmVersion = 1;

    public static DrawResult Draw(string seed, IReadOnlyList<DrawBody> pool, int bodies, IReadOnlyList<DrawInspector> roster, int inspectorsPerBody, bool excludeSameCounty)
    {
        var errors = new List<DomainException>();
        if (string.IsNullOrWhiteSpace(seed)) errors.Add(new("seed", "须公布随机种子"));
        if (bodies < 1) errors.Add(new("bodies", "抽取机构数至少为 1"));
        if (bodies > pool.Count) errors.Add(new("bodies", $"抽取 {bodies} 个机构，但抽查范围内只有 {pool.Count} 个"));
        if (inspectorsPerBody < 1) errors.Add(new("inspectors", "每个机构至少派 1 名检查人员"));
        if (pool.Select(b => b.Key).Distinct().Count() != pool.Count) errors.Add(new("pool", "抽查范围内有重复的机构"));
        if (roster.Select(i => i.Key).Distinct().Count() != roster.Count) errors.Add(new("roster", "检查人员名录中有重复"));
        if (errors.Count > 0) throw new DomainValidationException(errors);

        var sortedPool = pool.OrderBy(b => b.Key, StringComparer.Ordinal).ToList();
        var drawn = Shuffle(sortedPool, seed, "bodies").Take(bodies).ToList();
        var sortedRoster = roster.OrderBy(i => i.Key, StringComparer.Ordinal).ToList();
        var assignments = new List<DrawAssignment>();
        foreach (var body in drawn)
            assignments.Add(Assign(seed, body, sortedRoster, inspectorsPerBody, excludeSameCounty));
        return new DrawResult(seed, AlgorithmVersion, assignments);
    }

    /// <summary>Inspectors for one drawn body: the eligible ones (回避) shuffled with stream "inspectors/{body key}", the first M.</summary>
    internal static DrawAssignment Assign(string seed, DrawBody body, IReadOnlyList<DrawInspector> sortedRoster, int inspectorsPerBody, bool excludeSameCounty)
    {
        var eligible = sortedRoster.Where(i => i.MayInspect(body, excludeSameCounty)).ToList();
        if (eligible.Count < inspectorsPerBody)
            throw new DomainException("inspectors", $"“{body.Name}”可派的检查人员只有 {eligible.Count} 名（已回避本单位、有利害关系{(excludeSameCounty ? "及同县区" : "")}的人员），少于每组 {inspectorsPerBody} 名");
        return new DrawAssignment(body, Shuffle(eligible, seed, "inspectors/" + body.Key).Take(inspectorsPerBody).ToList());
    }

    internal static List<T> Shuffle<T>(IReadOnlyList<T> items, string seed, string stream)
    {
        var list = items.ToList();
        var random = new Stream(seed, stream);
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = (int)random.Below((ulong)i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    private sealed class Stream(string seed, string name)
    {
        private readonly Queue<ulong> _buffer = new();
        private long _block;

        public ulong Below(ulong k)
        {
            var limit = ulong.MaxValue - ulong.MaxValue % k; // values ≥ limit would bias the modulo
            while (true)
            {
                var v = Next();
                if (v < limit) return v % k;
            }
        }

        private ulong Next()
        {
            if (_buffer.Count == 0)
            {
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}|{name}|{_block++}"));
                for (var i = 0; i < 4; i++) _buffer.Enqueue(BitConverter.ToUInt64(hash, i * 8) is var x && BitConverter.IsLittleEndian ? x : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(x));
            }
            return _buffer.Dequeue();
        }
    }
}
