using SkillsAudit.Domain.Common;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Domain.People;

/// <summary>
/// A person in the expert and inspector roster (专家库/检查人员库): where they work, the county they live and work in,
/// the occupations they know, and whether they review (expert), inspect (inspector) or both.
/// </summary>
public sealed class RosterPerson
{
    public const int MaxName = 50;
    public const int MaxOrganisation = 200;

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Organisation { get; private set; } = "";
    /// <summary>The legal entity the organisation is, when it is one in the registry: its filings are conflicts.</summary>
    public int? EmployerEntityId { get; private set; }
    /// <summary>GB/T 2260 code of the county (or city) the person belongs to.</summary>
    public string RegionCode { get; private set; } = "";
    /// <summary>Occupation codes, separated by ';'.</summary>
    public string Specialities { get; private set; } = "";
    public bool IsExpert { get; private set; }
    public bool IsInspector { get; private set; }
    /// <summary>The account the person signs in with, when they have one (an expert scoring a panel).</summary>
    public string? UserName { get; private set; }
    public string? Phone { get; private set; }
    public bool Active { get; private set; } = true;

    private readonly List<RosterConflict> _conflicts = [];
    /// <summary>Filings the person has named as conflicts of interest (besides their employer's).</summary>
    public IReadOnlyList<RosterConflict> Conflicts => _conflicts;

    private RosterPerson() { }

    public RosterPerson(RosterDetails d) => Apply(d);

    public void Update(RosterDetails d) => Apply(d);

    public void SetActive(bool active) => Active = active;

    private void Apply(RosterDetails d)
    {
        Name = d.Name;
        Organisation = d.Organisation;
        EmployerEntityId = d.EmployerEntityId;
        RegionCode = d.RegionCode;
        Specialities = string.Join(";", d.Specialities.Distinct().Order(StringComparer.Ordinal));
        IsExpert = d.IsExpert;
        IsInspector = d.IsInspector;
        UserName = d.UserName;
        Phone = d.Phone;
        var wanted = d.ConflictFilingIds.ToHashSet();
        _conflicts.RemoveAll(c => !wanted.Contains(c.FilingId));
        foreach (var f in wanted.Where(f => _conflicts.All(c => c.FilingId != f))) _conflicts.Add(new RosterConflict(f));
    }

    public IReadOnlyList<string> SpecialityCodes => Specialities.Split(';', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Conflict of interest: the filing belongs to the person's own employer, or the person named it.
    /// An expert is never put on a panel for, and an inspector never sent to, a filing they conflict with.
    /// </summary>
    public bool ConflictsWith(int filingId, int legalEntityId) =>
        (EmployerEntityId is { } e && e == legalEntityId) || _conflicts.Any(c => c.FilingId == filingId);
}

public sealed class RosterConflict
{
    public int Id { get; private set; }
    public int RosterPersonId { get; private set; }
    public int FilingId { get; private set; }

    private RosterConflict() { }

    internal RosterConflict(int filingId) => FilingId = filingId;
}

/// <summary>The checked facts of one roster person.</summary>
public sealed record RosterDetails(string Name, string Organisation, int? EmployerEntityId, string RegionCode, IReadOnlyList<string> Specialities,
    bool IsExpert, bool IsInspector, string? UserName, string? Phone, IReadOnlyList<int> ConflictFilingIds)
{
    /// <summary>The rules that need only the row itself; the caller resolves occupations, filings and the employer.</summary>
    public static IReadOnlyList<DomainException> Check(string? name, string? organisation, string? region, bool isExpert, bool isInspector)
    {
        var errors = new List<DomainException>();
        if (string.IsNullOrWhiteSpace(name)) errors.Add(new("name", "姓名不能为空"));
        else if (name.Trim().Length > RosterPerson.MaxName) errors.Add(new("name", $"姓名不能超过{RosterPerson.MaxName}个字符"));
        if (string.IsNullOrWhiteSpace(organisation)) errors.Add(new("organisation", "工作单位不能为空"));
        else if (organisation.Trim().Length > RosterPerson.MaxOrganisation) errors.Add(new("organisation", $"工作单位不能超过{RosterPerson.MaxOrganisation}个字符"));
        if (string.IsNullOrWhiteSpace(region)) errors.Add(new("region", "所在县区不能为空"));
        else if (Regions.Find(region) is null) errors.Add(new("region", $"未知的地区“{region.Trim()}”（可填写行政区划代码或名称，如 140902 或 忻府区）"));
        if (!isExpert && !isInspector) errors.Add(new("kind", "须至少是专家或检查人员之一"));
        return errors;
    }
}
