using Microsoft.EntityFrameworkCore;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Features.Statistics;

/// <summary>The registry's filings by number and by every name and alias of their legal entity (LegalEntity.IsKnownAs).</summary>
internal sealed class FilingIndex
{
    public sealed record Entry(int Id, string Name, string? Number, FilingType? Type, string RegionCode, PartialDate? FiledOn = null)
    {
        public string Describe() => $"{Name}（{(Number is null ? "备案号未注明" : "备案号 " + Number)}{(Type is { } t ? "，" + t.Chinese() : "")}，{Regions.FullName(RegionCode)}）";
    }

    private readonly Dictionary<string, int> _byNumber = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<Entry>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Entry> _byId = [];

    /// <summary>
    /// The filings of the other regions, when the index is one region's (null for every region): not importable here, only
    /// to say that a row's body is someone else's (“…属于阳泉市，不在您负责的地区（忻州市）”) rather than unknown.
    /// </summary>
    public FilingIndex? Outside { get; private set; }

    /// <summary>The importing officer's region, as messages name it (忻州市).</summary>
    public string? RegionName { get; private set; }

    /// <param name="regionPrefix">The importing officer's region (AccessGuard.StaffPrefixAsync): "" for every region.</param>
    /// <param name="regionName">That region's name, for messages about rows of another region.</param>
    public static async Task<FilingIndex> LoadAsync(AppDb db, string regionPrefix, CancellationToken ct, string? regionName = null)
    {
        var filings = await db.Filings.AsNoTracking()
            .Select(f => new { f.Id, f.Number, f.LegalEntityId, f.LegalEntity.Name, f.Type, f.RegionCode, f.FiledOn }).ToListAsync(ct);
        var aliases = await db.EntityAliases.AsNoTracking().Select(a => new { a.LegalEntityId, a.Name }).ToListAsync(ct);
        FilingIndex Build(bool inside)
        {
            var index = new FilingIndex();
            var byEntity = new Dictionary<int, List<Entry>>();
            foreach (var f in filings.Where(f => f.RegionCode.StartsWith(regionPrefix, StringComparison.Ordinal) == inside))
            {
                var e = new Entry(f.Id, f.Name, f.Number?.Value, f.Type, f.RegionCode, f.FiledOn);
                index._byId[f.Id] = e;
                if (e.Number is not null) index._byNumber[e.Number] = f.Id;
                (byEntity.TryGetValue(f.LegalEntityId, out var l) ? l : byEntity[f.LegalEntityId] = []).Add(e);
                index.AddName(f.Name, e);
            }
            foreach (var a in aliases)
            {
                if (!byEntity.TryGetValue(a.LegalEntityId, out var list)) continue;
                foreach (var e in list) index.AddName(a.Name, e);
            }
            return index;
        }
        var own = Build(inside: true);
        own.RegionName = regionName;
        if (regionPrefix.Length > 0) own.Outside = Build(inside: false);
        return own;
    }

    /// <summary>
    /// Why a row naming this filing of another region is refused: “阳泉职业技术学院属于阳泉市，不在您负责的地区（忻州市）”.
    /// The filing's region is named without the province (阳泉市, 阳泉市盂县).
    /// </summary>
    public string NotOurs(Entry other)
    {
        var path = Regions.Path(other.RegionCode);
        var where = path.Count > 1 ? string.Concat(path.Skip(1).Select(r => r.Name)) : path.Count == 1 ? path[0].Name : "其他地区";
        return $"{other.Name}属于{where}，不在您负责的地区（{RegionName ?? "本地区"}）";
    }

    private void AddName(string name, Entry e)
    {
        var key = LegalEntity.NormaliseName(name);
        var list = _byName.TryGetValue(key, out var l) ? l : _byName[key] = [];
        if (!list.Contains(e)) list.Add(e);
    }

    public Entry? ById(int id) => _byId.GetValueOrDefault(id);

    public int? ByNumber(string number) => _byNumber.TryGetValue(number.Trim(), out var id) ? id : null;

    public IReadOnlyList<Entry> ByName(string name) =>
        _byName.TryGetValue(LegalEntity.NormaliseName(name), out var l) ? l : [];

    /// <summary>Names sharing the most two-character pieces with the given one (how OCR and retyping differ), best first.</summary>
    public IReadOnlyList<Entry> Similar(string name, int max)
    {
        var key = LegalEntity.NormaliseName(name);
        if (_cache.TryGetValue(key, out var cached)) return cached;
        var grams = Bigrams(key);
        var result = _byName
            .Select(kv => (kv.Value, Score: Bigrams(kv.Key).Count(grams.Contains) / (double)Math.Max(1, Math.Max(grams.Count, kv.Key.Length - 1))))
            .Where(x => x.Score >= 0.4)
            .OrderByDescending(x => x.Score)
            .SelectMany(x => x.Value)
            .Distinct()
            .Take(max)
            .ToList();
        if (_cache.Count < 1000) _cache[key] = result;
        return result;
    }

    private static HashSet<string> Bigrams(string s)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < s.Length; i++) set.Add(s.Substring(i, 2));
        return set;
    }
}
