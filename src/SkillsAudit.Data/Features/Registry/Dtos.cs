using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Features.Registry;

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int Pages => PageSize == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

/// <summary>A registry search. Every filter is optional; text values are validated by <see cref="FilingSearch"/>.</summary>
public sealed record FilingQuery
{
    /// <summary>Region code or name; includes everything under it (忻州市 includes 原平市).</summary>
    public string? Region { get; init; }
    public string? Type { get; init; }
    public string? Supervision { get; init; }
    public string? Status { get; init; }
    /// <summary>Occupation code or exact name.</summary>
    public string? Occupation { get; init; }
    /// <summary>Free text: name or alias, filing number, credit code, or a region's name; several words (white space between) must all match.</summary>
    public string? Q { get; init; }
    /// <summary>name, number, region, filedOn, periodEnd, status, type, supervision; prefix "-" for descending.</summary>
    public string? Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = FilingSearch.DefaultPageSize;
}

public sealed record FilingRow(
    int Id,
    string? Number,
    int EntityId,
    string EntityName,
    FilingType? Type,
    Supervision? Supervision,
    string RegionCode,
    string RegionName,
    string? FiledOn,
    string? PeriodEnd,
    FilingStatus Status)
{
    public string TypeLabel => Type.Chinese();
    public string SupervisionLabel => Supervision.Chinese();
    public string StatusLabel => Status.Chinese();
}

/// <summary>A filing as the export writes it: the list's row and the body's and filing's other fields the import reads.</summary>
public sealed record FilingExportRow(FilingRow Row, string? CreditCode, string? Address, string? LegalRepresentative, string? Scope, string? Notes);

public sealed record AliasDto(string Name, AliasKind Kind, string? Source);

public sealed record ScopeDto(string OccupationCode, string? OccupationName, Level? Level)
{
    public string LevelLabel => Level is { } l ? l.ChineseName() : "不设等级";
}

public sealed record HistoryDto(DateTimeOffset At, string Actor, string Action, string Field, string? Before, string? After);

public sealed record SiblingFilingDto(int Id, string? Number, FilingType? Type);

public sealed record FilingDetail(
    int Id,
    string? Number,
    int EntityId,
    string EntityName,
    string? CreditCode,
    string? Address,
    string? LegalRepresentative,
    FilingType? Type,
    Supervision? Supervision,
    string RegionCode,
    string RegionName,
    string? FiledOn,
    string? PeriodEnd,
    bool? PeriodEnded,
    FilingStatus Status,
    string? Notes,
    string? Source,
    int Version,
    IReadOnlyList<AliasDto> Aliases,
    IReadOnlyList<ScopeDto> Scope,
    IReadOnlyList<HistoryDto> History,
    IReadOnlyList<SiblingFilingDto> OtherFilings)
{
    public string TypeLabel => Type.Chinese();
    public string SupervisionLabel => Supervision.Chinese();
    public string StatusLabel => Status.Chinese();
}
