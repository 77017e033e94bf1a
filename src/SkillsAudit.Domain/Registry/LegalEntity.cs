using SkillsAudit.Domain.Common;

namespace SkillsAudit.Domain.Registry;

public enum AliasKind
{
    /// <summary>Another spelling of the same name in a published document (seed 000 太原聚汇科技/太原聚汇学科技).</summary>
    Variant = 1,
    /// <summary>A name the entity had before a change of name (seed 003 第二十二条).</summary>
    Former = 2,
}

public sealed class EntityAlias
{
    public int Id { get; private set; }
    public int LegalEntityId { get; private set; }
    public string Name { get; private set; } = "";
    public AliasKind Kind { get; private set; }

    /// <summary>Where the spelling was seen, e.g. "seed 000 附件2 第5行".</summary>
    public string? Source { get; private set; }

    private EntityAlias() { }

    internal EntityAlias(string name, AliasKind kind, string? source)
    {
        Name = name;
        Kind = kind;
        Source = source;
    }
}

/// <summary>
/// A legal entity (独立法人机构, seed 003 第十一条). One entity can hold several filings:
/// seed 001 附件1 lists 阳泉市热力有限责任公司 both as an employer and as a social evaluator.
/// </summary>
public sealed class LegalEntity
{
    public const int MaxNameLength = 100;
    public const int MaxAddressLength = 200;
    public const int MaxRepresentativeLength = 50;

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public CreditCode? CreditCode { get; private set; }
    public string? Address { get; private set; }
    public string? LegalRepresentative { get; private set; }

    private readonly List<EntityAlias> _aliases = [];
    public IReadOnlyList<EntityAlias> Aliases => _aliases;

    private readonly List<Filing> _filings = [];
    public IReadOnlyList<Filing> Filings => _filings;

    private LegalEntity() { }

    public LegalEntity(string name, CreditCode? creditCode = null, string? address = null, string? legalRepresentative = null)
    {
        Name = ValidName(name);
        CreditCode = creditCode;
        Address = Clean(address);
        LegalRepresentative = Clean(legalRepresentative);
    }

    /// <summary>Is this name the entity's name or one of its aliases?</summary>
    public bool IsKnownAs(string name)
    {
        var n = NormaliseName(name);
        return NormaliseName(Name) == n || _aliases.Any(a => NormaliseName(a.Name) == n);
    }

    /// <summary>Records another spelling. Adding the current name or an existing alias again changes nothing.</summary>
    public void AddAlias(string name, AliasKind kind, string? source)
    {
        var n = ValidName(name, "alias");
        if (IsKnownAs(n)) return;
        _aliases.Add(new EntityAlias(n, kind, source));
    }

    /// <summary>
    /// Changes the name; the old name is kept as a former name so that old documents still match
    /// (seed 003 第二十二条 机构名称变更).
    /// </summary>
    public void Rename(string newName, string? source)
    {
        var n = ValidName(newName);
        if (n == Name) return;
        var old = Name;
        Name = n;
        _aliases.RemoveAll(a => a.Name == n);
        _aliases.Add(new EntityAlias(old, AliasKind.Former, source));
    }

    public void UpdateDetails(CreditCode? creditCode, string? address, string? legalRepresentative)
    {
        CreditCode = creditCode;
        Address = Clean(address);
        LegalRepresentative = Clean(legalRepresentative);
    }

    /// <summary>
    /// Names compare without white space and with full-width brackets folded, because the OCR'd seeds
    /// write "（原平市）" and "(原平市)" alike.
    /// </summary>
    public static string NormaliseName(string name) =>
        new string((name ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).Replace('（', '(').Replace('）', ')');

    private static string ValidName(string? name, string field = "entityName")
    {
        var n = (name ?? "").Trim();
        if (n.Length == 0) throw new DomainException(field, "机构名称不能为空");
        if (n.Length > MaxNameLength) throw new DomainException(field, $"机构名称不能超过{MaxNameLength}个字符");
        return n;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
