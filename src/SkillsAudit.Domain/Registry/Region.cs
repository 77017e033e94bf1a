using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Registry;

public enum RegionLevel
{
    Province = 1,
    City = 2,
    County = 3,
}

/// <summary>An administrative division by its GB/T 2260 six-digit code: province → city → county.</summary>
public sealed class Region
{
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public RegionLevel Level { get; private set; }
    public string? ParentCode { get; private set; }

    private Region() { }

    public Region(string code, string name, RegionLevel level, string? parentCode)
    {
        if (code.Length != 6 || !code.All(char.IsAsciiDigit)) throw new DomainException("code", $"行政区划代码应为6位数字：“{code}”");
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("name", "行政区划名称不能为空");
        var expectedLevel = code.EndsWith("0000", StringComparison.Ordinal) ? RegionLevel.Province
            : code.EndsWith("00", StringComparison.Ordinal) ? RegionLevel.City : RegionLevel.County;
        if (expectedLevel != level) throw new DomainException("level", $"代码 {code} 对应的层级应为 {expectedLevel}");
        if (level != RegionLevel.Province && parentCode is null) throw new DomainException("parent", $"{name} 缺少上级行政区划");
        Code = code;
        Name = name.Trim();
        Level = level;
        ParentCode = parentCode;
    }

    /// <summary>
    /// The code prefix shared by this region and everything under it: "14" for 山西省, "1409" for 忻州市,
    /// the whole code for a county. Lets a query ask for a region and its descendants with one StartsWith.
    /// </summary>
    public string DescendantPrefix => Level switch
    {
        RegionLevel.Province => Code[..2],
        RegionLevel.City => Code[..4],
        _ => Code,
    };

    /// <summary>
    /// The one rule of who supervises what: a region covers itself and everything under it (山西省 covers 忻州市 and
    /// 原平市; 忻州市 covers 原平市 but not 阳泉市 nor 山西省).
    /// </summary>
    public bool Covers(Region other) => other.Code.StartsWith(DescendantPrefix, StringComparison.Ordinal);
}

/// <summary>The GB/T 2260 codes this system ships: every province, and the cities and counties the seeds name.</summary>
public static class Regions
{
    private static readonly Lazy<IReadOnlyList<Region>> Catalogue = new(Load);
    private static readonly Lazy<Lookup> Tables = new(() => new Lookup(Catalogue.Value));

    /// <summary>
    /// The catalogue indexed once: by code, by name, by short name, by full name, and each code's full name — lists and
    /// exports ask for a region per row. Where two regions share a key, the first in the catalogue wins (as a scan would).
    /// </summary>
    private sealed class Lookup
    {
        public readonly Dictionary<string, Region> ByCode = new(StringComparer.Ordinal);
        public readonly Dictionary<string, Region> ByName = new(StringComparer.Ordinal);
        public readonly Dictionary<string, Region> ByShortName = new(StringComparer.Ordinal);
        public readonly Dictionary<string, Region> ByFullName = new(StringComparer.Ordinal);
        public readonly Dictionary<string, string> FullNames = new(StringComparer.Ordinal);

        public Lookup(IReadOnlyList<Region> all)
        {
            foreach (var r in all) ByCode.TryAdd(r.Code, r);
            foreach (var r in all)
            {
                ByName.TryAdd(r.Name, r);
                if (r.Level != RegionLevel.County) ByShortName.TryAdd(TrimSuffix(r.Name), r);
                var path = new List<Region>();
                for (var current = r; current is not null; current = current.ParentCode is { } p ? ByCode.GetValueOrDefault(p) : null)
                    path.Insert(0, current);
                var full = string.Concat(path.Select(x => x.Name));
                FullNames.TryAdd(r.Code, full);
                ByFullName.TryAdd(full, r);
                // 忻州市忻府区: the full name without the province, as people write a county
                if (path.Count > 2) ByFullName.TryAdd(string.Concat(path.Skip(1).Select(x => x.Name)), r);
            }
        }
    }

    public static IReadOnlyList<Region> All => Catalogue.Value;

    public static bool IsProvinceCode(string twoDigits) => All.Any(r => r.Level == RegionLevel.Province && r.Code.StartsWith(twoDigits, StringComparison.Ordinal));

    /// <summary>Finds a region by code or by name (忻州市, 忻州, 140900).</summary>
    public static Region? Find(string? codeOrName)
    {
        var t = (codeOrName ?? "").Trim();
        if (t.Length == 0) return null;
        var tables = Tables.Value;
        return tables.ByCode.GetValueOrDefault(t)
            ?? tables.ByName.GetValueOrDefault(t)
            ?? tables.ByShortName.GetValueOrDefault(t)
            ?? tables.ByFullName.GetValueOrDefault(t); // 山西省忻州市, as exports write it
    }

    /// <summary>The region and its ancestors, from the province down: 山西省 忻州市 原平市.</summary>
    public static IReadOnlyList<Region> Path(string code)
    {
        var path = new List<Region>();
        var byCode = Tables.Value.ByCode;
        var current = code is null ? null : byCode.GetValueOrDefault(code);
        while (current is not null)
        {
            path.Insert(0, current);
            current = current.ParentCode is { } p ? byCode.GetValueOrDefault(p) : null;
        }
        return path;
    }

    /// <summary>山西省忻州市原平市 for 140981; "" for an unknown code.</summary>
    public static string FullName(string code) => code is null ? "" : Tables.Value.FullNames.GetValueOrDefault(code) ?? "";

    private static string TrimSuffix(string name) =>
        name.EndsWith('市') || name.EndsWith('省') ? name[..^1] : name;

    private static List<Region> Load()
    {
        using var stream = typeof(Regions).Assembly.GetManifestResourceStream("regions.csv")
            ?? throw new InvalidOperationException("regions.csv is not embedded");
        using var reader = new StreamReader(stream);
        return CsvTable.Read(reader, "regions.csv", ["code", "name", "level", "parent"])
            .Select(f => new Region(f[0], f[1], Enum.Parse<RegionLevel>(f[2]), f[3].Length == 0 ? null : f[3]))
            .ToList();
    }
}
